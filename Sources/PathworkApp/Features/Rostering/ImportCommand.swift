import Fluent
import Foundation
import PathworkDomain
import Vapor

/// `pathwork import oneroster PATH --district S [--dry-run]`: reads a OneRoster set (a folder or
/// a zip) file by file with a progress line for each, checks every row against the binding and
/// the set against itself, plans it against the district, and prints the report: per file its
/// mode and rows, what would be added, changed, ended and left alone, then each error and
/// warning at its file, line and column. Without `--dry-run` a set without errors is applied,
/// all of it or nothing (`RosterApply`). Later features add formats of their own
/// (`app.importFormats`): student files such as the Clearinghouse's.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "format", help: "oneroster, or a student file: clearinghouse, financial-aid, exits") var format: String
        @Argument(name: "path", help: "A folder of OneRoster CSV files or a .zip; a student file's .csv") var path: String
        @Option(name: "district", help: "District slug") var district: String?
        @Flag(name: "dry-run", help: "Check the set and print what it would change, writing nothing") var dryRun: Bool
    }

    var help: String { "Checks and applies a OneRoster 1.0, 1.1 or 1.2 CSV set or a student file: import FORMAT PATH --district S [--dry-run]" }

    /// A format a later feature imports: given the console, the file, the district and whether
    /// this is a dry run.
    typealias Format = @Sendable (CommandContext, String, District, Bool) async throws -> Void

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let others = app.importFormats
        guard signature.format == "oneroster" || others[signature.format] != nil else {
            throw CommandFailure("unknown format '\(signature.format)'; use \((["oneroster"] + others.keys.sorted()).joined(separator: ", "))")
        }
        guard let slug = signature.district else { throw CommandFailure("--district is required") }
        try await app.prepareDatabase()
        try await app.autoMigrate()
        guard let district = try await District.query(on: app.db).filter(\.$slug == slug).first() else {
            throw CommandFailure("--district: no district '\(slug)'")
        }
        if let format = others[signature.format] { return try await format(context, signature.path, district, signature.dryRun) }
        let source = try RosterSources.open(signature.path)
        let console = context.console
        let progress = RosterProgress(console: console, source: source)
        let reporting = ProgressSource(base: source, progress: progress)
        let name = URL(fileURLWithPath: signature.path).lastPathComponent
        let sha256 = try RosterApply.sha256(of: signature.path)
        // Reading and staging run on the long-work connection, whose commits skip the disk
        // flush: staging rows are disposable until the one change that applies them.
        let db = app.pathwork.longWorkDatabase(or: app.db)
        let outcome = signature.dryRun
            ? try await RosterApply.preview(reporting, fileName: name, sha256: sha256, district: district, db: db, now: app.pathwork.clock.now())
            : try await RosterApply.apply(reporting, fileName: name, sha256: sha256, district: district,
                                          actor: .system("cli", districtID: district.id), db: db, services: app.pathwork)
        progress.end()
        console.print(RosterReport.text(outcome))
        guard outcome.canApply else { throw CommandFailure("the set has errors; fix them and check it again") }
        if !signature.dryRun {
            console.print(outcome.importID == nil ? "Nothing to change: the district already holds this set." : "Applied (import \(outcome.importID!)).")
        }
    }
}

/// A progress bar per file, redrawn in place as the plan reads it (the check reads beside it).
final class RosterProgress: @unchecked Sendable {
    private let console: any Console
    private let source: any RosterSource
    private let lock = NSLock()
    private var shown = "", current = ""
    private let clock = ContinuousClock()
    private var started = ContinuousClock.now

    init(console: any Console, source: any RosterSource) { (self.console, self.source) = (console, source) }

    /// Ends the current file's bar with how long the file took (its reading and what was done
    /// with its rows).
    private func finishLine() {
        guard !current.isEmpty else { return }
        let elapsed = clock.now - started
        console.print(" \(elapsed.components.seconds).\(elapsed.components.attoseconds / 100_000_000_000_000_000) s")
    }

    func read(_ file: String, _ done: Int) {
        lock.withLock {
            if file != current {
                finishLine()
                started = clock.now
            }
            current = file
            let line = RosterReport.progress(file: file, done: done, size: source.size(of: file))
            if line != shown { console.output(line.consoleText(), newLine: false); shown = line }
        }
    }

    func end() { lock.withLock { finishLine(); current = "" } }
}

/// A source that reports how far each file has been read.
struct ProgressSource: RosterSource {
    let base: any RosterSource
    let progress: RosterProgress
    var fileNames: [String] { base.fileNames }
    var notes: [RosterIssue] { base.notes }
    func size(of name: String) -> Int? { base.size(of: name) }
    /// Without progress: the bars follow the plan, the longer of the two readings.
    func secondReader() throws -> any RosterSource { try base.secondReader() }
    func stream(_ name: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        var done = 0
        try base.stream(name) { bytes in
            try chunk(bytes)
            done += bytes.count
            progress.read(name, done)
        }
    }
}

/// The words of an import's report, shared by the command and the import page.
enum RosterReport {
    /// One file's progress as a bar that redraws in place (a carriage return, no newline).
    static func progress(file: String, done: Int, size: Int?) -> String {
        guard let size, size > 0 else { return "\r\(file): \(done / 1_048_576) MB read" }
        let filled = min(30, done * 30 / size)
        return "\r\(file) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: 30 - filled))] \(min(100, done * 100 / size))%"
    }

    static func text(_ outcome: RosterOutcome) -> String {
        var lines = [text(outcome.check)]
        if let plan = outcome.plan {
            lines.append("Against the district:")
            for file in RosterFile.readingOrder.map(\.fileName) {
                guard let counts = plan.counts[file] else { continue }
                lines.append("  \(file): \(counts.add) to add, \(counts.change) to change, \(counts.end) to end, \(counts.same) unchanged"
                             + (counts.leftOut > 0 ? ", \(counts.leftOut) left out" : ""))
            }
            for issue in plan.issues.listed { lines.append("  " + issue.description) }
            for more in plan.issues.unlisted {
                lines.append("  … and \(more.count) more \(more.severity.rawValue)s of kind \(more.kind) in \(more.file)")
            }
            if plan.issues.errorCount > 0 {
                lines.append("\(plan.issues.errorCount) errors against the district: the set cannot be applied until they are fixed.")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func text(_ check: RosterCheck) -> String {
        var lines: [String] = []
        if let manifest = check.manifest {
            lines.append("OneRoster \(manifest.version.rawValue) set\(manifest.systemName.map { " from \($0)" } ?? "")")
        }
        for file in check.files {
            var line = "  \(file.file) (\(file.mode.rawValue)): \(file.rows) row\(file.rows == 1 ? "" : "s")"
            if file.ending > 0 { line += ", \(file.ending) ending their record" }
            if file.refused > 0 { line += ", \(file.refused) refused" }
            if !file.metadataColumns.isEmpty { line += "; kept: \(file.metadataColumns.joined(separator: ", "))" }
            lines.append(line)
        }
        for issue in check.issues.listed { lines.append("  " + issue.description) }
        for more in check.issues.unlisted {
            lines.append("  … and \(more.count) more \(more.severity.rawValue)s of kind \(more.kind) in \(more.file)")
        }
        lines.append(verdict(check))
        return lines.joined(separator: "\n")
    }

    static func verdict(_ check: RosterCheck) -> String {
        let verdict = check.canApply ? "the set can be applied" : "the set cannot be applied until its errors are fixed"
        return "\(check.issues.errorCount) errors, \(check.issues.warningCount) warnings: \(verdict)."
    }
}

extension Application {
    private struct ImportFormatsKey: StorageKey { typealias Value = [String: ImportCommand.Format] }

    /// The formats `pathwork import` takes beside OneRoster, by name.
    var importFormats: [String: ImportCommand.Format] {
        get { storage[ImportFormatsKey.self] ?? [:] }
        set { storage[ImportFormatsKey.self] = newValue }
    }
}
