import Foundation

/// A small file (manifest, fitted model) written whole or not at all, with a failure that names the
/// file and says why in plain words ("No space left on device"), not Foundation's error domain.
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let why = posix.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
            throw IngestError(file: path, line: nil, field: nil, message: "cannot be written: \(why)")
        }
    }
}
