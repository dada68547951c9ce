/// Orders record ids as a person reads them: runs of digits compare by value, so `N9` comes before
/// `N10`; ties fall back to plain text order. Used wherever a rule must pick "the first" record.
enum RecordOrder {
    static func less(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var i = 0, j = 0
        while i < x.count, j < y.count {
            if isDigit(x[i]), isDigit(y[j]) {
                var ie = i, je = j
                while ie < x.count, isDigit(x[ie]) { ie += 1 }
                while je < y.count, isDigit(y[je]) { je += 1 }
                // Compare by value: strip leading zeros, then length, then digits.
                var i0 = i, j0 = j
                while i0 < ie - 1, x[i0] == 48 { i0 += 1 }
                while j0 < je - 1, y[j0] == 48 { j0 += 1 }
                if ie - i0 != je - j0 { return ie - i0 < je - j0 }
                for k in 0..<(ie - i0) where x[i0 + k] != y[j0 + k] { return x[i0 + k] < y[j0 + k] }
                i = ie; j = je
            } else {
                if x[i] != y[j] { return x[i] < y[j] }
                i += 1; j += 1
            }
        }
        if x.count - i != y.count - j { return x.count - i < y.count - j }
        return a < b
    }

    static func less(_ a: RecordIdentity, _ b: RecordIdentity) -> Bool { less(a.recordID, b.recordID) }
}
