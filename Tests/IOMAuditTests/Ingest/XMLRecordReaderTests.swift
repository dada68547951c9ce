import Testing
@testable import IOMAudit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Fixtures

/// A small PNC-like extract; `p` is the element prefix, `rootAttributes` any namespace declarations.
private func pncExtract(_ p: String = "", rootAttributes: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <\(p)PNCExtract\(rootAttributes)>
      <\(p)Subject id="S1">
        <\(p)PNCID>2001/0012345A</\(p)PNCID>
        <\(p)Name type="primary">
          <\(p)Surname>SMITH</\(p)Surname>
          <\(p)Forenames>JOHN PAUL</\(p)Forenames>
        </\(p)Name>
        <\(p)DOB>1985-03-14</\(p)DOB>
        <\(p)Aliases>
          <\(p)Alias><\(p)Surname>SMYTH</\(p)Surname><\(p)Forenames>JON</\(p)Forenames></\(p)Alias>
          <\(p)Alias><\(p)Surname/><\(p)Forenames>JOHNNY</\(p)Forenames></\(p)Alias>
          <\(p)Alias><\(p)Surname>
             SMITHE </\(p)Surname></\(p)Alias>
        </\(p)Aliases>
        <\(p)InformationMarkers>
          <\(p)Marker date="2019-05-01"><\(p)Text>VIOLENT</\(p)Text></\(p)Marker>
          <\(p)Marker date=" 2021-11-30"><\(p)Text><![CDATA[WEAPONS & <DRUGS>]]></\(p)Text><\(p)Date>2021-12-01</\(p)Date></\(p)Marker>
        </\(p)InformationMarkers>
      </\(p)Subject>
      <\(p)Subject id="S2">
        <\(p)PNCID>1999/0000001B</\(p)PNCID>
        <\(p)Name><\(p)Surname>O&apos;BRIEN &amp; CO&#x41;</\(p)Surname></\(p)Name>
      </\(p)Subject>
    </\(p)PNCExtract>

    """
}

private let pncSpec = XMLRecordSpec(
    recordElement: "Subject",
    fields: ["@id", "PNCID", "Name/Surname", "Name/Forenames", "Name/@type", "DOB",
             "Aliases/Alias/Surname", "Missing"],
    groups: [
        XMLGroupSpec(path: "InformationMarkers/Marker", fields: ["Text", "@date", "Date"]),
        XMLGroupSpec(path: "Aliases/Alias", fields: ["Surname", "Forenames"]),
    ]
)

private let expectedPNCRecords = [
    XMLRecord(
        line: 3,
        fields: [["S1"], ["2001/0012345A"], ["SMITH"], ["JOHN PAUL"], ["primary"], ["1985-03-14"],
                 ["SMYTH", "", "SMITHE"], []],
        groups: [
            [["VIOLENT", "2019-05-01", nil], ["WEAPONS & <DRUGS>", "2021-11-30", "2021-12-01"]],
            [["SMYTH", "JON"], ["", "JOHNNY"], ["SMITHE", nil]],
        ]
    ),
    XMLRecord(
        line: 21,
        fields: [["S2"], ["1999/0000001B"], ["O'BRIEN & COA"], [], [], [], [], []],
        groups: [[], []]
    ),
]

private func reader(_ text: String, _ spec: XMLRecordSpec = pncSpec) throws -> XMLRecordReader {
    try XMLRecordReader(bytes: Array(text.utf8), name: "test.xml", spec: spec)
}

/// Every record, or the records read before the error and the error.
private func readAll(_ r: XMLRecordReader) -> (records: [XMLRecord], error: XMLReadError?) {
    var records: [XMLRecord] = []
    do {
        while let record = try r.next() { records.append(record) }
        return (records, nil)
    } catch {
        return (records, error as? XMLReadError)
    }
}

private func readAll(_ text: String, _ spec: XMLRecordSpec = pncSpec) throws -> (records: [XMLRecord], error: XMLReadError?) {
    readAll(try reader(text, spec))
}

private func temporaryFile(_ bytes: [UInt8]) -> String {
    var template = Array("/tmp/iomaudit-xml-test-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    precondition(fd >= 0)
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
            precondition(n > 0)
            offset += n
        }
    }
    close(fd)
    return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
}

private func contentsOfFile(_ path: String) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    precondition(fd >= 0)
    defer { close(fd) }
    var result: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n <= 0 { break }
        result += chunk[0 ..< n]
    }
    return result
}

/// Runs `body` with file descriptor 2 sent to a temporary file; returns what was written, after
/// writing it back to the real stderr (other tests running meanwhile keep their output).
private func capturingStandardError(_ body: () -> Void) -> String {
    fflush(nil)
    var template = Array("/tmp/iomaudit-stderr-XXXXXX".utf8CString)
    let fd = mkstemp(&template)
    precondition(fd >= 0)
    unlink(template)
    let saved = dup(2)
    dup2(fd, 2)
    body()
    fflush(nil)
    dup2(saved, 2)
    close(saved)
    lseek(fd, 0, SEEK_SET)
    var captured: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
        if n <= 0 { break }
        captured += chunk[0 ..< n]
    }
    close(fd)
    if !captured.isEmpty { _ = captured.withUnsafeBytes { write(2, $0.baseAddress!, $0.count) } }
    return String(decoding: captured, as: UTF8.self)
}

private let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
     <!ENTITY lol "lol">
     <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
     <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
     <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
     <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
     <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
     <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
     <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
     <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
     <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    <PNCExtract><Subject id="1"><PNCID>&lol9;</PNCID></Subject></PNCExtract>
    """

private let xxe = """
    <?xml version="1.0"?>
    <!DOCTYPE PNCExtract [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
    <PNCExtract><Subject id="1"><PNCID>&xxe;</PNCID></Subject></PNCExtract>
    """

private func nested(_ depth: Int) -> String {
    "<PNCExtract><Subject id=\"deep\">" + String(repeating: "<a>", count: depth) + "x"
        + String(repeating: "</a>", count: depth) + "</Subject></PNCExtract>"
}

// MARK: - Tests

@Suite("XMLRecordReader")
struct XMLRecordReaderTests {
    @Test("fields, attributes, nested paths, repeated children and groups")
    func pncSubjects() throws {
        let (records, error) = try readAll(pncExtract())
        #expect(error == nil)
        #expect(records == expectedPNCRecords)
    }

    @Test("with or without a default namespace and with a prefix the results are the same",
          arguments: [("", ""), ("", " xmlns=\"urn:pnc\""), ("pnc:", " xmlns:pnc=\"urn:pnc\""),
                      ("x:", " xmlns=\"urn:other\" xmlns:x=\"urn:pnc\"")])
    func namespaces(prefix: String, rootAttributes: String) throws {
        let (records, error) = try readAll(pncExtract(prefix, rootAttributes: rootAttributes))
        #expect(error == nil)
        #expect(records == expectedPNCRecords)
    }

    @Test("a namespace in the spec selects record elements by URI")
    func namespaceFilter() throws {
        var spec = pncSpec
        spec.namespace = "urn:pnc"
        #expect(try readAll(pncExtract(), spec).records.isEmpty)
        #expect(try readAll(pncExtract(rootAttributes: " xmlns=\"urn:pnc\""), spec).records == expectedPNCRecords)
        #expect(try readAll(pncExtract("p:", rootAttributes: " xmlns:p=\"urn:pnc\""), spec).records == expectedPNCRecords)
        #expect(try readAll(pncExtract(rootAttributes: " xmlns=\"urn:other\""), spec).records.isEmpty)
        spec.namespace = ""
        #expect(try readAll(pncExtract(), spec).records == expectedPNCRecords)
        #expect(try readAll(pncExtract(rootAttributes: " xmlns=\"urn:pnc\""), spec).records.isEmpty)
    }

    @Test("element text is its own text and CDATA, not its descendants'; '.' is the element itself")
    func ownText() throws {
        let spec = XMLRecordSpec(recordElement: "Subject", fields: ["Name", "Name/Middle", "Note"],
                                 groups: [XMLGroupSpec(path: "Marker", fields: [".", "@date", "Missing/@x"])])
        let text = """
            <R><Subject><Name> JOHN <Middle>PAUL</Middle> <!-- c -->SMITH<![CDATA[ JR]]>
            </Name><Note></Note><Note>  </Note>
            <Marker date="2020-01-01">VIOLENT</Marker><Marker>DRUGS<Text>x</Text></Marker></Subject></R>
            """
        let (records, error) = try readAll(text, spec)
        #expect(error == nil)
        #expect(records.map(\.fields) == [[["JOHN  SMITH JR"], ["PAUL"], ["", ""]]])
        #expect(records.first?.groups == [[["VIOLENT", "2020-01-01", nil], ["DRUGS", nil, nil]]])
    }

    @Test("record elements match at any depth, not inside another record")
    func anyDepth() throws {
        let spec = XMLRecordSpec(recordElement: "Subject", fields: ["@id", "Subject/@id"])
        let text = """
            <Extract>
              <Batch><Subject id="1"/></Batch>
              <Subject id="2"><Subject id="2a"/></Subject>
              <Batch><Inner><Subject id="3"></Subject></Inner></Batch>
            </Extract>
            """
        let (records, error) = try readAll(text, spec)
        #expect(error == nil)
        #expect(records.map(\.fields) == [[["1"], []], [["2"], ["2a"]], [["3"], []]])
        #expect(records.map(\.line) == [2, 3, 4])
    }

    @Test("record lines stay exact beyond line 65,535")
    func bigLineNumbers() throws {
        let text = "<Root>\n" + String(repeating: "<Pad/>\n", count: 70_000)
            + "<Subject id=\"late\"\n  kind=\"x\">\n</Subject>\n</Root>\n"
        let (records, error) = try readAll(text, XMLRecordSpec(recordElement: "Subject", fields: ["@id"]))
        #expect(error == nil)
        #expect(records.map(\.line) == [70_003])
    }

    @Test("a DOCTYPE is rejected with its line")
    func doctype() throws {
        let (records, error) = try readAll("<?xml version=\"1.0\"?>\n<!DOCTYPE PNCExtract>\n<PNCExtract><Subject id=\"1\"/></PNCExtract>")
        #expect(records.isEmpty)
        #expect(error == XMLReadError(file: "test.xml", line: 2, message: "DOCTYPE not allowed"))
    }

    @Test("XXE is rejected and the external file never appears",
          arguments: [xxe,
                      "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">\n<x><Subject id=\"1\"/></x>",
                      "<!DOCTYPE x [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><x/>"])
    func externalEntity(text: String) throws {
        let (records, error) = try readAll(text)
        #expect(records.isEmpty)
        #expect(error?.message == "DOCTYPE not allowed")
        #expect(!"\(String(describing: error))".contains("root:"))
    }

    @Test("an entity reference without a DTD is an error, never text")
    func undeclaredEntity() throws {
        let (records, error) = try readAll("<PNCExtract>\n<Subject id=\"1\"><PNCID>&xxe;</PNCID></Subject></PNCExtract>")
        #expect(records.isEmpty)
        #expect(error?.line == 2)
        #expect(error?.message.contains("xxe") == true)
    }

    @Test("billion laughs is rejected quickly")
    func billionLaughsRejected() throws {
        let clock = ContinuousClock()
        var result: (records: [XMLRecord], error: XMLReadError?) = ([], nil)
        let elapsed = try clock.measure { result = try readAll(billionLaughs) }
        #expect(result.records.isEmpty)
        #expect(result.error == XMLReadError(file: "test.xml", line: 2, message: "DOCTYPE not allowed"))
        #expect(elapsed < .seconds(1))
    }

    @Test("malformed XML: records before the fault, then an error naming file and line")
    func mismatchedTag() throws {
        let text = """
            <PNCExtract>
            <Subject id="1">
            <PNCID>A</PNCID>
            </Subject>
            <Subject id="2">
            <PNCID>B</Surname>
            </Subject>
            </PNCExtract>
            """
        let r = try reader(text)
        let first = try r.next()
        #expect(first?.fields[0] == ["1"])
        #expect(first?.line == 2)
        let error = #expect(throws: XMLReadError.self) { try r.next() }
        #expect(error?.file == "test.xml")
        #expect(error?.line == 6)
        #expect(error?.message.contains("mismatch") == true)
        #expect(error.map { "\($0)" }?.hasPrefix("test.xml:6: ") == true)
        // The error sticks.
        #expect(throws: XMLReadError.self) { try r.next() }
    }

    @Test("other malformed input", arguments: [
        ("<PNCExtract>\n<Subject id=\"1\" id=\"2\"/></PNCExtract>", 2),
        ("<PNCExtract>\n<Subject>\n<p:Name/></Subject></PNCExtract>", 3),
        ("<PNCExtract>\n<Subject>\u{0}</Subject></PNCExtract>", 2),
        ("<PNCExtract/>\n<Extra/>", 2),
        ("", 1),
    ])
    func malformed(text: String, line: Int) throws {
        let (records, error) = try readAll(text)
        #expect(records.isEmpty)
        #expect(error?.line == line)
    }

    @Test("invalid UTF-8 is an error")
    func invalidUTF8() throws {
        let bytes = Array("<PNCExtract>\n<Subject><PNCID>".utf8) + [0xC3, 0x28] + Array("</PNCID></Subject></PNCExtract>".utf8)
        let (records, error) = readAll(try XMLRecordReader(bytes: bytes, name: "bad.xml", spec: pncSpec))
        #expect(records.isEmpty)
        #expect(error?.file == "bad.xml")
        #expect(error?.line == 2)
    }

    @Test("declared and detected encodings arrive as UTF-8")
    func encodings() throws {
        let spec = XMLRecordSpec(recordElement: "Subject", fields: ["Surname", "@id"])
        let latin1 = Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<R><Subject id=\"".utf8) + [0xE9]
            + Array("\"><Surname>".utf8) + [0xC9, 0x4C, 0x49, 0x45] + Array("</Surname></Subject></R>".utf8)
        let fromLatin1 = readAll(try XMLRecordReader(bytes: latin1, name: "l", spec: spec))
        #expect(fromLatin1.error == nil)
        #expect(fromLatin1.records.map(\.fields) == [[["ÉLIE"], ["é"]]])

        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<R>\n<Subject id=\"ł\"><Surname>NOWAK–ŻAK</Surname></Subject></R>"
        let utf16: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let fromUTF16 = readAll(try XMLRecordReader(bytes: utf16, name: "u", spec: spec))
        #expect(fromUTF16.error == nil)
        #expect(fromUTF16.records.map(\.fields) == [[["NOWAK–ŻAK"], ["ł"]]])
        #expect(fromUTF16.records.map(\.line) == [3])
    }

    @Test("a truncated document is an error at its last line")
    func truncated() throws {
        let full = pncExtract()
        let cut = String(full.utf8.prefix(full.utf8.count / 2))!
        let lastLine = cut.split(separator: "\n", omittingEmptySubsequences: false).count
        let (records, error) = try readAll(cut)
        #expect(records.isEmpty)
        #expect(error?.line == lastLine)
        #expect(error?.message.contains("is closed") == true)
    }

    @Test("nesting deeper than 256 levels is an error, not a crash")
    func deepNesting() throws {
        let (records, error) = try readAll(nested(300))
        #expect(records.isEmpty)
        #expect(error?.message.contains("deeper than 256") == true)
        let flat = "<x>" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</x>"
        #expect(try readAll(flat).error?.message.contains("deeper than 256") == true)
        #expect(try readAll(nested(250)).records.count == 1)
    }

    @Test("memory stays bounded: oversized records and floods of distinct names are errors")
    func limits() throws {
        let spec = XMLRecordSpec(recordElement: "Subject", fields: ["Note", "@id"])
        let small = XMLReaderLimits(maxRecordBytes: 1_000, maxDistinctNames: 1_000)
        func read(_ text: String) throws -> (records: [XMLRecord], error: XMLReadError?) {
            readAll(try XMLRecordReader(bytes: Array(text.utf8), name: "t", spec: spec, limits: small))
        }
        let fits = "<R><Subject id=\"1\"><Note>" + String(repeating: "x", count: 900) + "</Note></Subject></R>"
        #expect(try read(fits).records.count == 1)
        let longText = "<R><Subject><Note>" + String(repeating: "x", count: 5_000) + "</Note></Subject></R>"
        #expect(try read(longText).error?.message == "record larger than 1000 bytes")
        let manyValues = "<R><Subject>" + String(repeating: "<Note/>", count: 100) + "</Subject></R>"
        #expect(try read(manyValues).error?.message == "record larger than 1000 bytes")
        let longAttribute = "<R><Subject id=\"" + String(repeating: "y", count: 2_000) + "\"/></R>"
        #expect(try read(longAttribute).error?.message == "record larger than 1000 bytes")
        let names = "<R>" + (0 ..< 2_000).map { "<n\($0)/>" }.joined() + "</R>"
        #expect(try read(names).error?.message == "more than 1000 distinct names")
    }

    @Test("invalid spec paths are refused", arguments: ["", "a//b", "@x/y", "/a", "@"])
    func invalidSpec(path: String) {
        #expect(throws: XMLReadError.self) {
            _ = try reader("<x/>", XMLRecordSpec(recordElement: "Subject", fields: [path]))
        }
    }

    @Test("libxml2 never writes to stderr; its errors arrive through the structured handler")
    func silent() throws {
        var errors: [XMLReadError?] = []
        let inputs = [xxe, billionLaughs, nested(300), "<a>\n<b></a>", "<a><p:b/></a>", "<a>&nope;</a>",
                      "<?xml version=\"1.0\" encoding=\"NO-SUCH\"?><a/>", "<a>\u{1}</a>", "<a", ""]
        let captured = capturingStandardError {
            for text in inputs { errors.append(try? readAll(text).error) }
            errors.append(readAll(try! XMLRecordReader(bytes: [0x3C, 0x61, 0x3E, 0xFF, 0xFE], name: "b", spec: pncSpec)).error)
        }
        #expect(errors.allSatisfy { $0 != nil })
        #expect(errors[3]?.message.contains("mismatch") == true)
        for needle in ["parser error", "namespace error", "error :", "mismatch", "not defined", "DOCTYPE", "Excessive"] {
            #expect(!captured.contains(needle))
        }
    }

    @Test("a file reads the same as its bytes; bytesRead and sha256Hex cover the whole file")
    func fileMatchesBytes() throws {
        var text = "<?xml version=\"1.0\"?>\n<PNCExtract xmlns=\"urn:pnc\">\n"
        for i in 0 ..< 12_000 {
            text += "  <Subject id=\"S\(i)\"><PNCID>\(2000 + i % 20)/\(i)X</PNCID><Name><Surname>NAME\(i)</Surname></Name>"
            text += "<InformationMarkers><Marker date=\"2020-01-\(10 + i % 20)\"><Text>M\(i)</Text></Marker></InformationMarkers></Subject>\n"
        }
        text += "</PNCExtract>\n"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 2 * XMLRecordReader.chunkSize)
        let path = temporaryFile(bytes)
        defer { unlink(path) }

        let fromFile = try XMLRecordReader(path: path, spec: pncSpec)
        let fileResult = readAll(fromFile)
        let fromBytes = try XMLRecordReader(bytes: contentsOfFile(path), name: path, spec: pncSpec)
        let bytesResult = readAll(fromBytes)
        #expect(fileResult.error == nil)
        #expect(fileResult.records.count == 12_000)
        #expect(fileResult.records == bytesResult.records)
        #expect(fileResult.records.last?.fields[0] == ["S11999"])
        #expect(fileResult.records.last?.line == 12_002)
        #expect(fileResult.records.last?.groups[0] == [["M11999", "2020-01-29", nil]])

        var sha = SHA256()
        bytes.withUnsafeBytes { sha.update($0) }
        let expected = SHA256.hex(of: sha.finalize())
        #expect(fromFile.sha256Hex == expected)
        #expect(fromBytes.sha256Hex == expected)
        #expect(fromFile.bytesRead == bytes.count)
        let scan = try xmlThroughputScan(path: path, spec: pncSpec)
        #expect(scan.records == 12_000)
        #expect(scan.bytes == bytes.count)
    }

    @Test("sha256Hex matches sha256sum")
    func knownDigest() throws {
        let r = try reader("<?xml version=\"1.0\"?>\n<R><Subject id=\"1\"/></R>\n")
        #expect(try r.next()?.fields[0] == ["1"])
        #expect(try r.next() == nil)
        #expect(r.sha256Hex == "8c74e0b904136c9425df55831eda82997875eeb044d6f24080c2d715a9cab952")
        #expect(r.bytesRead == 47)
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        let error = #expect(throws: XMLReadError.self) {
            _ = try XMLRecordReader(path: "/nonexistent/extract.xml", spec: pncSpec)
        }
        #expect(error?.file == "/nonexistent/extract.xml")
    }
}

extension XMLRecordReaderTests {
    /// One element with 500,000 attributes (libxml2 compares them pairwise): refused at the element's
    /// own line within moments, the records before it returned; 1,000 attributes are still read.
    @Test func anElementWithTooManyAttributesIsRefusedAtItsLine() throws {
        var lines = pncExtract().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = try #require(lines.firstIndex { $0.contains("<Subject id=\"S2\">") })
        let bomb = (0..<500_000).map { "a\($0)=\"x\"" }.joined(separator: " ")
        lines[at] = lines[at].replacingOccurrences(of: "<Subject id=\"S2\">", with: "<Subject id=\"S2\" \(bomb)>")
        let started = ContinuousClock.now
        let (records, error) = try readAll(lines.joined(separator: "\n"))
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(records.count == 1)
        #expect(error?.line == at + 1 && error?.message.contains("more than 1000 attributes") == true, "\(String(describing: error))")

        var allowed = pncExtract().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let many = (0..<999).map { "a\($0)=\"x > y\"" }.joined(separator: " ")
        allowed[at] = allowed[at].replacingOccurrences(of: "<Subject id=\"S2\">", with: "<Subject id=\"S2\" \(many)>")
        let ok = try readAll(allowed.joined(separator: "\n"))
        #expect(ok.error == nil && ok.records.count == 2)
    }
}
