/// Turns one raw source value into a canonical value, or says why it cannot.
/// Works on bytes so dates and codes never become Strings they do not need to be.
struct FieldConverter {
    enum Outcome {
        case absent
        case value(FieldValue)
        /// The field is left empty and the issue recorded.
        case issue(FieldIssue)
    }

    let mapping: FieldMapping
    let encoding: TextEncoding

    static let defaultBooleans: [String: Bool] = [
        "Y": true, "YES": true, "TRUE": true, "T": true, "1": true,
        "N": false, "NO": false, "FALSE": false, "F": false, "0": false,
    ]

    var fieldName: String { mapping.field.name }

    /// Converts every value of a multi-valued field from one cell (split on the mapping's separator).
    func convertAll(_ raw: UnsafeBufferPointer<UInt8>, into values: inout [FieldValue], issues: inout [FieldIssue]) {
        guard let sep = mapping.split else {
            switch convert(raw) {
            case .value(let v): values.append(v)
            case .issue(let i): issues.append(i)
            case .absent: break
            }
            return
        }
        var start = 0
        for i in 0...raw.count where i == raw.count || raw[i] == sep {
            let part = UnsafeBufferPointer(rebasing: raw[start..<i])
            switch convert(part) {
            case .value(let v): if !values.contains(v) { values.append(v) }
            case .issue(let issue): issues.append(issue)
            case .absent: break
            }
            start = i + 1
        }
    }

    func convert(_ raw: UnsafeBufferPointer<UInt8>) -> Outcome {
        let bytes = trimmed(raw)
        if bytes.isEmpty { return .absent }
        // A NUL byte is never text: it marks a damaged extract, and would cut the value short in the
        // store. A key with one is unusable (the row is quarantined), never silently shortened.
        if bytes.contains(0) {
            var shown = String.UnicodeScalarView()
            for u in encoding.decode(bytes).0.unicodeScalars { shown.append(u == "\u{0}" ? "\u{FFFD}" : u) }
            return .issue(FieldIssue(code: "BAD-ENCODING", field: fieldName, value: String(shown),
                                     message: "has a NUL byte (0x00), which is never text: the extract is damaged here"))
        }
        switch mapping.field.kind {
        case .date, .dateTime:
            if let t = mapping.formats.parse(bytes) {
                return .value(mapping.field.kind == .date ? .date(t.date) : .dateTime(t))
            }
            return issue("BAD-DATE", bytes, "is not a real date in the layout \(mapping.formats.map(\.text).joined(separator: " or "))")
        default:
            break
        }
        if encoding.isSingleByte, TextEncoding.looksLikeUTF8(bytes) {
            // A UTF-8 extract read as Windows-1252 or ISO-8859-1 would load "O’Neill" as "Oâ€™Neill"
            // without a word: say so, with the text as UTF-8 would read it.
            return .issue(FieldIssue(code: "BAD-ENCODING", field: fieldName, value: String(decoding: bytes, as: UTF8.self),
                                     message: "looks like UTF-8, not \(encoding.rawValue) as the mapping says: check the extract's encoding"))
        }
        let (text, valid) = encoding.decode(bytes)
        if !valid {
            // Say so, keeping what could be read in the issue (the field stays empty): a name with a
            // stray byte is still a lead to a person.
            return .issue(FieldIssue(code: "BAD-ENCODING", field: fieldName, value: text,
                                     message: "has bytes that are not valid \(encoding.rawValue)"))
        }
        return convert(text: text)
    }

    func convert(text: String) -> Outcome {
        if !mapping.values.isEmpty, let mapped = mapping.values[Mapping.valueKey(text)] {
            guard let m = mapped else { return .absent }
            return typed(m, original: text)
        }
        return typed(text, original: text)
    }

    private func typed(_ text: String, original: String) -> Outcome {
        switch mapping.field.kind {
        case .text:
            let t = text.trimmedOfSpaces
            return t.isEmpty ? .absent : .value(.text(t))
        case .code:
            let t = Mapping.valueKey(text)
            return t.isEmpty ? .absent : .value(.text(t))
        case .name:
            // Kept as written; matching keys it apart (`PersonName.normalise`).
            let n = PersonName.written(text)
            return n.isEmpty ? .absent : .value(.text(n))
        case .bool:
            if let b = FieldConverter.defaultBooleans[Mapping.valueKey(text)] { return .value(.bool(b)) }
            return .issue(FieldIssue(code: "BAD-VALUE", field: fieldName, value: original, message: "is not a yes/no value"))
        case .choice(let allowed):
            let key = Mapping.valueKey(text)
            if let hit = allowed.first(where: { $0 == key }) { return .value(.text(hit)) }
            return .issue(FieldIssue(code: "BAD-VALUE", field: fieldName, value: original,
                                     message: "is not a known value (expected \(allowed.joined(separator: ", ")) or a value the mapping lists)"))
        case .pncID:
            switch PNCIdentifier.parse(text) {
            case .success(let id): return .value(.pncID(id))
            case .failure(let p):
                return .issue(FieldIssue(code: "ID-PNC-INVALID", field: fieldName, value: original, message: "PNC ID \(p)"))
            }
        case .croNumber:
            switch CRONumber.parse(text) {
            case .success(let c): return .value(.cro(c))
            case .failure(.placeholder): return .absent // 000000/00Z carries no identity
            case .failure(let p):
                return .issue(FieldIssue(code: "ID-CRO-INVALID", field: fieldName, value: original, message: "CRO number \(p)"))
            }
        case .prisonNumber:
            if let p = PrisonNumber(text) { return .value(.prisonNumber(p)) }
            return .issue(FieldIssue(code: "BAD-IDENTIFIER", field: fieldName, value: original, message: "is not a prison number like A1234BC"))
        case .date, .dateTime:
            let patterns = mapping.formats
            if let t = patterns.lazy.compactMap({ $0.parse(text) }).first {
                return .value(mapping.field.kind == .date ? .date(t.date) : .dateTime(t))
            }
            return .issue(FieldIssue(code: "BAD-DATE", field: fieldName, value: original,
                                     message: "is not a real date in the layout \(patterns.map(\.text).joined(separator: " or "))"))
        }
    }

    private func issue(_ code: String, _ bytes: UnsafeBufferPointer<UInt8>, _ message: String) -> Outcome {
        .issue(FieldIssue(code: code, field: fieldName, value: encoding.decode(bytes).0, message: message))
    }

    /// Without surrounding spaces, tabs and line breaks, and (in UTF-8) byte-order marks: a BOM in the
    /// middle of an extract (two files joined) is not part of the value, and must not hide a key or a date.
    private func trimmed(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0, hi = b.count
        let bom = encoding == .utf8
        while lo < hi {
            let c = b[lo]
            if c == 32 || c == 9 || c == 13 || c == 10 { lo += 1; continue }
            if bom, c == 0xEF, hi - lo >= 3, b[lo + 1] == 0xBB, b[lo + 2] == 0xBF { lo += 3; continue }
            break
        }
        while hi > lo {
            let c = b[hi - 1]
            if c == 32 || c == 9 || c == 13 || c == 10 { hi -= 1; continue }
            if bom, c == 0xBF, hi - lo >= 3, b[hi - 2] == 0xBB, b[hi - 3] == 0xEF { hi -= 3; continue }
            break
        }
        return UnsafeBufferPointer(rebasing: b[lo..<hi])
    }
}

extension String {
    var trimmedOfSpaces: String {
        // Nearly every value starts and ends with a visible ASCII character: returned as it is, without
        // asking Unicode about each end or copying it.
        if let f = utf8.first, let l = utf8.last, f > 32 && f < 127 && l > 32 && l < 127 { return self }
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }

    /// Runs `body` over the UTF-8 bytes without copying when the string is native.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        var s = self
        return try s.withUTF8(body)
    }
}
