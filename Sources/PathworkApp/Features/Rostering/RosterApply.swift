import Crypto
import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// What an import did or would do: the set's check, the plan against the district, and, when
/// it was applied, its id.
struct RosterOutcome: Codable, Sendable {
    var fileName: String
    var sha256: String
    var check: RosterCheck
    var plan: RosterPlan?
    var importID: UUID?

    var canApply: Bool { check.canApply && (plan?.issues.errorCount ?? 0) == 0 }
}

/// The audit row of an applied import: who is the actor; this is which set and what it did.
struct RosterImportSummary: Codable {
    var fileName: String
    var sha256: String
    var counts: [String: RosterPlan.Counts]
}

/// Checking, previewing and applying a set for a district, for the command and the page.
/// Applying is: check the set; plan it against the district, staging what differs (beside the
/// writer); then one change that copies the staged rows in, ends what the set ended, records
/// the import and its audit row. A failure or a `kill -9` before that change commits leaves the
/// district as it was (the staging rows are only ever read by that change); a set that changes
/// nothing writes nothing.
enum RosterApply {
    struct Busy: Error, AbortError {
        var status: HTTPResponseStatus { .conflict }
        var reason: String { "Another import of this district was applied while this one was being read; apply it again." }
    }

    /// The check and, when the set has no errors, the plan, with nothing written.
    static func preview(_ source: any RosterSource, fileName: String, sha256: String, district: District, db: any Database,
                        now: Date) async throws -> RosterOutcome {
        try await checkAndPlan(source, fileName: fileName, sha256: sha256, district: district, db: db, stage: nil, now: now)
    }

    /// Checks the set and plans it at the same time, on two cores: the plan starts from the
    /// manifest while the check reads the files on a thread of its own (a second reader of the
    /// set). The plan reads only rows that pass the check's per-row rules, and whatever it
    /// staged for a set the check refuses is emptied by the caller: the outcome has no plan then.
    private static func checkAndPlan(_ source: any RosterSource, fileName: String, sha256: String, district: District, db: any Database,
                                     stage: RosterStage?, now: Date) async throws -> RosterOutcome {
        let districtID = try district.requireID()
        let second = SourceHandoff(source: try source.secondReader())
        let checking = Task { try await check(second.source, districtID: districtID, db: db) }
        var manifestIssues = RosterIssueLog()
        guard let manifest = (try? RosterManifest.read(source, issues: &manifestIssues)) ?? nil else {
            return RosterOutcome(fileName: fileName, sha256: sha256, check: try await checking.value)
        }
        let planner = RosterPlanner(districtID: districtID, slug: district.slug, source: source, manifest: manifest, db: db, stage: stage,
                                    now: now, today: today(district, now))
        let planning = Task { try await planner.run() }
        func stopPlanning() async {
            planning.cancel()
            _ = try? await planning.value
        }
        let checked: RosterCheck
        do {
            checked = try await checking.value
        } catch {
            await stopPlanning()
            throw error
        }
        var outcome = RosterOutcome(fileName: fileName, sha256: sha256, check: checked)
        guard outcome.check.manifest != nil, outcome.check.canApply else {
            await stopPlanning()
            return outcome
        }
        outcome.plan = try await planning.value
        return outcome
    }

    /// A set planned and staged, waiting for its change.
    struct Staged: Sendable {
        var outcome: RosterOutcome
        let importID: UUID
        let rows: Int
        /// The tables it fills with many rows, and how many, analyzed once it is applied.
        let filling: [String: Int]
        /// The district's latest import when planning began: the plan compared against that.
        let after: UUID?
        let districtID: UUID
        let today: String
        let now: Date
    }

    /// Applies the set when it can be applied; the outcome says what was done (no `importID`:
    /// nothing was, for errors or for nothing to change). One import at a time in this process:
    /// a second waits for the first, then finds what the first applied.
    static func apply(_ source: any RosterSource, fileName: String, sha256: String, district: District, actor: Actor, db: any Database,
                      services: PathworkServices) async throws -> RosterOutcome {
        let handoff = SourceHandoff(source: source)
        return try await turns.run(key: "roster-import") {
            try await RosterStage.empty(on: db)
            let (planned, staged) = try await stage(handoff.source, fileName: fileName, sha256: sha256, district: district, db: db,
                                                    now: services.clock.now())
            guard let staged else { return planned }
            return try await commit(staged, actor: actor, db: db, services: services)
        }
    }

    static let turns = KeyedGate()

    /// Checks and plans the set, staging what differs: the outcome, and what is staged (nil
    /// when there is nothing to apply, for errors or for nothing to change).
    static func stage(_ source: any RosterSource, fileName: String, sha256: String, district: District, db: any Database,
                      now: Date) async throws -> (RosterOutcome, Staged?) {
        let districtID = try district.requireID()
        let after = try await latestImport(districtID, on: db)
        let importID = OrderedID.next()
        let stage = RosterStage(importID: importID, db: db)
        let outcome: RosterOutcome
        do {
            outcome = try await checkAndPlan(source, fileName: fileName, sha256: sha256, district: district, db: db, stage: stage, now: now)
        } catch {
            try? await stage.drain()
            try? await RosterStage.empty(on: db)
            throw error
        }
        guard outcome.canApply, stage.staged > 0 else {
            try await stage.drain()
            try await RosterStage.empty(on: db)
            return (outcome, nil)
        }
        return (outcome, Staged(outcome: outcome, importID: importID, rows: stage.staged, filling: stage.tables(receiving: 10_000), after: after,
                                districtID: districtID, today: today(district, now), now: now))
    }

    /// The one change that applies a staged import, refused (`Busy`) when another import of the
    /// district was applied since it was planned.
    static func commit(_ staged: Staged, actor: Actor, db: any Database, services: PathworkServices) async throws -> RosterOutcome {
        let (importID, districtID, now) = (staged.importID, staged.districtID, staged.now)
        let summary = RosterImportSummary(fileName: staged.outcome.fileName, sha256: staged.outcome.sha256, counts: staged.outcome.plan?.counts ?? [:])
        var done = staged.outcome
        done.importID = importID
        let report = AuditJSON.encode(done)
        do {
            try await AuditLog.change(on: db, by: actor, services: services) { tx, audit in
                guard try await latestImport(districtID, on: tx) == staged.after else { throw Busy() }
                guard try await RosterStage.count(importID, on: tx) == staged.rows else { throw Busy() }
                try await RosterStage.apply(importID, staged: staged.filling, on: tx, lap: audit.lap)
                try await RosterStage.applyEnds(importID, today: staged.today, now: now, on: tx)
                let record = RosterImport()
                record.id = importID
                record.districtID = districtID
                record.actorID = actor.id
                record.fileName = staged.outcome.fileName
                record.sha256 = staged.outcome.sha256
                record.report = report
                record.appliedAt = now
                try await record.create(on: tx)
                audit.record("import", RosterImport.schema, id: importID, before: Optional<RosterImportSummary>.none, after: summary)
                audit.emit(.rostered(district: districtID))
            }
        } catch {
            try? await RosterStage.empty(on: db)
            throw error
        }
        try await RosterStage.empty(on: db)
        // PostgreSQL plans from statistics its autovacuum refreshes only later: right after a
        // first load of a million users, a 1% delta took 13.1 s, after ANALYZE 6.2 s. The
        // import is applied either way, so a failure here is only logged.
        do {
            try await RosterStageWriter(db: db).analyze(filled: staged.filling)
        } catch {
            db.logger.warning("Analyzing the tables an import filled failed: \(error)")
        }
        return done
    }

    /// Reading a set is long, blocking work: on a thread of its own, not Swift's shared pool.
    /// What a delta refers to without defining is looked up among the district's records (the
    /// thread waits for each answer; it is no event loop's).
    static func check(_ source: any RosterSource, districtID: UUID, db: any Database) async throws -> RosterCheck {
        let handoff = SourceHandoff(source: source)
        let sql = try db.sql()
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try RosterCheck.run(handoff.source, known: { file, sourcedIDs in
                        let rows = try sql.raw("""
                            SELECT sourced_id FROM roster_records WHERE district_id = \(bind: districtID) AND file = \(bind: file.rawValue)
                            AND sourced_id IN (\(binds: sourcedIDs)) AND ended_on IS NULL
                            """).all().wait()
                        return Set(try rows.map { try $0.decode(column: "sourced_id", as: String.self) })
                    })
                })
            }.start()
        }
    }

    static func latestImport(_ districtID: UUID, on db: any Database) async throws -> UUID? {
        try await RosterImport.query(on: db).filter(\.$districtID == districtID).sort(\.$appliedAt, .descending).sort(\.$id, .descending)
            .first()?.id
    }

    /// The district's date today, which ended records carry.
    static func today(_ district: District, _ now: Date) -> String {
        CalendarDate.on(now, timeZone: district.timeZone).description
    }

    /// The SHA-256 of a set: a zip's bytes, or a folder's CSV files in name order (name, then
    /// bytes), read in chunks.
    static func sha256(of path: String) throws -> String {
        var hasher = SHA256()
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
        let url = URL(fileURLWithPath: path)
        let files = isFolder.boolValue
            ? try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".csv") }.sorted().map { url.appendingPathComponent($0) }
            : [url]
        for file in files {
            if isFolder.boolValue { hasher.update(data: Data(file.lastPathComponent.utf8)) }
            let handle = try FileHandle(forReadingFrom: file)
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        }
        return hasher.finalize().lowercaseHex
    }
}
