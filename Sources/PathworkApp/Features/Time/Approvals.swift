import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Submitting, approving and rejecting time, and adjustments to approved time.
enum Approvals {
    /// A student sends every draft of the week holding `date` to the lead.
    static func submitWeek(studentID: UUID, containing date: CalendarDate, on req: Request) async throws -> [TimeEntry] {
        let settings = try await LaborCheck.settings(try req.tenant)
        let start = ChildLabor.weekStart(of: date, startsOn: settings.weekStartsOn)
        let end = start.adding(days: 6)
        return try await req.change { tenant, audit in
            let drafts = try await tenant.query(TimeEntry.self).filter(\.$studentID == studentID).filter(\.$status ~~ [.draft, .rejected])
                .filter(\.$workDate >= start.description).filter(\.$workDate <= end.description).all()
            guard !drafts.isEmpty else {
                throw PathworkError.conflict("time.nothing-to-submit", "There are no draft entries in the week of \(start) to submit.")
            }
            for entry in drafts {
                let before = TimeEntryJSON(entry)
                entry.status = .submitted
                try await entry.save(on: tenant.db)
                audit.updated("timeEntry", id: entry.id, from: before, to: TimeEntryJSON(entry))
            }
            return drafts
        }
    }

    /// The teams the caller may decide time for (leads their own, coordinators and admins
    /// every team, as nil); refuses anyone who decides on none.
    static func deciderTeams(_ req: Request) async throws -> Set<UUID>? {
        let viewer = try req.viewer
        try viewer.require(.superviseTime)
        return try await TimeAccess.supervisedTeams(viewer, tenant: try req.tenant)
    }

    /// Checked once per entry against the set read once per request.
    static func requireSupervisor(of entry: TimeEntry, teams: Set<UUID>?) throws {
        if let teams, !teams.contains(entry.teamID) {
            throw PathworkError(status: .forbidden, code: "time.not-your-team", reason: "Only the lead of this entry's team, a coordinator or an admin can decide on it.")
        }
    }

    /// Approves entries at once: each gets the wage of the student's seat on its date and its
    /// billed minutes, and is locked. Engagements crossing a budget threshold get an alert. The
    /// decision is made beside the writer and checked again inside the change (`ApprovalPlan`);
    /// the approved rows are written back as one upsert per 500.
    static func approve(_ ids: [UUID], on req: Request) async throws -> [TimeEntry] {
        let viewer = try req.viewer
        let teams = try await deciderTeams(req)
        let now = req.now
        let hooks = req.application.approvalHooks
        // On the long-work connection: its rows are read and turned into models on its own event
        // loop, so the requests sharing this request's loop are not held up behind 500 of them.
        let beside = try req.tenant.with(req.pathwork.longWorkDatabase(or: req.db))
        let prepared = try await req.pathwork.besideRequests {
            try await ApprovalPlan.make(ids, teams: teams, decider: viewer.personID, now: now, tenant: beside)
        }
        let logger = req.logger
        return try await req.change { tenant, audit in
            var plan = prepared
            if try await !prepared.stillHolds(ids, tenant: tenant) {
                logger.notice("An approval of \(ids.count) entries was decided again inside the writer: its rows changed meanwhile")
                plan = try await ApprovalPlan.make(ids, teams: teams, decider: viewer.personID, now: now, tenant: tenant)
            }
            audit.lap("recheck")
            let sql = try tenant.db.sql()
            for chunk in plan.entries.chunked(500) {
                try await sql.upsertPlain(Array(chunk), at: now,
                                          updating: ["status", "hourly_wage_cents", "billed_minutes", "decided_by", "decided_at", "reason", "updated_at"])
            }
            audit.append(plan.audit)
            audit.lap("write")
            for engagementID in plan.engagementIDs {
                try await BudgetGuard.raiseAlerts(engagementID: engagementID, at: now, tenant: tenant, audit: audit)
            }
            audit.lap("budgets")
            let students = Set(plan.entries.map(\.studentID))
            audit.emit(.students(students))
            try await hooks.run(students: students, tenant: tenant, audit: audit, now: now)
            audit.lap("hooks")
            return plan.entries
        }
    }

    static func reject(_ id: UUID, reason: String, on req: Request) async throws -> TimeEntry {
        let viewer = try req.viewer
        let teams = try await deciderTeams(req)
        let now = req.now
        let reason = reason.trimmed
        guard (1...500).contains(reason.count) else {
            throw PathworkError.invalid([FieldError(field: "reason", message: "Say why, so the student can fix it (up to 500 characters).")])
        }
        return try await req.change { tenant, audit in
            let entry = try await tenant.find(TimeEntry.self, id)
            try requireSupervisor(of: entry, teams: teams)
            guard entry.status == .submitted || entry.status == .draft else {
                throw PathworkError.conflict("time.locked", "Only submitted or draft entries can be rejected; this one is \(entry.status.rawValue).")
            }
            let before = TimeEntryJSON(entry)
            entry.status = .rejected
            entry.reason = reason
            entry.decidedBy = viewer.personID
            entry.decidedAt = now
            try await entry.save(on: tenant.db)
            audit.updated("timeEntry", id: entry.id, from: before, to: TimeEntryJSON(entry))
            return entry
        }
    }

    /// A correction to approved time: plus or minus minutes with a reason, approved in turn.
    /// It counts in the pay period of the corrected work, or today's when that one is closed,
    /// and is paid at the wage of the corrected work's date.
    static func adjust(_ id: UUID, minutes: Int?, reason: String?, on req: Request) async throws -> TimeEntry {
        let reason = reason?.trimmed ?? ""
        var errors: [FieldError] = []
        if minutes == nil || minutes == 0 || abs(minutes!) > TimeRules.longestEntryMinutes {
            errors.append(FieldError(field: "minutes", message: "Enter the correction in minutes, plus or minus, up to 720.", kind: minutes == 0 ? .rule : .value))
        }
        if !(1...500).contains(reason.count) { errors.append(FieldError(field: "reason", message: "Give the reason for the correction.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let teams = try await deciderTeams(req)
        let today = req.today
        return try await req.change { tenant, audit in
            let original = try await tenant.find(TimeEntry.self, id)
            try requireSupervisor(of: original, teams: teams)
            guard original.status == .approved, original.kind == .work else {
                throw PathworkError.conflict("time.not-approved", "Only approved work is corrected with an adjustment; edit the entry instead.")
            }
            let earlier = try await tenant.query(TimeEntry.self).filter(\.$adjustsID == id).filter(\.$status != .rejected).all()
            let net = original.minutes + earlier.reduce(0) { $0 + $1.minutes } + minutes!
            guard net >= 0 else {
                throw PathworkError.invalid([.rule(field: "minutes", message: "That would take the entry below zero minutes.")])
            }
            var date = original.date
            if (try? await TimeWriter.requireOpenPeriod(date, tenant: tenant)) == nil { date = today }
            let entry = TimeEntry()
            entry.districtID = tenant.districtID
            entry.studentID = original.studentID
            entry.teamID = original.teamID
            entry.engagementID = original.engagementID
            entry.activity = original.activity
            entry.kind = .adjustment
            entry.adjustsID = id
            entry.startsAt = original.startsAt
            entry.endsAt = original.endsAt
            entry.workDate = date.description
            entry.minutes = minutes!
            entry.status = .submitted
            entry.source = .manual
            entry.note = ""
            entry.reason = reason
            entry.flags = ""
            try await entry.create(on: tenant.db)
            audit.created("timeEntry", id: entry.id, TimeEntryJSON(entry))
            return entry
        }
    }

    /// The wage of the student's seat on the team on `date` (the latest seat if several), from
    /// that student's seats on that team with their wages.
    static func wage(seats: [Membership], on date: CalendarDate) throws -> Int {
        let seat = seats.filter { $0.isCurrent(on: date) }.max { $0.startsOn < $1.startsOn }
            ?? seats.filter { CalendarDate(iso: $0.startsOn).map { $0 <= date } ?? false }.max { $0.startsOn < $1.startsOn }
        guard let seat, let cents = seat.wages.history.hourlyCents(on: date) else {
            throw PathworkError.conflict("time.no-wage", "The student had no wage on this team on \(date), so the time cannot be paid.")
        }
        return cents
    }
}
