import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The clock's reads and writes of time entries, as plain SQL. Clocking in and out is the one
/// write students make by the hundred in the same minute, and building Fluent models by
/// reflection cost more than the rest of the event (Benchmarks/README.md); everything else
/// about time entries goes through the model.
enum ClockRows {
    /// Inserts a new running entry; gives it its id and timestamps.
    static func insert(_ entry: TimeEntry, now: Date, tenant: Tenant) async throws {
        entry.id = UUID()
        entry.districtID = tenant.districtID
        entry.createdAt = now
        entry.updatedAt = now
        try await (tenant.db as! any SQLDatabase).insertPlain([entry], at: now)
    }

    /// The student's running entry, if any; with `id`, only that one while it is still running.
    static func open(of studentID: UUID, id: UUID? = nil, tenant: Tenant) async throws -> TimeEntry? {
        let only: SQLQueryString = id.map { "AND id = \(bind: $0)" } ?? ""
        guard let row = try await (tenant.db as! any SQLDatabase).raw("""
            SELECT id, student_id, team_id, engagement_id, activity, kind, adjusts_id, starts_at, ends_at, work_date, minutes,
                   source, note, reason, flags, hourly_wage_cents, billed_minutes, invoice_id, decided_by, decided_at
            FROM time_entries
            WHERE district_id = \(bind: tenant.districtID) AND student_id = \(bind: studentID)
              AND status = \(bind: TimeEntryStatus.open.rawValue) \(only)
            LIMIT 1
            """).first() else { return nil }
        let entry = TimeEntry()
        entry.id = try row.decode(column: "id", as: UUID.self)
        entry.districtID = tenant.districtID
        entry.studentID = try row.decode(column: "student_id", as: UUID.self)
        entry.teamID = try row.decode(column: "team_id", as: UUID.self)
        entry.engagementID = try row.decode(column: "engagement_id", as: UUID?.self)
        entry.activity = try row.decode(column: "activity", as: WorkActivity.self)
        entry.kind = try row.decode(column: "kind", as: TimeEntry.Kind.self)
        entry.adjustsID = try row.decode(column: "adjusts_id", as: UUID?.self)
        entry.startsAt = try row.decode(column: "starts_at", as: Date.self)
        entry.endsAt = try row.decode(column: "ends_at", as: Date?.self)
        entry.workDate = try row.decode(column: "work_date", as: String.self)
        entry.minutes = try row.decode(column: "minutes", as: Int.self)
        entry.status = .open
        entry.source = try row.decode(column: "source", as: TimeEntry.Source.self)
        entry.note = try row.decode(column: "note", as: String.self)
        entry.reason = try row.decode(column: "reason", as: String.self)
        entry.flags = try row.decode(column: "flags", as: String.self)
        entry.hourlyWageCents = try row.decode(column: "hourly_wage_cents", as: Int?.self)
        entry.billedMinutes = try row.decode(column: "billed_minutes", as: Int?.self)
        entry.invoiceID = try row.decode(column: "invoice_id", as: UUID?.self)
        entry.decidedBy = try row.decode(column: "decided_by", as: UUID?.self)
        entry.decidedAt = try row.decode(column: "decided_at", as: Date?.self)
        return entry
    }

    /// Writes a clock-out: the end, the minutes, the draft status and any flags.
    static func close(_ entry: TimeEntry, now: Date, tenant: Tenant) async throws {
        entry.updatedAt = now
        try await (tenant.db as! any SQLDatabase).update(TimeEntry.schema)
            .set("ends_at", to: entry.endsAt).set("minutes", to: entry.minutes).set("status", to: entry.status.rawValue)
            .set("flags", to: entry.flags).set("updated_at", to: now)
            .where("id", .equal, entry.id!).where("district_id", .equal, tenant.districtID)
            .run()
    }
}
