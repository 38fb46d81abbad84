import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// What a student was working on: a team, and on it an engagement or a non-billable activity.
struct WorkTarget: Sendable {
    let teamID: UUID
    let engagementID: UUID?
    let activity: WorkActivity
    /// The engagement's terms, when it bills.
    let engagement: Engagement?
}

/// Every write to time: clock-in and out, typed entries and their edits. Checks that need no
/// other entry run first; the overlap, child-labor, budget and lock checks run inside the
/// change, against the student's entries as they stand in that transaction.
enum TimeWriter {
    /// What the API documents of `target` and the checks after it, for the operations that record time.
    static let rules: [OperationRule] = [
        .rule("the engagement is active and one of the student's teams'; client work names it; a team is one the student is on that day"),
        OperationRule(code: "time.*", says: "the times are in order, not in the future, and within an entry's longest length"),
        OperationRule(code: "labor.*", says: "the child-labor rules in force for the student's age and program on the work date"),
    ]

    /// Resolves what the student is working on from an engagement, or a team and activity.
    /// `teams`: the student's seats that day, when the caller has read them already.
    static func target(studentID: UUID, engagementID: UUID?, teamID: UUID?, activity: WorkActivity?, on date: CalendarDate,
                       tenant: Tenant, teams known: Set<UUID>? = nil) async throws -> WorkTarget {
        let teams = if let known { known } else { try await currentTeams(of: studentID, on: date, tenant: tenant) }
        if let engagementID {
            let engagement = try await tenant.query(Engagement.self).filter(\.$id == engagementID).first()
            guard let engagement, teams.contains(engagement.$team.id) else {
                throw PathworkError.invalid([FieldError(field: "engagementId", message: "Choose an engagement of one of the student's teams.",
                                                        kind: engagement == nil ? .reference : .rule)])
            }
            guard engagement.status == .active else {
                throw PathworkError.invalid([.rule(field: "engagementId", message: "Time is recorded only on active engagements; this one is \(engagement.status.title.lowercased()).")])
            }
            return WorkTarget(teamID: engagement.$team.id, engagementID: engagementID, activity: .clientWork, engagement: engagement)
        }
        let activity = activity ?? .training
        if activity == .clientWork {
            throw PathworkError.invalid([.rule(field: "engagementId", message: "Choose the engagement the client work is for.")])
        }
        if let teamID {
            guard teams.contains(teamID) else {
                throw PathworkError.invalid([.rule(field: "teamId", message: "Choose a team the student is on that day.")])
            }
            return WorkTarget(teamID: teamID, engagementID: nil, activity: activity, engagement: nil)
        }
        guard teams.count == 1, let only = teams.first else {
            throw PathworkError.invalid([.rule(field: "teamId", message: teams.isEmpty
                ? "The student is on no team that day, so there is nothing to record time against."
                : "Choose which of the student's teams this time is for.")])
        }
        return WorkTarget(teamID: only, engagementID: nil, activity: activity, engagement: nil)
    }

    /// The teams the student has a seat on that day, read as plain columns (every clock-in asks).
    static func currentTeams(of studentID: UUID, on date: CalendarDate, tenant: Tenant) async throws -> Set<UUID> {
        let rows = try await tenant.db.sql().raw("""
            SELECT team_id FROM memberships WHERE district_id = \(bind: tenant.districtID) AND student_id = \(bind: studentID)
              AND starts_on <= \(bind: date.description) AND (ends_on IS NULL OR ends_on > \(bind: date.description))
            """).all()
        return Set(try rows.map { try $0.decode(column: "team_id", as: UUID.self) })
    }

    /// What a student chose to clock in to: an engagement, or a team's activity (see `target`).
    struct WorkChoice: Sendable {
        var engagementID: UUID?
        var teamID: UUID?
        var activity: WorkActivity?
    }

    /// Clocks the student in on what they chose. Their seats and the law come from one read:
    /// outside the writer, that read is most of a clock-in's cost.
    static func clockIn(studentID: UUID, choosing choice: WorkChoice, source: TimeEntry.Source, on req: Request) async throws -> TimeEntry {
        let tenant = try req.tenant
        // One reading of the day, so the seats and the choice are checked on the same date.
        let today = req.today
        let seats = try await LaborCheck.seats(of: studentID, on: today, tenant: tenant)
        let target = try await target(studentID: studentID, engagementID: choice.engagementID, teamID: choice.teamID, activity: choice.activity,
                                      on: today, tenant: tenant, teams: Set(seats.keys))
        guard let labor = seats[target.teamID] else {
            throw PathworkError.invalid([FieldError(field: "teamId", message: "Choose a team the student is on that day.")])
        }
        return try await clockIn(studentID: studentID, target: target, source: source, labor: labor, on: req)
    }

    private static func clockIn(studentID: UUID, target: WorkTarget, source: TimeEntry.Source, labor: LaborCheck,
                                on req: Request) async throws -> TimeEntry {
        let tenant = try req.tenant
        let now = req.now
        let date = labor.localDate(now)
        // A budget that stops time is summed from the database, so that clock-in reads after
        // everything held before it is written: it comes without a hint (see `ClockBatch`).
        let hint = target.engagement?.stopAtBudget == true ? nil : ClockBatch.Hint(districtID: tenant.districtID, studentID: studentID, date: date)
        return try await req.change(rerunnable: true, hint: hint) { tenant, audit in
            let clock = ClockBatch.of(audit.batch)
            let neighbours = try await clock.entries(of: studentID, around: date, tenant: tenant, batch: audit.batch)
            if neighbours.contains(where: { $0.status == .open }) {
                throw PathworkError.conflict("clock.already-in", "You are already clocked in; clock out first.")
            }
            if neighbours.contains(where: { $0.kind == .work && $0.endsAt.map { $0 > now } ?? false }) {
                throw PathworkError.conflict("time.overlap", "Another entry already covers this time.")
            }
            // A minute from now stands for the work about to start: rules already broken at
            // this moment (school hours, the evening hour, a spent daily limit) refuse it.
            if let refusal = LaborCheck.refusal(labor.violations(startsAt: now, endsAt: now + 60, existing: neighbours, now: now)) {
                throw refusal
            }
            if try await clock.isClosed(date, tenant: tenant) { throw periodClosed(date) }
            try await BudgetGuard.requireRoom(for: target, addingMinutes: 1, tenant: tenant)
            let entry = TimeEntry()
            entry.districtID = tenant.districtID
            entry.studentID = studentID
            entry.teamID = target.teamID
            entry.engagementID = target.engagementID
            entry.activity = target.activity
            entry.kind = .work
            entry.startsAt = now
            entry.workDate = date.description
            entry.minutes = 0
            entry.status = .open
            entry.source = source
            entry.note = ""
            entry.reason = ""
            entry.flags = ""
            try ClockRows.insert(entry, now: now, tenant: tenant, batch: audit.batch)
            audit.created("timeEntry", id: entry.id, TimeEntryJSON(entry))
            audit.emit(.clock)
            return entry
        }
    }

    /// Closes the running entry at now. The law is checked, but the work happened: a clock-out
    /// past a limit is recorded as it was and flagged for the lead, not refused. `running`: the
    /// open entry and its law, when the caller has just read them; the change reads the entry again.
    static func clockOut(studentID: UUID, running known: LaborCheck.Running? = nil, on req: Request) async throws -> TimeEntry {
        let tenant = try req.tenant
        let found = if let known { known } else { try await LaborCheck.running(of: studentID, tenant: tenant) }
        guard let open = found else {
            throw PathworkError.conflict("clock.not-in", "You are not clocked in.")
        }
        let now = req.now
        let hint = ClockBatch.Hint(districtID: tenant.districtID, studentID: studentID, date: open.date)
        return try await req.change(rerunnable: true, hint: hint) { tenant, audit in
            let clock = ClockBatch.of(audit.batch)
            let entries = try await clock.entries(of: studentID, around: open.date, tenant: tenant, batch: audit.batch)
            guard let entry = clock.running(of: studentID), entry.id == open.id else {
                throw PathworkError.conflict("clock.not-in", "You are not clocked in.")
            }
            let before = TimeEntryJSON(entry)
            let neighbours = entries.filter { $0.id != open.id }
            var flags = (open.labor.violations(startsAt: entry.startsAt, endsAt: now, existing: neighbours, now: now)
                + open.labor.mealPeriodFlags(startsAt: entry.startsAt, endsAt: now, existing: neighbours, now: now)).map(\.code)
            if TimeRules.minutes(from: entry.startsAt, to: now) > TimeRules.longestEntryMinutes { flags.append("time.too-long") }
            entry.endsAt = now
            entry.minutes = TimeRules.minutes(from: entry.startsAt, to: now)
            entry.status = .draft
            entry.flags = flags.joined(separator: ",")
            try ClockRows.close(entry, now: now, batch: audit.batch)
            audit.updated("timeEntry", id: entry.id, from: before, to: TimeEntryJSON(entry))
            audit.emit(.clock)
            return entry
        }
    }

    struct Typed: Sendable {
        var studentID: UUID
        var target: WorkTarget
        var startsAt: Date
        var endsAt: Date
        var note: String
    }

    /// Creates a typed entry, or replaces the times and work of an editable one.
    static func save(_ typed: Typed, replacing existingID: UUID?, status: TimeEntryStatus, on req: Request) async throws -> TimeEntry {
        let now = req.now
        let problems = TimeRules.check(startsAt: typed.startsAt, endsAt: typed.endsAt, now: now)
        if let first = problems.first {
            throw PathworkError(status: .unprocessableEntity, code: first.code, reason: problems.map(\.message).joined(separator: " "),
                                fieldErrors: problems.map { FieldError(field: $0.field, message: $0.message) })
        }
        guard typed.note.count <= 500 else { throw PathworkError.invalid([FieldError(field: "note", message: "Keep the note under 500 characters.")]) }
        let labor = try await LaborCheck.load(studentID: typed.studentID, teamID: typed.target.teamID, tenant: try req.tenant)
        let minutes = TimeRules.minutes(from: typed.startsAt, to: typed.endsAt)
        return try await req.change { tenant, audit in
            let date = labor.localDate(typed.startsAt)
            var entry = TimeEntry()
            var before: TimeEntryJSON?
            if let existingID {
                entry = try await tenant.find(TimeEntry.self, existingID)
                try await requireEditable(entry, tenant: tenant)
                before = TimeEntryJSON(entry)
            }
            let neighbours = try await LaborCheck.neighbours(of: typed.studentID, around: date, tenant: tenant).filter { $0.id != existingID }
            if let clash = neighbours.first(where: { $0.kind == .work && TimeRules.overlaps((typed.startsAt, typed.endsAt), ($0.startsAt, $0.endsAt ?? .distantFuture)) }) {
                throw PathworkError.conflict("time.overlap", "This overlaps another entry of the student's (\(clash.date), \(clash.minutes) min).", field: "startsAt")
            }
            if let refusal = LaborCheck.refusal(labor.violations(startsAt: typed.startsAt, endsAt: typed.endsAt, existing: neighbours, now: now)) {
                throw refusal
            }
            try await requireOpenPeriod(date, tenant: tenant)
            try await BudgetGuard.requireRoom(for: typed.target, addingMinutes: minutes, excluding: existingID, tenant: tenant)
            entry.districtID = tenant.districtID
            entry.studentID = typed.studentID
            entry.teamID = typed.target.teamID
            entry.engagementID = typed.target.engagementID
            entry.activity = typed.target.activity
            entry.kind = .work
            entry.startsAt = typed.startsAt
            entry.endsAt = typed.endsAt
            entry.workDate = date.description
            entry.minutes = minutes
            entry.status = status
            if existingID == nil { entry.source = .manual; entry.reason = "" }
            entry.note = typed.note
            entry.flags = labor.mealPeriodFlags(startsAt: typed.startsAt, endsAt: typed.endsAt, existing: neighbours, now: now)
                .map(\.code).joined(separator: ",")
            try await entry.save(on: tenant.db)
            if let before { audit.updated("timeEntry", id: entry.id, from: before, to: TimeEntryJSON(entry)) }
            else { audit.created("timeEntry", id: entry.id, TimeEntryJSON(entry)) }
            return entry
        }
    }

    static func delete(_ entryID: UUID, on req: Request) async throws {
        try await req.change { tenant, audit in
            let entry = try await tenant.find(TimeEntry.self, entryID)
            try await requireEditable(entry, tenant: tenant)
            audit.deleted("timeEntry", id: entry.id, TimeEntryJSON(entry))
            try await entry.delete(on: tenant.db)
        }
    }

    /// Approved entries and those in a closed pay period never change; a correction is an adjustment.
    static func requireEditable(_ entry: TimeEntry, tenant: Tenant) async throws {
        guard entry.status.isEditable else {
            throw PathworkError.conflict("time.locked", entry.status == .approved
                ? "Approved time is locked; record an adjustment instead."
                : "This entry is \(entry.status.rawValue) and cannot be changed now.")
        }
        try await requireOpenPeriod(entry.date, tenant: tenant)
    }

    static func requireOpenPeriod(_ date: CalendarDate, tenant: Tenant) async throws {
        if try await periodIsClosed(date, tenant: tenant) { throw periodClosed(date) }
    }

    static func periodIsClosed(_ date: CalendarDate, tenant: Tenant) async throws -> Bool {
        let day = date.description
        // Plain SQL: clock events ask this inside the writer.
        return try await tenant.db.sql().raw("""
            SELECT 1 AS closed FROM pay_periods WHERE district_id = \(bind: tenant.districtID)
              AND starts_on <= \(bind: day) AND ends_on >= \(bind: day) AND closed_at IS NOT NULL
            """).first() != nil
    }

    private static func periodClosed(_ date: CalendarDate) -> PathworkError {
        PathworkError.conflict("time.locked", "The pay period holding \(date) is closed; its time is locked.")
    }
}
