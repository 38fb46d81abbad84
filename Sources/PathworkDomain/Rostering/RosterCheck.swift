import Foundation

/// A whole set read and checked, file by file in `RosterFile.readingOrder`, each row handed on
/// as it is read: syntax, header, values, duplicate `sourcedId`s, and references that name no
/// record of the set (nor one already known, for what the set does not supply). Ids are kept
/// as 64-bit hashes, so a million users and six million enrollments are checked in tens of
/// megabytes rather than gigabytes.
public struct RosterCheck: Sendable, Codable {
    public struct FileSummary: Sendable, Codable, Equatable {
        public var file: String
        public var mode: RosterFileMode
        public var rows = 0
        public var ending = 0
        public var refused = 0
        public var metadataColumns: [String] = []
    }

    public var manifest: RosterManifest?
    public var files: [FileSummary] = []
    public var issues = RosterIssueLog()

    public var canApply: Bool { manifest != nil && issues.errorCount == 0 }

    /// A reference to a record the set does not define, waiting to be looked for in the district.
    struct Outside { let target: RosterFile; let value: String; let line: Int; let column: String }

    /// Checks the set, handing each row that passes to `row`. `known` says which of some records
    /// the set refers to but does not define are already in the district; it is asked a thousand
    /// at a time (a delta of ten thousand users names a district's records ten thousand times).
    /// A row whose reference turns out to name nothing has been handed on already; the error
    /// still stops the set from being applied.
    public static func run(_ source: some RosterSource, known: (RosterFile, [String]) throws -> Set<String> = { _, _ in [] },
                           progress: (_ file: String, _ bytesRead: Int) -> Void = { _, _ in },
                           row: (RosterRow) throws -> Void = { _ in }) throws -> RosterCheck {
        var check = RosterCheck()
        check.issues.add(source.notes)
        guard let manifest = try RosterManifest.read(source, issues: &check.issues) else { return check }
        check.manifest = manifest
        var defined: [RosterFile: Set<Int>] = [:]
        var people = PeopleNames()
        let referenced = Set(RosterFile.allCases.flatMap { $0.columns.compactMap(\.references) } + [.users])
        for file in RosterFile.readingOrder {
            guard let mode = manifest.modes[file] else { continue }
            var summary = FileSummary(file: file.fileName, mode: mode)
            var ids = Set<Int>()
            var later: [(id: String, line: Int, column: String)] = []
            var outside: [Outside] = []
            func lookOutside(_ issues: inout RosterIssueLog) throws {
                for (target, references) in Dictionary(grouping: outside, by: \.target) {
                    let found = try known(target, Array(Set(references.map(\.value))))
                    for reference in references where !found.contains(reference.value) {
                        let what = reference.column == "sourcedId" && file == .demographics
                            ? "Demographics are a user's: this sourcedId names no user of the set."
                            : "Names no record of \(target.fileName) in this set\(mode == .delta ? " or the district" : "")."
                        issues.add(RosterIssue(.error, "reference-dangling", file: file.fileName, line: reference.line, column: reference.column,
                                               value: reference.value, what))
                        summary.refused += 1
                    }
                }
                outside = []
            }
            var table: RosterTable?
            var headerRead = false
            // The columns naming records of other files, found once rather than for every row.
            let references = file.columns.enumerated().compactMap { index, column in
                column.references.map { (index: index, name: column.name, isList: column.value == .ids, target: $0) }
            }
            try RosterCSV.records(of: file.fileName, in: source, issues: &check.issues, progress: { progress(file.fileName, $0) }) { record, issues in
                guard headerRead else {
                    headerRead = true
                    table = RosterTable.read(header: record, file: file, version: manifest.version, mode: mode, issues: &issues)
                    summary.metadataColumns = table?.metadataColumns ?? []
                    return
                }
                guard let table else { return }
                summary.rows += 1
                guard let parsed = table.row(record, issues: &issues) else { summary.refused += 1; return }
                if !ids.insert(parsed.sourcedId.hashValue).inserted {
                    issues.add(RosterIssue(.error, "id-repeated", file: file.fileName, line: record.line, column: "sourcedId",
                                           value: parsed.sourcedId, "Another row of \(file.fileName) has this sourcedId."))
                    summary.refused += 1
                    return
                }
                for column in references {
                    let text = parsed.values[column.index]
                    let values = column.isList ? parsed.list(column.name) : (text.isEmpty ? [] : [text])
                    let target = column.target
                    for value in values {
                        if target == file { later.append((value, record.line, column.name)); continue }
                        if defined[target]?.contains(value.hashValue) == true { continue }
                        outside.append(Outside(target: target, value: value, line: record.line, column: column.name))
                    }
                }
                if file == .demographics, defined[.users]?.contains(parsed.sourcedId.hashValue) != true {
                    outside.append(Outside(target: .users, value: parsed.sourcedId, line: record.line, column: "sourcedId"))
                }
                if outside.count >= 1000 { try lookOutside(&issues) }
                if file == .users, !parsed.isEnding { people.note(parsed, issues: &issues) }
                if parsed.isEnding { summary.ending += 1 }
                try row(parsed)
            }
            try lookOutside(&check.issues)
            let unresolved = later.filter { !ids.contains($0.id.hashValue) }
            var found = Set<String>()
            let asked = Array(Set(unresolved.map(\.id)))
            for start in stride(from: 0, to: asked.count, by: 1000) {
                found.formUnion(try known(file, Array(asked[start..<min(start + 1000, asked.count)])))
            }
            for reference in unresolved where !found.contains(reference.id) {
                check.issues.add(RosterIssue(.error, "reference-dangling", file: file.fileName, line: reference.line, column: reference.column,
                                             value: reference.id, "Names no record of \(file.fileName) in this set."))
            }
            if !headerRead {
                check.issues.add(RosterIssue(.error, "file-empty", file: file.fileName, "The file has no header."))
            }
            // Kept only for what later files refer to, and names only while users are read:
            // the check runs beside the plan, so its memory adds to the plan's.
            if referenced.contains(file) { defined[file] = ids }
            if file == .users { people = PeopleNames() }
            check.files.append(summary)
        }
        return check
    }
}

/// Usernames and emails seen so far, so two users sharing one are reported, never joined.
struct PeopleNames {
    private var usernames: [Int: Int] = [:]
    private var emails: [Int: Int] = [:]

    mutating func note(_ user: RosterRow, issues: inout RosterIssueLog) {
        let username = user["username"]
        if !username.isEmpty, let first = usernames[username.hashValue] {
            issues.add(RosterIssue(.warning, "username-shared", file: "users.csv", line: user.line, column: "username", value: username,
                                   "Line \(first) has the same username with another sourcedId; both are kept as different people."))
        } else if !username.isEmpty {
            usernames[username.hashValue] = user.line
        }
        let email = user["email"].lowercased()
        if !email.isEmpty, let first = emails[email.hashValue] {
            issues.add(RosterIssue(.error, "email-shared", file: "users.csv", line: user.line, column: "email", value: user["email"],
                                   "Line \(first) has the same email with another sourcedId: Pathwork signs people in by email, so one must change."))
        } else if !email.isEmpty {
            emails[email.hashValue] = user.line
        }
    }
}
