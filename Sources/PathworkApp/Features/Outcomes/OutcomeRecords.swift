import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// A school year for reporting: July 1 to June 30, named by its first calendar year.
struct ReportingYear: Sendable, Equatable {
    let start: Int

    var firstDay: String { "\(start)-07-01" }
    var lastDay: String { "\(start + 1)-06-30" }
    var title: String { "\(start)–\(String(start + 1).suffix(2))" }

    static func containing(_ date: CalendarDate) -> ReportingYear { ReportingYear(start: SchoolCalendar.schoolYearStart(containing: date)) }

    /// `2026-2027`, as the API names a school year.
    var token: String { "\(start)-\(start + 1)" }

    init(start: Int) { self.start = start }

    init?(token: String) {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, token.count == 9, let first = parts[0], let second = parts[1], second == first + 1,
              (2000...2100).contains(first) else { return nil }
        start = first
    }
}

/// Where a dashboard looks: the whole district, one school, or the students on a program's
/// teams or one team at any time during the year.
enum OutcomeScope: Sendable, Equatable {
    case district
    case school(UUID)
    case program(UUID)
    case team(UUID)
    /// All districts of a network, for its analysts.
    case network(UUID)

    /// `school:<id>`, `program:<id>`, `team:<id>`, `network:<id>`, or `district`.
    init?(strict token: String) {
        if token == "district" { self = .district; return }
        let scope = OutcomeScope(token: token)
        guard scope != .district else { return nil }
        self = scope
    }

    /// `school:<id>`, `program:<id>`, `team:<id>`; anything else is the district.
    init(token: String?) {
        let parts = (token ?? "").split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let id = UUID(uuidString: parts[1]) else { self = .district; return }
        switch parts[0] {
        case "school": self = .school(id)
        case "program": self = .program(id)
        case "team": self = .team(id)
        case "network": self = .network(id)
        default: self = .district
        }
    }

    var token: String {
        switch self {
        case .district: ""
        case .school(let id): "school:\(id.uuidString)"
        case .program(let id): "program:\(id.uuidString)"
        case .team(let id): "team:\(id.uuidString)"
        case .network(let id): "network:\(id.uuidString)"
        }
    }
}

/// The district's smallest count it will show (students are unidentifiable below it).
final class ReportingSettings: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "reporting_settings"
    static let defaultMinimumCell = 10

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "minimum_cell") var minimumCell: Int
    /// How the district's state decides a CTE concentrator (`ConcentratorRule`); nil is Perkins V's own.
    @OptionalField(key: "concentrator_rule") var concentratorRule: String?

    init() {}
}

/// Reads each enrolled student's year straight from the raw tables: the straightforward
/// aggregate that the rollups are measured against and must always equal.
enum OutcomeRecords {
    struct Student: Sendable {
        let id: UUID
        let schoolID: UUID?
        let outcome: StudentYearOutcome
    }

    /// Every enrolled student of the scope (or only those named) with their year's outcome.
    /// `currentYear` (the school year under way) places a student no exit names in a grade-9
    /// cohort by their grade, for Perkins V's graduation rate.
    static func students(districtID: UUID, year: ReportingYear, scope: OutcomeScope, only: [UUID]? = nil, currentYear: Int,
                         db: any Database) async throws -> [Student] {
        let sql = try db.sql()
        // Named students narrow every read, so refreshing a few stays cheap in a big district.
        func named(_ column: String) -> SQLQueryString {
            guard let only else { return "" }
            return "AND \(unsafeRaw: column) IN (\(binds: only.map { $0 as any Encodable & Sendable }))"
        }
        let (first, last) = (year.firstDay, year.lastDay)
        let onTeams: SQLQueryString = """
            AND s.person_id IN (SELECT m.student_id FROM memberships m JOIN teams tm ON tm.id = m.team_id
                                WHERE m.district_id = \(bind: districtID) AND m.starts_on <= \(bind: last) AND (m.ends_on IS NULL OR m.ends_on > \(bind: first))
            """
        // Where the district has imported its enrollments, a student counts in a year (and in a
        // school) only where the student information system had them enrolled then, in the
        // school of that year's sections; otherwise in the current roster and school.
        let history = try await hasEnrollmentHistory(districtID: districtID, db: db)
        let overlap: SQLQueryString = """
            e.district_id = \(bind: districtID) AND e.role = 'student' AND COALESCE(e.begins_on, cs.starts_on, '0001-01-01') <= \(bind: last)
            AND COALESCE(e.ends_on, cs.ends_on, '9999-12-31') >= \(bind: first) AND (e.ended_on IS NULL OR e.ended_on >= \(bind: first))
            """
        let yearSchool: SQLQueryString = history ? """
            COALESCE((SELECT cs.school_id FROM enrollments e JOIN class_sections cs ON cs.id = e.class_section_id
                      WHERE e.person_id = s.person_id AND cs.school_id IS NOT NULL AND
            """ + " " + overlap + " ORDER BY COALESCE(e.begins_on, cs.starts_on) DESC LIMIT 1), s.school_id)" : "s.school_id"
        func enrolled(_ extra: SQLQueryString = "") -> SQLQueryString {
            guard history else { return "" }
            return "AND s.person_id IN (SELECT e.person_id FROM enrollments e JOIN class_sections cs ON cs.id = e.class_section_id WHERE "
                + overlap + " " + extra + ")"
        }
        let school: SQLQueryString = switch scope {
        case .district, .network: enrolled()
        case .school(let id): history ? enrolled("AND cs.school_id = \(bind: id)") : "AND s.school_id = \(bind: id)"
        case .program(let id): enrolled() + " " + onTeams + " AND tm.program_id = \(bind: id))"
        case .team(let id): enrolled() + " " + onTeams + " AND tm.id = \(bind: id))"
        }
        let rows = try await sql.raw("""
            SELECT s.person_id AS student_id,
            """ + " " + yearSchool + """
             AS school_id,
            """ + attributeColumns + """
            ,
                   COALESCE(t.minutes, 0) AS minutes, COALESCE(t.minute_cents, 0) AS minute_cents
            FROM student_profiles s
            LEFT JOIN schools sc ON sc.id =
            """ + " " + yearSchool + """

            LEFT JOIN (SELECT student_id, CAST(SUM(minutes) AS BIGINT) AS minutes,
                              CAST(SUM(minutes * COALESCE(hourly_wage_cents, 0)) AS BIGINT) AS minute_cents
                       FROM time_entries
                       WHERE district_id = \(bind: districtID) AND status = 'approved' AND work_date >= \(bind: first) AND work_date <= \(bind: last)
                       \(named("student_id"))
                       GROUP BY student_id) t ON t.student_id = s.person_id
            WHERE s.district_id = \(bind: districtID)
              AND NOT EXISTS (SELECT 1 FROM student_exits x WHERE x.student_id = s.person_id AND x.exited_on < \(bind: first))
            """ + " " + school + " " + named("s.person_id")).all()
        let delivered = try await ids(sql, """
            SELECT DISTINCT t.student_id AS id FROM time_entries t
            JOIN deliverables d ON d.engagement_id = t.engagement_id AND d.status = 'accepted'
            WHERE t.district_id = \(bind: districtID) AND t.status = 'approved' AND t.work_date >= \(bind: first) AND t.work_date <= \(bind: last)
              \(named("t.student_id"))
            """)
        let credentialed = try await ids(sql, """
            SELECT DISTINCT student_id AS id FROM credential_attainments
            WHERE district_id = \(bind: districtID) AND earned_on >= \(bind: first) AND earned_on <= \(bind: last) \(named("student_id"))
              AND id NOT IN (SELECT attainment_id FROM issued_credentials WHERE revoked_at IS NOT NULL AND attainment_id IS NOT NULL)
            """)
        let placed = try await ids(sql, """
            SELECT DISTINCT student_id AS id FROM memberships
            WHERE district_id = \(bind: districtID) AND starts_on <= \(bind: last) AND (ends_on IS NULL OR ends_on > \(bind: first)) \(named("student_id"))
            """)
        let mentored = try await ids(sql, """
            SELECT DISTINCT m.student_id AS id FROM memberships m
            JOIN mentor_assignments a ON a.team_id = m.team_id AND a.starts_on <= \(bind: last) AND (a.ends_on IS NULL OR a.ends_on > \(bind: first))
            WHERE m.district_id = \(bind: districtID) AND m.starts_on <= \(bind: last) AND (m.ends_on IS NULL OR m.ends_on > \(bind: first))
              \(named("m.student_id"))
            """)
        let dualCredit = try await ids(sql, """
            SELECT DISTINCT student_id AS id FROM dual_credits
            WHERE district_id = \(bind: districtID) AND earned_on >= \(bind: first) AND earned_on <= \(bind: last) \(named("student_id"))
            """)
        // Washington's High School and Beyond Plan, current when a counselor signed it off in the year.
        let beyondPlan = try await ids(sql, """
            SELECT DISTINCT student_id AS id FROM beyond_plan_sign_offs
            WHERE district_id = \(bind: districtID) AND school_year = \(bind: year.start) \(named("student_id"))
            """)
        let learning = try await WorkBasedLearningRecords.read(districtID: districtID, first: first, last: last, named: named, sql: sql)
        var grades: [UUID: Int] = [:], sexes: [UUID: String] = [:]
        for row in rows {
            let id = try row.decode(column: "student_id", as: UUID.self)
            grades[id] = try row.decode(column: "grade", as: Int.self)
            sexes[id] = try row.decode(column: "sex", as: String?.self)
        }
        let rule = try await PerkinsRecords.rule(districtID: districtID, db: db)
        let perkins = try await PerkinsRecords.read(districtID: districtID, year: year, currentYear: currentYear, grades: grades, sexes: sexes,
                                                    named: named, db: db)
        return try rows.map { row in
            let id = try row.decode(column: "student_id", as: UUID.self)
            let record = perkins[id] ?? PerkinsRecord()
            var attributes = try Self.attributes(row)
            attributes.nontraditional = record.preparingForNontraditional(rule)
            // The grade in the year reported, not today's.
            attributes.grade = attributes.grade.map { $0 - (currentYear - year.start) }
            let worksite = learning[id] ?? WorkBasedLearningRecords.Year()
            return Student(id: id, schoolID: try row.decode(column: "school_id", as: UUID?.self), outcome: StudentYearOutcome(
                attributes: attributes, approvedMinutes: try row.decode(column: "minutes", as: Int.self) + worksite.paidMinutes,
                earningsCents: PayArithmetic.cents(fromMinuteCents: try row.decode(column: "minute_cents", as: Int.self) + worksite.paidMinuteCents),
                acceptedDeliverable: delivered.contains(id), credentialsEarned: credentialed.contains(id) ? 1 : 0,
                placed: placed.contains(id), mentored: mentored.contains(id), concentrator: !record.concentrations(rule).isEmpty,
                stages: worksite.stages, placementPay: worksite.pay, placementMinutes: worksite.minutes, ratedProficient: worksite.proficient,
                ventureWork: worksite.ventureWork, pitched: worksite.pitched, stageCompleted: worksite.stageCompleted,
                dualCredit: dualCredit.contains(id), beyondPlan: beyondPlan.contains(id), perkins: record.status(year: year.start, rule: rule)))
        }
    }

    /// The school year (by its first calendar year) a moment falls in, as a reporting year.
    static func schoolYear(of now: Date) -> Int { ReportingYear.containing(CalendarDate.on(now, timeZone: "UTC")).start }

    /// The columns a student's groups are read from: `student_profiles s` and `schools sc`.
    static let attributeColumns = SQLQueryString("s.race_ethnicity AS race, s.sex AS sex, sc.locale AS locale, s.grade AS grade, "
        + flagColumns.map { "s.\(StudentProfile.column(for: $0.flag).description) AS \($0.column)" }.joined(separator: ", "))

    /// Each flag under a short name of its own (`f1`, `f2`, …) in rows that select `attributeColumns`.
    private static let flagColumns = StudentFlag.allCases.enumerated().map { (column: "f\($0.offset + 1)", flag: $0.element) }

    /// A student's groups from a row that selected `attributeColumns`.
    static func attributes(_ row: any SQLRow) throws -> StudentAttributes {
        var flags: Set<StudentFlag> = []
        for (column, flag) in flagColumns where try row.decode(column: column, as: Bool.self) { flags.insert(flag) }
        return StudentAttributes(raceEthnicity: try row.decode(column: "race", as: String?.self).flatMap(RaceEthnicity.init(rawValue:)),
                                 sex: try row.decode(column: "sex", as: String?.self).flatMap(Sex.init(rawValue:)), flags: flags,
                                 locale: try row.decode(column: "locale", as: String?.self).flatMap(SchoolLocale.init(rawValue:)),
                                 grade: try row.decode(column: "grade", as: Int?.self))
    }

    /// Whether the district has imported enrollments from its student information system.
    static func hasEnrollmentHistory(districtID: UUID, db: any Database) async throws -> Bool {
        try await db.sql().raw("SELECT 1 AS found FROM enrollments WHERE district_id = \(bind: districtID) AND role = 'student' LIMIT 1").first() != nil
    }

    private static func ids(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> Set<UUID> {
        Set(try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) })
    }
}
