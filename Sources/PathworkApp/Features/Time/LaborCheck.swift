import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The child-labor engine, fed from the district's settings and calendar, the student's birth
/// date and the team's program. Loaded once per request, outside the write; the student's
/// existing entries are read inside the write, so two requests cannot both slip under a limit.
struct LaborCheck: Sendable {
    let context: LaborContext
    let timeZone: TimeZone

    static func settings(_ tenant: Tenant) async throws -> LaborSettings {
        try await tenant.query(LaborSettings.self).first() ?? .defaults(for: tenant.districtID)
    }

    /// One read for the district's settings and calendar, the student's birth date and the
    /// team's program, as plain columns: every clock event needs it, and five model queries
    /// cost more than the rest of the event (see Benchmarks/README.md).
    static func load(studentID: UUID, teamID: UUID, tenant: Tenant) async throws -> LaborCheck {
        let rows = try await read(studentID: studentID, tenant: tenant, teams: "LEFT JOIN teams t ON t.district_id = d.id AND t.id = \(bind: teamID)")
        guard let row = rows.first else { throw notAStudent }
        return try await check(from: row, studentID: studentID, tenant: tenant)
    }

    /// The law for work outside any team (a placement at a partner's worksite): the general
    /// rules for the student's age, under no school work program.
    static func load(studentID: UUID, tenant: Tenant) async throws -> LaborCheck {
        let rows = try await read(studentID: studentID, tenant: tenant, teams: "LEFT JOIN teams t ON 1 = 0")
        guard let row = rows.first else { throw notAStudent }
        return try await check(from: row, studentID: studentID, tenant: tenant)
    }

    /// A student's running entry as a clock-out needs it before its change (the writer reads the
    /// entry whole), with the law for its team.
    struct Running: Sendable {
        let id: UUID
        let date: CalendarDate
        let labor: LaborCheck
    }

    /// The student's running entry and the law for its team, from the same one read; nil when
    /// the student is not clocked in.
    static func running(of studentID: UUID, tenant: Tenant) async throws -> Running? {
        let rows = try await read(studentID: studentID, tenant: tenant, teams: """
            JOIN time_entries e ON e.district_id = d.id AND e.student_id = \(bind: studentID) AND e.status = \(bind: TimeEntryStatus.open.rawValue)
            LEFT JOIN teams t ON t.district_id = d.id AND t.id = e.team_id
            """, extra: ", e.id AS entry_id, e.work_date AS entry_date")
        guard let row = rows.first else { return nil }
        guard let date = CalendarDate(iso: try row.decode(column: "entry_date", as: String.self)) else {
            throw PathworkError(status: .internalServerError, code: "time.unreadable", reason: "A stored time entry could not be read.")
        }
        return Running(id: try row.decode(column: "entry_id", as: UUID.self), date: date,
                       labor: try await check(from: row, studentID: studentID, tenant: tenant))
    }

    /// The same for each team the student has a seat on that day, keyed by team, from the same
    /// one read: a clock-in needs the seats to know what the time is for, then that team's law.
    static func seats(of studentID: UUID, on date: CalendarDate, tenant: Tenant) async throws -> [UUID: LaborCheck] {
        let day = date.description
        let rows = try await read(studentID: studentID, tenant: tenant, teams: """
            LEFT JOIN memberships m ON m.district_id = d.id AND m.student_id = \(bind: studentID)
              AND m.starts_on <= \(bind: day) AND (m.ends_on IS NULL OR m.ends_on > \(bind: day))
            LEFT JOIN teams t ON t.district_id = d.id AND t.id = m.team_id
            """)
        guard !rows.isEmpty else { throw notAStudent }
        var checks: [UUID: LaborCheck] = [:]
        // The papers are the student's and the district's, the same whichever team: read once.
        var papers: [HeldAuthorization]?
        for row in rows {
            guard let team = try row.decode(column: "team_id", as: UUID?.self) else { continue }
            let check = try await check(from: row, studentID: studentID, tenant: tenant, papers: papers)
            papers = check.context.authorizations
            checks[team] = check
        }
        return checks
    }

    /// The district, its settings, the student and whichever teams `teams` joins as `t`, one row
    /// a team (none when the person is no student of the district); `extra` adds columns.
    private static func read(studentID: UUID, tenant: Tenant, teams: SQLQueryString, extra: SQLQueryString = "") async throws -> [any SQLRow] {
        try await tenant.db.sql().raw("""
            SELECT d.time_zone, d.school_year_starts_on, d.school_year_ends_on, d.non_school_days, s.birth_date,
                   l.overlay, l.school_starts, l.school_ends, l.week_starts_on, t.id AS team_id, w.work_program\(extra)
            FROM districts d
            JOIN student_profiles s ON s.district_id = d.id AND s.person_id = \(bind: studentID)
            LEFT JOIN labor_settings l ON l.district_id = d.id
            \(teams)
            LEFT JOIN program_work_rules w ON w.district_id = d.id AND w.program_id = t.program_id
            WHERE d.id = \(bind: tenant.districtID)
            """).all()
    }

    private static var notAStudent: PathworkError {
        PathworkError.invalid([.reference(field: "studentId", message: "Choose a student of this district.")])
    }

    /// `papers`: the authorizations on file, when an earlier row of the same read fetched them.
    private static func check(from row: any SQLRow, studentID: UUID, tenant: Tenant, papers: [HeldAuthorization]? = nil) async throws -> LaborCheck {
        guard let birth = CalendarDate(iso: try row.decode(column: "birth_date", as: String.self)) else { throw notAStudent }
        let defaults = LaborSettings.defaults(for: tenant.districtID)
        let overlay = try row.decode(column: "overlay", as: String?.self).flatMap(LaborOverlay.init(rawValue:)) ?? defaults.overlay
        let program = try row.decode(column: "work_program", as: String?.self).flatMap(WorkProgram.init(rawValue:)) ?? .none
        let calendar = District.calendar(startsOn: try row.decode(column: "school_year_starts_on", as: String.self),
                                         endsOn: try row.decode(column: "school_year_ends_on", as: String.self),
                                         nonSchoolDays: try row.decode(column: "non_school_days", as: String.self))
        let schoolHours = (try row.decode(column: "school_starts", as: Int?.self) ?? defaults.schoolStarts,
                           try row.decode(column: "school_ends", as: Int?.self) ?? defaults.schoolEnds)
        var context = LaborContext(ruleSets: overlay.ruleSets, program: program, calendar: calendar, birthDate: birth,
                                   schoolHours: schoolHours, weekStartsOn: try row.decode(column: "week_starts_on", as: Int?.self) ?? defaults.weekStartsOn)
        context.authorizations = if let papers { papers } else { try await WorkAuthorizations.held(by: studentID, overlay: overlay, tenant: tenant) }
        return LaborCheck(context: context, timeZone: TimeZone(identifier: try row.decode(column: "time_zone", as: String.self)) ?? .gmt)
    }

    func localDate(_ instant: Date) -> CalendarDate { TimeRules.localDate(of: instant, in: timeZone) }

    /// What the law counts of one of the student's entries. Read as plain columns, not as
    /// models: this runs inside the shared writer for every clock event, where building full
    /// models was measured as the largest cost.
    struct Counted: Sendable {
        let id: UUID
        let kind: TimeEntry.Kind
        let status: TimeEntryStatus
        let startsAt: Date
        let endsAt: Date?
        let date: CalendarDate
        let minutes: Int
    }

    /// How far either side of an entry's day its limits look (a week, and the day itself).
    static let reach = 8

    /// The student's entries that count toward limits around `date`, read on the write's connection.
    static func neighbours(of studentID: UUID, around date: CalendarDate, tenant: Tenant) async throws -> [Counted] {
        let sql = try tenant.db.sql()
        let rows = try await sql.raw("""
            SELECT id, kind, status, starts_at, ends_at, work_date, minutes FROM time_entries
            WHERE district_id = \(bind: tenant.districtID) AND student_id = \(bind: studentID)
              AND work_date >= \(bind: date.adding(days: -reach).description) AND work_date <= \(bind: date.adding(days: reach).description)
              AND status <> \(bind: TimeEntryStatus.rejected.rawValue)
            """).all()
        return try rows.map(Counted.init(row:)) + (try await worksiteHours(of: [studentID], from: date.adding(days: -reach), to: date.adding(days: reach),
                                                                           tenant: tenant)[studentID] ?? [])
    }

    /// Hours students worked at partners' worksites (placements record them), as the law
    /// counts them: the limits are on all of a minor's work, whoever it is for. Read by table
    /// name because placements lie above time (see ARCHITECTURE.md, "Dependencies run one way").
    static func worksiteHours(of students: [UUID], from start: CalendarDate, to end: CalendarDate, tenant: Tenant) async throws -> [UUID: [Counted]] {
        let rows = try await tenant.db.sql().raw("""
            SELECT id, 'work' AS kind, status, starts_at, ends_at, work_date, minutes, student_id FROM placement_hours
            WHERE district_id = \(bind: tenant.districtID) AND student_id IN \(SQLBind.group(students))
              AND work_date >= \(bind: start.description) AND work_date <= \(bind: end.description)
              AND status <> \(bind: TimeEntryStatus.rejected.rawValue)
            """).all()
        var found: [UUID: [Counted]] = [:]
        for row in rows { found[try row.decode(column: "student_id", as: UUID.self), default: []].append(try Counted(row: row)) }
        return found
    }

    /// How an entry counts: work as its local intervals (an open one runs until `now`);
    /// adjustments as signed minutes on their date, which count toward totals only.
    func intervals(of entry: Counted, now: Date) -> [WorkInterval] {
        if entry.kind == .adjustment {
            return [WorkInterval(date: entry.date, start: 0, end: entry.minutes)]
        }
        return TimeRules.intervals(from: entry.startsAt, to: entry.endsAt ?? max(now, entry.startsAt), in: timeZone)
    }

    func violations(startsAt: Date, endsAt: Date, existing: [Counted], now: Date) -> [LaborViolation] {
        let proposed = TimeRules.intervals(from: startsAt, to: endsAt, in: timeZone)
        return ChildLabor.violations(of: proposed, existing: existing.flatMap { intervals(of: $0, now: now) }, context: context)
    }

    /// What a finished stretch of work breaks and is recorded with for the lead: meal periods
    /// the state requires (adjustments are not work in the day, so they never join a stretch).
    func mealPeriodFlags(startsAt: Date, endsAt: Date, existing: [Counted], now: Date) -> [LaborViolation] {
        let proposed = TimeRules.intervals(from: startsAt, to: endsAt, in: timeZone)
        let work = existing.filter { $0.kind == .work }.flatMap { intervals(of: $0, now: now) }
        return ChildLabor.mealPeriodFlags(of: proposed, existing: work, context: context)
    }

    /// The refusal for the first rule broken: its code names the rule; the detail says the
    /// limit and the total so far.
    static func refusal(_ violations: [LaborViolation]) -> PathworkError? {
        guard let first = violations.first else { return nil }
        let detail = violations.map(\.detail).joined(separator: " ")
        return PathworkError(status: .unprocessableEntity, code: first.code, reason: detail)
    }
}

// In an extension, so `Counted` keeps its memberwise initializer.
extension LaborCheck.Counted {
    /// From a row with at least these columns.
    init(row: any SQLRow) throws {
        guard let kind = TimeEntry.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
              let status = TimeEntryStatus(rawValue: try row.decode(column: "status", as: String.self)),
              let day = CalendarDate(iso: try row.decode(column: "work_date", as: String.self)) else {
            throw PathworkError(status: .internalServerError, code: "time.unreadable", reason: "A stored time entry could not be read.")
        }
        self.init(id: try row.decode(column: "id", as: UUID.self), kind: kind, status: status,
                  startsAt: try row.decode(column: "starts_at", as: Date.self), endsAt: try row.decode(column: "ends_at", as: Date?.self),
                  date: day, minutes: try row.decode(column: "minutes", as: Int.self))
    }

    init(_ entry: TimeEntry) throws {
        self.init(id: try entry.requireID(), kind: entry.kind, status: entry.status, startsAt: entry.startsAt, endsAt: entry.endsAt,
                  date: entry.date, minutes: entry.minutes)
    }
}
