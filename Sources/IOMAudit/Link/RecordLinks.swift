/// Every record's link, one per input record in person order. At a force's size that is millions of
/// links whose evidence texts alone took over a gigabyte, so the index keeps what each link was
/// decided on (the comparison and its weight) and writes the evidence when a link is read: the links
/// table streams them, the audit reads a few thousand.
public struct RecordLinks: RandomAccessCollection, ExpressibleByArrayLiteral, Sendable {
    /// How a record that is not its person's anchor joined.
    struct Join: Sendable {
        /// Position (in these links) of the record it joined to.
        var matchedTo: Int32
        var method: RecordLink.Method
        /// Summed weight for probabilistic joins.
        var weight: Double
        var vector: ComparisonVector
    }

    /// Why a record anchors its person.
    enum Anchor: Int32 {
        case pncNominal = -1, pncWithoutID = -2, firstRecord = -3

        var note: String {
            switch self {
            case .pncNominal: return "anchor: PNC nominal"
            case .pncWithoutID: return "anchor: PNC nominal without a valid PNC ID"
            case .firstRecord: return "anchor: first record of a person without a PNC nominal"
            }
        }
    }

    /// Links put together by hand (tests); empty when the index built the compact form below.
    private var listed: [RecordLink] = []
    private var keys: [String] = []
    /// Each link's person (index into `masterIDs`).
    private var person: [Int32] = []
    /// Index into `joins`, or an `Anchor` raw value.
    private var join: [Int32] = []
    private var joins: [Join] = []
    /// Partner or similar context of a probabilistic join, by index into `joins`.
    private var contexts: [Int32: MatchModel.Context] = [:]
    private var masterIDs: [String] = []
    private var model: MatchModel?
    /// Evidence of identifier joins, by comparison code and method: a few hundred distinct texts.
    private var identifierEvidence: [UInt64: String] = [:]

    public init(_ links: [RecordLink]) { listed = links }
    public init(arrayLiteral links: RecordLink...) { listed = links }

    /// The compact form `PersonAssembly` fills.
    init(keys: [String], person: [Int32], join: [Int32], joins: [Join], contexts: [Int32: MatchModel.Context],
         masterIDs: [String], model: MatchModel) {
        self.keys = keys; self.person = person; self.join = join; self.joins = joins; self.contexts = contexts
        self.masterIDs = masterIDs; self.model = model.forExplaining
        for j in joins where j.method != .probabilistic {
            let key = RecordLinks.evidenceKey(j)
            if identifierEvidence[key] == nil { identifierEvidence[key] = PersonAssembly.evidence(j.method, j.vector) }
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { listed.isEmpty ? keys.count : listed.count }

    /// The record (`system:id`) of link `i`, without writing its evidence.
    public func record(at i: Int) -> String { listed.isEmpty ? keys[i] : listed[i].record }

    public subscript(i: Int) -> RecordLink {
        guard listed.isEmpty else { return listed[i] }
        let masterID = masterIDs[Int(person[i])]
        guard join[i] >= 0 else {
            return RecordLink(record: keys[i], masterID: masterID, method: .anchor, score: 0,
                              evidence: Anchor(rawValue: join[i])!.note, matchedTo: nil)
        }
        let j = joins[Int(join[i])]
        let evidence: String, score: Double
        if j.method == .probabilistic {
            // The model's arithmetic, term frequencies included.
            evidence = model!.waterfall(j.vector, context: contexts[join[i]])
            score = model!.probability(weight: j.weight)
        } else {
            evidence = identifierEvidence[RecordLinks.evidenceKey(j)]!
            score = 0
        }
        return RecordLink(record: keys[i], masterID: masterID, method: j.method, score: score, evidence: evidence,
                          matchedTo: keys[Int(j.matchedTo)])
    }

    /// Link `i` as a row of the links table (record, system, record id, master id, method, score,
    /// matched to, evidence), written from the compact form without making a `RecordLink`: millions
    /// of rows at a force's size.
    func appendRow(_ i: Int, to rows: inout TableRows) {
        guard listed.isEmpty else {
            let l = listed[i]
            RecordLinks.appendRecord(l.record, to: &rows)
            rows.append(l.masterID)
            rows.append(l.method.rawValue)
            rows.append(l.method == .probabilistic ? ReconciledTables.threeDecimals(l.score) : nil)
            rows.append(l.matchedTo)
            rows.append(l.evidence)
            return
        }
        RecordLinks.appendRecord(keys[i], to: &rows)
        rows.append(masterIDs[Int(person[i])])
        guard join[i] >= 0 else {
            rows.append(RecordLink.Method.anchor.rawValue)
            rows.appendNull()
            rows.appendNull()
            rows.append(Anchor(rawValue: join[i])!.note)
            return
        }
        let j = joins[Int(join[i])]
        rows.append(j.method.rawValue)
        if j.method == .probabilistic {
            rows.append(ReconciledTables.threeDecimals(model!.probability(weight: j.weight)))
            rows.append(keys[Int(j.matchedTo)])
            rows.append(model!.waterfall(j.vector, context: contexts[join[i]]))
        } else {
            rows.appendNull()
            rows.append(keys[Int(j.matchedTo)])
            rows.append(identifierEvidence[RecordLinks.evidenceKey(j)]!)
        }
    }

    /// `system:id` as three cells: the whole key, the system, the id.
    private static func appendRecord(_ key: String, to rows: inout TableRows) {
        var key = key
        key.withUTF8 { k in
            rows.append(bytes: k)
            if let colon = k.firstIndex(of: UInt8(ascii: ":")) {
                rows.append(bytes: UnsafeBufferPointer(rebasing: k[..<colon]))
                rows.append(bytes: UnsafeBufferPointer(rebasing: k[(colon + 1)...]))
            } else {
                rows.append(bytes: k)
                rows.appendNull()
            }
        }
    }

    private static func evidenceKey(_ j: Join) -> UInt64 {
        UInt64(j.vector.code) | UInt64(PersonAssembly.methodRank(j.method)) << 40
    }
}
