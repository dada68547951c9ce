/// How one record joined its person, with the evidence a data manager needs to trust it.
public struct RecordLink: Hashable, Sendable {
    public enum Method: String, Sendable, Codable {
        /// The record is the person's anchor (their PNC nominal, or the first record of a person without one).
        case anchor = "ANCHOR"
        case pncID = "PNC-ID"
        case croNumber = "CRO"
        case prisonNumber = "PRISON-NUMBER"
        /// Name, date of birth and other fields scored above the accept threshold.
        case probabilistic = "PROBABILISTIC"
        /// A record of a system's own cross-reference (MiCase's Niche reference).
        case crossReference = "CROSS-REFERENCE"
    }

    /// `system:id` of the record.
    public let record: String
    public let masterID: String
    public let method: Method
    /// Link score (0 for deterministic methods and anchors).
    public let score: Double
    /// Which fields agreed or disagreed, e.g. "pnc id equal; surname equal; dob day/month transposed".
    public let evidence: String
    /// The record it was matched against (`system:id`), nil for anchors.
    public let matchedTo: String?
}

/// A pair the index would not decide on its own.
public struct IdentityQuestion: Hashable, Sendable {
    public enum Kind: String, Sendable {
        /// Records share a PNC ID but clearly belong to different people: not merged (ID-CONFLICT).
        case conflict = "ID-CONFLICT"
        /// A probable link between review and accept thresholds: a person must confirm it (ID-REVIEW).
        case review = "ID-REVIEW"
    }

    public let kind: Kind
    /// The record in question (`system:id`): the one that carries the shared ID, or the unconfirmed record.
    public let record: String
    /// The record it conflicts with or probably matches (`system:id`).
    public let other: String
    public let score: Double
    public let evidence: String
}

/// What the master nominal index hands to the audit.
public struct LinkResult: Sendable {
    public var persons: [Person]
    /// One per input record.
    public var links: RecordLinks
    public var questions: [IdentityQuestion]
    /// For each question, the persons (indices into `persons`) holding its two records; empty when the
    /// result was put together by hand (tests), and the audit then looks the records up.
    public var questionPersons: [(record: Int32, other: Int32)] = []
    /// Records probably one of several people but of more than a person could choose between (a common
    /// name without a date of birth), by record key, with how many people each might be.
    public var matchingTooMany: [String: Int] = [:]

    public init(persons: [Person], links: RecordLinks, questions: [IdentityQuestion]) {
        self.persons = persons; self.links = links; self.questions = questions
    }

    public init(persons: [Person], links: [RecordLink], questions: [IdentityQuestion]) {
        self.init(persons: persons, links: RecordLinks(links), questions: questions)
    }
}
