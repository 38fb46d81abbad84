import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The clock's reads and writes of time entries, as plain SQL. Clocking in and out is the one
/// write students make by the hundred in the same minute, and building Fluent models by
/// reflection cost more than the rest of the event (Benchmarks/README.md); everything else
/// about time entries goes through the model.
enum ClockRows {
    /// Gives a new running entry its id and timestamps and holds it for the transaction's
    /// one write of clock rows (`ClockBatch`).
    static func insert(_ entry: TimeEntry, now: Date, tenant: Tenant, batch: ChangeWriter.Batch) throws {
        entry.id = OrderedID.next()
        entry.districtID = tenant.districtID
        entry.createdAt = now
        entry.updatedAt = now
        try ClockBatch.of(batch).hold(entry)
    }

    /// Holds a clock-out (the end, the minutes, the draft status and any flags) for the same write.
    static func close(_ entry: TimeEntry, now: Date, batch: ChangeWriter.Batch) throws {
        entry.updatedAt = now
        try ClockBatch.of(batch).hold(entry)
    }

    static let columns: SQLQueryString = """
        id, student_id, team_id, engagement_id, activity, kind, adjusts_id, starts_at, ends_at, work_date, minutes, status,
        source, note, reason, flags, hourly_wage_cents, billed_minutes, invoice_id, decided_by, decided_at, created_at, updated_at
        """

    /// The student's running entry, if any, read outside the writer.
    static func open(of studentID: UUID, tenant: Tenant) async throws -> TimeEntry? {
        try await tenant.db.sql().raw("""
            SELECT \(columns) FROM time_entries
            WHERE district_id = \(bind: tenant.districtID) AND student_id = \(bind: studentID)
              AND status = \(bind: TimeEntryStatus.open.rawValue)
            LIMIT 1
            """).first().map { try entry(from: $0, districtID: tenant.districtID) }
    }

    /// An entry from a row of `columns`.
    static func entry(from row: any SQLRow, districtID: UUID) throws -> TimeEntry {
        let entry = TimeEntry()
        entry.id = try row.decode(column: "id", as: UUID.self)
        entry.districtID = districtID
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
        entry.status = try row.decode(column: "status", as: TimeEntryStatus.self)
        entry.source = try row.decode(column: "source", as: TimeEntry.Source.self)
        entry.note = try row.decode(column: "note", as: String.self)
        entry.reason = try row.decode(column: "reason", as: String.self)
        entry.flags = try row.decode(column: "flags", as: String.self)
        entry.hourlyWageCents = try row.decode(column: "hourly_wage_cents", as: Int?.self)
        entry.billedMinutes = try row.decode(column: "billed_minutes", as: Int?.self)
        entry.invoiceID = try row.decode(column: "invoice_id", as: UUID?.self)
        entry.decidedBy = try row.decode(column: "decided_by", as: UUID?.self)
        entry.decidedAt = try row.decode(column: "decided_at", as: Date?.self)
        entry.createdAt = try row.decode(column: "created_at", as: Date?.self)
        entry.updatedAt = try row.decode(column: "updated_at", as: Date?.self)
        return entry
    }
}
