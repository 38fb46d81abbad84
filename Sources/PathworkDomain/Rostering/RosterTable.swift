import Foundation

/// One row of a OneRoster file, its values normalized and placed by column (`RosterFile.columns`
/// order; "" where the file has no such column or the row no value), with its `metadata.*` values.
public struct RosterRow: Sendable, Equatable {
    public let file: RosterFile
    public let line: Int
    public var values: [String]
    public var metadata: [String: String]

    public subscript(_ name: String) -> String {
        guard let index = file.columnIndex[name] else { return "" }
        return values[index]
    }

    /// A list column's items.
    public func list(_ name: String) -> [String] {
        let text = self[name]
        return text.isEmpty ? [] : text.split(separator: ",").map(String.init)
    }

    public var sourcedId: String { values[0] }
    /// Whether a delta row (or an `inactive` one) ends its record rather than stating it.
    public var isEnding: Bool { values[1] == "tobedeleted" }
}

extension RosterFile {
    /// Column positions by name.
    public var columnIndex: [String: Int] { Self.indexes[place] }

    private static let indexes: [[String: Int]] = allCases.map { file in
        Dictionary(uniqueKeysWithValues: file.columns.enumerated().map { ($1.name, $0) })
    }
}

/// A file's header read against the binding: which field holds which column. Reading a row
/// then checks and normalizes each value, and reports each problem at its line and column.
public struct RosterTable: Sendable {
    enum Slot: Sendable { case column(Int), metadata(String), ignored }

    public let file: RosterFile
    public let version: OneRosterVersion
    public let mode: RosterFileMode
    let slots: [Slot]
    public var metadataColumns: [String] { slots.compactMap { if case .metadata(let name) = $0 { name } else { nil } } }

    /// The table, or nil when the header lacks a column the version requires (each one reported).
    public static func read(header: CSVRecord, file: RosterFile, version: OneRosterVersion, mode: RosterFileMode,
                            issues: inout RosterIssueLog) -> RosterTable? {
        let columns = file.columns
        let exact = file.columnIndex
        let folded = Dictionary(columns.enumerated().map { ($1.name.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
        var slots: [Slot] = []
        var seen = Set<Int>()
        var fatal = false
        for name in header.fields {
            var problem: (severity: RosterIssue.Severity, kind: String, message: String)?
            defer {
                if let problem {
                    issues.add(RosterIssue(problem.severity, problem.kind, file: file.fileName, line: header.line, column: name, problem.message))
                }
            }
            if name.hasPrefix("metadata.") {
                slots.append(.metadata(name)); continue
            }
            var index = exact[name] ?? file.formerNames[name].flatMap { exact[$0] }
            if index == nil, let variant = folded[name.lowercased()] {
                index = variant
                problem = (.warning, "header-case", "The binding spells this header \(columns[variant].name); read as that.")
            }
            guard let found = index else {
                problem = (.warning, "column-unknown", "Not a column of \(file.fileName) in OneRoster \(version.rawValue); ignored.")
                slots.append(.ignored); continue
            }
            guard columns[found].definedIn.contains(version) else {
                problem = (.warning, "column-other-version", "Not a column of \(file.fileName) in OneRoster \(version.rawValue); ignored.")
                slots.append(.ignored); continue
            }
            guard seen.insert(found).inserted else {
                problem = (.error, "column-repeated", "This column appears twice in the header.")
                fatal = true
                slots.append(.ignored); continue
            }
            slots.append(.column(found))
        }
        for (index, column) in columns.enumerated() where column.requiredIn.contains(version) && !seen.contains(index) {
            issues.add(RosterIssue(.error, "column-missing", file: file.fileName, line: header.line, column: column.name,
                                   "OneRoster \(version.rawValue) requires this column in \(file.fileName)."))
            fatal = true
        }
        return fatal ? nil : RosterTable(file: file, version: version, mode: mode, slots: slots)
    }

    /// The row, or nil when it has an error (each one reported); warnings are reported and the
    /// value normalized.
    public func row(_ record: CSVRecord, issues: inout RosterIssueLog) -> RosterRow? {
        let columns = file.columns
        guard record.fields.count == slots.count else {
            issues.add(RosterIssue(.error, "row-width", file: file.fileName, line: record.line,
                                   "This row has \(record.fields.count) fields; the header has \(slots.count)."))
            return nil
        }
        var values = Array(repeating: "", count: columns.count)
        var metadata: [String: String] = [:]
        var failed = false
        for (slot, text) in zip(slots, record.fields) {
            switch slot {
            case .ignored: continue
            case .metadata(let name): if !text.isEmpty { metadata[name] = text }
            case .column(let index):
                let column = columns[index]
                let (value, problems) = RosterValues.normalize(text, as: column.value)
                values[index] = value
                var found = problems
                if value.isEmpty, text.isEmpty, column.mustHaveValue {
                    found.append(.init(severity: .error, kind: "value-missing", message: "This column needs a value."))
                }
                for problem in found {
                    issues.add(RosterIssue(problem.severity, problem.kind, file: file.fileName, line: record.line, column: column.name,
                                           value: text, problem.message))
                    if problem.severity == .error { failed = true }
                }
            }
        }
        checkStatus(&values, record: record, issues: &issues, failed: &failed)
        return failed ? nil : RosterRow(file: file, line: record.line, values: values, metadata: metadata)
    }

    /// Bulk rows leave `status` and `dateLastModified` empty; delta rows give both.
    private func checkStatus(_ values: inout [String], record: CSVRecord, issues: inout RosterIssueLog, failed: inout Bool) {
        let name = file.fileName
        switch mode {
        case .delta:
            if values[1].isEmpty {
                issues.add(RosterIssue(.error, "status-missing", file: name, line: record.line, column: "status",
                                       "A delta row says whether its record is active or tobedeleted."))
                failed = true
            }
            if values[2].isEmpty {
                issues.add(RosterIssue(.error, "value-missing", file: name, line: record.line, column: "dateLastModified",
                                       "A delta row says when its record last changed."))
                failed = true
            }
        case .bulk, .absent:
            if values[1] == "tobedeleted" {
                issues.add(RosterIssue(.warning, "bulk-ended-row", file: name, line: record.line, column: "status", value: values[1],
                                       "A bulk set leaves out what is gone; this row is read as ending its record."))
            }
        }
    }
}

extension RosterTable {
    /// Each row of one file that reads without an error, for work after a set's check (its
    /// issues were reported by the check; a row with an error is passed over here).
    public static func rows(of file: RosterFile, in source: some RosterSource, manifest: RosterManifest,
                            _ body: (RosterRow) throws -> Void) throws {
        guard let mode = manifest.modes[file] else { return }
        var issues = RosterIssueLog()
        var table: RosterTable?
        var headerRead = false
        try RosterCSV.records(of: file.fileName, in: source, issues: &issues) { record, issues in
            guard headerRead else {
                headerRead = true
                table = RosterTable.read(header: record, file: file, version: manifest.version, mode: mode, issues: &issues)
                return
            }
            if let row = table?.row(record, issues: &issues) { try body(row) }
        }
    }
}
