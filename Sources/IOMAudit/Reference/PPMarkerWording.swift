/// How a PNC information-marker text reads as a PP ("Prolific Offender") marker.
public enum PPMarkerReading: Equatable, Sendable {
    case notPPMarker
    /// `cohort` is nil for REMOVED / DEREGISTERED markers and for markers whose type cannot be read.
    case marker(cohort: CohortType?, active: Bool, standardWording: Bool)
}

/// One agreed wording (seed `pp_marker_wording.csv`).
public struct PPMarkerWordingRule: Hashable, Sendable {
    /// The agreed wording in normal form (see `PPMarkerWording.normalise`), without "Contact".
    public let pattern: String
    public let cohort: CohortType?
    public let active: Bool
    /// The agreed wording as written, e.g. "Prolific Offender - IOM Contact".
    public let standardText: String

    public init(pattern: String, cohort: CohortType?, active: Bool, standardText: String) {
        self.pattern = pattern
        self.cohort = cohort
        self.active = active
        self.standardText = standardText
    }
}

/// Reads PNC PP marker texts against the agreed wordings (seed 003, IDIOM slides).
///
/// Rules:
/// - Text is compared as words: upper case, letters and digits only; any run of spaces, dashes
///   (- ‐ ‑ ‒ – — ― −) and other punctuation separates words.
/// - It is a PP marker when its first two words are PROLIFIC… and OFFEND… (so "PROLIFIC OFFENDERS" and
///   other endings are still recognised). Anything else is `.notPPMarker`.
/// - Which marker: the longest agreed pattern the words start with; failing that, the pattern's key word
///   (its third word: PPO, IOM, REMOVED, DEREGISTERED; also split as "DE-REGISTERED") found before
///   any "CONTACT".
///   A key word of an inactive wording (REMOVED, DEREGISTERED) wins over an active one. A marker naming
///   both PPO and IOM, or neither, reads as active with no cohort.
/// - Standard wording: the words equal the agreed words, optionally followed by "CONTACT" and any details
///   when the agreed text ends in "Contact" (contact details may be missing); the first two words are
///   exactly PROLIFIC OFFENDER; and there is a dash (any type) where the agreed text has one and none
///   where it has none, within the agreed part. Case, spacing and full stops, commas and the like do not
///   matter. So "PROLIFIC OFFENDER – IOM" is standard; "Prolific Offender PPO Premium Service Required"
///   (no dash), "Prolific Offender - PPO" (words missing), "… Premuim …" (typo) and extra words are not.
/// - REMOVED has no "Contact" in its agreed text, so any words after it make it non-standard.
public struct PPMarkerWording: Sendable {
    public let rules: [PPMarkerWordingRule]
    private let compiled: [Compiled]

    private struct Compiled: Sendable {
        let rule: PPMarkerWordingRule
        let patternWords: [String]
        let coreWords: [String]
        let coreDashes: [Bool]
        let contactAllowed: Bool
        let keyWord: String?
    }

    public init(rules: [PPMarkerWordingRule]) {
        self.rules = rules
        compiled = rules.map { rule in
            let std = Self.tokenise(rule.standardText)
            var core = std.words
            let contactAllowed = core.last == "CONTACT"
            if contactAllowed { core.removeLast() }
            let patternWords = Self.tokenise(rule.pattern).words
            return Compiled(rule: rule, patternWords: patternWords, coreWords: core,
                            coreDashes: Array(std.dashBefore.prefix(core.count)),
                            contactAllowed: contactAllowed,
                            keyWord: patternWords.count > 2 ? patternWords[2] : nil)
        }.sorted { $0.patternWords.count > $1.patternWords.count }
    }

    public func read(_ text: String) -> PPMarkerReading {
        let t = Self.tokenise(text)
        let w = t.words
        guard w.count >= 2, w[0].hasPrefix("PROLIF"), w[1].hasPrefix("OFFEND") else { return .notPPMarker }

        // Key words count only before any contact details.
        let head = w.dropFirst(2).prefix { $0 != "CONTACT" }
        let keyed = compiled.filter { c in c.keyWord.map { Self.contains(head, key: $0) } ?? false }
        var chosen = compiled.first { w.starts(with: $0.patternWords) }
        if chosen?.rule.active ?? true, let inactive = keyed.first(where: { !$0.rule.active }) {
            chosen = inactive
        }
        if chosen?.rule.active ?? true, Set(keyed.map { $0.rule.cohort }).count > 1 {
            return .marker(cohort: nil, active: true, standardWording: false)
        }
        if chosen == nil, keyed.count == 1 { chosen = keyed[0] }
        guard let c = chosen else {
            return .marker(cohort: nil, active: true, standardWording: false)
        }
        return .marker(cohort: c.rule.cohort, active: c.rule.active, standardWording: isStandard(t, c))
    }

    private func isStandard(_ t: Tokens, _ c: Compiled) -> Bool {
        let w = t.words
        guard w.starts(with: c.coreWords) else { return false }
        if w.count > c.coreWords.count {
            guard c.contactAllowed, w[c.coreWords.count] == "CONTACT" else { return false }
        }
        // Dashes between the agreed words (index 0 is before the first word: not compared).
        for i in c.coreWords.indices.dropFirst() where t.dashBefore[i] != c.coreDashes[i] { return false }
        return true
    }

    /// Normal form: upper-case words separated by one space.
    public static func normalise(_ text: String) -> String {
        tokenise(text).words.joined(separator: " ")
    }

    private static func contains(_ words: ArraySlice<String>, key: String) -> Bool {
        let a = Array(words)
        for i in a.indices {
            if a[i] == key { return true }
            if i + 1 < a.count, a[i] + a[i + 1] == key { return true }
        }
        return false
    }

    private struct Tokens {
        var words: [String] = []
        /// Whether the separator before each word holds a dash.
        var dashBefore: [Bool] = []
    }

    private static let dashes: Set<Unicode.Scalar> = [
        "-", "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}",
        "\u{FE58}", "\u{FE63}", "\u{FF0D}",
    ]

    private static func tokenise(_ text: String) -> Tokens {
        var t = Tokens()
        var word = String.UnicodeScalarView()
        var dash = false
        for s in text.uppercased().unicodeScalars {
            if s.properties.isAlphabetic || s.properties.numericType != nil {
                word.append(s)
            } else {
                if !word.isEmpty {
                    t.words.append(String(word)); t.dashBefore.append(dash)
                    word = String.UnicodeScalarView(); dash = false
                }
                if dashes.contains(s) { dash = true }
            }
        }
        if !word.isEmpty { t.words.append(String(word)); t.dashBefore.append(dash) }
        return t
    }
}
