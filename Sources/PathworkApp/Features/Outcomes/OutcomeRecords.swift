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
    static func students(districtID: UUID, year: ReportingYear, scope: OutcomeScope, only: [UUID]? = nil, db: any Database) async throws -> [Student] {
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
        let school: SQLQueryString = switch scope {
        case .district, .network: ""
        case .school(let id): "AND s.school_id = \(bind: id)"
        case .program(let id): onTeams + " AND tm.program_id = \(bind: id))"
        case .team(let id): onTeams + " AND tm.id = \(bind: id))"
        }
        let rows = try await sql.raw("""
            SELECT s.person_id AS student_id, s.school_id AS school_id, s.race_ethnicity AS race, s.sex AS sex, sc.locale AS locale,
                   s.economically_disadvantaged AS f1, s.english_learner AS f2, s.disability AS f3, s.homeless AS f4,
                   s.foster_care AS f5, s.migrant AS f6, s.military_connected AS f7, s.new_to_country AS f8,
                   COALESCE(t.minutes, 0) AS minutes, COALESCE(t.minute_cents, 0) AS minute_cents
            FROM student_profiles s
            LEFT JOIN schools sc ON sc.id = s.school_id
            LEFT JOIN (SELECT student_id, CAST(SUM(minutes) AS BIGINT) AS minutes,
                              CAST(SUM(minutes * COALESCE(hourly_wage_cents, 0)) AS BIGINT) AS minute_cents
                       FROM time_entries
                       WHERE district_id = \(bind: districtID) AND status = 'approved' AND work_date >= \(bind: first) AND work_date <= \(bind: last)
                       \(named("student_id"))
                       GROUP BY student_id) t ON t.student_id = s.person_id
            WHERE s.district_id = \(bind: districtID)
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
        let concentrators = try await ids(sql, """
            SELECT DISTINCT cc.student_id AS id FROM completed_courses cc
            JOIN courses c ON c.district_id = cc.district_id AND c.code = cc.course_code AND c.cte_program IS NOT NULL
            WHERE cc.district_id = \(bind: districtID) AND cc.completed_on <= \(bind: last)
              \(named("cc.student_id"))
            GROUP BY cc.student_id, c.cte_program HAVING COUNT(*) >= 2
            """)
        let flagColumns: [(String, StudentFlag)] = [("f1", .economicallyDisadvantaged), ("f2", .englishLearner), ("f3", .disability), ("f4", .homeless),
                                                    ("f5", .fosterCare), ("f6", .migrant), ("f7", .militaryConnected), ("f8", .newToCountry)]
        return try rows.map { row in
            let id = try row.decode(column: "student_id", as: UUID.self)
            var flags: Set<StudentFlag> = []
            for (column, flag) in flagColumns where try row.decode(column: column, as: Bool.self) { flags.insert(flag) }
            let attributes = StudentAttributes(raceEthnicity: try row.decode(column: "race", as: String?.self).flatMap(RaceEthnicity.init(rawValue:)),
                                               sex: try row.decode(column: "sex", as: String?.self).flatMap(Sex.init(rawValue:)), flags: flags,
                                               locale: try row.decode(column: "locale", as: String?.self).flatMap(SchoolLocale.init(rawValue:)))
            return Student(id: id, schoolID: try row.decode(column: "school_id", as: UUID?.self), outcome: StudentYearOutcome(attributes: attributes, approvedMinutes: try row.decode(column: "minutes", as: Int.self),
                                      earningsCents: PayArithmetic.cents(fromMinuteCents: try row.decode(column: "minute_cents", as: Int.self)),
                                      acceptedDeliverable: delivered.contains(id), credentialsEarned: credentialed.contains(id) ? 1 : 0,
                                      placed: placed.contains(id), mentored: mentored.contains(id), concentrator: concentrators.contains(id)))
        }
    }

    private static func ids(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> Set<UUID> {
        Set(try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) })
    }
}
