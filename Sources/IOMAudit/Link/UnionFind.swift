/// Disjoint sets over record indices (union by size, path halving). Which index ends up as a set's
/// root depends on the order of unions, so nothing outside the index may read roots as identities.
struct UnionFind {
    private(set) var parent: [Int32]
    private var size: [Int32]

    init(count: Int) {
        parent = (0..<count).map { Int32($0) }
        size = [Int32](repeating: 1, count: count)
    }

    mutating func find(_ x: Int32) -> Int32 {
        var x = Int(x)
        while parent[x] != Int32(x) {
            let gp = parent[Int(parent[x])]
            parent[x] = gp
            x = Int(gp)
        }
        return Int32(x)
    }

    /// Joins the sets of `a` and `b`; returns the new root, or nil when they were already one set.
    @discardableResult
    mutating func union(_ a: Int32, _ b: Int32) -> Int32? {
        var ra = find(a), rb = find(b)
        if ra == rb { return nil }
        if size[Int(ra)] < size[Int(rb)] { swap(&ra, &rb) }
        parent[Int(rb)] = ra
        size[Int(ra)] += size[Int(rb)]
        return ra
    }

    /// Every element's root, with paths fully compressed.
    mutating func roots() -> [Int32] {
        (0..<parent.count).map { find(Int32($0)) }
    }
}
