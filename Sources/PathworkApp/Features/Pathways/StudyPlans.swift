import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PlanChange: Content {
    var templateId: String?
    var code: String?
    var grade: Int?
    var studentId: String?
    var courseCode: String?
    var completedOn: String?
}

struct StudyPlanJSON: Content {
    struct Item: Content { var code: String; var title: String; var grade: Int; var creditTenths: Int; var completed: Bool }
    var studentId: UUID
    var templateId: UUID?
    var courses: [Item]
    var issues: [String]
    var progressPercent: Int
    var concentrator: Bool
    var completedCourses: [String]
    var completions: [Completion]

    struct Completion: Content { var id: UUID; var code: String; var title: String; var completedOn: String }
}

/// Course catalog, plan templates, completed courses and each student's plan of study, checked
/// by `PlanOfStudyRules` against the catalog and what the student has completed.
enum StudyPlans {
    /// The student whose plan the caller may read or change: themselves, or any student for staff.
    static func student(_ req: Request) async throws -> PersonRecord {
        let viewer = try req.viewer
        let record = try await PeopleDirectory.find(req.parameters.get("personID", as: UUID.self), viewer: viewer, tenant: try req.tenant)
        guard record.roles.contains(.student), Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: record.id == viewer.personID) else {
            throw Abort(.notFound, reason: "No such student's plan.")
        }
        return record
    }

    static func json(student: UUID, tenant: Tenant) async throws -> StudyPlanJSON {
        let catalog = Dictionary(uniqueKeysWithValues: try await tenant.query(Course.self).all().map { ($0.code, $0.rule) })
        let completions = try await tenant.query(CompletedCourse.self).filter(\.$studentID == student).sort(\.$completedOn).all()
        let completed = Set(completions.map(\.courseCode))
        let rules = try await CourseCatalog.requirements(tenant)
        let plan = try await tenant.query(StudyPlan.self).filter(\.$studentID == student).first()
        let courses = PlanText.decode(plan?.courses ?? "")
        let issues = plan == nil ? [] : PlanOfStudyRules.check(courses, catalog: catalog, completed: completed,
                                                              maxCreditTenthsPerYear: rules.maxCreditTenthsPerYear,
                                                              graduationCreditTenths: rules.graduationCreditTenths)
        return StudyPlanJSON(studentId: student, templateId: plan?.templateID,
                             courses: courses.map { .init(code: $0.code, title: catalog[$0.code]?.title ?? $0.code, grade: $0.grade,
                                                          creditTenths: catalog[$0.code]?.creditTenths ?? 0, completed: completed.contains($0.code)) },
                             issues: issues.map(\.message), progressPercent: PlanOfStudyRules.progressPercent(courses, completed: completed),
                             concentrator: PlanOfStudyRules.isConcentrator(completed: completed, catalog: catalog), completedCourses: completed.sorted(),
                             completions: try completions.map { .init(id: try $0.requireID(), code: $0.courseCode, title: catalog[$0.courseCode]?.title ?? $0.courseCode, completedOn: $0.completedOn) })
    }

    /// What each step of the plan API takes.
    static func stepBody(_ step: String) -> Schema {
        switch step {
        case "template": .object([("templateId", .string(format: "uuid"))], required: ["templateId"])
        case "courses": .object([("code", .pattern(CourseCatalog.codePattern)), ("grade", .bounded(minimum: 9, maximum: 12))], required: ["code", "grade"])
        default: .object([("code", .pattern(CourseCatalog.codePattern))], required: ["code"])
        }
    }

    /// Starts from a template (replacing the plan), adds a course in a grade, or removes one.
    static func change(_ step: String, _ input: PlanChange, student: UUID, on req: Request) async throws {
        let tenant = try req.tenant
        let existing = try await tenant.query(StudyPlan.self).filter(\.$studentID == student).first()
        var courses = PlanText.decode(existing?.courses ?? "")
        var templateID = existing?.templateID
        switch step {
        case "template":
            guard let id = input.templateId.flatMap(UUID.init(uuidString:)), let template = try await tenant.query(PlanTemplate.self).filter(\.$id == id).first() else {
                throw PathworkError.invalid([.reference(field: "templateId", message: "Choose a plan template.")])
            }
            courses = PlanText.decode(template.courses)
            templateID = template.id
        case "courses":
            let code = input.code?.uppercased() ?? ""
            var errors: [FieldError] = []
            if try await tenant.query(Course.self).filter(\.$code == code).first() == nil { errors.append(.reference(field: "code", message: "Choose a course from the catalog.")) }
            if !(9...12).contains(input.grade ?? 0) { errors.append(FieldError(field: "grade", message: "Choose a grade from 9 to 12.")) }
            if courses.contains(where: { $0.code == code }) { errors.append(.duplicate(field: "code", message: "\(code) is already in the plan.")) }
            if !errors.isEmpty { throw PathworkError.invalid(errors) }
            courses.append(PlannedCourse(code: code, grade: input.grade!))
        default:
            courses.removeAll { $0.code == (input.code ?? "").uppercased() }
        }
        let (now, text, template) = (req.now, PlanText.encode(courses), templateID)
        try await req.change { tenant, audit in
            let plan = existing ?? StudyPlan()
            let before = existing?.courses ?? ""
            plan.districtID = tenant.districtID
            plan.studentID = student
            plan.templateID = template
            plan.courses = text
            plan.updatedAt = now
            try await plan.save(on: tenant.db)
            audit.record(step == "template" ? "start" : "update", "studyPlan", id: plan.id, before: existing == nil ? nil : ["courses": before], after: ["courses": text])
        }
    }

    /// Records a completed course and, in the same change, awards any pathway milestone it meets.
    static func complete(_ input: PlanChange, on req: Request) async throws {
        try req.viewer.require(.manageCredentials)
        let student = try await PeopleDirectory.find(input.studentId.flatMap(UUID.init(uuidString:)), viewer: req.viewer, tenant: try req.tenant)
        guard student.roles.contains(.student) else { throw PathworkError.invalid([.reference(field: "studentId", message: "Choose a student.")]) }
        let code = input.courseCode?.uppercased() ?? ""
        var errors: [FieldError] = []
        if try await req.tenant.query(Course.self).filter(\.$code == code).first() == nil { errors.append(.reference(field: "courseCode", message: "Choose a course from the catalog.")) }
        let date = CalendarDate(iso: input.completedOn ?? "")
        if date == nil || date! > req.today { errors.append(.rule(field: "completedOn", message: "Enter the date it was completed (today or earlier).")) }
        if try await req.tenant.query(CompletedCourse.self).filter(\.$studentID == student.id).filter(\.$courseCode == code).first() != nil {
            errors.append(.duplicate(field: "courseCode", message: "Already recorded as completed."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let (app, now) = (req.application, req.now)
        try await req.change { tenant, audit in
            let done = CompletedCourse()
            done.districtID = tenant.districtID
            done.studentID = student.id
            done.courseCode = code
            done.completedOn = date!.description
            try await done.create(on: tenant.db)
            audit.created("completedCourse", id: done.id, ["studentID": student.id.uuidString, "course": code, "completedOn": done.completedOn])
            audit.emit(.students([student.id]))
            try await PathwayRecords.awardMilestones(students: [student.id], tenant: tenant, audit: audit, app: app, now: now)
        }
    }

    /// Takes back a completion recorded in error. A milestone credential it earned stays issued;
    /// staff revoke that on the credential's own page if it should go too.
    static func uncomplete(_ id: UUID?, on req: Request) async throws -> UUID {
        try req.viewer.require(.manageCredentials)
        let done = try await req.tenant.find(CompletedCourse.self, id)
        return try await req.change { tenant, audit in
            try await done.delete(on: tenant.db)
            audit.deleted("completedCourse", id: done.id, ["studentID": done.studentID.uuidString, "course": done.courseCode, "completedOn": done.completedOn])
            audit.emit(.students([done.studentID]))
            return done.studentID
        }
    }
}
