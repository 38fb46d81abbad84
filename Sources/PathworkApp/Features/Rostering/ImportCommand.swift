import Fluent
import Foundation
import PathworkDomain
import Vapor

/// `pathwork import oneroster PATH --district S --dry-run`: reads a OneRoster set (a folder or a
/// zip) file by file with a progress line for each, checks every row against the binding and
/// the set against itself, and prints the report: per file its mode and rows, then each error
/// and warning at its file, line and column. Nothing is written.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "format", help: "oneroster") var format: String
        @Argument(name: "path", help: "A folder of OneRoster CSV files or a .zip") var path: String
        @Option(name: "district", help: "District slug") var district: String?
        @Flag(name: "dry-run", help: "Check the set and print the report without writing anything") var dryRun: Bool
    }

    var help: String { "Checks a OneRoster 1.0, 1.1 or 1.2 CSV set: import oneroster PATH --district S --dry-run" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.format == "oneroster" else { throw CommandFailure("unknown format '\(signature.format)'; use 'oneroster'") }
        guard let slug = signature.district else { throw CommandFailure("--district is required") }
        guard signature.dryRun else {
            throw CommandFailure("this version checks a set (--dry-run) and does not yet apply one; run it with --dry-run")
        }
        let app = context.application
        try await app.prepareDatabase()
        try await app.autoMigrate()
        guard try await District.query(on: app.db).filter(\.$slug == slug).first() != nil else {
            throw CommandFailure("--district: no district '\(slug)'")
        }
        let source = try RosterSources.open(signature.path)
        let console = context.console
        var shown = "", current = ""
        let check = try RosterCheck.run(source, progress: { file, done in
            if file != current, !current.isEmpty { console.print("") }
            current = file
            let line = RosterReport.progress(file: file, done: done, size: source.size(of: file))
            if line != shown { console.output(line.consoleText(), newLine: false); shown = line }
        })
        if !current.isEmpty { console.print("") }
        console.print(RosterReport.text(check))
        if !check.canApply { throw CommandFailure("the set has errors; fix them and check it again") }
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
