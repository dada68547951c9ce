/// A prison number: one letter, four digits, two letters (`A1234BC`).
public struct PrisonNumber: Hashable, Sendable, CustomStringConvertible {
    public let canonical: String
    public var description: String { canonical }

    public init?(_ text: String) {
        var u: [UInt8] = []
        for c in text.utf8 where c != 32 { u.append(c >= 97 && c <= 122 ? c - 32 : c) }
        guard u.count == 7 else { return nil }
        func letter(_ c: UInt8) -> Bool { c >= 65 && c <= 90 }
        guard letter(u[0]), u[1...4].allSatisfy(isDigit), letter(u[5]), letter(u[6]) else { return nil }
        canonical = String(decoding: u, as: UTF8.self)
    }
}
