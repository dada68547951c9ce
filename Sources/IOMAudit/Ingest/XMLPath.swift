/// A mapping's path to a value inside an XML record, in the small part of XPath an extract needs:
/// element steps ("Name/Surname"), a final attribute ("@owner", "Name/@type"), "." for the element
/// itself, and attribute predicates on a step, so kinded elements can be told apart:
/// `Name[@kind='PRIMARY']/Surname`, `Names/Name[@kind!='PRIMARY']`, `Alias[@type='AKA' or @type='ALIAS']`,
/// `Name[@current]`, `Name[not(@kind)]`. Several predicates on one step must all hold. Step and
/// attribute names are local names (a prefix is ignored); a value is compared exactly, after trimming.
public struct XMLPath: Equatable, Sendable, CustomStringConvertible {
    public struct Condition: Equatable, Sendable {
        public enum Test: Equatable, Sendable {
            case present
            case absent
            case equals(String)
            case notEquals(String)
        }
        public var attribute: String
        public var test: Test
    }

    public struct Step: Equatable, Sendable {
        public var name: String
        /// Every inner list must have one condition that holds (predicates are and-ed, `or` inside one).
        public var predicates: [[Condition]]
    }

    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "path '\(path)': \(reason)" }
    }

    public var text: String
    public var elements: [Step]
    public var attribute: String?

    public var description: String { text }

    public init(_ text: String) throws(Invalid) {
        self.text = text
        var parser = Parser(bytes: Array(text.utf8), text: text)
        (elements, attribute) = try parser.steps()
    }

    /// A local name: the part after any prefix.
    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }

    private struct Parser {
        let bytes: [UInt8]
        let text: String
        var i = 0

        func invalid(_ reason: String) -> Invalid { Invalid(path: text, reason: reason) }

        mutating func steps() throws(Invalid) -> ([Step], String?) {
            guard !bytes.isEmpty else { throw invalid("is empty") }
            var steps: [Step] = []
            var attribute: String?
            while true {
                if attribute != nil { throw invalid("an attribute (@…) can only be the last step") }
                if peek("."), i + 1 == bytes.count || bytes[i + 1] == slash {
                    i += 1
                } else if peek("@") {
                    i += 1
                    attribute = try name("an attribute name after @")
                } else {
                    let n = try name("an element name")
                    var predicates: [[Condition]] = []
                    while peek("[") {
                        i += 1
                        predicates.append(try predicate())
                    }
                    steps.append(Step(name: n, predicates: predicates))
                }
                if i == bytes.count { break }
                guard bytes[i] == slash else { throw invalid("unexpected '\(String(decoding: bytes[i...].prefix(1), as: UTF8.self))' at character \(i + 1)") }
                i += 1
                if i == bytes.count { throw invalid("ends with '/'") }
            }
            return (steps, attribute)
        }

        /// One `[...]`, after its opening bracket: conditions joined by `or`.
        mutating func predicate() throws(Invalid) -> [Condition] {
            var conditions: [Condition] = []
            while true {
                skipSpaces()
                conditions.append(try condition())
                skipSpaces()
                if peek("]") { i += 1; return conditions }
                if word("or") { continue }
                throw invalid(i == bytes.count ? "a predicate is not closed with ']'" : "expected ']' or 'or' at character \(i + 1)")
            }
        }

        mutating func condition() throws(Invalid) -> Condition {
            if word("not") {
                skipSpaces()
                guard peek("(") else { throw invalid("expected '(' after not at character \(i + 1)") }
                i += 1
                skipSpaces()
                guard peek("@") else { throw invalid("not(…) takes an attribute, such as not(@kind)") }
                i += 1
                let a = try name("an attribute name after @")
                skipSpaces()
                guard peek(")") else { throw invalid("expected ')' at character \(i + 1)") }
                i += 1
                return Condition(attribute: a, test: .absent)
            }
            guard peek("@") else { throw invalid("a predicate tests an attribute, such as [@kind='PRIMARY'] (character \(i + 1))") }
            i += 1
            let a = try name("an attribute name after @")
            skipSpaces()
            var negated = false
            if peek("!") { negated = true; i += 1 }
            guard peek("=") else {
                if negated { throw invalid("expected '=' after '!' at character \(i + 1)") }
                return Condition(attribute: a, test: .present)
            }
            i += 1
            skipSpaces()
            guard i < bytes.count, bytes[i] == 39 || bytes[i] == 34 else {
                throw invalid("the value compared with @\(a) must be in quotes, such as [@\(a)='PRIMARY']")
            }
            let quote = bytes[i]
            i += 1
            let start = i
            while i < bytes.count && bytes[i] != quote { i += 1 }
            guard i < bytes.count else { throw invalid("a quoted value is not closed") }
            let value = String(decoding: bytes[start ..< i], as: UTF8.self).trimmedOfSpaces
            i += 1
            return Condition(attribute: a, test: negated ? .notEquals(value) : .equals(value))
        }

        /// A (possibly prefixed) XML name; its local part.
        mutating func name(_ what: String) throws(Invalid) -> String {
            let start = i
            while i < bytes.count, Self.isNameByte(bytes[i]) { i += 1 }
            let n = XMLPath.localName(String(decoding: bytes[start ..< i], as: UTF8.self))
            guard !n.isEmpty, !n.hasPrefix("-"), !n.hasPrefix(".") else {
                throw invalid("expected \(what) at character \(start + 1)")
            }
            return n
        }

        static func isNameByte(_ b: UInt8) -> Bool {
            switch b {
            case 65...90, 97...122, 48...57, UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"): return true
            default: return b >= 128
            }
        }

        func peek(_ s: Unicode.Scalar) -> Bool { i < bytes.count && bytes[i] == UInt8(ascii: s) }

        mutating func skipSpaces() { while i < bytes.count && bytes[i] == 32 { i += 1 } }

        /// `w` as a whole word here (followed by a space, '(' or '@'), consumed with the spaces after it.
        mutating func word(_ w: String) -> Bool {
            let wb = Array(w.utf8)
            guard i + wb.count < bytes.count, Array(bytes[i ..< i + wb.count]) == wb else { return false }
            let after = bytes[i + wb.count]
            guard after == 32 || after == UInt8(ascii: "(") || after == UInt8(ascii: "@") else { return false }
            i += wb.count
            skipSpaces()
            return true
        }

        let slash = UInt8(ascii: "/")
    }
}
