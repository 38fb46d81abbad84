import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Reads a graduating class straight from the records: each graduate's groups, what they took
/// part in during high school, their Clearinghouse enrollments and financial-aid completion.
enum PostsecondaryRecords {
    /// The first and last exit date of a class (a summer graduate belongs to that spring's).
    static func dates(classOf: Int) -> (first: String, last: String) { ("\(classOf - 1)-09-01", "\(classOf)-08-31") }

    static func graduates(districtID: UUID, classOf: Int, db: any Database) async throws -> [GraduateOutcome] {
        let sql = try db.sql()
        let (first, last) = dates(classOf: classOf)
        let inClass: SQLQueryString = """
            SELECT student_id FROM student_exits WHERE district_id = \(bind: districtID) AND kind = 'graduated'
            AND exited_on >= \(bind: first) AND exited_on <= \(bind: last)
            """
        let rows = try await sql.raw("""
            SELECT x.student_id AS student_id, x.cohort_year AS cohort_year, x.exited_on AS exited_on,
            """ + OutcomeRecords.attributeColumns + """

            FROM student_exits x JOIN student_profiles s ON s.person_id = x.student_id
            LEFT JOIN schools sc ON sc.id = s.school_id
            WHERE x.district_id = \(bind: districtID) AND x.kind = 'graduated' AND x.exited_on >= \(bind: first) AND x.exited_on <= \(bind: last)
            """).all()
        // Taken part in before graduating: approved hours (team time, or paid worksite hours),
        // a placement that started, a credential not revoked.
        let paid = try await ids(sql, """
            SELECT DISTINCT t.student_id AS id FROM time_entries t JOIN student_exits x ON x.student_id = t.student_id
            WHERE t.district_id = \(bind: districtID) AND t.status = 'approved' AND t.work_date <= x.exited_on AND t.student_id IN (
            """ + inClass + """
            ) UNION SELECT DISTINCT h.student_id AS id FROM placement_hours h JOIN student_exits x ON x.student_id = h.student_id
            WHERE h.district_id = \(bind: districtID) AND h.status = 'approved' AND h.paid_by <> 'unpaid' AND h.work_date <= x.exited_on AND h.student_id IN (
            """ + inClass + ")")
        let placed = try await ids(sql, """
            SELECT DISTINCT p.student_id AS id FROM placements p JOIN student_exits x ON x.student_id = p.student_id
            WHERE p.district_id = \(bind: districtID) AND p.started_at IS NOT NULL AND p.starts_on <= x.exited_on AND p.student_id IN (
            """ + inClass + ")")
        let credentialed = try await ids(sql, """
            SELECT DISTINCT a.student_id AS id FROM credential_attainments a JOIN student_exits x ON x.student_id = a.student_id
            WHERE a.district_id = \(bind: districtID) AND a.earned_on <= x.exited_on
              AND a.id NOT IN (SELECT attainment_id FROM issued_credentials WHERE revoked_at IS NOT NULL AND attainment_id IS NOT NULL)
              AND a.student_id IN (
            """ + inClass + ")")
        let aided = try await ids(sql, """
            SELECT DISTINCT student_id AS id FROM financial_aid_applications
            WHERE district_id = \(bind: districtID) AND class_of = \(bind: classOf) AND completed_on IS NOT NULL
            """)
        var enrollments: [UUID: [PostsecondaryEnrollment]] = [:]
        for row in try await sql.raw("""
            SELECT student_id, college_code, college_name, college_state, level, control, begins_on, ends_on, status FROM postsecondary_records
            WHERE district_id = \(bind: districtID) AND kind = 'enrollment' AND \(StudentFileStage.visible("postsecondary_records")) AND student_id IN (
            """ + inClass + ")").all() {
            guard let level = InstitutionLevel(rawValue: try row.decode(column: "level", as: String.self)),
                  let control = InstitutionControl(rawValue: try row.decode(column: "control", as: String.self)),
                  let begins = CalendarDate(iso: try row.decode(column: "begins_on", as: String.self)),
                  let ends = CalendarDate(iso: try row.decode(column: "ends_on", as: String.self)) else { continue }
            let college = College(code: try row.decode(column: "college_code", as: String.self), name: try row.decode(column: "college_name", as: String.self),
                                  state: try row.decode(column: "college_state", as: String.self), level: level, control: control)
            enrollments[try row.decode(column: "student_id", as: UUID.self), default: []].append(PostsecondaryEnrollment(
                college: college, begins: begins, ends: ends, status: try row.decode(column: "status", as: String?.self).flatMap(EnrollmentStatus.init(rawValue:))))
        }
        return try rows.compactMap { row in
            let id = try row.decode(column: "student_id", as: UUID.self)
            guard let on = CalendarDate(iso: try row.decode(column: "exited_on", as: String.self)) else { return nil }
            var took: Set<ProgramParticipation> = []
            if paid.contains(id) { took.insert(.paidWork) }
            if placed.contains(id) { took.insert(.worksitePlacement) }
            if credentialed.contains(id) { took.insert(.credential) }
            return GraduateOutcome(
                attributes: try OutcomeRecords.attributes(row),
                participation: took, exit: StudentExit(cohortYear: try row.decode(column: "cohort_year", as: Int.self), exitedOn: on, kind: .graduated),
                enrollments: enrollments[id] ?? [], financialAidCompleted: aided.contains(id))
        }
    }

    /// The classes the district has graduates in, newest first.
    static func classes(districtID: UUID, db: any Database) async throws -> [Int] {
        let rows = try await db.sql().raw("""
            SELECT DISTINCT exited_on FROM student_exits WHERE district_id = \(bind: districtID) AND kind = 'graduated'
            """).all()
        let years = Set(try rows.compactMap { CalendarDate(iso: try $0.decode(column: "exited_on", as: String.self)) }.map {
            StudentExit(cohortYear: $0.year - 4, exitedOn: $0, kind: .graduated).classOf
        })
        return years.sorted(by: >)
    }

    /// How many of the class the Clearinghouse searched, and the latest search date.
    static func searched(districtID: UUID, classOf: Int, db: any Database) async throws -> (count: Int, latest: String?) {
        let (first, last) = dates(classOf: classOf)
        let row = try await db.sql().raw("""
            SELECT COUNT(*) AS n, MAX(p.searched_on) AS latest FROM postsecondary_searches p JOIN student_exits x ON x.student_id = p.student_id
            WHERE p.district_id = \(bind: districtID) AND x.kind = 'graduated' AND x.exited_on >= \(bind: first) AND x.exited_on <= \(bind: last)
            """).first()
        return (try row?.decode(column: "n", as: Int.self) ?? 0, try row?.decode(column: "latest", as: String?.self))
    }

    private static func ids(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> Set<UUID> {
        Set(try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) })
    }
}
