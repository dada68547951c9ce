import Foundation

/// One run at a time per output folder: an exclusive `flock` on the output folder itself, which the
/// kernel releases when the process ends, even after `kill -9`, and which nobody can delete from under a
/// run (a lock file could be). The holder's pid is written to `OUT/iomaudit.lock` for the message only.
public final class RunLock {
    public struct Busy: Error, CustomStringConvertible {
        public let path: String
        public let holder: String
        public var description: String {
            "another iomaudit run holds the output folder \(path)\(holder.isEmpty ? "" : " (pid \(holder))"); nothing done, try again when it has finished"
        }
    }

    let fd: Int32
    public let path: String
    let directoryFD: Int32

    public init(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = (directory as NSString).appendingPathComponent("iomaudit.lock")
        directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directoryFD >= 0 else {
            throw IngestError(file: directory, line: nil, field: nil, message: "cannot open the output folder: \(String(cString: strerror(errno)))")
        }
        guard flock(directoryFD, LOCK_EX | LOCK_NB) == 0 else {
            close(directoryFD)
            let holder = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            throw Busy(path: directory, holder: holder.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        let pid = Array("\(getpid())\n".utf8)
        if fd >= 0 {
            _ = ftruncate(fd, 0)
            _ = pwrite(fd, pid, pid.count, 0)
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
        flock(directoryFD, LOCK_UN)
        close(directoryFD)
    }
}
