import Foundation
/// Step 3: the final sets become persons. Each person's anchor is their PNC nominal (smallest PNC ID)
/// or, without one, their first record in system-then-key order; every other record's link is the
/// edge that reaches it on the shortest path from the anchor, identifier joins before probabilistic ones.
struct PersonAssembly {
    var persons: [Person] = []
    var links = RecordLinks([])
    /// Each record's person (index into `persons`), by table index.
    var personOf: [Int32] = []

    /// Puts `set`'s records in person order, in place, and makes each person an index into them (`PersonRecords`).
    init(_ t: LinkRecordTable, _ set: inout SourceRecordSet, sets: inout UnionFind, edges: [LinkEdge],
         context: [UInt64: MatchModel.Context] = [:]) {
        let n = t.count
        var root = sets.roots()

        // Members of each set, contiguous.
        var start = [Int32](repeating: 0, count: n + 1)
        for i in 0..<n { start[Int(root[i]) + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        var members = [Int32](repeating: 0, count: n)
        var fill = start
        for i in 0..<n { members[Int(fill[Int(root[i])])] = Int32(i); fill[Int(root[i])] += 1 }
        // Tens of megabytes each at a force's size: let go as soon as they are done with.
        root = []; fill = []

        // Adjacency, each list ordered identifier joins first, then by method, then by neighbour key hash.
        var adjStart = [Int32](repeating: 0, count: n + 1)
        for e in edges { adjStart[Int(e.record) + 1] += 1; adjStart[Int(e.other) + 1] += 1 }
        for i in 0..<n { adjStart[i + 1] += adjStart[i] }
        var adjacent = [(node: Int32, edge: Int32)](repeating: (0, 0), count: Int(adjStart[n]))
        var next = adjStart
        for (k, e) in edges.enumerated() {
            adjacent[Int(next[Int(e.record)])] = (e.other, Int32(k)); next[Int(e.record)] += 1
            adjacent[Int(next[Int(e.other)])] = (e.record, Int32(k)); next[Int(e.other)] += 1
        }
        next = []
        func rank(_ a: (node: Int32, edge: Int32)) -> (Int, UInt64, Int32) {
            (PersonAssembly.methodRank(edges[Int(a.edge)].method), t.keyHash[Int(a.node)], a.edge)
        }
        for i in 0..<n where adjStart[i + 1] - adjStart[i] > 1 {
            adjacent[Int(adjStart[i])..<Int(adjStart[i + 1])].sort { rank($0) < rank($1) }
        }

        // Anchor and master id of every set, then the sets in master id order.
        struct Group { var start: Int32; var end: Int32; var anchor: Int32; var pncAnchor: Bool; var masterID: String }
        // Each set's members in order, its anchor, and the record its master id is made from.
        var found: [(start: Int32, end: Int32, anchor: Int32, pncAnchor: Bool, idRecord: Int32)] = []
        for r in 0..<n where start[r + 1] > start[r] {
            let range = Int(start[r])..<Int(start[r + 1])
            if range.count > 1 { members[range].sort { t.precedes(Int($0), Int($1)) } }
            let group = members[range]
            var anchor = Int(group.first!)
            var pncAnchor = false
            for m in group where t.system[Int(m)] == .pnc && t.pnc(Int(m)) >= 0 {
                if !pncAnchor || t.pnc(Int(m)) < t.pnc(anchor) { anchor = Int(m); pncAnchor = true }
            }
            var idRecord = anchor
            if !pncAnchor {
                idRecord = Int(group.first!)
                for m in group where t.keyPrecedes(Int(m), idRecord) { idRecord = Int(m) }
            }
            found.append((start[r], start[r + 1], Int32(anchor), pncAnchor, Int32(idRecord)))
        }
        // Master ids on both cores (millions of digests at a force's size), chunk by chunk in order.
        let chunks = min(found.count, 16)
        let made = ResultSlots<[(id: String, order: UInt64)]>(count: max(chunks, 1))
        let setsFound = found
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let range = (c * setsFound.count / chunks)..<((c + 1) * setsFound.count / chunks)
            var out: [(id: String, order: UInt64)] = []
            out.reserveCapacity(range.count)
            for k in range {
                let g = setsFound[k]
                if g.pncAnchor {
                    let p = t.pnc(Int(g.idRecord))
                    out.append(("P:" + PNCIdentifier(year: Int(p / 10_000_000), serial: Int(p % 10_000_000)).canonical,
                                PersonAssembly.masterOrder(pnc: p)))
                } else {
                    let (hex, bits) = PersonAssembly.digestWithPrefix(t.keys[Int(g.idRecord)])
                    out.append(("M:" + hex, PersonAssembly.masterOrder(digestBits: bits)))
                }
            }
            made.set(c, out)
        }
        var ids: [String] = []
        var orderKeys: [UInt64] = []
        ids.reserveCapacity(found.count); orderKeys.reserveCapacity(found.count)
        for c in 0..<chunks {
            for m in made.take(c) { ids.append(m.id); orderKeys.append(m.order) }
        }
        // Sets in master id order: a radix sort of the exact order numbers, equal ones in found order.
        let byID = RadixSort.order(orderKeys)
        orderKeys = []
        var groups: [Group] = []
        groups.reserveCapacity(found.count)
        for k in byID {
            let g = found[Int(k)]
            groups.append(Group(start: g.start, end: g.end, anchor: g.anchor, pncAnchor: g.pncAnchor, masterID: ids[Int(k)]))
        }
        found = []; ids = []

        // Records in person order. Everything below reads per-record values through gathers in this
        // order (tight loops the processor overlaps), not by chasing each record across the table: at a
        // force's size the table does not fit in cache and a record-at-a-time loop waits on every read.
        var perm = [Int32]()
        perm.reserveCapacity(n)
        for g in groups { perm.append(contentsOf: members[Int(g.start)..<Int(g.end)]) }
        members = []
        start = []
        let systemRank = PersonAssembly.gather(perm) { UInt8(LinkRecordTable.rank(t.system[$0])) }
        let localInSystem = PersonAssembly.gather(perm) { t.local[$0] }
        let keyInOrder = PersonAssembly.gather(perm) { t.keys[$0] }

        personOf = [Int32](repeating: -1, count: n)
        // 0-1 breadth-first search from each anchor: every other record's parent and the edge to it.
        var distance = [Int32](repeating: .max, count: n)
        var parentEdge = [Int32](repeating: -1, count: n)
        var parent = [Int32](repeating: -1, count: n)
        var front: [Int32] = [], back: [Int32] = []
        var position = 0
        for (gi, g) in groups.enumerated() {
            let size = Int(g.end - g.start)
            for j in position..<(position + size) { personOf[Int(perm[j])] = Int32(gi) }
            position += size
            guard size > 1 else { continue }
            let anchor = Int(g.anchor)
            distance[anchor] = 0
            front.removeAll(keepingCapacity: true); back.removeAll(keepingCapacity: true)
            front.append(Int32(anchor))
            var head = 0
            while true {
                let u: Int
                if let f = front.popLast() { u = Int(f) } else if head < back.count { u = Int(back[head]); head += 1 } else { break }
                for a in Int(adjStart[u])..<Int(adjStart[u + 1]) {
                    let (v, e) = adjacent[a]
                    let w: Int32 = edges[Int(e)].method == .probabilistic ? 1 : 0
                    if distance[u] + w < distance[Int(v)] {
                        distance[Int(v)] = distance[u] + w
                        parent[Int(v)] = Int32(u)
                        parentEdge[Int(v)] = e
                        if w == 0 { front.append(v) } else { back.append(v) }
                    }
                }
            }
        }
        distance = []; adjacent = []; adjStart = []
        let parentInOrder = PersonAssembly.gather(perm) { parent[$0] }
        let parentEdgeInOrder = PersonAssembly.gather(perm) { parentEdge[$0] }
        parent = []; parentEdge = []

        // Per system (in `LinkRecordTable.rank` order): the records' local indices in person order, and each person's range.
        var order = [[Int32]](repeating: [], count: 6)
        do {
            var perSystem = [Int](repeating: 0, count: 6)
            for r in systemRank { perSystem[Int(r)] += 1 }
            for k in 0..<6 { order[k].reserveCapacity(perSystem[k]) }
        }
        // Each record's link, kept as the comparison it was decided on (`RecordLinks` writes the evidence).
        var positionOf = [Int32](repeating: 0, count: n)
        for (j, i) in perm.enumerated() { positionOf[Int(i)] = Int32(j) }
        var linkPerson = [Int32](repeating: 0, count: n)
        var linkJoin = [Int32](repeating: 0, count: n)
        var joins: [RecordLinks.Join] = []
        var joinContexts: [Int32: MatchModel.Context] = [:]
        var joinPairs: [(record: Int32, other: Int32)] = []
        var masterIDs: [String] = []
        masterIDs.reserveCapacity(groups.count)
        position = 0
        for (gi, g) in groups.enumerated() {
            let range = position..<(position + Int(g.end - g.start))
            position = range.upperBound
            let anchor = Int(g.anchor)
            for j in range { order[Int(systemRank[j])].append(localInSystem[j]) }
            for j in range {
                linkPerson[j] = Int32(gi)
                let i = Int(perm[j])
                if i == anchor {
                    let why: RecordLinks.Anchor = g.pncAnchor ? .pncNominal : systemRank[j] == 0 ? .pncWithoutID : .firstRecord
                    linkJoin[j] = why.rawValue
                    continue
                }
                let e = edges[Int(parentEdgeInOrder[j])], other = Int(parentInOrder[j])
                if e.method == .probabilistic, let c = context[ProbabilisticLinking.edgeKey(e.record, e.other)] {
                    joinContexts[Int32(joins.count)] = c
                }
                linkJoin[j] = Int32(joins.count)
                joins.append(RecordLinks.Join(matchedTo: positionOf[other], method: e.method,
                                              weight: e.method == .probabilistic ? e.weight : 0, vector: ComparisonVector()))
                joinPairs.append((Int32(i), Int32(other)))
            }
            masterIDs.append(g.masterID)
        }
        groups = []
        positionOf = []
        // Each join's comparison, on both cores: millions of joins at a force's size.
        let pairs = joinPairs
        joinPairs = []
        let pieces = min(pairs.count, 16)
        let vectors = ResultSlots<[ComparisonVector]>(count: max(pieces, 1))
        DispatchQueue.concurrentPerform(iterations: pieces) { c in
            vectors.set(c, ((c * pairs.count / pieces)..<((c + 1) * pairs.count / pieces)).map {
                t.compare(Int(pairs[$0].record), Int(pairs[$0].other))!.vector
            })
        }
        var k = 0
        for c in 0..<pieces {
            for v in vectors.take(c) { joins[k].vector = v; k += 1 }
        }
        PersonAssembly.permute(&set.pnc, order[0])
        PersonAssembly.permute(&set.niche, order[1])
        PersonAssembly.permute(&set.micase, order[2])
        PersonAssembly.permute(&set.jtrack, order[3])
        PersonAssembly.permute(&set.tests, order[4])
        PersonAssembly.permute(&set.prison, order[5])
        // Where each person's records of every system start: consecutive, in system order within.
        var starts = [Int32](repeating: 0, count: 6)
        starts.reserveCapacity(6 * (masterIDs.count + 1))
        var to = [Int32](repeating: 0, count: 6)
        var j = 0
        for g in 0..<masterIDs.count {
            while j < n && linkPerson[j] == Int32(g) { to[Int(systemRank[j])] += 1; j += 1 }
            starts.append(contentsOf: to)
        }
        let shared = PersonRecords(pnc: set.pnc, niche: set.niche, micase: set.micase, jtrack: set.jtrack,
                                   tests: set.tests, prison: set.prison, starts: starts)
        starts = []
        persons.reserveCapacity(masterIDs.count)
        for (g, masterID) in masterIDs.enumerated() { persons.append(Person(masterID: masterID, records: shared, index: Int32(g))) }
        links = RecordLinks(keys: keyInOrder, person: linkPerson, join: linkJoin, joins: joins, contexts: joinContexts,
                            masterIDs: masterIDs, model: t.model)
    }

    /// `body(order[k])` for every k, in one tight loop.
    static func gather<T>(_ order: [Int32], _ body: (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: order.count) { out, count in
            for (k, i) in order.enumerated() { (out.baseAddress! + k).initialize(to: body(Int(i))) }
            count = order.count
        }
    }

    /// `a[k] = old a[order[k]]` for every k, in place by following cycles: the biggest extract is never
    /// held twice.
    static func permute<T>(_ a: inout [T], _ order: [Int32]) {
        precondition(order.count == a.count, "every record belongs to exactly one person")
        var done = [Bool](repeating: false, count: a.count)
        // Records are moved bit for bit (no copy, so no retain and release of their strings).
        a.withUnsafeMutableBufferPointer { a in
            guard let base = a.baseAddress else { return }
            for start in 0..<a.count where !done[start] {
                done[start] = true
                guard Int(order[start]) != start else { continue }
                let first = (base + start).move()
                var j = start
                while true {
                    let next = Int(order[j])
                    if next == start { (base + j).initialize(to: first); break }
                    (base + j).moveInitialize(from: base + next, count: 1)
                    done[next] = true
                    j = next
                }
            }
        }
    }

    static func methodRank(_ m: RecordLink.Method) -> Int {
        switch m {
        case .anchor: return 0
        case .pncID: return 1
        case .croNumber: return 2
        case .prisonNumber: return 3
        case .crossReference: return 4
        case .probabilistic: return 5
        }
    }

    static func evidence(_ method: RecordLink.Method, _ v: ComparisonVector) -> String {
        switch method {
        case .pncID, .croNumber: return v.evidence
        case .prisonNumber: return "prison number equal; " + v.evidence
        case .crossReference: return "MiCase niche reference; " + v.evidence
        case .probabilistic, .anchor: return v.evidence
        }
    }

    /// First 12 hex characters, upper case, of the SHA-256 of `text`.
    static func digest(_ text: String) -> String { digestWithPrefix(text).text }

    /// The same, with its 48 bits as a number (what orders the ids made from it).
    static func digestWithPrefix(_ text: String) -> (text: String, bits: UInt64) {
        var h = SHA256(), text = text
        text.withUTF8 { h.update(UnsafeRawBufferPointer($0)) }
        let bits = h.finalizePrefix() >> 16
        // Millions of persons without a PNC nominal: written straight, without intermediate strings.
        let hex = String(unsafeUninitializedCapacity: 12) { out in
            for k in 0..<12 { out[k] = PersonAssembly.upperHex[Int((bits >> UInt64(44 - 4 * k)) & 15)] }
            return 12
        }
        return (hex, bits)
    }

    /// A master id's place in text order as one number: `M:` + twelve hex digits before `P:` + the
    /// PNC ID (two-digit year, seven-digit serial: fixed widths, so text order is number order). Sorting
    /// millions of persons by it needs no string and no comparison of two.
    static func masterOrder(digestBits: UInt64) -> UInt64 { digestBits }
    static func masterOrder(pnc packed: Int64) -> UInt64 { 1 << 63 | UInt64(packed) }

    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)
}
