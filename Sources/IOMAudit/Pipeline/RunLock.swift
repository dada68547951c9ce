import Foundation

/// One run at a time per output folder: an exclusive `flock` on `OUT/iomaudit.lock`, which the kernel
/// releases when the process ends, even after `kill -9`. The holder's pid is written for the message.
public final class RunLock {
    public struct Busy: Error, CustomStringConvertible {
        public let path: String
        public let holder: String
        public var description: String {
            "another iomaudit run holds \(path)\(holder.isEmpty ? "" : " (pid \(holder))"); nothing done, try again when it has finished"
        }
    }

    let fd: Int32
    public let path: String

    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("iomaudit.lock")
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw IngestError(file: path, line: nil, field: nil, message: "cannot open lock file: \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, 32, 0)
            close(fd)
            throw Busy(path: path, holder: String(decoding: buf.prefix(max(0, n)), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
