import Foundation

/// A strict reading of a configuration file (pipeline, mapping) before it is decoded: RFC 8259 JSON,
/// with the line and column of the first thing wrong, and a key given twice in one object refused (a
/// JSON reader would silently keep one of the two, so a person's edit could be ignored). Trailing
/// commas, comments and single quotes are errors like any other.
public enum StrictJSON {
    public struct Problem: Error, Equatable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Nesting deeper than this is refused (a configuration file is a few levels deep).
    static let maximumDepth = 64

    /// Throws the first problem in `data`, or returns when it is one valid JSON value.
    public static func check(_ data: Data) throws {
        var p = Parser(bytes: [UInt8](data))
        if p.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        p.space()
        try p.value(depth: 0)
        p.space()
        guard p.i == p.bytes.count else { throw p.problem("unexpected text after the end of the JSON value") }
    }

    /// The line of every object key in `data`, by its path ("fields/surname", "sources/2/mapping"), so a
    /// problem named by setting can be shown at its line; empty when `data` is not valid JSON.
    public static func keyLines(_ data: Data) -> [String: Int] {
        var p = Parser(bytes: [UInt8](data))
        p.recordsKeys = true
        if p.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { p.i = 3 }
        p.space()
        do { try p.value(depth: 0) } catch { return [:] }
        return p.keyLines
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        var recordsKeys = false
        var path: [String] = []
        var keyLines: [String: Int] = [:]
        /// Line of position `lineAt` (counted forward from the last key recorded).
        var lineAt = 0, line = 1

        init(bytes: [UInt8]) { self.bytes = bytes }

        func problem(_ message: String, at position: Int? = nil) -> Problem {
            let end = min(position ?? i, bytes.count)
            var line = 1, column = 1, k = 0
            while k < end {
                if bytes[k] == 10 { line += 1; column = 1 } else if bytes[k] & 0xC0 != 0x80 { column += 1 }
                k += 1
            }
            return Problem(line: line, column: column, message: message)
        }

        var here: String {
            guard i < bytes.count else { return "the end of the file" }
            let b = bytes[i]
            return b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : String(format: "byte 0x%02X", b)
        }

        mutating func space() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        mutating func value(depth: Int) throws {
            guard depth < StrictJSON.maximumDepth else { throw problem("nested more than \(StrictJSON.maximumDepth) levels deep") }
            guard i < bytes.count else { throw problem("a value is missing at the end of the file") }
            switch bytes[i] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw problem("expected a value, found \(here)")
            }
        }

        mutating func object(depth: Int) throws {
            i += 1
            space()
            var keys: [String: Int] = [:]
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
            while true {
                space()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                    let trailing = i < bytes.count && bytes[i] == UInt8(ascii: "}")
                    throw problem(trailing ? "a comma before '}' (trailing commas are not allowed)" : "expected a key in double quotes, found \(here)")
                }
                let start = i
                let key = try string()
                if let first = keys[key] {
                    let at = problem("", at: first)
                    throw problem("key \"\(key)\" given twice in one object (first at line \(at.line), column \(at.column))", at: start)
                }
                keys[key] = start
                space()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw problem("expected ':' after the key \"\(key)\", found \(here)") }
                i += 1
                space()
                if recordsKeys {
                    while lineAt < start { if bytes[lineAt] == 10 { line += 1 }; lineAt += 1 }
                    keyLines[(path + [key]).joined(separator: "/")] = line
                    path.append(key)
                }
                try value(depth: depth + 1)
                if recordsKeys { path.removeLast() }
                space()
                guard i < bytes.count else { throw problem("the object is not closed: '}' missing at the end of the file") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return }
                throw problem("expected ',' or '}' after the value of \"\(key)\", found \(here)")
            }
        }

        mutating func array(depth: Int) throws {
            var index = 0
            i += 1
            space()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
            while true {
                space()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { throw problem("a comma before ']' (trailing commas are not allowed)") }
                if recordsKeys { path.append(String(index)) }
                try value(depth: depth + 1)
                if recordsKeys { path.removeLast() }
                index += 1
                space()
                guard i < bytes.count else { throw problem("the list is not closed: ']' missing at the end of the file") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return }
                throw problem("expected ',' or ']' in a list, found \(here)")
            }
        }

        mutating func string() throws -> String {
            let start = i
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    guard let s = String(validating: out, as: UTF8.self) else { throw problem("text that is not valid UTF-8", at: start) }
                    return s
                }
                if b < 0x20 { throw problem(b == 10 ? "a line break inside text (the closing '\"' is missing)" : "a control character inside text") }
                if b == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(bytes[i])
                    case UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"): out.append(32)
                    case UInt8(ascii: "u"):
                        guard i + 4 < bytes.count, bytes[(i + 1)...(i + 4)].allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 102) })
                        else { throw problem("\\u must be followed by four hexadecimal digits") }
                        let hex = String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self)
                        if let v = UInt32(hex, radix: 16), let u = Unicode.Scalar(v) { out.append(contentsOf: Array(String(u).utf8)) }
                        else { out.append(contentsOf: Array(("\\u" + hex).utf8)) } // half a surrogate pair: kept as written
                        i += 4
                    default: throw problem("unknown escape \\\(Character(Unicode.Scalar(bytes[i])))")
                    }
                    i += 1
                    continue
                }
                out.append(b)
                i += 1
            }
            throw problem("text is not closed: '\"' missing", at: start)
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard bytes.count - i >= w.count, Array(bytes[i..<(i + w.count)]) == w else { throw problem("expected a value, found \(here)") }
            i += w.count
        }

        mutating func number() throws {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            func digits() -> Int { let s = i; while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { i += 1 }; return i - s }
            guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { throw problem("a number must have digits", at: start) }
            if bytes[i] == 48 { i += 1 } else { _ = digits() }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw problem("a number must have digits after its '.'", at: start) }
            }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { throw problem("a number's exponent must have digits", at: start) }
            }
        }
    }
}
