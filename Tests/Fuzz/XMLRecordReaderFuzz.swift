// libFuzzer target for XMLRecordReader (built by scripts/fuzz.sh, not by SwiftPM).
//
// Input: byte 0 chooses one of three record specs (the shipped PNC layout with its namespace and
// groups, the JTrack layout without a namespace, and a spec that requires no namespace); the rest is
// the document. Records are read until the end or an error; besides memory errors and traps, a crash
// is reported when a record's shape does not match its spec, when an error is not repeated by the next
// call, or when a document read to its end was not read (and hashed) whole.
import IOMAudit

private let specs: [XMLRecordSpec] = [
    XMLRecordSpec(recordElement: "Subject", namespace: "urn:wyp:iom:pnc-extract:1",
                  fields: ["PNCID", "CRONumber", "Name/Surname", "Name/Forenames", "DateOfBirth", "@owner"],
                  groups: [XMLGroupSpec(path: "Aliases/Alias", fields: ["Surname", "Forenames", "DateOfBirth"]),
                           XMLGroupSpec(path: "InformationMarkers/Marker", fields: ["Text", "@date", "."])]),
    XMLRecordSpec(recordElement: "TrackedOffender",
                  fields: ["@id", "PNCId", "Surname", "Forename", "DOB", "Status", "."]),
    XMLRecordSpec(recordElement: "Subject", namespace: "",
                  fields: ["@id", "Name", "Name/@type", "Name/Middle", "Note", "Subject/@id"],
                  groups: [XMLGroupSpec(path: "Marker", fields: [".", "@date"])]),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func xmlRecordReaderFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let spec = specs[Int(data[0]) % specs.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let reader: XMLRecordReader
    do {
        reader = try XMLRecordReader(bytes: bytes, name: "fuzz.xml", spec: spec)
    } catch {
        fatalError("a valid spec was refused: \(error)")
    }
    var lastLine = 0
    while true {
        do {
            guard let record = try reader.next() else { break }
            precondition(record.fields.count == spec.fields.count, "field count does not match the spec")
            precondition(record.groups.count == spec.groups.count, "group count does not match the spec")
            for (g, occurrences) in record.groups.enumerated() {
                precondition(occurrences.allSatisfy { $0.count == spec.groups[g].fields.count })
            }
            precondition(record.line >= lastLine, "records out of document order")
            lastLine = record.line
        } catch let first as XMLReadError {
            do {
                _ = try reader.next()
                fatalError("after an error the next call returned instead of throwing")
            } catch let again as XMLReadError {
                precondition(again == first, "a different error the second time")
            } catch {
                fatalError("unexpected error type \(error)")
            }
            _ = reader.sha256Hex
            return 0
        } catch {
            fatalError("unexpected error type \(error)")
        }
    }
    precondition(reader.bytesRead == bytes.count, "the document was not read whole")
    _ = reader.sha256Hex
    return 0
}
