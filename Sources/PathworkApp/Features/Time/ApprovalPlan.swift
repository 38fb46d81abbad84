import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// A bulk approval decided beside the writer and written inside it. Reading 500 entries with
/// their seats, wages and engagements and encoding their audit rows held the writer for over
/// 200 ms, and every clock-in of the district waited behind it (Benchmarks/README.md). The plan
/// is made on the request's connection; inside the change, a few narrow reads of exactly what it
/// was made from (`inputs`) show whether anything moved since. If nothing did, the plan is
/// written as it is; if anything did, it is made again inside the change, on the rows as they
/// stand, so the rules are still checked inside the change that they guard.
struct ApprovalPlan: Sendable {
    let entries: [TimeEntry]
    let engagementIDs: [UUID]
    let audit: [AuditRecorder.Pending]
    /// What the decision read, taken before it read it: the entries (and the work they correct),
    /// the students' seats, the seats' wages and the engagements' billing increments.
    let inputs: [String]

    /// Decides on the entries `ids` as `decider` would: each is the caller's to decide, still
    /// submitted or a draft, and paid at the wage of the student's seat on its date.
    static func make(_ ids: [UUID], teams: Set<UUID>?, decider: UUID, now: Date, tenant: Tenant) async throws -> ApprovalPlan {
        let inputs = try await Self.inputs(ids, tenant: tenant)
        let wanted = Array(Set(ids))
        let found = Dictionary(try await tenant.query(TimeEntry.self).filter(\.$id ~~ wanted).all().map { (try $0.requireID(), $0) },
                               uniquingKeysWith: { first, _ in first })
        var entries: [TimeEntry] = []
        var taken = Set<UUID>()
        for id in ids where taken.insert(id).inserted {
            guard let entry = found[id] else { throw PathworkError(status: .notFound, code: "not-found", reason: "No such time entry in this district.") }
            try Approvals.requireSupervisor(of: entry, teams: teams)
            guard entry.status == .submitted || entry.status == .draft else {
                throw PathworkError.conflict("time.locked", entry.status == .approved ? "This entry is already approved."
                    : "Only submitted or draft entries can be approved; this one is \(entry.status.rawValue).")
            }
            entries.append(entry)
        }
        let originals = Array(Set(entries.compactMap { $0.kind == .adjustment ? $0.adjustsID : nil }))
        let originalDates = originals.isEmpty ? [:] : Dictionary(
            try await tenant.query(TimeEntry.self).filter(\.$id ~~ originals).all().map { (try $0.requireID(), $0.date) },
            uniquingKeysWith: { first, _ in first })
        let seats = try await tenant.query(Membership.self).filter(\.$student.$id ~~ Array(Set(entries.map(\.studentID))))
            .with(\.$wages).all()
        let seatsByStudent = Dictionary(grouping: seats, by: { $0.$student.id })
        let engagementIDs = Array(Set(entries.compactMap { $0.isBillable ? $0.engagementID : nil }))
        let engagements = engagementIDs.isEmpty ? [:] : Dictionary(
            try await tenant.query(Engagement.self).filter(\.$id ~~ engagementIDs).all().map { (try $0.requireID(), $0) },
            uniquingKeysWith: { first, _ in first })
        var audit: [AuditRecorder.Pending] = []
        for entry in entries {
            let before = TimeEntryJSON(entry)
            let wageDate = entry.kind == .adjustment ? entry.adjustsID.flatMap { originalDates[$0] } ?? entry.date : entry.date
            entry.hourlyWageCents = try Approvals.wage(seats: (seatsByStudent[entry.studentID] ?? []).filter { $0.$team.id == entry.teamID }, on: wageDate)
            if entry.isBillable, let engagementID = entry.engagementID {
                guard let engagement = engagements[engagementID] else {
                    throw PathworkError(status: .notFound, code: "not-found", reason: "No such engagement in this district.")
                }
                entry.billedMinutes = entry.kind == .adjustment ? entry.minutes
                    : PayArithmetic.billedMinutes(entry.minutes, increment: engagement.billingIncrementMinutes)
            }
            entry.status = .approved
            entry.decidedBy = decider
            entry.decidedAt = now
            entry.reason = entry.kind == .adjustment ? entry.reason : ""
            entry.updatedAt = now
            audit.append(.init(action: "update", entity: "timeEntry", id: entry.id, before: before, after: TimeEntryJSON(entry)))
        }
        return ApprovalPlan(entries: entries, engagementIDs: engagementIDs, audit: audit, inputs: inputs)
    }

    /// Whether the rows the plan was made from still stand as they did.
    func stillHolds(_ ids: [UUID], tenant: Tenant) async throws -> Bool {
        try await Self.inputs(ids, tenant: tenant) == inputs
    }

    /// Every value a decision on `ids` reads, as text in a fixed order: three narrow queries keyed
    /// by the requested ids alone, so they can run before the entries themselves are read. Each
    /// row comes back as one line of text the database joins, because decoding a thousand rows
    /// column by column was most of this check's time on PostgreSQL (Benchmarks/README.md).
    private static func inputs(_ ids: [UUID], tenant: Tenant) async throws -> [String] {
        let sql = try tenant.db.sql()
        let district = tenant.districtID
        let wanted = Array(Set(ids)).map { $0 as any Encodable & Sendable }
        // A UUID is a blob in SQLite and its own type in PostgreSQL; either way, text here.
        let sqlite = sql.dialect.name == "sqlite"
        func line(_ tag: String, _ columns: [(String, Bool)]) -> SQLQueryString {
            let parts = columns.map { column, isID in
                sqlite && isID ? "COALESCE(hex(\(column)), '-')" : "COALESCE(CAST(\(column) AS TEXT), '-')"
            }
            return SQLQueryString("'\(tag) ' || " + parts.joined(separator: " || ' ' || ") + " AS line")
        }
        let students: SQLQueryString = "SELECT student_id FROM time_entries WHERE district_id = \(bind: district) AND id IN (\(binds: wanted))"
        let entries = line("e", [("id", true), ("student_id", true), ("team_id", true), ("engagement_id", true), ("kind", false),
                                 ("adjusts_id", true), ("work_date", false), ("minutes", false), ("status", false)])
        let seats = line("s", [("m.id", true), ("m.team_id", true), ("m.starts_on", false), ("m.ends_on", false),
                               ("w.effective_from", false), ("w.hourly_cents", false)])
        let engagements = line("g", [("id", true), ("billing_increment_minutes", false)])
        var lines: [String] = []
        for query: SQLQueryString in [
            // Two index lookups by id, not one OR of two subqueries: PostgreSQL answered that with a
            // scan of every time entry (130 ms of the writer's time for a district's year).
            """
            SELECT line FROM (
              SELECT \(entries) FROM time_entries WHERE district_id = \(bind: district) AND id IN (\(binds: wanted))
              UNION
              SELECT \(entries) FROM time_entries WHERE district_id = \(bind: district)
                AND id IN (SELECT adjusts_id FROM time_entries WHERE district_id = \(bind: district) AND id IN (\(binds: wanted)))
            ) AS decided ORDER BY line
            """,
            """
            SELECT \(seats) FROM memberships m LEFT JOIN membership_wages w ON w.membership_id = m.id
            WHERE m.district_id = \(bind: district) AND m.student_id IN (\(students))
            ORDER BY m.id, w.effective_from
            """,
            """
            SELECT \(engagements) FROM engagements WHERE district_id = \(bind: district)
            AND id IN (SELECT engagement_id FROM time_entries WHERE district_id = \(bind: district) AND id IN (\(binds: wanted)))
            ORDER BY id
            """,
        ] {
            for row in try await sql.raw(query).all() { lines.append(try row.decode(column: "line", as: String.self)) }
        }
        return lines
    }
}
