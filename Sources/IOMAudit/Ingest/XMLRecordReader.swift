#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CLibXML2
import Dispatch

// Streams records out of a large XML extract with libxml2's SAX2 push parser.
//
// Why SAX2 push rather than xmlTextReader: the reader keeps element line numbers in an unsigned
// short, so every record past line 65,535 of a large extract would report the wrong line, and it
// builds a tree node for every node it visits. The push parser gives exact lines and builds nothing.
// Safety is the same: only XML_PARSE_NONET; any DOCTYPE stops the parser before its internal subset
// is read (so no entity is ever declared, loaded or expanded); nesting is capped at 256 levels
// (the push parser does not cap it without a tree); errors go to a structured handler, never stderr.
// The SHA-256 of the input is computed on a second thread over the same 1 MiB chunk the parser is
// working through, so hashing and parsing overlap.

/// A repeated sub-element of a record with its own fields.
public struct XMLGroupSpec: Sendable, Equatable {
    /// Path of the group element relative to the record element, e.g. "InformationMarkers/Marker".
    public var path: String
    /// Paths relative to the group element: "Text", "@date", "." (the group element's own text).
    public var fields: [String]

    public init(path: String, fields: [String]) {
        self.path = path
        self.fields = fields
    }
}

public struct XMLRecordSpec: Sendable, Equatable {
    /// Local name of the record element, e.g. "Subject"; matched at any depth (not inside another record).
    public var recordElement: String
    /// If set, the record element's namespace URI must equal it ("" means no namespace);
    /// if nil, the local name matches in any namespace or none.
    public var namespace: String?
    /// Paths relative to the record element: "Surname", "Name/Surname", "@id", "Name/@type", ".".
    /// Steps are local names; prefixes are ignored. Every occurrence is collected in document order.
    public var fields: [String]
    public var groups: [XMLGroupSpec]

    public init(recordElement: String, namespace: String? = nil, fields: [String], groups: [XMLGroupSpec] = []) {
        self.recordElement = recordElement
        self.namespace = namespace
        self.fields = fields
        self.groups = groups
    }
}

public struct XMLRecord: Sendable, Equatable {
    /// Line of the record element's start tag (where libxml2 finishes reading the tag).
    public var line: Int
    /// fields[i]: every value of spec.fields[i] in document order, trimmed of surrounding whitespace.
    public var fields: [[String]]
    /// groups[g][occurrence][f]: value of spec.groups[g].fields[f] in that occurrence (the first if
    /// repeated), nil if absent.
    public var groups: [[[String?]]]

    public init(line: Int, fields: [[String]], groups: [[[String?]]]) {
        self.line = line
        self.fields = fields
        self.groups = groups
    }
}

public struct XMLReadError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Bounds that keep memory flat whatever the input.
struct XMLReaderLimits: Sendable {
    /// Values kept for one record, in bytes (plus 16 per value).
    var maxRecordBytes = 64 << 20
    /// Distinct element, attribute and namespace names; libxml2 interns each one for the whole run.
    var maxDistinctNames = 100_000
    /// Attributes on one element (`XMLTagScanner`).
    var maxAttributesPerElement = 1_000
}

/// Reads one record at a time. Memory holds one 1 MiB chunk of input, the records completed in one
/// 64 KiB slice of it, and libxml2's table of distinct names (both capped by XMLReaderLimits).
/// Element text is the trimmed concatenation of the element's own text and CDATA children
/// (not of deeper descendants); attribute values are trimmed too.
public final class XMLRecordReader {
    /// Deeper nesting is rejected (libxml2's own limit when it builds a tree).
    static let maxDepth = 256
    /// Bytes per read(2), hashed on another core while the parser works through them.
    static let chunkSize = 1 << 20
    /// Bytes given to the parser at a time; bounds the records completed (and held) per step.
    static let sliceSize = 64 << 10

    private enum Source {
        case file(Int32)
        case memory([UInt8])
    }

    let name: String
    private let spec: XMLRecordSpec
    /// Bytes read from the input so far (reading runs up to one chunk ahead of parsing).
    public private(set) var bytesRead: Int = 0
    private let hasher = BackgroundHasher()
    private let source: Source
    private var memoryOffset = 0
    private let buffer: UnsafeMutableRawPointer
    private var filled = 0
    private var parsed = 0
    private let state: UnsafeMutablePointer<XMLParseState>
    private let ctxt: xmlParserCtxtPtr
    private let limits: XMLReaderLimits
    private var inputEnded = false
    private var tags: XMLTagScanner

    /// SHA-256 of the bytes read so far; of the whole input once next() has returned nil.
    public var sha256Hex: String { hasher.hex() }

    public convenience init(path: String, spec: XMLRecordSpec) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            throw XMLReadError(file: path, line: 0, message: "cannot open: \(String(cString: strerror(errno)))")
        }
        do {
            try self.init(source: .file(fd), name: path, spec: spec)
        } catch {
            close(fd)
            throw error
        }
    }

    public convenience init(bytes: [UInt8], name: String, spec: XMLRecordSpec) throws {
        try self.init(source: .memory(bytes), name: name, spec: spec)
    }

    convenience init(bytes: [UInt8], name: String, spec: XMLRecordSpec, limits: XMLReaderLimits) throws {
        try self.init(source: .memory(bytes), name: name, spec: spec, limits: limits)
    }

    private init(source: Source, name: String, spec: XMLRecordSpec, limits: XMLReaderLimits = XMLReaderLimits()) throws {
        let trie = try XMLPathTrie(spec: spec, file: name)
        _ = libxml2Initialised
        iom_xml_silence_generic_errors()

        var handler = xmlSAXHandler()
        iom_xml_sax2_handler_init(&handler)
        handler.startElementNs = { ctx, localname, _, uri, _, _, attributeCount, _, attributes in
            guard let ctx, let localname else { return }
            ctx.assumingMemoryBound(to: XMLParseState.self).pointee
                .startElement(localname, uri, Int(attributeCount), attributes)
        }
        handler.endElementNs = { ctx, _, _, _ in
            ctx?.assumingMemoryBound(to: XMLParseState.self).pointee.endElement()
        }
        handler.characters = { ctx, ch, len in
            guard let ctx, let ch else { return }
            ctx.assumingMemoryBound(to: XMLParseState.self).pointee.characters(ch, Int(len))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        handler.internalSubset = { ctx, _, _, _ in
            ctx?.assumingMemoryBound(to: XMLParseState.self).pointee.rejectDoctype()
        }
        handler.externalSubset = handler.internalSubset
        handler.reference = { ctx, _ in
            // Unreachable without a DTD; never let an entity become text.
            ctx?.assumingMemoryBound(to: XMLParseState.self).pointee.fail("entity reference not allowed")
        }
        handler.serror = { ctx, error in
            guard let ctx, let error else { return }
            ctx.assumingMemoryBound(to: XMLParseState.self).pointee.libxmlError(error.pointee)
        }

        let state = UnsafeMutablePointer<XMLParseState>.allocate(capacity: 1)
        guard let ctxt = xmlCreatePushParserCtxt(&handler, state, nil, 0, name) else {
            state.deallocate()
            throw XMLReadError(file: name, line: 0, message: "cannot create XML parser")
        }
        let options = Int32(XML_PARSE_NONET.rawValue)
        xmlCtxtUseOptions(ctxt, options)
        // Drop option bits inherited from libxml2's per-thread defaults (NOENT, DTDLOAD, ...).
        ctxt.pointee.options = options
        state.initialize(to: XMLParseState(trie: trie, spec: spec, file: name, ctxt: ctxt,
                                           maxRecordBytes: limits.maxRecordBytes))

        self.name = name
        self.spec = spec
        self.source = source
        self.state = state
        self.ctxt = ctxt
        self.limits = limits
        tags = XMLTagScanner(limit: limits.maxAttributesPerElement)
        self.buffer = UnsafeMutableRawPointer.allocate(byteCount: Self.chunkSize, alignment: 64)
    }

    deinit {
        hasher.wait()
        xmlFreeParserCtxt(ctxt)
        state.pointee.deallocateBuffers()
        state.deinitialize(count: 1)
        state.deallocate()
        buffer.deallocate()
        if case .file(let fd) = source { close(fd) }
    }

    /// The next record, or nil at the end of the document. Records completed before an error are
    /// returned first; after an error every call throws it.
    public func next() throws -> XMLRecord? {
        iom_xml_silence_generic_errors()
        while true {
            if let record = state.pointee.popReady() { return record }
            if let error = state.pointee.error { throw error }
            if inputEnded { return nil }
            try parseMore()
        }
    }

    private func parseMore() throws {
        if parsed < filled {
            let count = min(Self.sliceSize, filled - parsed)
            if let offset = tags.scan(UnsafeRawBufferPointer(start: buffer + parsed, count: count)) {
                // The records before the tag are still read; the tag itself never reaches the parser.
                // The parser's line is where it stopped: at the tag when it began in an earlier slice,
                // else before the text it holds back ahead of the tag, whose line breaks are added.
                var line = state.pointee.currentLine()
                if offset > 0 {
                    xmlParseChunk(ctxt, (buffer + parsed).assumingMemoryBound(to: CChar.self), Int32(offset), 0)
                    line = state.pointee.currentLine()
                    if let input = ctxt.pointee.input, let cur = input.pointee.cur, let end = input.pointee.end, end > cur {
                        line += UnsafeBufferPointer(start: cur, count: end - cur).reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
                    }
                }
                state.pointee.fail("an element with more than \(limits.maxAttributesPerElement) attributes", line: line)
                inputEnded = true
                return
            }
            xmlParseChunk(ctxt, (buffer + parsed).assumingMemoryBound(to: CChar.self), Int32(count), 0)
            parsed += count
            if Int(xmlDictSize(ctxt.pointee.dict)) > limits.maxDistinctNames {
                state.pointee.fail("more than \(limits.maxDistinctNames) distinct names")
                xmlStopParser(ctxt)
            }
            return
        }
        hasher.wait()  // before the buffer is refilled
        filled = try readChunk()
        parsed = 0
        if filled > 0 {
            bytesRead += filled
            hasher.start(UnsafeRawBufferPointer(start: buffer, count: filled))
            return
        }
        inputEnded = true
        state.pointee.finishing = true
        xmlParseChunk(ctxt, nil, 0, 1)
        if state.pointee.error == nil && (ctxt.pointee.wellFormed == 0 || state.pointee.depth != 0) {
            state.pointee.fail("malformed XML")
        }
        if state.pointee.error == nil, state.pointee.matchedRecords == 0, let foreign = state.pointee.foreignNamespace {
            let expected = spec.namespace.map { $0.isEmpty ? "no namespace" : $0 } ?? "any namespace"
            state.pointee.fail("\(state.pointee.foreignRecords) <\(spec.recordElement)> elements are in \(foreign.uri), "
                               + "the mapping expects \(expected): no record read", line: foreign.line)
        }
    }

    private func readChunk() throws -> Int {
        switch source {
        case .file(let fd):
            var count = 0
            while count < Self.chunkSize {
                let n = read(fd, buffer + count, Self.chunkSize - count)
                if n > 0 {
                    count += n
                } else if n == 0 {
                    break
                } else if errno != EINTR {
                    throw XMLReadError(file: name, line: state.pointee.currentLine(),
                                       message: "read failed: \(String(cString: strerror(errno)))")
                }
            }
            return count
        case .memory(let bytes):
            let count = min(Self.chunkSize, bytes.count - memoryOffset)
            bytes.withUnsafeBytes { all in
                buffer.copyMemory(from: all.baseAddress! + memoryOffset, byteCount: count)
            }
            memoryOffset += count
            return count
        }
    }
}

/// Feeds SHA-256 on another thread, one chunk at a time, so hashing overlaps parsing
/// (hashing alone runs at about the speed of libxml2).
private final class BackgroundHasher: @unchecked Sendable {
    private struct Chunk: @unchecked Sendable { let bytes: UnsafeRawBufferPointer }

    // `sha` is touched by the worker only between start() and the matching wait().
    private var sha = StreamingSHA256()
    private var busy = false
    private let done = DispatchSemaphore(value: 0)

    func start(_ bytes: UnsafeRawBufferPointer) {
        precondition(!busy)
        if bytes.count < 64 << 10 {
            sha.update(bytes)
            return
        }
        busy = true
        let chunk = Chunk(bytes: bytes)
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            sha.update(chunk.bytes)
            done.signal()
        }
    }

    func wait() {
        guard busy else { return }
        done.wait()
        busy = false
    }

    func hex() -> String {
        wait()
        var copy = sha
        return SHA256.hex(of: copy.finalize())
    }
}

/// Reads every record of a file and counts them; for throughput measurement.
public func xmlThroughputScan(path: String, spec: XMLRecordSpec) throws -> (records: Int, bytes: Int) {
    let reader = try XMLRecordReader(path: path, spec: spec)
    var records = 0
    while try reader.next() != nil { records += 1 }
    return (records, reader.bytesRead)
}

private let libxml2Initialised: Void = xmlInitParser()

// MARK: - Compiled spec

/// The spec's paths as a trie of element steps; step 0 is the record element. Two paths share a step
/// when they name the same element with the same predicates; one element may enter several steps
/// (`Name` and `Name[@kind='PRIMARY']`).
struct XMLPathTrie {
    enum Target: Equatable {
        case field(Int)
        case group(Int, Int)
    }

    struct Step {
        var name: String
        var predicates: [[XMLPath.Condition]] = []
        var children: [Int] = []
        var textTargets: [Target] = []
        var attributes: [(name: String, target: Target)] = []
        var groups: [Int] = []
    }

    var steps: [Step]
    var groupFieldCounts: [Int]

    init(spec: XMLRecordSpec, file: String) throws {
        func invalid(_ what: String) -> XMLReadError {
            XMLReadError(file: file, line: 0, message: "invalid record spec: \(what)")
        }
        func parse(_ path: String) throws -> XMLPath {
            do { return try XMLPath(path) } catch { throw invalid(error.description) }
        }
        let record = XMLPath.localName(spec.recordElement)
        if record.isEmpty || record.contains("/") || record.hasPrefix("@") || record.contains("[") {
            throw invalid("record element '\(spec.recordElement)'")
        }
        steps = [Step(name: record)]
        groupFieldCounts = spec.groups.map(\.fields.count)

        for (i, path) in spec.fields.enumerated() {
            add(try parse(path), from: 0, target: .field(i))
        }
        for (g, group) in spec.groups.enumerated() {
            let path = try parse(group.path)
            if path.attribute != nil || path.elements.isEmpty { throw invalid("group path '\(group.path)' must name an element") }
            let step = walk(path.elements, from: 0)
            steps[step].groups.append(g)
            for (f, fieldPath) in group.fields.enumerated() {
                add(try parse(fieldPath), from: step, target: .group(g, f))
            }
        }
    }

    private mutating func add(_ path: XMLPath, from start: Int, target: Target) {
        let step = walk(path.elements, from: start)
        if let attribute = path.attribute {
            steps[step].attributes.append((attribute, target))
        } else {
            steps[step].textTargets.append(target)
        }
    }

    private mutating func walk(_ elements: [XMLPath.Step], from start: Int) -> Int {
        var step = start
        for element in elements {
            if let existing = steps[step].children.first(where: { steps[$0].name == element.name && steps[$0].predicates == element.predicates }) {
                step = existing
            } else {
                steps.append(Step(name: element.name, predicates: element.predicates))
                steps[step].children.append(steps.count - 1)
                step = steps.count - 1
            }
        }
        return step
    }
}

// MARK: - Parse state

/// Everything the SAX callbacks touch. Lives in manually allocated memory, and keeps its tables and
/// stacks in fixed unsafe buffers (nesting is capped), so a callback costs no retain, release,
/// allocation or exclusivity check unless it keeps a value.
struct XMLParseState {
    typealias Name = UnsafePointer<xmlChar>
    typealias Target = XMLPathTrie.Target

    // Spec, with element and attribute names interned in the parser's dictionary. Step s has
    // children childStart[s] ..< childStart[s + 1]; likewise attributes, text targets and groups.
    let file: String
    let ctxt: xmlParserCtxtPtr
    let recordName: Name
    let namespace: [CChar]?
    let fieldCount: Int
    let groupFieldCounts: [Int]
    let maxRecordBytes: Int
    let childStart: UnsafeMutableBufferPointer<Int>
    let childName: UnsafeMutableBufferPointer<Name>
    let childStep: UnsafeMutableBufferPointer<Int32>
    /// Index into `predicates` of the child's predicates, -1 for none.
    let childPredicate: UnsafeMutableBufferPointer<Int32>
    /// Compiled predicates of a step: every list needs one condition that holds.
    let predicates: [[[CompiledCondition]]]
    let attributeStart: UnsafeMutableBufferPointer<Int>
    let attributeName: UnsafeMutableBufferPointer<Name>
    let attributeTarget: UnsafeMutableBufferPointer<Target>
    let textTargetStart: UnsafeMutableBufferPointer<Int>
    let textTarget: UnsafeMutableBufferPointer<Target>
    let groupStart: UnsafeMutableBufferPointer<Int>
    let groupIndex: UnsafeMutableBufferPointer<Int>

    // Document: open elements, innermost last.
    var depth = 0
    let openNames: UnsafeMutablePointer<Name>
    let openLines: UnsafeMutablePointer<Int>
    var finishing = false
    var error: XMLReadError?
    // Record elements read, and ones skipped for another namespace (the first one's URI and line), so a
    // wrong-namespace extract fails instead of loading nothing without a word.
    var matchedRecords = 0
    var foreignRecords = 0
    var foreignNamespace: (uri: String, line: Int)?

    // Record in progress: `level` elements open from the record element down. The k-th entered the
    // steps activeSteps[activeStart[k] ..< activeStart[k + 1]] (none when off every path; each step
    // lies at one depth, so the stack never holds more than the trie's steps), wantsText[k] says
    // whether one of them keeps its text, and textStack[k] is where that text starts in `text`.
    var level = 0
    let activeSteps: UnsafeMutablePointer<Int32>
    let activeStart: UnsafeMutablePointer<Int>
    let wantsText: UnsafeMutablePointer<Bool>
    let textStack: UnsafeMutablePointer<Int>
    var text: UnsafeMutablePointer<UInt8>
    var textCapacity = 4096
    var textCount = 0
    var record = XMLRecord(line: 0, fields: [], groups: [])
    var recordBytes = 0
    var ready: [XMLRecord] = []
    var readyHead = 0

    init(trie: XMLPathTrie, spec: XMLRecordSpec, file: String, ctxt: xmlParserCtxtPtr, maxRecordBytes: Int) {
        let dict = ctxt.pointee.dict
        func intern(_ s: String) -> Name { xmlDictLookup(dict, s, -1) }
        func table<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(values.count, 1))
            _ = buffer.initialize(from: values)
            return buffer
        }
        self.file = file
        self.ctxt = ctxt
        recordName = intern(trie.steps[0].name)
        namespace = spec.namespace.map { Array($0.utf8CString) }
        fieldCount = spec.fields.count
        groupFieldCounts = trie.groupFieldCounts
        self.maxRecordBytes = maxRecordBytes

        var childStart = [0], childName: [Name] = [], childStep: [Int32] = [], childPredicate: [Int32] = []
        var predicates: [[[CompiledCondition]]] = []
        var attributeStart = [0], attributeName: [Name] = [], attributeTarget: [Target] = []
        var textTargetStart = [0], textTarget: [Target] = []
        var groupStart = [0], groupIndex: [Int] = []
        for step in trie.steps {
            for child in step.children {
                childName.append(intern(trie.steps[child].name))
                childStep.append(Int32(child))
                let conditions = trie.steps[child].predicates
                childPredicate.append(conditions.isEmpty ? -1 : Int32(predicates.count))
                if !conditions.isEmpty { predicates.append(conditions.map { $0.map { CompiledCondition($0, intern: intern) } }) }
            }
            childStart.append(childName.count)
            for (name, target) in step.attributes {
                attributeName.append(intern(name))
                attributeTarget.append(target)
            }
            attributeStart.append(attributeName.count)
            textTarget += step.textTargets
            textTargetStart.append(textTarget.count)
            groupIndex += step.groups
            groupStart.append(groupIndex.count)
        }
        self.childStart = table(childStart)
        self.childName = table(childName)
        self.childStep = table(childStep)
        self.childPredicate = table(childPredicate)
        self.predicates = predicates
        self.attributeStart = table(attributeStart)
        self.attributeName = table(attributeName)
        self.attributeTarget = table(attributeTarget)
        self.textTargetStart = table(textTargetStart)
        self.textTarget = table(textTarget)
        self.groupStart = table(groupStart)
        self.groupIndex = table(groupIndex)

        let capacity = XMLRecordReader.maxDepth + 1
        openNames = .allocate(capacity: capacity)
        openLines = .allocate(capacity: capacity)
        activeSteps = .allocate(capacity: trie.steps.count + 1)
        activeStart = .allocate(capacity: capacity + 1)
        wantsText = .allocate(capacity: capacity)
        textStack = .allocate(capacity: capacity)
        text = .allocate(capacity: textCapacity)
    }

    /// Frees the buffers; call once, before deinitialising.
    func deallocateBuffers() {
        childStart.deallocate(); childName.deallocate(); childStep.deallocate(); childPredicate.deallocate()
        attributeStart.deallocate(); attributeName.deallocate(); attributeTarget.deallocate()
        textTargetStart.deallocate(); textTarget.deallocate()
        groupStart.deallocate(); groupIndex.deallocate()
        openNames.deallocate(); openLines.deallocate()
        activeSteps.deallocate(); activeStart.deallocate(); wantsText.deallocate(); textStack.deallocate()
        text.deallocate()
    }

    func currentLine() -> Int {
        guard let input = ctxt.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    // MARK: SAX events

    mutating func startElement(_ localname: Name, _ uri: Name?, _ attributeCount: Int,
                               _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        if error != nil { return }
        let line = currentLine()
        if depth == XMLRecordReader.maxDepth {
            fail("elements nested deeper than \(XMLRecordReader.maxDepth) levels", line: line)
            xmlStopParser(ctxt)
            return
        }
        openNames[depth] = localname
        openLines[depth] = line
        depth += 1

        if level > 0 {
            let first = activeStart[level]
            var top = first
            for p in activeStart[level - 1] ..< first {
                let parent = Int(activeSteps[p])
                for i in childStart[parent] ..< childStart[parent + 1] where childName[i] == localname {
                    if childPredicate[i] >= 0 && !holds(predicates[Int(childPredicate[i])], attributeCount, attributes) { continue }
                    activeSteps[top] = childStep[i]
                    top += 1
                }
            }
            activeStart[level + 1] = top
            textStack[level] = textCount
            var text = false
            for a in first ..< top {
                let step = Int(activeSteps[a])
                text = text || textTargetStart[step] < textTargetStart[step + 1]
                enter(step, attributeCount, attributes)
            }
            wantsText[level] = text
            level += 1
        } else if localname == recordName && !namespaceMatches(uri) {
            foreignRecords += 1
            if foreignNamespace == nil {
                let text = uri.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) } ?? ""
                foreignNamespace = (text.isEmpty ? "no namespace" : text, line)
            }
        } else if localname == recordName {
            matchedRecords += 1
            record = XMLRecord(line: line,
                               fields: [[String]](repeating: [], count: fieldCount),
                               groups: [[[String?]]](repeating: [], count: groupFieldCounts.count))
            recordBytes = 0
            textCount = 0
            activeSteps[0] = 0
            activeStart[0] = 0
            activeStart[1] = 1
            wantsText[0] = textTargetStart[0] < textTargetStart[1]
            textStack[0] = 0
            level = 1
            enter(0, attributeCount, attributes)
        }
    }

    mutating func endElement() {
        if error != nil { return }
        depth -= 1
        guard level > 0 else { return }
        level -= 1
        if wantsText[level] {
            let start = textStack[level]
            let value = Self.trimmedString(UnsafeBufferPointer(start: text + start, count: textCount - start))
            textCount = start
            for a in activeStart[level] ..< activeStart[level + 1] {
                let step = Int(activeSteps[a])
                for i in textTargetStart[step] ..< textTargetStart[step + 1] { assign(value, to: textTarget[i]) }
            }
        }
        if level == 0 && error == nil {
            ready.append(record)
        }
    }

    mutating func characters(_ ch: UnsafePointer<xmlChar>, _ count: Int) {
        guard level > 0, error == nil, wantsText[level - 1] else { return }
        if recordBytes + textCount + count > maxRecordBytes {
            fail("record larger than \(maxRecordBytes) bytes")
            xmlStopParser(ctxt)
            return
        }
        if textCount + count > textCapacity {
            let capacity = max(textCapacity * 2, textCount + count)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            grown.update(from: text, count: textCount)
            text.deallocate()
            text = grown
            textCapacity = capacity
        }
        (text + textCount).update(from: ch, count: count)
        textCount += count
    }

    mutating func rejectDoctype() {
        fail("DOCTYPE not allowed")
        xmlStopParser(ctxt)
    }

    mutating func libxmlError(_ e: xmlError) {
        guard error == nil, e.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let line = Int(e.line)
        if finishing && depth > 0 {
            let name = String(cString: openNames[depth - 1])
            fail("document ends before <\(name)> (line \(openLines[depth - 1])) is closed", line: line)
            return
        }
        var message = e.message.map { String(cString: $0) } ?? "XML error \(e.code)"
        // First line only: later lines quote the bytes found (data, perhaps a name) and break one-line logs.
        if let newline = message.firstIndex(of: "\n") { message = String(message[..<newline]) }
        while let last = message.last, last == " " { message.removeLast() }
        fail(message, line: line)
    }

    mutating func fail(_ message: String, line: Int? = nil) {
        if error == nil {
            error = XMLReadError(file: file, line: line ?? currentLine(), message: message)
        }
    }

    mutating func popReady() -> XMLRecord? {
        guard readyHead < ready.count else { return nil }
        let record = ready[readyHead]
        readyHead += 1
        if readyHead == ready.count {
            ready.removeAll(keepingCapacity: true)
            readyHead = 0
        }
        return record
    }

    // MARK: Helpers

    private func namespaceMatches(_ uri: Name?) -> Bool {
        guard let namespace else { return true }
        guard let uri, uri[0] != 0 else { return namespace.count == 1 }
        return namespace.withUnsafeBufferPointer {
            strcmp($0.baseAddress!, UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self)) == 0
        }
    }

    /// Whether an element's attributes satisfy a step's predicates.
    private func holds(_ predicate: [[CompiledCondition]], _ attributeCount: Int,
                       _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) -> Bool {
        predicate.allSatisfy { alternatives in
            alternatives.contains { condition in
                var value: UnsafeBufferPointer<UInt8>?
                if let attributes {
                    for a in 0 ..< attributeCount {
                        let base = attributes + 5 * a
                        guard base[0] == condition.attribute, let start = base[3], let end = base[4] else { continue }
                        value = Self.trimmed(UnsafeBufferPointer(start: start, count: end - start))
                        break
                    }
                }
                switch condition.test {
                case .present: return value != nil
                case .absent: return value == nil
                case .equals(let v): return value.map { $0.elementsEqual(v) } ?? false
                case .notEquals(let v): return value.map { !$0.elementsEqual(v) } ?? true
                }
            }
        }
    }

    private mutating func enter(_ step: Int, _ attributeCount: Int,
                                _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        for i in groupStart[step] ..< groupStart[step + 1] {
            let g = groupIndex[i]
            record.groups[g].append([String?](repeating: nil, count: groupFieldCounts[g]))
            recordBytes += 16
        }
        let attributeRange = attributeStart[step] ..< attributeStart[step + 1]
        if !attributeRange.isEmpty, let attributes {
            // Five pointers per attribute: local name, prefix, URI, value start, value end.
            for a in 0 ..< attributeCount {
                let base = attributes + 5 * a
                guard let name = base[0], let start = base[3], let end = base[4] else { continue }
                for i in attributeRange where attributeName[i] == name {
                    let value = Self.trimmedString(UnsafeBufferPointer(start: start, count: end - start))
                    assign(value, to: attributeTarget[i])
                }
            }
        }
    }

    private mutating func assign(_ value: String, to target: Target) {
        recordBytes += value.utf8.count + 16
        if recordBytes > maxRecordBytes {
            fail("record larger than \(maxRecordBytes) bytes")
            xmlStopParser(ctxt)
            return
        }
        switch target {
        case .field(let i):
            record.fields[i].append(value)
        case .group(let g, let f):
            let last = record.groups[g].count - 1
            if last >= 0 && record.groups[g][last][f] == nil {
                record.groups[g][last][f] = value
            }
        }
    }

    private static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: trimmed(bytes), as: UTF8.self)
    }

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var lower = 0
        var upper = bytes.count
        while lower < upper && isSpace(bytes[lower]) { lower += 1 }
        while upper > lower && isSpace(bytes[upper - 1]) { upper -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[lower ..< upper])
    }
}

/// One predicate condition with its attribute name interned in the parser's dictionary, so finding
/// the attribute is a pointer comparison.
struct CompiledCondition {
    enum Test {
        case present
        case absent
        case equals([UInt8])
        case notEquals([UInt8])
    }
    let attribute: UnsafePointer<xmlChar>
    let test: Test

    init(_ c: XMLPath.Condition, intern: (String) -> UnsafePointer<xmlChar>) {
        attribute = intern(c.attribute)
        switch c.test {
        case .present: test = .present
        case .absent: test = .absent
        case .equals(let v): test = .equals(Array(v.utf8))
        case .notEquals(let v): test = .notEquals(Array(v.utf8))
        }
    }
}
