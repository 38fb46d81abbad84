import Fluent
import Foundation
import PathworkDomain
import Vapor

struct CourseInput: Content {
    var code: String?
    var title: String?
    var creditTenths: Int?
    var cteProgram: String?
    var dualCreditPartner: String?
    var pathwayCode: String?
    var prerequisites: [String]?
}

struct PlanTemplateInput: Content {
    struct Item: Content { var code: String; var grade: Int }
    var title: String?
    var pathwayCode: String?
    var courses: [Item]?
    var postsecondary: String?
    var milestones: String?
}

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
}

/// Course catalog, plan templates, completed courses and each student's plan of study, checked
/// by `PlanOfStudyRules` against the catalog and what the student has completed.
enum StudyPlans {
    static func addCourse(_ input: CourseInput, on req: Request) async throws -> Course {
        try req.viewer.require(.manageCredentials)
        let code = input.code?.trimmingCharacters(in: .whitespaces).uppercased() ?? ""
        let title = input.title?.nonEmpty ?? ""
        var errors: [FieldError] = []
        if code.isEmpty || code.count > 20 || code.contains(",") || code.contains(":") { errors.append(FieldError(field: "code", message: "Enter a course code of up to 20 characters, without commas or colons.")) }
        if title.isEmpty { errors.append(FieldError(field: "title", message: "Enter the course title.")) }
        if !(1...40).contains(input.creditTenths ?? 0) { errors.append(FieldError(field: "creditTenths", message: "Credits are in tenths, from 1 (0.1) to 40 (4).")) }
        if let pathway = input.pathwayCode?.nonEmpty, !PathwayLinks.isLinkable(pathway) { errors.append(FieldError(field: "pathwayCode", message: "Choose a Career Clusters pathway.")) }
        let known = Set(try await req.tenant.query(Course.self).all().map(\.code))
        if known.contains(code) { errors.append(FieldError(field: "code", message: "The catalog already has \(code).")) }
        for prerequisite in input.prerequisites ?? [] where !known.contains(prerequisite.uppercased()) {
            errors.append(FieldError(field: "prerequisites", message: "\(prerequisite) is not in the catalog; add it first."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let course = Course()
            course.districtID = tenant.districtID
            course.code = code
            course.title = title
            course.creditTenths = input.creditTenths!
            course.cteProgram = input.cteProgram?.nonEmpty
            course.dualCreditPartner = input.dualCreditPartner?.nonEmpty
            course.pathwayCode = input.pathwayCode?.nonEmpty
            course.prerequisites = (input.prerequisites ?? []).map { $0.uppercased() }.joined(separator: ",")
            try await course.create(on: tenant.db)
            audit.created("course", id: course.id, ["code": code, "title": title])
            return course
        }
    }

    static func addTemplate(_ input: PlanTemplateInput, on req: Request) async throws -> PlanTemplate {
        try req.viewer.require(.manageCredentials)
        let title = input.title?.nonEmpty ?? ""
        let known = Set(try await req.tenant.query(Course.self).all().map(\.code))
        var errors: [FieldError] = []
        if title.isEmpty { errors.append(FieldError(field: "title", message: "Name the template.")) }
        if !PathwayLinks.isLinkable(input.pathwayCode ?? "") { errors.append(FieldError(field: "pathwayCode", message: "Choose a Career Clusters pathway.")) }
        for item in input.courses ?? [] where !known.contains(item.code) || !(9...12).contains(item.grade) {
            errors.append(FieldError(field: "courses", message: "\(item.code) in grade \(item.grade): use catalog courses in grades 9 to 12."))
        }
        if (input.courses ?? []).isEmpty { errors.append(FieldError(field: "courses", message: "List the template's courses by grade.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let template = PlanTemplate()
            template.districtID = tenant.districtID
            template.title = title
            template.pathwayCode = input.pathwayCode!
            template.courses = PlanText.encode(input.courses!.map { PlannedCourse(code: $0.code, grade: $0.grade) })
            template.postsecondary = input.postsecondary?.nonEmpty ?? ""
            template.milestones = input.milestones?.nonEmpty ?? ""
            try await template.create(on: tenant.db)
            audit.created("planTemplate", id: template.id, ["title": title])
            return template
        }
    }

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
        let completed = Set(try await tenant.query(CompletedCourse.self).filter(\.$studentID == student).all().map(\.courseCode))
        let plan = try await tenant.query(StudyPlan.self).filter(\.$studentID == student).first()
        let courses = PlanText.decode(plan?.courses ?? "")
        let issues = plan == nil ? [] : PlanOfStudyRules.check(courses, catalog: catalog, completed: completed,
                                                              maxCreditTenthsPerYear: CourseRules.maxCreditTenthsPerYear,
                                                              graduationCreditTenths: CourseRules.graduationCreditTenths)
        return StudyPlanJSON(studentId: student, templateId: plan?.templateID,
                             courses: courses.map { .init(code: $0.code, title: catalog[$0.code]?.title ?? $0.code, grade: $0.grade,
                                                          creditTenths: catalog[$0.code]?.creditTenths ?? 0, completed: completed.contains($0.code)) },
                             issues: issues.map(\.message), progressPercent: PlanOfStudyRules.progressPercent(courses, completed: completed),
                             concentrator: PlanOfStudyRules.isConcentrator(completed: completed, catalog: catalog), completedCourses: completed.sorted())
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
                throw PathworkError.invalid([FieldError(field: "templateId", message: "Choose a plan template.")])
            }
            courses = PlanText.decode(template.courses)
            templateID = template.id
        case "courses":
            let code = input.code?.uppercased() ?? ""
            var errors: [FieldError] = []
            if try await tenant.query(Course.self).filter(\.$code == code).first() == nil { errors.append(FieldError(field: "code", message: "Choose a course from the catalog.")) }
            if !(9...12).contains(input.grade ?? 0) { errors.append(FieldError(field: "grade", message: "Choose a grade from 9 to 12.")) }
            if courses.contains(where: { $0.code == code }) { errors.append(FieldError(field: "code", message: "\(code) is already in the plan.")) }
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

    static func complete(_ input: PlanChange, on req: Request) async throws {
        try req.viewer.require(.manageCredentials)
        let student = try await PeopleDirectory.find(input.studentId.flatMap(UUID.init(uuidString:)), viewer: req.viewer, tenant: try req.tenant)
        let code = input.courseCode?.uppercased() ?? ""
        var errors: [FieldError] = []
        if try await req.tenant.query(Course.self).filter(\.$code == code).first() == nil { errors.append(FieldError(field: "courseCode", message: "Choose a course from the catalog.")) }
        let date = CalendarDate(iso: input.completedOn ?? "")
        if date == nil || date! > req.today { errors.append(FieldError(field: "completedOn", message: "Enter the date it was completed (today or earlier).")) }
        if try await req.tenant.query(CompletedCourse.self).filter(\.$studentID == student.id).filter(\.$courseCode == code).first() != nil {
            errors.append(FieldError(field: "courseCode", message: "Already recorded as completed."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        try await req.change { tenant, audit in
            let done = CompletedCourse()
            done.districtID = tenant.districtID
            done.studentID = student.id
            done.courseCode = code
            done.completedOn = date!.description
            try await done.create(on: tenant.db)
            audit.created("completedCourse", id: done.id, ["studentID": student.id.uuidString, "course": code])
        }
    }
}
