import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Reads what the Perkins V indicators need for a district's year, straight from the records:
/// completed CTE courses by program, exits and cohorts, the year's assessment results, what
/// leavers did in the second quarter after leaving, the pathways marked non-traditional, and
/// by each graduate's exit date their credentials, dual credit and work-based learning. Several
/// of these tables belong to features above this one (students files, Perkins settings); they
/// are read by name, as ARCHITECTURE.md says.
enum PerkinsRecords {
    static func rule(districtID: UUID, db: any Database) async throws -> ConcentratorRule {
        let row = try await db.sql().raw("SELECT concentrator_rule FROM reporting_settings WHERE district_id = \(bind: districtID)").first()
        return (try row?.decode(column: "concentrator_rule", as: String?.self)).flatMap { $0 }.flatMap(ConcentratorRule.init(rawValue:)) ?? .twoCourses
    }

    /// Each named (or every) student's record for the year; `grades` gives the cohort of a
    /// student no exit names, from their grade in `currentYear`.
    static func read(districtID: UUID, year: ReportingYear, currentYear: Int, grades: [UUID: Int], sexes: [UUID: String],
                     named: (String) -> SQLQueryString, db: any Database) async throws -> [UUID: PerkinsRecord] {
        let sql = try db.sql()
        let last = year.lastDay
        var records: [UUID: PerkinsRecord] = [:]
        // Completed CTE courses through the year: recorded, or (where imported) enrollments in a
        // CTE course's sections that ran to their end.
        let completions = try await sql.raw("""
            SELECT DISTINCT student_id, program, code, credit_tenths FROM (
                SELECT cc.student_id AS student_id, c.cte_program AS program, c.code AS code, c.credit_tenths AS credit_tenths FROM completed_courses cc
                JOIN courses c ON c.district_id = cc.district_id AND c.code = cc.course_code AND c.cte_program IS NOT NULL
                WHERE cc.district_id = \(bind: districtID) AND cc.completed_on <= \(bind: last) \(named("cc.student_id"))
                UNION
                SELECT e.person_id AS student_id, c.cte_program AS program, c.code AS code, c.credit_tenths AS credit_tenths FROM enrollments e
                JOIN class_sections cs ON cs.id = e.class_section_id JOIN courses c ON c.id = cs.course_id AND c.cte_program IS NOT NULL
                WHERE e.district_id = \(bind: districtID) AND e.role = 'student' AND COALESCE(e.ends_on, cs.ends_on) <= \(bind: last)
                  AND (e.ended_on IS NULL OR e.ended_on >= COALESCE(e.ends_on, cs.ends_on)) \(named("e.person_id"))
            ) completed
            """).all()
        for row in completions {
            let id = try row.decode(column: "student_id", as: UUID.self), program = try row.decode(column: "program", as: String.self)
            let credit = try row.decode(column: "credit_tenths", as: Int.self)
            let before = records[id, default: PerkinsRecord()].programs[program] ?? (0, 0)
            records[id, default: PerkinsRecord()].programs[program] = (before.courses + 1, before.creditTenths + credit)
        }
        guard !records.isEmpty else { return [:] }
        var nontraditional: [String: Set<String>] = [:]
        for row in try await sql.raw("""
            SELECT DISTINCT c.cte_program AS program, n.for_sex AS sex FROM courses c
            JOIN nontraditional_pathways n ON n.district_id = c.district_id AND n.pathway_code = c.pathway_code
            WHERE c.district_id = \(bind: districtID) AND c.cte_program IS NOT NULL
            """).all() {
            nontraditional[try row.decode(column: "program", as: String.self), default: []].insert(try row.decode(column: "sex", as: String.self))
        }
        for (id, record) in records {
            let sex = sexes[id]
            records[id]?.nontraditionalPrograms = Set(record.programs.keys.filter { program in sex.map { nontraditional[program]?.contains($0) ?? false } ?? false })
            if let grade = grades[id] { records[id]?.cohortYear = currentYear - (grade - 9) }
        }
        for row in try await sql.raw("""
            SELECT student_id, cohort_year, exited_on, kind FROM student_exits WHERE district_id = \(bind: districtID) \(named("student_id"))
            """).all() {
            guard let on = CalendarDate(iso: try row.decode(column: "exited_on", as: String.self)),
                  let kind = StudentExitKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            records[try row.decode(column: "student_id", as: UUID.self)]?.exit = StudentExit(cohortYear: try row.decode(column: "cohort_year", as: Int.self),
                                                                                             exitedOn: on, kind: kind)
        }
        for row in try await sql.raw("""
            SELECT student_id, subject, proficient FROM assessment_results
            WHERE district_id = \(bind: districtID) AND school_year = \(bind: year.start) \(named("student_id"))
            """).all() {
            guard let subject = PerkinsRecord.Subject(rawValue: try row.decode(column: "subject", as: String.self)) else { continue }
            records[try row.decode(column: "student_id", as: UUID.self)]?.assessments[subject] = try row.decode(column: "proficient", as: Bool.self)
        }
        // Leavers of the Perkins year (September to August): where they were after, and what
        // graduates had by their graduation day.
        let (leftFrom, leftBy) = ("\(year.start)-09-01", "\(year.start + 1)-08-31")
        let leavers = records.filter { _, record in
            guard let exit = record.exit else { return false }
            return exit.exitedOn.description >= leftFrom && exit.exitedOn.description <= leftBy
        }
        guard !leavers.isEmpty else { return records }
        // The year's leavers, joined rather than listed: a large district has thousands.
        let leaving: SQLQueryString = """
            SELECT student_id FROM student_exits WHERE district_id = \(bind: districtID) AND exited_on >= \(bind: leftFrom) AND exited_on <= \(bind: leftBy)
            \(named("student_id"))
            """
        var after: [UUID: [(CalendarDate, CalendarDate)]] = [:]
        for row in try await sql.raw("""
            SELECT student_id, begins_on AS starts_on, ends_on FROM postsecondary_records
            WHERE district_id = \(bind: districtID) AND kind = 'enrollment' AND \(StudentFileStage.visible("postsecondary_records")) AND student_id IN (
            """ + leaving + """
            ) UNION ALL SELECT student_id, starts_on, ends_on FROM exit_activities WHERE district_id = \(bind: districtID) AND student_id IN (
            """ + leaving + ")").all() {
            guard let starts = CalendarDate(iso: try row.decode(column: "starts_on", as: String.self)) else { continue }
            let ends = (try row.decode(column: "ends_on", as: String?.self)).flatMap(CalendarDate.init(iso:)) ?? CalendarDate(year: 9999, month: 12, day: 31)!
            after[try row.decode(column: "student_id", as: UUID.self), default: []].append((starts, ends))
        }
        for (id, record) in leavers {
            let quarter = PerkinsRecord.secondQuarterAfter(record.exit!.exitedOn)
            records[id]?.placedAfterExit = (after[id] ?? []).contains { $0.0 <= quarter.last && $0.1 >= quarter.first }
        }
        func byExit(_ query: SQLQueryString) async throws -> Set<UUID> {
            Set(try await sql.raw(query).all().map { try $0.decode(column: "id", as: UUID.self) })
        }
        let credentialed = try await byExit("""
            SELECT DISTINCT a.student_id AS id FROM credential_attainments a JOIN credentials c ON c.id = a.credential_id
            JOIN student_exits x ON x.student_id = a.student_id
            WHERE a.district_id = \(bind: districtID) AND c.kind IN ('industryCertification', 'license') AND a.earned_on <= x.exited_on
              AND a.id NOT IN (SELECT attainment_id FROM issued_credentials WHERE revoked_at IS NOT NULL AND attainment_id IS NOT NULL)
              AND a.student_id IN (
            """ + leaving + ")")
        let dual = try await byExit("""
            SELECT DISTINCT d.student_id AS id FROM dual_credits d JOIN student_exits x ON x.student_id = d.student_id
            WHERE d.district_id = \(bind: districtID) AND d.earned_on <= x.exited_on AND d.student_id IN (
            """ + leaving + ")")
        let learned = try await byExit("""
            SELECT DISTINCT t.student_id AS id FROM time_entries t JOIN student_exits x ON x.student_id = t.student_id
            WHERE t.district_id = \(bind: districtID) AND t.status = 'approved' AND t.work_date <= x.exited_on AND t.student_id IN (
            """ + leaving + """
            ) UNION SELECT DISTINCT p.student_id AS id FROM placements p JOIN student_exits x ON x.student_id = p.student_id
            WHERE p.district_id = \(bind: districtID) AND p.started_at IS NOT NULL AND p.starts_on <= x.exited_on AND p.student_id IN (
            """ + leaving + ")")
        for id in leavers.keys {
            records[id]?.credentialByExit = credentialed.contains(id)
            records[id]?.dualCreditByExit = dual.contains(id)
            records[id]?.workBasedLearningByExit = learned.contains(id)
        }
        return records
    }
}
