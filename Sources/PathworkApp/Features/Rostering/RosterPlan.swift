import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// What applying a set would do, per file: rows that add a record, change one, end one, leave
/// one as it is, and rows left out (an org that is not a school, a student outside grades 6–12,
/// a staff role the district's mapping leaves out), with the issues only the district's own
/// records reveal (an email another district's person has).
struct RosterPlan: Codable, Sendable {
    struct Counts: Codable, Sendable, Equatable {
        var add = 0, change = 0, end = 0, same = 0, leftOut = 0
        var writes: Int { add + change + end }
    }

    var counts: [String: Counts] = [:]
    var issues = RosterIssueLog()
    var writes: Int { counts.values.reduce(0) { $0 + $1.writes } }
}

/// Reads a checked set against the district and decides, record by record, what it adds,
/// changes and ends; with a stage, it writes those rows there (`RosterStage`), and nothing else.
/// The district's records are looked up a batch of rows at a time, so a million users are
/// planned in fixed memory: what is kept across files is one id per user and per section.
final class RosterPlanner: @unchecked Sendable {
    struct Known { let rowID: UUID; let recordID: UUID; let fingerprint: Int64; let ended: Bool; var context: String? = nil }

    let districtID: UUID
    let slug: String
    let source: any RosterSource
    let manifest: RosterManifest
    let db: any Database
    let stage: RosterStage?
    let now: Date
    let today: String
    let importID: UUID
    var mapping: [String: Role] = [:]
    var plan = RosterPlan()

    /// What the set's references resolve to: orgs (schools, or the district itself), terms,
    /// courses and sections by sourcedId; users by their sourcedId's hash (a million of them).
    var orgs: [String: UUID] = [:]
    var sessions: [String: UUID] = [:]
    /// Each term's first and last day, by its record's id.
    var termDates: [UUID: (starts: String, ends: String)] = [:]
    var courses: [String: UUID] = [:]
    var sections: [String: UUID] = [:]
    var users: [Int: UUID] = [:]
    var usersLeftOut: Set<Int> = []
    /// A 1.0 set's grades of each class (its own, else its course's), by sourcedId: its
    /// students have none of their own (`ClassGradeTally`).
    var courseGrades: [String: [Int]] = [:]
    var classGrades: [String: [Int]] = [:]
    var gradedByClasses = 0
    /// The files of which the district has no records yet, and whether it has enrollments: a
    /// first load looks nothing up (on PostgreSQL a thousand-id lookup costs about 17 ms to plan
    /// even in an empty table, a fifth of loading 200,000 users).
    var unrostered: Set<RosterFile> = []
    var hasEnrollments = true

    init(districtID: UUID, slug: String, source: any RosterSource, manifest: RosterManifest, db: any Database, stage: RosterStage?, now: Date,
         today: String) {
        (self.districtID, self.slug, self.source, self.manifest, self.db, self.stage) = (districtID, slug, source, manifest, db, stage)
        (self.now, self.today) = (now, today)
        importID = stage?.importID ?? UUID()
    }

    func run() async throws -> RosterPlan {
        mapping = try await Tenant(districtID: districtID, db: db).rosterRoleMapping()
        let sql = try db.sql()
        for file in RosterFile.allCases {
            let query: SQLQueryString = "SELECT 1 AS found FROM roster_records WHERE district_id = \(bind: districtID) AND file = \(bind: file.rawValue) LIMIT 1"
            if try await sql.raw(query).first() == nil { unrostered.insert(file) }
        }
        hasEnrollments = try await sql.raw("SELECT 1 AS found FROM enrollments WHERE district_id = \(bind: districtID) LIMIT 1").first() != nil
        // Cancelled when the check, reading beside the plan, refuses the set.
        for step in [planOrgs, planSessions, planCourses, planClasses, planUsers, planEnrollments] {
            try Task.checkCancellation()
            try await step()
            try await stage?.write()
        }
        try Task.checkCancellation()
        try await stage?.finish()
        return plan
    }

    func mode(_ file: RosterFile) -> RosterFileMode? { manifest.modes[file] }

    func count(_ file: RosterFile, _ change: (inout RosterPlan.Counts) -> Void) { change(&plan.counts[file.fileName, default: .init()]) }

    /// The district's records of a small file, all at once.
    func known(_ file: RosterFile) async throws -> [String: Known] {
        let rows = try await db.sql().raw("""
            SELECT id, sourced_id, record_id, fingerprint, ended_on, context FROM roster_records
            WHERE district_id = \(bind: districtID) AND file = \(bind: file.rawValue)
            """).all()
        var known: [String: Known] = [:]
        for row in rows { known[try row.decode(column: "sourced_id", as: String.self)] = try Known(row) }
        return known
    }

    /// The district's records of some rows of a large file.
    func known(_ file: RosterFile, _ ids: [String]) async throws -> [String: Known] {
        guard !ids.isEmpty, !unrostered.contains(file) else { return [:] }
        let rows = try await db.sql().raw("""
            SELECT id, sourced_id, record_id, fingerprint, ended_on, context FROM roster_records
            WHERE district_id = \(bind: districtID) AND file = \(bind: file.rawValue) AND sourced_id IN (\(binds: ids))
            """).all()
        var known: [String: Known] = [:]
        for row in rows { known[try row.decode(column: "sourced_id", as: String.self)] = try Known(row) }
        return known
    }

    enum Decision { case same, add, change }

    func decide(_ known: Known?, _ fingerprint: Int64) -> Decision {
        decide(known.map { ($0.fingerprint, $0.ended) }, fingerprint)
    }

    /// What a row does to the record stored with this fingerprint (and end), or to none.
    func decide(_ stored: (fingerprint: Int64, ended: Bool)?, _ fingerprint: Int64) -> Decision {
        guard let stored else { return .add }
        return stored.fingerprint == fingerprint && !stored.ended ? .same : .change
    }

    func count(_ file: RosterFile, _ decision: Decision) {
        count(file) { counts in
            switch decision {
            case .same: counts.same += 1
            case .add: counts.add += 1
            case .change: counts.change += 1
            }
        }
    }

    /// Counts a row's decision and stages its `roster_records` row.
    func record(_ file: RosterFile, _ sourcedID: String, _ known: Known?, recordID: UUID, fingerprint: Int64, _ decision: Decision,
                context: String? = nil) throws {
        count(file, decision)
        guard decision != .same else { return }
        try stage?.add(RosterStage.records, [known?.rowID ?? OrderedID.next(), districtID, file.rawValue, sourcedID, recordID, fingerprint,
                                                   String?.none, importID, context], exists: known != nil)
    }

    /// A delta row that ends its record, or a record a bulk file no longer has.
    func end(_ file: RosterFile, _ known: Known?) throws {
        guard let known, !known.ended else { return }
        count(file) { $0.end += 1 }
        stage?.end(file: file.rawValue, rowID: known.rowID, recordID: known.recordID)
    }

    /// Ends the records of a bulk file that the set did not have: the whole truth for the files
    /// it supplies. Read a page at a time, for a million users.
    func endMissing(_ file: RosterFile, seen: (String) -> Bool) async throws {
        guard mode(file) == .bulk else { return }
        try await db.inPages("""
            SELECT id, sourced_id, record_id, fingerprint, ended_on, context FROM roster_records
            WHERE district_id = \(bind: districtID) AND file = \(bind: file.rawValue)
            """, by: "sourced_id") { page in
            for row in page where !seen(try row.decode(column: "sourced_id", as: String.self)) { try end(file, try Known(row)) }
            try await stage?.write()
        }
    }

    func note(_ row: RosterRow, _ kind: String, column: String? = nil, value: String? = nil, _ message: String,
              severity: RosterIssue.Severity = .warning) {
        plan.issues.add(RosterIssue(severity, kind, file: row.file.fileName, line: row.line, column: column, value: value, message))
    }
}

extension RosterPlanner.Known {
    init(_ row: any SQLRow) throws {
        self.init(rowID: try row.decode(column: "id", as: UUID.self), recordID: try row.decode(column: "record_id", as: UUID.self),
                  fingerprint: try row.decode(column: "fingerprint", as: Int64.self),
                  ended: try row.decode(column: "ended_on", as: String?.self) != nil, context: try row.decode(column: "context", as: String?.self))
    }
}

extension UUID {
    /// The id's bytes in hexadecimal, for fingerprints: `uuidString` formats through printf,
    /// which was a measurable share of planning millions of enrollments.
    var hex: String { withUnsafeBytes(of: uuid) { $0.lowercaseHex } }
}

extension Database {
    /// A query's rows (it ends in a WHERE clause) a page at a time, in the order of a unique text
    /// column, each page starting after the last one's key: both engines walk that column's
    /// index in order, where paging by id had SQLite sort the district's rows for every page
    /// (a bulk re-import of 200,000 users: 110 s, now 33 s).
    func inPages(_ query: SQLQueryString, by key: String, size: Int = 5000, _ body: ([any SQLRow]) async throws -> Void) async throws {
        var after = ""
        while true {
            try Task.checkCancellation()
            let page = try await sql().raw(query + " AND \(unsafeRaw: key) > \(bind: after) ORDER BY \(unsafeRaw: key) LIMIT \(unsafeRaw: String(size))").all()
            try await body(page)
            guard page.count == size, let last = page.last else { return }
            after = try last.decode(column: key, as: String.self)
        }
    }
}
