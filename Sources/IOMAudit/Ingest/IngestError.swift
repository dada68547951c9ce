/// A source that could not be read at all (missing file, header that does not fit, broken XML).
/// Names the file, the line and, where one is at fault, the field.
public struct IngestError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let field: String?
    public let message: String

    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let field { s += " (\(field))" }
        return s + ": " + message
    }
}
