/// One row of `offences.csv`.
public struct OffenceEntry: Hashable, Sendable {
    public let cjsCode: String
    public let title: String
    public let trigger: Bool
    public let burglary: Bool

    public init(cjsCode: String, title: String, trigger: Bool, burglary: Bool) {
        self.cjsCode = cjsCode
        self.title = title
        self.trigger = trigger
        self.burglary = burglary
    }
}

/// The CJS offence codes that are trigger offences (drug testing on arrest) or burglary offences
/// (Burglary Nominals Audit). Codes not listed are neither. Only exact codes count: a suffix
/// (A attempt, B aid/abet, C conspiracy) is part of the code.
public struct OffenceCatalogue: Sendable {
    public let entries: [OffenceEntry]
    private let index: [String: Int]

    /// Later duplicates are ignored; `ReferenceData.load` rejects them before they get here.
    public init(entries: [OffenceEntry]) {
        self.entries = entries
        var index: [String: Int] = [:]
        for (i, e) in entries.enumerated() {
            let key = Self.normalise(e.cjsCode)
            if index[key] == nil { index[key] = i }
        }
        self.index = index
    }

    public func entry(cjsCode: String) -> OffenceEntry? {
        index[Self.normalise(cjsCode)].map { entries[$0] }
    }

    public func isTrigger(cjsCode: String) -> Bool { entry(cjsCode: cjsCode)?.trigger ?? false }

    public func isBurglary(cjsCode: String) -> Bool { entry(cjsCode: cjsCode)?.burglary ?? false }

    /// Title for listed codes only.
    public func title(cjsCode: String) -> String? { entry(cjsCode: cjsCode)?.title }

    /// Upper case, spaces removed.
    public static func normalise(_ code: String) -> String {
        String(code.uppercased().unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
}
