import Fluent
import Foundation
import PathworkDomain
import Plot
import SQLKit
import Vapor

/// Where every student's plan stands this school year, for counselors: who is signed off, whose
/// plan is complete and waits for a review, and what the others still need. Each part is read
/// for the whole district in one grouped query, not student by student.
enum BeyondPlanRoster {
    struct Row {
        let studentID: UUID
        let name: String
        let grade: Int
        let schoolID: UUID?
        let signedOn: String?
        let missing: [BeyondPlanPart]

        var status: Status { signedOn != nil ? .signedOff : missing.isEmpty ? .ready : .incomplete }
    }

    enum Status: String, CaseIterable {
        case signedOff, ready, incomplete
        var title: String {
            switch self {
            case .signedOff: "Signed off this year"
            case .ready: "Complete, waiting for sign-off"
            case .incomplete: "Parts still missing"
            }
        }
    }

    /// Students in grades 7–12 still enrolled (no exit recorded), by name.
    static func rows(tenant: Tenant, year: Int) async throws -> [Row] {
        let sql = try tenant.db.sql()
        let district = tenant.districtID
        func ids(_ query: SQLQueryString) async throws -> [UUID: Int] {
            var counts: [UUID: Int] = [:]
            for row in try await sql.raw(query).all() { counts[try row.decode(column: "id", as: UUID.self), default: 0] += try row.decode(column: "n", as: Int.self) }
            return counts
        }
        let students = try await sql.raw("""
            SELECT s.person_id AS id, p.given_name AS given, p.family_name AS family, s.grade AS grade, s.school_id AS school
            FROM student_profiles s JOIN people p ON p.id = s.person_id
            WHERE s.district_id = \(bind: district) AND s.grade >= \(bind: BeyondPlanRules.firstGrade) AND p.disabled_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM student_exits x WHERE x.student_id = s.person_id)
            ORDER BY p.family_name, p.given_name
            """).all()
        var plans: [UUID: (career: String, education: String, pathways: String)] = [:]
        for row in try await sql.raw("SELECT student_id, career_goals, education_goals, graduation_pathways FROM beyond_plans WHERE district_id = \(bind: district)").all() {
            plans[try row.decode(column: "student_id", as: UUID.self)] = (try row.decode(column: "career_goals", as: String.self),
                                                                          try row.decode(column: "education_goals", as: String.self),
                                                                          try row.decode(column: "graduation_pathways", as: String.self))
        }
        var courses: [UUID: Set<Int>] = [:]
        for row in try await sql.raw("SELECT student_id, courses FROM study_plans WHERE district_id = \(bind: district)").all() {
            courses[try row.decode(column: "student_id", as: UUID.self)] = Set(PlanText.decode(try row.decode(column: "courses", as: String.self)).map(\.grade))
        }
        let inventories = try await ids("SELECT student_id AS id, COUNT(*) AS n FROM interest_results WHERE district_id = \(bind: district) GROUP BY student_id")
        var resume: [UUID: Int] = [:]
        for source in BeyondPlanWriter.resumeSources {
            resume.merge(try await ids("SELECT student_id AS id, COUNT(*) AS n FROM \(unsafeRaw: source.table) WHERE district_id = \(bind: district)"
                                       + SQLQueryString(source.only) + " GROUP BY student_id"), uniquingKeysWith: +)
        }
        var signed: [UUID: String] = [:]
        for row in try await sql.raw("SELECT student_id, signed_on FROM beyond_plan_sign_offs WHERE district_id = \(bind: district) AND school_year = \(bind: year)").all() {
            signed[try row.decode(column: "student_id", as: UUID.self)] = try row.decode(column: "signed_on", as: String.self)
        }
        return try students.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let grade = try row.decode(column: "grade", as: Int.self)
            let plan = plans[id]
            let contents = BeyondPlanContents(careerGoals: plan?.career ?? "", educationGoals: plan?.education ?? "",
                                              graduationPathways: Set((plan?.pathways ?? "").split(separator: ",").compactMap { GraduationPathwayOption(rawValue: String($0)) }),
                                              inventoryTaken: inventories[id] != nil, plannedGrades: courses[id] ?? [], resumeEntries: resume[id] ?? 0)
            return Row(studentID: id, name: "\(try row.decode(column: "family", as: String.self)), \(try row.decode(column: "given", as: String.self))",
                       grade: grade, schoolID: try row.decode(column: "school", as: UUID?.self), signedOn: signed[id],
                       missing: BeyondPlanRules.missing(contents, grade: grade))
        }
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.beyondPlans.pattern) { req async throws -> Page in try await page(req) }
    }

    static func page(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        try viewer.require(.viewStudentDetails)
        let tenant = try req.tenant
        try await BeyondPlanWriter.requireWashington(tenant)
        var errors: [FieldError] = []
        let school = try? req.query.get(String.self, at: "school")
        let gradeText = (try? req.query.get(String.self, at: "grade")) ?? ""
        let statusText = (try? req.query.get(String.self, at: "status")) ?? ""
        let grade = Int(gradeText)
        if !gradeText.isEmpty && !(BeyondPlanRules.firstGrade...12).contains(grade ?? 0) { errors.append(FieldError(field: "grade", message: "Choose a grade from 7 to 12.")) }
        let status = Status(rawValue: statusText)
        if !statusText.isEmpty && status == nil { errors.append(FieldError(field: "status", message: "Choose a status from the list.")) }
        let schools = try await tenant.query(School.self).sort(\.$name).all()
        let schoolID = school.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        if let school, !school.isEmpty, !schools.contains(where: { $0.id == schoolID }) { errors.append(FieldError(field: "school", message: "Choose a school from the list.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let year = SchoolCalendar.schoolYearStart(containing: req.today)
        let all = try await rows(tenant: tenant, year: year)
        let inScope = all.filter { (schoolID == nil || $0.schoolID == schoolID) && (grade == nil || $0.grade == grade) }
        let shown = inScope.filter { status == nil || $0.status == status }
        let names = Dictionary(uniqueKeysWithValues: try schools.map { (try $0.requireID(), $0.name) })
        let signedCount = inScope.filter { $0.status == .signedOff }.count
        return Layout.page("High School and Beyond Plans \(year)–\(String(year + 1).suffix(2))", viewer: viewer,
            .p(.text("\(signedCount) of \(inScope.count) students in grades 7–12 have a plan signed off this school year; "
                     + "\(inScope.filter { $0.status == .ready }.count) are complete and wait for a counselor.")),
            .form(.method(.get), .action(SiteRoute.beyondPlans.path), .class("filters"),
                FormField.select("School", name: "school", options: [(value: "", title: "Every school")] + (try schools.map { (value: try $0.requireID().uuidString, title: $0.name) }),
                                 selected: schoolID?.uuidString),
                FormField.select("Grade", name: "grade", options: [(value: "", title: "Grades 7–12")] + (BeyondPlanRules.firstGrade...12).map { (value: String($0), title: "Grade \($0)") },
                                 selected: gradeText),
                FormField.select("Status", name: "status", options: [(value: "", title: "Any")] + Status.allCases.map { (value: $0.rawValue, title: $0.title) },
                                 selected: statusText),
                .button(.type(.submit), .text("Show"))),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Student")), .th(.text("Grade")), .th(.text("School")), .th(.text("This year")), .th(.text("Still needed")))),
                .tbody(.forEach(shown.prefix(500)) { row in
                    .tr(.td(.a(.href(SiteRoute.beyondPlan(row.studentID).path), .text(row.name))), .td(.text(String(row.grade))),
                        .td(.text(row.schoolID.flatMap { names[$0] } ?? "—")),
                        .td(.text(row.signedOn.map { "Signed off \($0)" } ?? row.status.title)),
                        .td(.text(row.missing.map(\.title).joined(separator: ", "))))
                }))),
            .if(shown.count > 500, .p(.text("Showing the first 500 of \(shown.count); choose a school or grade to see the rest."))))
    }
}
