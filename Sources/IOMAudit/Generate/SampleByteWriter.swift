#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the sample generator could not write its output.
public struct SampleGeneratorError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static func system(_ path: String, _ what: String) -> SampleGeneratorError {
        let code = errno
        let text = strerror(code).map { String(cString: $0) } ?? "unknown error"
        return SampleGeneratorError("\(path): \(what): \(text) (errno \(code))")
    }
}

/// Buffered output: rows are built into a byte buffer written with write(2) in ~1 MiB blocks.
/// The file is written under a temporary name and renamed into place by `close()`.
final class SampleByteWriter {
    let path: String
    private let tempPath: String
    private var fd: Int32
    var buf: [UInt8] = []
    private(set) var bytesWritten = 0
    /// Physical lines finished so far (the line being written is `lines + 1`).
    private(set) var lines = 0
    let crlf: Bool
    private static let blockSize = 1 << 20

    init(path: String, crlf: Bool = false) throws {
        self.path = path
        self.crlf = crlf
        tempPath = path + ".tmp"
        fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC, 0o640)
        if fd < 0 { throw SampleGeneratorError.system(tempPath, "cannot create") }
        buf.reserveCapacity(SampleByteWriter.blockSize + 64 * 1024)
    }

    deinit {
        if fd >= 0 { _ = sampleClose(fd); unlink(tempPath) }
    }

    @inline(__always) func byte(_ b: UInt8) { buf.append(b) }
    @inline(__always) func bytes(_ b: [UInt8]) { buf.append(contentsOf: b) }
    @inline(__always) func ascii(_ s: StaticString) {
        s.withUTF8Buffer { buf.append(contentsOf: $0) }
    }
    func text(_ s: String) { buf.append(contentsOf: s.utf8) }

    /// Ends a line (CRLF or LF) and flushes when the block is full.
    @inline(__always) func endLine() throws {
        if crlf { buf.append(13) }
        buf.append(10)
        lines += 1
        if buf.count >= SampleByteWriter.blockSize { try flush() }
    }

    /// Current 1-based physical line number.
    var line: Int { lines + 1 }

    func flush() throws {
        var off = 0
        try buf.withUnsafeBytes { raw in
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SampleGeneratorError.system(tempPath, "cannot write")
                }
                off += n
            }
        }
        bytesWritten += buf.count
        buf.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        if fsync(fd) != 0 { throw SampleGeneratorError.system(tempPath, "cannot sync") }
        if sampleClose(fd) != 0 { fd = -1; throw SampleGeneratorError.system(tempPath, "cannot close") }
        fd = -1
        if rename(tempPath, path) != 0 { throw SampleGeneratorError.system(path, "cannot rename into place") }
    }

    // MARK: Numbers and dates, by hand

    @inline(__always) func int(_ v: Int) {
        if v < 0 { buf.append(45); padded(-v, 1) } else { padded(v, 1) }
    }

    /// Zero-padded to at least `width` digits.
    @inline(__always) func padded(_ v: Int, _ width: Int) {
        var d = 1
        var w = 1
        while w < width { d *= 10; w += 1 }
        var x = v
        while d <= x / 10 { d *= 10 }
        while d > 0 { buf.append(UInt8(48 + x / d)); x %= d; d /= 10 }
    }

    /// Writes a day number in one of the layouts the mappings list.
    func date(_ day: Int32, _ layout: SampleDateLayout) {
        let c = CalendarDate(dayNumber: Int(day))
        switch layout {
        case .iso:
            padded(c.year, 4); buf.append(45); padded(c.month, 2); buf.append(45); padded(c.day, 2)
        case .dmySlash:
            padded(c.day, 2); buf.append(47); padded(c.month, 2); buf.append(47); padded(c.year, 4)
        case .dMonY:
            padded(c.day, 2); buf.append(45)
            buf.append(contentsOf: SampleByteWriter.monthNames[c.month - 1])
            buf.append(45); padded(c.year, 4)
        }
    }

    static let monthNames: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    // MARK: CSV and XML fields

    /// A CSV field, quoted per RFC 4180 only when it must be.
    func csvField(_ b: [UInt8]) {
        var needs = false
        for c in b where c == 44 || c == 34 || c == 13 || c == 10 { needs = true; break }
        if !needs { buf.append(contentsOf: b); return }
        buf.append(34)
        for c in b {
            if c == 34 { buf.append(34) }
            buf.append(c)
        }
        buf.append(34)
    }

    @inline(__always) func comma() { buf.append(44) }

    /// XML character data or attribute value with &, <, >, " and ' escaped.
    func xmlText(_ b: [UInt8]) {
        for c in b {
            switch c {
            case 38: ascii("&amp;")
            case 60: ascii("&lt;")
            case 62: ascii("&gt;")
            case 34: ascii("&quot;")
            case 39: ascii("&apos;")
            default: buf.append(c)
            }
        }
    }

    /// `<name>text</name>` with escaping.
    func element(_ open: StaticString, _ value: [UInt8], _ close: StaticString) {
        ascii(open); xmlText(value); ascii(close)
    }
}

/// close(2), named apart from `SampleByteWriter.close()`.
private func sampleClose(_ fd: Int32) -> Int32 { close(fd) }

enum SampleDateLayout {
    case iso        // yyyy-MM-dd
    case dmySlash   // dd/MM/yyyy
    case dMonY      // dd-MMM-yyyy
}
