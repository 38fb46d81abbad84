import Foundation

/// Where a set's files come from (a folder, a zip): their names at the set's root, and each
/// file's bytes in chunks, so no file is ever held whole.
public protocol RosterSource {
    var fileNames: [String] { get }
    /// Warnings about the set as a whole, such as a zip with its files in a folder.
    var notes: [RosterIssue] { get }
    /// A file's size in bytes, where known, for progress.
    func size(of name: String) -> Int?
    func stream(_ name: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws
    /// The same set for a second thread to read at the same time (the check beside the plan).
    func secondReader() throws -> any RosterSource
}

extension RosterSource {
    public var notes: [RosterIssue] { [] }
    public func size(of name: String) -> Int? { nil }
    /// Most sources are read by any number of threads at once.
    public func secondReader() throws -> any RosterSource { self }
}

/// What a set's manifest says, checked against the files the set has.
public struct RosterManifest: Sendable, Codable, Equatable {
    public var version: OneRosterVersion
    public var modes: [RosterFile: RosterFileMode]
    public var systemName: String?
    public var systemCode: String?

    /// Reads `manifest.csv` when the set has one (a set without is OneRoster 1.0, every file bulk).
    public static func read(_ source: some RosterSource, issues: inout RosterIssueLog) throws -> RosterManifest? {
        let present = Set(source.fileNames)
        var manifest = RosterManifest(version: .v1_0, modes: [:])
        var properties: [String: (value: String, line: Int)] = [:]
        if present.contains("manifest.csv") {
            var header: [String]?
            var failed = false
            try RosterCSV.records(of: "manifest.csv", in: source, issues: &issues) { record, issues in
                guard let names = header else {
                    header = record.fields
                    if record.fields != ["propertyName", "value"] {
                        issues.add(RosterIssue(.error, "manifest-header", file: "manifest.csv", line: record.line,
                                               value: record.fields.joined(separator: ","), "The manifest's header is propertyName,value."))
                        failed = true
                    }
                    return
                }
                guard !failed, record.fields.count == names.count else { return }
                properties[record.fields[0]] = (record.fields[1], record.line)
            }
            if failed { return nil }
            guard let declared = properties["oneroster.version"] else {
                issues.add(RosterIssue(.error, "manifest-version", file: "manifest.csv", column: "oneroster.version",
                                       "The manifest does not say its OneRoster version."))
                return nil
            }
            switch declared.value {
            case "1.1": manifest.version = .v1_1
            case "1.2": manifest.version = .v1_2
            case "1.2.1":
                manifest.version = .v1_2
                issues.add(RosterIssue(.warning, "manifest-version", file: "manifest.csv", line: declared.line, column: "oneroster.version",
                                       value: declared.value, "1.2.1 sets say 1.2; read as 1.2."))
            default:
                issues.add(RosterIssue(.error, "manifest-version", file: "manifest.csv", line: declared.line, column: "oneroster.version",
                                       value: declared.value, "Pathwork reads OneRoster 1.1 and 1.2 (and 1.0 sets, which have no manifest)."))
                return nil
            }
            manifest.systemName = properties["source.systemName"]?.value
            manifest.systemCode = properties["source.systemCode"]?.value
        }
        for file in RosterFile.readingOrder where file.isIn(manifest.version) {
            let hint = properties["file.\(file.rawValue)"]
            let stated = hint.flatMap { RosterFileMode(rawValue: $0.value.lowercased()) }
            if let hint, stated == nil {
                issues.add(RosterIssue(.error, "manifest-mode", file: "manifest.csv", line: hint.line, column: "file.\(file.rawValue)",
                                       value: hint.value, "Say absent, bulk or delta."))
                return nil
            }
            let has = present.contains(file.fileName)
            switch (stated, has) {
            case (.bulk?, true), (.delta?, true):
                manifest.modes[file] = stated
            case (.bulk?, false), (.delta?, false):
                issues.add(RosterIssue(.warning, "manifest-disagrees", file: "manifest.csv", line: hint?.line, column: "file.\(file.rawValue)",
                                       value: hint?.value, "The manifest lists \(file.fileName), which the set does not have; read as absent."))
            case (.absent?, true), (nil, true):
                manifest.modes[file] = .bulk
                if present.contains("manifest.csv") {
                    issues.add(RosterIssue(.warning, "manifest-disagrees", file: "manifest.csv", line: hint?.line, column: "file.\(file.rawValue)",
                                           value: hint?.value, "The set has \(file.fileName), which the manifest does not list; read as bulk."))
                }
            case (.absent?, false), (nil, false):
                break
            }
        }
        for name in present.sorted() where name != "manifest.csv" && !RosterFile.allCases.contains(where: { $0.fileName == name }) {
            let why = RosterFile.unused.contains(name) ? "Pathwork does not use this file; it is read past."
                : name == "roles.csv" ? "roles.csv is a file of OneRoster 1.2; this set is \(manifest.version.rawValue)."
                : "Not a file of the OneRoster CSV binding; it is read past."
            issues.add(RosterIssue(.warning, "file-unused", file: name, why))
        }
        return manifest
    }
}

/// Reading one file's CSV records from a source.
public enum RosterCSV {
    /// Hands over each record; a syntax error ends the file and is reported at its line.
    public static func records(of name: String, in source: some RosterSource, issues: inout RosterIssueLog,
                               progress: (Int) -> Void = { _ in }, _ body: (CSVRecord, inout RosterIssueLog) throws -> Void) throws {
        var reader = CSVRecordReader()
        var done = 0
        do {
            try source.stream(name) { chunk in
                try reader.read(chunk) { try body($0, &issues) }
                done += chunk.count
                progress(done)
            }
            try reader.finish { try body($0, &issues) }
        } catch let error as CSVSyntaxError {
            issues.add(RosterIssue(.error, "csv-syntax", file: name, line: error.line, column: "field \(error.field)", error.message))
        }
    }
}
