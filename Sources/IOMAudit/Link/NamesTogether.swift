import Foundation

/// How much less two records agreeing on both surname and forename say than the two frequencies apart
/// would claim, when the names go together: RADULESCU with MADALINA, KHAN with MOHAMMED. The term
/// frequencies weigh each part as if forenames were given without regard to surname; in a force with
/// communities that is not so, and a pair of names every family of that surname uses would otherwise
/// look as rare as the product of the two.
///
/// Per record, log2((e + k) / (n + k)), never above 0: n the people (sets after the identifier step,
/// less the pair's own two) holding this surname and first forename together, e what the two
/// frequencies apart predict, k `pseudoCount`. People, not records: a person's own drug tests must not
/// make their name look common. When the middle names agree too, the same again for the middle names
/// among the people of that surname and forename (MADALINA CATALINA RADULESCU), against the model's
/// middle-name u.
enum NamesTogether {
    static let pseudoCount = 2.0
    /// The adjustment never takes more than this: the parts' own weights are bounded the same way.
    static let floor = -MatchModel.tfFloor

    /// Bits per record (0 for a record missing either part): for surname and forename, and for those
    /// with the middle names too (0 for a record without middle names). `middleU`: how often the
    /// model takes two people's middle names to agree.
    static func bits(_ t: LinkRecordTable, roots: [Int32], middleU: Double) -> (names: [Float], withMiddle: [Float]) {
        let n = t.count
        let none = [Float](repeating: 0, count: n)
        if n < 2 { return (none, none) }
        let indexBits = max(1, Int.bitWidth - (n - 1).leadingZeroBitCount)
        let keyBits = 64 - indexBits
        let parts = UInt64(max(1, t.names.count))
        // Exact when both ids fit in the key's bits (they do at any force's size), else a hash.
        let exact = parts.multipliedReportingOverflow(by: parts).overflow == false && parts * parts <= UInt64(1) << keyBits
        @inline(__always) func key(_ x: LinkRecordTable.Identity) -> UInt64 {
            let k = UInt64(x.surname) * parts + UInt64(x.first)
            return exact ? k : Blocking.mix(k) >> UInt64(indexBits)
        }
        let lowMask = (UInt64(1) << UInt64(indexBits)) - 1

        // People per surname and per forename, by name part id: sorted (part | set root), runs counted.
        func peopleByPart(_ part: (LinkRecordTable.Identity) -> Int32) -> [Double] {
            var entries: [UInt64] = []
            entries.reserveCapacity(n)
            for i in 0..<n {
                let x = t.identity[i]
                if x.surname != 0 && x.first != 0 { entries.append(UInt64(part(x)) << UInt64(indexBits) | UInt64(roots[i])) }
            }
            RadixSort.sort(&entries, fromBit: 0)
            var counts = [Double](repeating: 0, count: Int(parts))
            var last = UInt64.max
            for e in entries where e != last {
                counts[Int(e >> UInt64(indexBits))] += 1
                last = e
            }
            return counts
        }
        let surnames = peopleByPart(\.surname), forenames = peopleByPart(\.first)
        let people = surnames.reduce(0, +) // each person once per surname they are held under
        if people < 2 { return (none, none) }

        // Records sorted (name key | record); each run's people counted, and `adjust` given the run.
        func runs(_ keyOf: (Int) -> UInt64?, _ adjust: (_ first: Int, _ people: Double) -> Float) -> (bits: [Float], people: [Float]) {
            var bits = [Float](repeating: 0, count: n), sharing = [Float](repeating: 0, count: n)
            var entries: [UInt64] = []
            entries.reserveCapacity(n)
            for i in 0..<n { if let k = keyOf(i) { entries.append(k << UInt64(indexBits) | UInt64(i)) } }
            RadixSort.sort(&entries, fromBit: 0)
            var runRoots: [Int32] = []
            var i = 0
            while i < entries.count {
                let k = entries[i] >> UInt64(indexBits)
                var e = i + 1
                while e < entries.count, entries[e] >> UInt64(indexBits) == k { e += 1 }
                runRoots.removeAll(keepingCapacity: true)
                for j in i..<e { runRoots.append(roots[Int(entries[j] & lowMask)]) }
                runRoots.sort()
                var together = 0.0, last = Int32(-1)
                for r in runRoots where r != last { together += 1; last = r }
                let b = adjust(Int(entries[i] & lowMask), together)
                for j in i..<e { bits[Int(entries[j] & lowMask)] = b; sharing[Int(entries[j] & lowMask)] = Float(together) }
                i = e
            }
            return (bits, sharing)
        }
        @inline(__always) func adjustment(expected: Double, together: Double) -> Float {
            Float(max(floor, min(0, log2((expected + pseudoCount) / (max(0, together - 2) + pseudoCount)))))
        }
        // Surname and forename: against what their frequencies apart predict.
        let (pair, pairPeople) = runs({ i in
            let x = t.identity[i]
            return x.surname != 0 && x.first != 0 ? key(x) : nil
        }, { i, together in
            let x = t.identity[i]
            return adjustment(expected: surnames[Int(x.surname)] * forenames[Int(x.first)] / people, together: together)
        })
        // With middle names too: the model weighs agreeing middle names at `middleU` whatever the
        // names; among the people sharing this surname and forename, how many share the middle names.
        let triple = runs({ i in
            let x = t.identity[i]
            guard x.surname != 0 && x.first != 0 && x.middle != 0 else { return nil }
            return Blocking.mix(key(x) ^ Blocking.mix(UInt64(x.middle))) >> UInt64(indexBits)
        }, { i, together in
            pair[i] + adjustment(expected: Double(pairPeople[i]) * middleU, together: together)
        }).bits
        return (pair, triple)
    }
}
