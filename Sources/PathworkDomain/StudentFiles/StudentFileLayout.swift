/// A column a student file is read by: its name in Pathwork's documentation and the other
/// header names senders use for it. Columns are found by header, never by position, with case,
/// spaces and punctuation ignored ("2-year / 4-year" is "2year4year").
public struct StudentFileColumn: Sendable, Equatable {
    public let name: String
    public let aliases: [String]
    public let required: Bool

    public init(_ name: String, aliases: [String] = [], required: Bool = true) { self.name = name; self.aliases = aliases; self.required = required }

    static func key(_ header: String) -> String { String(header.lowercased().filter { $0.isLetter || $0.isNumber }) }
}

/// Where each known column is in one file, read from its header line.
public struct StudentFileHeader: Sendable {
    /// The columns found, with their positions and the length of their names. A line's dozen
    /// lookups by name were a dictionary's dozen string hashes, the largest share of reading a
    /// million-line file; comparing lengths, then the name (the same constant, so equal at
    /// once), finds the same position for much less.
    private let found: [(length: Int, name: String, position: Int)]
    public let file: String

    init(positions: [String: Int], file: String) {
        found = positions.map { ($0.key.utf8.count, $0.key, $0.value) }
        self.file = file
    }

    /// Where `column` is in the file's lines; nil when the header has no such column.
    func position(_ column: String) -> Int? {
        let length = column.utf8.count
        return found.first { $0.length == length && $0.name == column }?.position
    }

    /// Nil (with an error naming each missing column) when a required column is absent.
    public static func read(_ record: CSVRecord, columns: [StudentFileColumn], file: String, issues: inout RosterIssueLog) -> StudentFileHeader? {
        let positions = locate(record.fields, columns)
        var complete = true
        for column in columns where column.required && positions[column.name] == nil {
            complete = false
            issues.add(RosterIssue(.error, "missingColumn", file: file, line: record.line, column: column.name,
                                   "The header has no \(column.name) column\(column.aliases.isEmpty ? "" : " (or \(column.aliases.joined(separator: ", ")))")."))
        }
        return complete ? StudentFileHeader(positions: positions, file: file) : nil
    }

    /// Which of a header's fields are the columns' (for `CSVRecordReader`, which keeps only those).
    public static func kept(_ header: [String], columns: [StudentFileColumn]) -> [Bool] {
        let positions = Set(locate(header, columns).values)
        return header.indices.map(positions.contains)
    }

    /// Each column found in the header, by name, at its position.
    private static func locate(_ header: [String], _ columns: [StudentFileColumn]) -> [String: Int] {
        let keys = Dictionary(header.enumerated().map { (StudentFileColumn.key($0.element), $0.offset) }, uniquingKeysWith: { first, _ in first })
        var found: [String: Int] = [:]
        for column in columns {
            found[column.name] = ([column.name] + column.aliases).lazy.compactMap { keys[StudentFileColumn.key($0)] }.first
        }
        return found
    }

    public func has(_ column: String) -> Bool { position(column) != nil }
}

/// One data line of a student file, read column by column; what cannot be read is an issue at
/// its line and column, and the reader gets nil.
public struct StudentFileRow {
    public let record: CSVRecord
    public let header: StudentFileHeader

    public init(_ record: CSVRecord, header: StudentFileHeader) { self.record = record; self.header = header }

    public var line: Int { record.line }

    /// The column's value, trimmed; empty when the column or the value is absent.
    public func text(_ column: String) -> String {
        guard let position = header.position(column), position < record.fields.count else { return "" }
        return record.fields[position].trimmingWhitespace
    }

    public func error(_ column: String?, _ kind: String, value: String? = nil, _ message: String, into issues: inout RosterIssueLog) {
        issues.add(RosterIssue(.error, kind, file: header.file, line: line, column: column, value: value, message))
    }

    public func warning(_ column: String?, _ kind: String, value: String? = nil, _ message: String, into issues: inout RosterIssueLog) {
        issues.add(RosterIssue(.warning, kind, file: header.file, line: line, column: column, value: value, message))
    }

    public func required(_ column: String, _ issues: inout RosterIssueLog) -> String? {
        let value = text(column)
        if value.isEmpty { error(column, "required", "\(column) is required.", into: &issues); return nil }
        return value
    }

    /// A date as `YYYYMMDD` (the Clearinghouse's form) or `YYYY-MM-DD`; `.some(nil)` when blank.
    public func date(_ column: String, required: Bool, _ issues: inout RosterIssueLog) -> CalendarDate?? {
        let value = text(column)
        if value.isEmpty {
            if required { error(column, "required", "\(column) is required.", into: &issues); return nil }
            return .some(nil)
        }
        if let date = Self.date(value) { return .some(date) }
        error(column, "date", value: value, "\(column) must be a date as YYYYMMDD or YYYY-MM-DD.", into: &issues)
        return nil
    }

    public static func date(_ value: String) -> CalendarDate? {
        let bytes = value.utf8
        guard bytes.count == 8 else { return CalendarDate(iso: value) }
        // Read as bytes: a million-line file has two or three dates a line.
        var digits = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            digits = digits * 10 + Int(digit)
        }
        return CalendarDate(year: digits / 10_000, month: digits / 100 % 100, day: digits % 100)
    }

    /// A four-digit year from 1990 to 2100.
    public func year(_ column: String, _ issues: inout RosterIssueLog) -> Int? {
        guard let value = required(column, &issues) else { return nil }
        guard value.count == 4, let year = Int(value), (1990...2100).contains(year) else {
            error(column, "year", value: value, "\(column) must be a four-digit year.", into: &issues)
            return nil
        }
        return year
    }

    /// One of `choices` (case ignored), or nil with an error listing them.
    public func choice<T>(_ column: String, _ choices: [(String, T)], required: Bool, _ issues: inout RosterIssueLog) -> T?? {
        let value = text(column)
        if value.isEmpty {
            if required { error(column, "required", "\(column) is required.", into: &issues); return nil }
            return .some(nil)
        }
        if let found = choices.first(where: { $0.0 == value }) { return .some(found.1) }
        let lowered = value.lowercased()
        if let found = choices.first(where: { $0.0.lowercased() == lowered }) { return .some(found.1) }
        error(column, "value", value: value, "\(column) must be one of \(choices.map(\.0).joined(separator: ", ")).", into: &issues)
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
