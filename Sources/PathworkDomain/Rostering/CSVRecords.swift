import Foundation

/// A CSV record (RFC 4180) and the line of the file it starts on.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Why a file is not CSV, where: its line and the field's position in the record (1-based).
public struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var field: Int
    public var message: String

    public var description: String { "line \(line), field \(field): \(message)" }
}

/// Reads CSV records from bytes as they arrive, so a file of any size is read in a fixed amount
/// of memory. Strict where the OneRoster binding is (a carriage return inside a field, a quote
/// inside an unquoted field, text after a closing quote, a quote never closed, bytes that are
/// not UTF-8 are errors naming their line) and lenient where exports are (a byte-order mark,
/// CRLF or LF, no final newline, empty lines). Hand-written rather than a library because
/// the CSV readers on the mirror accept malformed quoting silently and report no positions.
public struct CSVRecordReader: Sendable {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterCR }

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    private var atFileStart = true
    private var bomBytes: [UInt8] = []
    private var recordHasContent = false
    /// Which fields of the records after the first (a header) are kept; nil keeps all.
    private var keeping: [Bool]?
    private let choosing: (@Sendable ([String]) -> [Bool])?

    /// `choosing`, given the first record's fields, says which fields of later records the
    /// reader wants: the others are checked as every field is (CSV, UTF-8) but handed over
    /// empty, not made into strings a million lines over (a StudentTracker file has 23 columns
    /// and Pathwork reads 14).
    public init(keepingAfterHeader choosing: (@Sendable ([String]) -> [Bool])? = nil) {
        self.choosing = choosing
    }

    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Reads the next bytes of the file, handing over each record they complete.
    public mutating func read(_ bytes: some Sequence<UInt8>, _ record: (CSVRecord) throws -> Void) throws {
        for byte in bytes {
            if atFileStart {
                // A byte-order mark is dropped; bytes that only began like one are data.
                if bomBytes.count < 3, byte == Self.bom[bomBytes.count] {
                    bomBytes.append(byte)
                    if bomBytes.count == 3 { atFileStart = false }
                    continue
                }
                atFileStart = false
                let pending = bomBytes
                bomBytes = []
                for earlier in pending { try step(earlier, record) }
            }
            try step(byte, record)
        }
    }

    /// Reads the next bytes of the file from memory: runs of ordinary bytes inside a field are
    /// copied at once rather than stepped through one by one.
    public mutating func read(_ bytes: UnsafeRawBufferPointer, _ record: (CSVRecord) throws -> Void) throws {
        var index = 0
        let count = bytes.count
        while index < count {
            if !atFileStart, state == .unquoted || state == .quoted {
                var end = index
                while end < count {
                    let byte = bytes[end]
                    if byte == Self.comma || byte == Self.quote || byte == Self.cr || byte == Self.lf { break }
                    end += 1
                }
                if end > index {
                    // Rebased, the run is one copy; as a slice it was copied byte by byte.
                    field.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
                    index = end
                    continue
                }
            }
            try read(CollectionOfOne(bytes[index]), record)
            index += 1
        }
    }

    /// Ends the file: hands over its last record, and refuses a quote left open.
    public mutating func finish(_ record: (CSVRecord) throws -> Void) throws {
        if atFileStart, !bomBytes.isEmpty {
            atFileStart = false
            let pending = bomBytes
            bomBytes = []
            for earlier in pending { try step(earlier, record) }
        }
        switch state {
        case .quoted:
            throw CSVSyntaxError(line: recordLine, field: fields.count + 1, message: "A quoted field is never closed.")
        case .afterCR:
            break
        case .fieldStart, .unquoted, .quoteInQuoted:
            if recordHasContent || !fields.isEmpty { try endRecord(record) }
        }
        state = .fieldStart
    }

    private mutating func step(_ byte: UInt8, _ record: (CSVRecord) throws -> Void) throws {
        switch state {
        case .afterCR:
            state = .fieldStart
            if byte == Self.lf { return }
            try step(byte, record)
        case .fieldStart:
            switch byte {
            case Self.quote: state = .quoted; recordHasContent = true
            case Self.comma: try endField(); recordHasContent = true
            case Self.cr: try endLine(record); state = .afterCR
            case Self.lf: try endLine(record)
            default: field.append(byte); state = .unquoted; recordHasContent = true
            }
        case .unquoted:
            switch byte {
            case Self.comma: try endField(); state = .fieldStart
            case Self.cr: try endLine(record); state = .afterCR
            case Self.lf: try endLine(record); state = .fieldStart
            case Self.quote:
                throw CSVSyntaxError(line: line, field: fields.count + 1,
                                     message: "A quote inside an unquoted field: quote the whole field and double the quote (\"\"\"\").")
            default: field.append(byte)
            }
        case .quoted:
            switch byte {
            case Self.quote: state = .quoteInQuoted
            case Self.cr:
                throw CSVSyntaxError(line: line, field: fields.count + 1, message: "A carriage return inside a field.")
            case Self.lf: field.append(byte); line += 1
            default: field.append(byte)
            }
        case .quoteInQuoted:
            switch byte {
            case Self.quote: field.append(byte); state = .quoted
            case Self.comma: try endField(); state = .fieldStart
            case Self.cr: try endLine(record); state = .afterCR
            case Self.lf: try endLine(record); state = .fieldStart
            default:
                throw CSVSyntaxError(line: line, field: fields.count + 1, message: "Text after a closing quote.")
            }
        }
    }

    private mutating func endField() throws {
        defer { field.removeAll(keepingCapacity: true) }
        let kept = keeping.map { fields.count < $0.count && $0[fields.count] } ?? true
        // ASCII is UTF-8 already: decoded without the general check, which cost a tenth of
        // reading a file of a million lines.
        if !field.contains(where: { $0 >= 0x80 }) {
            fields.append(kept ? String(decoding: field, as: UTF8.self) : "")
            return
        }
        guard let text = String(validating: field, as: UTF8.self) else {
            throw CSVSyntaxError(line: line, field: fields.count + 1, message: "This field is not UTF-8 text.")
        }
        fields.append(kept ? text : "")
    }

    private mutating func endLine(_ record: (CSVRecord) throws -> Void) throws {
        if recordHasContent || !fields.isEmpty { try endRecord(record) }
        line += 1
        recordLine = line
    }

    private mutating func endRecord(_ record: (CSVRecord) throws -> Void) throws {
        try endField()
        let done = CSVRecord(line: recordLine, fields: fields)
        if let choosing, keeping == nil { keeping = choosing(fields) }
        // A new array, not `removeAll(keepingCapacity:)`: the record shares this one, and
        // emptying a shared array copied its fields (retaining each) only to release them.
        let width = fields.count
        fields = []
        fields.reserveCapacity(width)
        recordHasContent = false
        try record(done)
    }
}
