import Foundation

/// Shows the current stage on standard error, only when it is a terminal (a scheduler's log stays clean).
enum Progress {
    static let enabled = isatty(STDERR_FILENO) == 1

    static func stage(_ name: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K… \(name)".utf8))
    }

    static func done() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
