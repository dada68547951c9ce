/// A mapping file that cannot be used. Names the mapping file and the field so the person onboarding
/// a layout can fix it without reading code.
public struct MappingError: Error, CustomStringConvertible, Equatable, Sendable {
    public let file: String
    public let field: String?
    public let message: String

    public init(file: String, field: String? = nil, _ message: String) {
        self.file = file; self.field = field; self.message = message
    }

    public var description: String {
        if let field { return "mapping \(file): field \"\(field)\": \(message)" }
        return "mapping \(file): \(message)"
    }
}
