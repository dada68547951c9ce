/// A police division (district) that findings are attributed to, so each HUB inspector gets their own list.
public struct Division: Hashable, Sendable, Codable {
    /// Short code, e.g. "LD"; `UNKNOWN` when no system's unit code maps to a division.
    public let code: String
    /// Display name, e.g. "Leeds".
    public let name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }

    /// Attribution when no unit code maps to a division.
    public static let unknown = Division(code: "UNKNOWN", name: "Unknown")

    public var isUnknown: Bool { code == Division.unknown.code }
}
