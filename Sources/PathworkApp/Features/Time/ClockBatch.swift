import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The clock events of one writer transaction, read and written together. Every other change
/// waits while the writer runs them, and each used to make four statements there, one after
/// another (the student's entries, the pay period, the entry, its audit rows). Now the first
/// clock event of a transaction reads the entries of every student clocking in or out in it
/// (their `Hint`s), a pay period is asked about once, and the new and closed entries go in as
/// one statement when the writer flushes (`ChangeWriter.Batch.flush`): before any change that
/// reads time entries itself, and before the commit.
final class ClockBatch: HeldWrites, @unchecked Sendable {
    /// What a clock event says when it is queued: whose entries it reads, around which day.
    struct Hint: Sendable {
        let districtID: UUID
        let studentID: UUID
        let date: CalendarDate
    }

    /// A student's entries as the law counts them, and the running one whole. Only the running
    /// entry is read into a model: decoding every column of every neighbour, inside the writer,
    /// cost more than the statements it saved.
    private struct Known {
        var days: ClosedRange<CalendarDate>
        var rows: [LaborCheck.Counted]
        var running: TimeEntry?
    }

    private var known: [UUID: Known] = [:]
    private var closedDays: [String: Bool] = [:]
    private var held: [TimeEntry] = []
    private var heldIDs: Set<UUID> = []
    /// When the last entry was held: every held entry has its timestamps, so this only fills
    /// the columns' fallback.
    private var heldAt = Date(timeIntervalSince1970: 0)

    static func of(_ batch: ChangeWriter.Batch) -> ClockBatch { batch.held(ClockBatch.init) }

    /// The student's entries that are not rejected, from `LaborCheck.reach` days before `date` to `reach`
    /// after, as this transaction stands (entries held here included).
    func entries(of studentID: UUID, around date: CalendarDate, tenant: Tenant, batch: ChangeWriter.Batch) async throws -> [LaborCheck.Counted] {
        let days = date.adding(days: -LaborCheck.reach)...date.adding(days: LaborCheck.reach)
        if let found = known[studentID], found.days.contains(days.lowerBound), found.days.contains(days.upperBound) {
            return found.rows.filter { days.contains($0.date) }
        }
        // The first need in this transaction: read for every student still to clock in or out in it.
        let upcoming = batch.upcomingHints.compactMap { $0 as? Hint }
            .filter { $0.districtID == tenant.districtID && known[$0.studentID] == nil }
        var students = Set(upcoming.map(\.studentID))
        students.insert(studentID)
        var span = days
        for hint in upcoming {
            span = min(span.lowerBound, hint.date.adding(days: -LaborCheck.reach))...max(span.upperBound, hint.date.adding(days: LaborCheck.reach))
        }
        if let found = known[studentID] {
            span = min(span.lowerBound, found.days.lowerBound)...max(span.upperBound, found.days.upperBound)
        }
        let rows = try await tenant.db.sql().raw("""
            SELECT \(ClockRows.columns) FROM time_entries
            WHERE district_id = \(bind: tenant.districtID) AND student_id IN \(SQLBind.group(Array(students)))
              AND work_date >= \(bind: span.lowerBound.description) AND work_date <= \(bind: span.upperBound.description)
              AND status <> \(bind: TimeEntryStatus.rejected.rawValue)
            """).all()
        let worksite = try await LaborCheck.worksiteHours(of: Array(students), from: span.lowerBound, to: span.upperBound, tenant: tenant)
        var read = Dictionary(uniqueKeysWithValues: students.map { ($0, Known(days: span, rows: worksite[$0] ?? [], running: nil)) })
        for row in rows {
            let student = try row.decode(column: "student_id", as: UUID.self)
            let counted = try LaborCheck.Counted(row: row)
            read[student]?.rows.append(counted)
            if counted.status == .open { read[student]?.running = try ClockRows.entry(from: row, districtID: tenant.districtID) }
        }
        for (student, found) in read {
            known[student] = found
            // What this transaction holds but has not written yet stands in for what was read.
            for entry in held where entry.studentID == student && span.contains(entry.date) { try remember(entry) }
        }
        return known[studentID]!.rows.filter { days.contains($0.date) }
    }

    /// The student's running entry, whole, once `entries` has read the student.
    func running(of studentID: UUID) -> TimeEntry? { known[studentID]?.running }

    /// Whether the pay period holding `date` is closed, asked once per day in a transaction.
    func isClosed(_ date: CalendarDate, tenant: Tenant) async throws -> Bool {
        let key = "\(tenant.districtID) \(date)"
        if let answer = closedDays[key] { return answer }
        let answer = try await TimeWriter.periodIsClosed(date, tenant: tenant)
        closedDays[key] = answer
        return answer
    }

    /// A new or closed entry, to be written when the writer flushes; later clock events in the
    /// transaction see it as it now stands.
    func hold(_ entry: TimeEntry) throws {
        if heldIDs.insert(try entry.requireID()).inserted { held.append(entry) }
        heldAt = entry.updatedAt ?? heldAt
        try remember(entry)
    }

    private func remember(_ entry: TimeEntry) throws {
        guard var found = known[entry.studentID] else { return }
        found.rows.removeAll { $0.id == entry.id }
        found.rows.append(try LaborCheck.Counted(entry))
        if entry.status == .open { found.running = entry } else if found.running?.id == entry.id { found.running = nil }
        known[entry.studentID] = found
    }

    /// New entries are inserted and closed ones updated by one statement per thousand rows: an
    /// INSERT whose conflict on the id updates what a clock-out changes.
    func write(on db: any Database) async throws {
        let sql = try db.sql()
        let held = self.held
        (self.held, heldIDs) = ([], [])
        for chunk in held.chunked(1000) {
            try await sql.upsertPlain(Array(chunk), at: heldAt, updating: ["ends_at", "minutes", "status", "flags", "updated_at"])
        }
    }
}
