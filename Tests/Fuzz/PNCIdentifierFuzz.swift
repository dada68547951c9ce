// libFuzzer target for the PNC ID parser (built by scripts/fuzz.sh, not by SwiftPM).
//
// Input: any bytes, decoded as UTF-8 (invalid sequences become U+FFFD). Besides traps, a crash is
// reported when an accepted ID does not round-trip through its canonical form, or a rejected one
// reports a check letter that would not be accepted.
import IOMAudit

@_cdecl("LLVMFuzzerTestOneInput")
public func pncIdentifierFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    switch PNCIdentifier.parse(text) {
    case .success(let id):
        precondition((0...99).contains(id.year) && (1...9_999_999).contains(id.serial))
        let canonical = id.canonical
        precondition(canonical.utf8.count == 11, "canonical form \(canonical) is not YY/NNNNNNNA")
        precondition(PNCIdentifier(canonical) == id, "\(text) → \(canonical) does not round-trip")
        precondition(PNCIdentifier(year: id.year, serial: id.serial) == id)
        precondition(PNCIdentifier(text) == id)
    case .failure(.wrongCheckLetter(let expected)):
        // The same text with the expected letter in place of the last letter must be accepted.
        var scalars = Array(text.unicodeScalars)
        if let last = scalars.lastIndex(where: { $0.properties.isAlphabetic }) {
            scalars[last] = expected.unicodeScalars.first!
            var fixed = ""
            fixed.unicodeScalars.append(contentsOf: scalars)
            precondition(PNCIdentifier(fixed) != nil, "\(text): the expected letter \(expected) is not accepted")
        }
    case .failure(.malformed):
        precondition(PNCIdentifier(text) == nil)
    }
    return 0
}
