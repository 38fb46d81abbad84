import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// Plans of study over the API and on a student's plan page (for the student and for staff).
enum StudyPlanPages {
    static func register(_ app: Application, pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        let plan = Schema.object([("studentId", .string(format: "uuid")), ("templateId", .nullable(.string(format: "uuid"))),
                                  ("courses", .array(.object([("code", .string()), ("title", .string()), ("grade", .integer()), ("creditTenths", .integer()),
                                                              ("completed", .boolean)], required: ["code", "title", "grade", "creditTenths", "completed"]))),
                                  ("issues", .array(.string())), ("progressPercent", .integer()), ("concentrator", .boolean), ("completedCourses", .array(.string())),
                                  ("completions", .array(.object([("id", .string(format: "uuid")), ("code", .string()), ("title", .string()),
                                                                  ("completedOn", .string(format: "date"))], required: ["id", "code", "title", "completedOn"])))],
                                 required: ["studentId", "courses", "issues", "progressPercent", "concentrator", "completedCourses", "completions"])
        api.endpoint(APIOperation(method: .POST, path: ["completed-courses"], summary: "Record a course a student completed", tag: "Pathways",
                                  body: .object([("studentId", .string(format: "uuid")), ("courseCode", .pattern(CourseCatalog.codePattern)),
                                                 ("completedOn", .string(format: "date"))], required: ["studentId", "courseCode", "completedOn"]),
                                  success: .noContent, rules: [.rule("completedOn is today or earlier")]), registry: registry) { req in
            try await StudyPlans.complete(try req.input(PlanChange.self), on: req)
            return HTTPStatus.noContent
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["completed-courses", ":completedCourseID"], summary: "Take back a completion recorded in error",
                                  tag: "Pathways", success: .noContent), registry: registry) { req in
            _ = try await StudyPlans.uncomplete(req.parameters.get("completedCourseID", as: UUID.self), on: req)
            return HTTPStatus.noContent
        }
        pages.post(SiteRoute.completeCourse(.pattern).pattern) { req async throws -> Response in
            let student = try await StudyPlans.student(req)
            var input = try req.input(PlanChange.self)
            input.studentId = student.id.uuidString
            do {
                try await StudyPlans.complete(input, on: req)
                return req.redirect(to: SiteRoute.studyPlan(student.id).path(query: [("notice", "Recorded \(input.courseCode?.uppercased() ?? "") as completed.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, student: student, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.uncompleteCourse(.pattern).pattern) { req async throws -> Response in
            let student = try await StudyPlans.uncomplete(req.parameters.get("completedCourseID", as: UUID.self), on: req)
            return req.redirect(to: SiteRoute.studyPlan(student).path(query: [("notice", "The completion was taken back.")]))
        }
        api.endpoint(APIOperation(method: .GET, path: ["people", ":personID", "plan"], summary: "A student's plan of study with its checks", tag: "Pathways",
                                  response: plan), registry: registry) { req in
            try await StudyPlans.json(student: try await StudyPlans.student(req).id, tenant: try req.tenant)
        }
        for step in ["template", "courses", "remove"] {
            api.endpoint(APIOperation(method: .POST, path: ["people", ":personID", "plan", .constant(step)],
                                      summary: step == "template" ? "Start the plan from a template" : step == "courses" ? "Add a course in a grade" : "Take a course out",
                                      tag: "Pathways", body: StudyPlans.stepBody(step),
                                      response: plan), registry: registry) { req in
                let student = try await StudyPlans.student(req).id
                try await StudyPlans.change(step, try req.input(PlanChange.self), student: student, on: req)
                return try await StudyPlans.json(student: student, tenant: try req.tenant)
            }
            pages.post(SiteRoute.studyPlanStep(.pattern, step: step).pattern) { req async throws -> Response in
                let student = try await StudyPlans.student(req)
                do {
                    try await StudyPlans.change(step, try req.input(PlanChange.self), student: student.id, on: req)
                    return req.redirect(to: SiteRoute.studyPlan(student.id).path(query: [("notice", "The plan was saved.")]))
                } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                    return try await page(req, student: student, errors: error.fieldErrors).encodeResponse(for: req)
                }
            }
        }
        pages.get(SiteRoute.studyPlan(.pattern).pattern) { req async throws -> Page in
            try await page(req, student: try await StudyPlans.student(req))
        }
        app.personSections.add { req, record in
            let viewer = try req.viewer
            guard record.roles.contains(.student), Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: record.id == viewer.personID) else { return .empty }
            let plan = try await StudyPlans.json(student: record.id, tenant: try req.tenant)
            return .section(.class("card"), .h2(.text("Plan of study")),
                .p(.text(plan.courses.isEmpty ? "No plan yet. " : "\(plan.courses.count) courses, \(plan.progressPercent)% completed, \(plan.issues.count) to fix. "),
                   .text(plan.concentrator ? "CTE concentrator. " : ""), .a(.href(SiteRoute.studyPlan(record.id).path), .text("Open the plan"))))
        }
    }

    static func page(_ req: Request, student: PersonRecord, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let plan = try await StudyPlans.json(student: student.id, tenant: tenant)
        let templates = try await tenant.query(PlanTemplate.self).sort(\.$title).all()
        let catalog = try await tenant.query(Course.self).sort(\.$code).all()
        let template = templates.first { $0.id == plan.templateId }
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Plan of study: \(student.person.fullName)", viewer: viewer, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            try await req.application.studyPlanSections.render(req, student),
            .p(.text("\(plan.progressPercent)% of the plan completed. "), .text(plan.concentrator ? "A CTE concentrator (two or more courses in one CTE program)." : "")),
            .section(.class("card"), .h2(.text("Checks")),
                .if(plan.issues.isEmpty && !plan.courses.isEmpty, .p(.text("No problems found."))),
                .ul(.forEach(plan.issues) { .li(.class("warning"), .text($0)) })),
            .section(.class("card"), .h2(.text("Courses by grade")),
                .forEach([9, 10, 11, 12]) { grade in
                    .group(.h3(.text("Grade \(grade)")),
                           .ul(.forEach(plan.courses.filter { $0.grade == grade }) { course in
                               .li(.text("\(course.code) \(course.title) · \(Credits.text(course.creditTenths)) credit\(course.completed ? " · completed" : "")"),
                                   .form(.class("inline"), .method(.post), .action(SiteRoute.studyPlanStep(student.id, step: "remove").path), Layout.csrfField(viewer.csrfToken),
                                         .input(.type(.hidden), .name("code"), .value(course.code)), .button(.type(.submit), .class("link"), .text("Remove"))))
                           }))
                },
                .form(.method(.post), .action(SiteRoute.studyPlanStep(student.id, step: "courses").path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Add a course", name: "code", options: [(value: "", title: "Choose")] + catalog.map { (value: $0.code, title: "\($0.code) \($0.title)") },
                                     selected: nil, error: error("code")),
                    FormField.select("In grade", name: "grade", options: [9, 10, 11, 12].map { (value: String($0), title: String($0)) }, selected: nil, error: error("grade")),
                    .button(.type(.submit), .class("secondary"), .text("Add to plan")))),
            .section(.class("card"), .h2(.text("Completed courses")),
                .if(plan.completions.isEmpty, .p(.text("None recorded yet."))),
                .ul(.forEach(plan.completions) { done in
                    .li(.text("\(done.code) \(done.title) · \(done.completedOn)"),
                        .if(viewer.can(.manageCredentials), .form(.class("inline"), .method(.post), .action(SiteRoute.uncompleteCourse(done.id).path),
                            Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("link"), .text("Take back")))))
                }),
                .if(viewer.can(.manageCredentials), .form(.method(.post), .action(SiteRoute.completeCourse(student.id).path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Record a completed course", name: "courseCode",
                                     options: [(value: "", title: "Choose")] + catalog.filter { !plan.completedCourses.contains($0.code) }.map { (value: $0.code, title: "\($0.code) \($0.title)") },
                                     selected: nil, error: error("courseCode")),
                    FormField.text("Completed on", name: "completedOn", value: req.today.description, type: .date, error: error("completedOn")),
                    .button(.type(.submit), .class("secondary"), .text("Record completion"))))),
            .unwrap(template) { template in
                .section(.class("card"), .h2(.text("From the template “\(template.title)”")),
                    .p(.text("After high school: \(template.postsecondary)")), .p(.text("Milestones: \(template.milestones)")))
            },
            .section(.class("card"), .h2(.text(plan.courses.isEmpty ? "Start from a template" : "Start again from a template")),
                .form(.method(.post), .action(SiteRoute.studyPlanStep(student.id, step: "template").path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Template", name: "templateId", options: [(value: "", title: "Choose")] + (try templates.saved().map { (value: $0.id.uuidString, title: $0.title) }),
                                     selected: nil, error: error("templateId")),
                    .button(.type(.submit), .text("Use this template")))))
    }
}

extension Application {
    private struct StudyPlanSectionsKey: StorageKey { typealias Value = PageSections<PersonRecord> }

    /// Sections later features add to a student's plan of study (their ventures' stages).
    var studyPlanSections: PageSections<PersonRecord> {
        if let sections = storage[StudyPlanSectionsKey.self] { return sections }
        let sections = PageSections<PersonRecord>()
        storage[StudyPlanSectionsKey.self] = sections
        return sections
    }
}
