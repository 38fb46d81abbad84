import Foundation

/// Something an import found in a set, where it is: the file, the line and the column (by its
/// header name), with the value at fault. Errors stop a set from being applied; warnings are
/// normalized or kept and reported.
public struct RosterIssue: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }

    /// A short, stable name for what kind of issue this is, for counting in the report.
    public var kind: String
    public var severity: Severity
    public var file: String
    public var line: Int?
    public var column: String?
    public var value: String?
    public var message: String

    public init(_ severity: Severity, _ kind: String, file: String, line: Int? = nil, column: String? = nil, value: String? = nil, _ message: String) {
        self.severity = severity
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }

    public var description: String {
        var place = file
        if let line { place += ", line \(line)" }
        if let column { place += ", column \(column)" }
        let shown = value.map { " (\"\($0.count > 60 ? String($0.prefix(60)) + "…" : $0)\")" } ?? ""
        return "\(severity.rawValue): \(place)\(shown): \(message)"
    }
}

/// Issues as a report keeps them: every one counted by file and kind, the first few of each
/// listed, so a set with a million bad rows still gives a report of a readable size.
public struct RosterIssueLog: Sendable, Codable {
    public static let listedPerKind = 20

    public private(set) var listed: [RosterIssue] = []
    /// "file kind severity" → how many.
    public private(set) var counts: [String: Int] = [:]
    public private(set) var errorCount = 0
    public private(set) var warningCount = 0

    public init() {}

    public mutating func add(_ issue: RosterIssue) {
        let key = "\(issue.file) \(issue.kind) \(issue.severity.rawValue)"
        let seen = counts[key, default: 0]
        counts[key] = seen + 1
        if seen < Self.listedPerKind { listed.append(issue) }
        if issue.severity == .error { errorCount += 1 } else { warningCount += 1 }
    }

    public mutating func add(_ issues: [RosterIssue]) { for issue in issues { add(issue) } }

    /// How many issues of each kind were not listed.
    public var unlisted: [(file: String, kind: String, severity: RosterIssue.Severity, count: Int)] {
        counts.compactMap { key, count in
            guard count > Self.listedPerKind else { return nil }
            let parts = key.split(separator: " ").map(String.init)
            return (parts[0], parts[1], RosterIssue.Severity(rawValue: parts[2]) ?? .error, count - Self.listedPerKind)
        }.sorted { ($0.file, $0.kind) < ($1.file, $1.kind) }
    }
}
