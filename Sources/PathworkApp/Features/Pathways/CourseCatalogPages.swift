import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/courses`: the course catalog, plan-of-study templates and graduation credits, for the staff
/// who keep them (coordinators and counselors; graduation credits are the admin's), and their API.
enum CourseCatalogPages {
    /// The web form: credits typed as a person writes them ("0.5"), prerequisites comma-separated.
    struct CourseForm: Content {
        var code: String?
        var title: String?
        var credits: String?
        var cteProgram: String?
        var dualCreditPartner: String?
        var dualCreditKind: String?
        var pathwayCode: String?
        var prerequisites: String?

        init(code: String? = nil, title: String? = nil, credits: String? = nil, cteProgram: String? = nil, dualCreditPartner: String? = nil,
             dualCreditKind: String? = nil, pathwayCode: String? = nil, prerequisites: String? = nil) {
            self.code = code; self.title = title; self.credits = credits; self.cteProgram = cteProgram
            self.dualCreditPartner = dualCreditPartner; self.dualCreditKind = dualCreditKind; self.pathwayCode = pathwayCode; self.prerequisites = prerequisites
        }

        init(_ course: Course) {
            self.init(code: course.code, title: course.title, credits: Credits.text(course.creditTenths), cteProgram: course.cteProgram,
                      dualCreditPartner: course.dualCreditPartner, dualCreditKind: course.dualCreditKind, pathwayCode: course.pathwayCode,
                      prerequisites: course.rule.prerequisites.joined(separator: ", "))
        }

        /// Unreadable credits become 0, which the writer refuses by field name.
        var input: CourseInput {
            CourseInput(code: code, title: title, creditTenths: Credits.tenths(credits ?? "") ?? 0, cteProgram: cteProgram ?? "",
                        dualCreditPartner: dualCreditPartner ?? "", dualCreditKind: dualCreditKind ?? "", pathwayCode: pathwayCode ?? "",
                        prerequisites: (prerequisites ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }

    struct TemplateForm: Content {
        var title: String?
        var pathwayCode: String?
        var courses: String?
        var postsecondary: String?
        var milestones: String?

        init(title: String? = nil, pathwayCode: String? = nil, courses: String? = nil, postsecondary: String? = nil, milestones: String? = nil) {
            self.title = title; self.pathwayCode = pathwayCode; self.courses = courses; self.postsecondary = postsecondary; self.milestones = milestones
        }

        init(_ template: PlanTemplate) {
            self.init(title: template.title, pathwayCode: template.pathwayCode,
                      courses: PlanText.decode(template.courses).map { "\($0.code) \($0.grade)" }.joined(separator: "\n"),
                      postsecondary: template.postsecondary, milestones: template.milestones)
        }

        func input() throws -> PlanTemplateInput {
            let courses = try CourseCatalog.parseTemplateCourses(courses ?? "")
            return PlanTemplateInput(title: title, pathwayCode: pathwayCode, courses: courses, postsecondary: postsecondary ?? "", milestones: milestones ?? "")
        }
    }

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        CourseCatalogAPI.register(api, registry: registry)
        pages.get(SiteRoute.courses.pattern) { req async throws -> Page in try await catalog(req) }
        pages.post(SiteRoute.courses.pattern) { req async throws -> Response in
            let form = try req.input(CourseForm.self)
            return try await saved(req, page: { try await catalog(req, course: form, errors: $0) }) {
                "Added \(try await CourseCatalog.save(form.input, existing: nil, on: req).code)."
            }
        }
        pages.get(SiteRoute.course(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageCredentials)
            let course = try await req.tenant.find(Course.self, req.parameters.get("courseID"))
            return try edit(req, course: course, form: CourseForm(course))
        }
        pages.post(SiteRoute.course(.pattern).pattern) { req async throws -> Response in
            let course = try await req.tenant.find(Course.self, req.parameters.get("courseID"))
            let form = try req.input(CourseForm.self)
            return try await saved(req, page: { try edit(req, course: course, form: form, errors: $0) }) {
                "Saved \(try await CourseCatalog.save(form.input, existing: course, on: req).code)."
            }
        }
        pages.get(SiteRoute.planTemplates.pattern) { req async throws -> Page in
            try req.viewer.require(.manageCredentials)
            return try editTemplate(req, template: nil, form: TemplateForm())
        }
        pages.post(SiteRoute.planTemplates.pattern) { req async throws -> Response in
            let form = try req.input(TemplateForm.self)
            return try await saved(req, page: { try editTemplate(req, template: nil, form: form, errors: $0) }) {
                "Added the template “\(try await CourseCatalog.saveTemplate(try form.input(), existing: nil, on: req).title)”."
            }
        }
        pages.get(SiteRoute.planTemplate(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageCredentials)
            let template = try await req.tenant.find(PlanTemplate.self, req.parameters.get("templateID"))
            return try editTemplate(req, template: template, form: TemplateForm(template))
        }
        pages.post(SiteRoute.planTemplate(.pattern).pattern) { req async throws -> Response in
            let template = try await req.tenant.find(PlanTemplate.self, req.parameters.get("templateID"))
            let form = try req.input(TemplateForm.self)
            return try await saved(req, page: { try editTemplate(req, template: template, form: form, errors: $0) }) {
                "Saved the template “\(try await CourseCatalog.saveTemplate(try form.input(), existing: template, on: req).title)”."
            }
        }
        pages.post(SiteRoute.graduationRequirements.pattern) { req async throws -> Response in
            struct Form: Content { var graduationCredits: String?; var maxCreditsPerYear: String? }
            let form = try req.input(Form.self)
            let input = GraduationRequirementsInput(graduationCreditTenths: Credits.tenths(form.graduationCredits ?? "") ?? 0,
                                                    maxCreditTenthsPerYear: Credits.tenths(form.maxCreditsPerYear ?? "") ?? 0)
            return try await saved(req, page: { try await catalog(req, errors: $0) }) {
                _ = try await CourseCatalog.saveRequirements(input, on: req)
                return "Graduation requirements saved."
            }
        }
    }

    /// Runs a save and returns to the catalog with its notice, or re-renders the form with errors.
    private static func saved(_ req: Request, page: ([FieldError]) async throws -> Page, _ save: () async throws -> String) async throws -> Response {
        do {
            return req.redirect(to: SiteRoute.courses.path(query: [("notice", try await save())]))
        } catch let error as PathworkError where !error.fieldErrors.isEmpty {
            return try await page(error.fieldErrors.map { FieldError(field: formNames[$0.field] ?? $0.field, message: $0.message) }).encodeResponse(for: req)
        }
    }

    /// The API's field names for what the forms ask in whole credits, so each error sits by its field.
    private static let formNames = ["creditTenths": "credits", "graduationCreditTenths": "graduationCredits", "maxCreditTenthsPerYear": "maxCreditsPerYear"]

    static let pathwayChoices: [(value: String, title: String)] =
        [(value: "", title: "None")] + PathwayLinks.choices(in: .original) + PathwayLinks.choices(in: .modernized).map { (value: $0.value, title: "2024: \($0.title)") }

    /// A whole cluster a course or template was placed on before the framework listed that
    /// cluster's sub-clusters: offered beside the choices, so it keeps that placement until
    /// someone picks another.
    static func wholeCluster(_ code: String?) -> (value: String, title: String)? {
        guard let code, !pathwayChoices.contains(where: { $0.value == code }), let cluster = CareerClusters.cluster(code: code) else { return nil }
        return (value: code, title: "\(cluster.framework == .modernized ? "2024: " : "")\(cluster.title) (the whole cluster)")
    }

    static func pathwayChoices(keeping current: String?) -> [(value: String, title: String)] {
        pathwayChoices + [wholeCluster(current)].compactMap { $0 }
    }

    static func catalog(_ req: Request, course: CourseForm = CourseForm(), errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        try viewer.require(.manageCredentials)
        let tenant = try req.tenant
        let search = ((try? req.query.get(String.self, at: "q")) ?? "").trimmed
        let all = try await tenant.query(Course.self).sort(\.$code).all()
        let courses = search.isEmpty ? all : all.filter { $0.code.localizedCaseInsensitiveContains(search) || $0.title.localizedCaseInsensitiveContains(search)
            || ($0.cteProgram ?? "").localizedCaseInsensitiveContains(search) }
        let templates = try await tenant.query(PlanTemplate.self).sort(\.$title).all()
        let rules = try await CourseCatalog.requirements(tenant)
        let placed = all.compactMap(\.pathwayCode) + templates.map(\.pathwayCode)
        let pathwayTitles = Dictionary((pathwayChoices + Set(placed).compactMap(wholeCluster)).map { ($0.value, $0.title) }, uniquingKeysWith: { first, _ in first })
        return Layout.page("Courses and plan templates", viewer: viewer, current: .credentials, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .section(.class("card"), .h2(.text("Graduation requirements")),
                .p(.text("Plans are checked against \(Credits.text(rules.graduationCreditTenths)) credits to graduate and at most \(Credits.text(rules.maxCreditTenthsPerYear)) a year.")),
                .if(viewer.can(.setDistrictStandards), .form(.method(.post), .action(SiteRoute.graduationRequirements.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Credits to graduate", name: "graduationCredits", value: Credits.text(rules.graduationCreditTenths), error: errorText(errors, "graduationCredits")),
                    FormField.text("Most credits in one year", name: "maxCreditsPerYear", value: Credits.text(rules.maxCreditTenthsPerYear),
                                   error: errorText(errors, "maxCreditsPerYear")),
                    .button(.type(.submit), .class("secondary"), .text("Save requirements"))))),
            .section(.class("card"), .h2(.text("Course catalog")),
                .form(.method(.get), .action(SiteRoute.courses.path), .attribute(named: "role", value: "search"),
                    FormField.text("Find a course (code, title or program)", name: "q", value: search, type: .search),
                    .button(.type(.submit), .class("secondary"), .text("Find"))),
                .p(.attribute(named: "role", value: "status"), .text(courses.count == all.count ? "\(all.count) courses" : "\(courses.count) of \(all.count) courses")),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Code")), .th(.text("Title")), .th(.text("Credits")), .th(.text("CTE program")),
                               .th(.class("hide-narrow"), .text("Dual credit")), .th(.class("hide-narrow"), .text("Pathway")), .th(.text("Prerequisites")))),
                    .tbody(try .forEach(courses) { c in
                        .tr(.td(.a(.href(SiteRoute.course(try c.requireID()).path), .text(c.code))), .td(.text(c.title)), .td(.text(Credits.text(c.creditTenths))),
                            .td(.text(c.cteProgram ?? "—")), .td(.class("hide-narrow"), .text([c.dualCreditKind.flatMap(DualCreditKind.init(rawValue:))?.title, c.dualCreditPartner].compactMap { $0 }.joined(separator: ", ").nonEmpty ?? "—")),
                            .td(.class("hide-narrow"), .text(c.pathwayCode.flatMap { pathwayTitles[$0] } ?? "—")),
                            .td(.text(c.rule.prerequisites.isEmpty ? "—" : c.rule.prerequisites.joined(separator: ", "))))
                    }))),
                .details(.if(errors.contains { ["code", "title", "credits", "pathwayCode", "prerequisites"].contains($0.field) }, .attribute(named: "open")),
                    .summary(.text("Add a course")), courseFields(viewer, action: SiteRoute.courses.path, form: course, errors: errors, isNew: true))),
            .section(.class("card"), .h2(.text("Plan-of-study templates")),
                .ul(try .forEach(templates) { t in
                    .li(.a(.href(SiteRoute.planTemplate(try t.requireID()).path), .text(t.title)),
                        .text(" — \(pathwayTitles[t.pathwayCode] ?? t.pathwayCode), \(PlanText.decode(t.courses).count) courses"))
                }),
                .p(.a(.href(SiteRoute.planTemplates.path), .text("Add a template")))))
    }

    static func edit(_ req: Request, course: Course, form: CourseForm, errors: [FieldError] = []) throws -> Page {
        let viewer = try req.viewer
        return Layout.page("Course \(course.code)", viewer: viewer, current: .credentials, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .p(.class("muted"), .text("The code stays as it is: plans and completed courses refer to it.")),
            courseFields(viewer, action: SiteRoute.course(try course.requireID()).path, form: form, errors: errors, isNew: false),
            .p(.a(.href(SiteRoute.courses.path), .text("Back to the catalog"))))
    }

    static func editTemplate(_ req: Request, template: PlanTemplate?, form: TemplateForm, errors: [FieldError] = []) throws -> Page {
        let viewer = try req.viewer
        return Layout.page(template.map { "Template: \($0.title)" } ?? "New plan-of-study template", viewer: viewer, current: .credentials,
                           status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .if(template != nil, .p(.class("muted"), .text("Plans already started from this template keep their courses; a student or counselor can start again from it."))),
            templateFields(viewer, action: try template.map { SiteRoute.planTemplate(try $0.requireID()).path } ?? SiteRoute.planTemplates.path, form: form, errors: errors),
            .p(.a(.href(SiteRoute.courses.path), .text("Back to the catalog"))))
    }

    private static func errorText(_ errors: [FieldError], _ field: String) -> String? {
        let messages = errors.filter { $0.field == field }.map(\.message)
        return messages.isEmpty ? nil : messages.joined(separator: " ")
    }

    private static func courseFields<C: HTML.BodyContext>(_ viewer: Viewer, action: String, form: CourseForm, errors: [FieldError], isNew: Bool) -> Node<C> {
        .form(.method(.post), .action(action), Layout.csrfField(viewer.csrfToken),
            .if(isNew, FormField.text("Code", name: "code", value: form.code, error: errorText(errors, "code"))),
            FormField.text("Title", name: "title", value: form.title, error: errorText(errors, "title")),
            FormField.text("Credits (e.g. 1 or 0.5)", name: "credits", value: form.credits, error: errorText(errors, "credits")),
            FormField.text("CTE program (blank if not CTE)", name: "cteProgram", value: form.cteProgram),
            FormField.select("Dual credit", name: "dualCreditKind",
                             options: [(value: "", title: "None")] + DualCreditKind.allCases.map { (value: $0.rawValue, title: $0.title) },
                             selected: form.dualCreditKind, error: errorText(errors, "dualCreditKind")),
            FormField.text("Dual-credit partner (blank if none)", name: "dualCreditPartner", value: form.dualCreditPartner),
            FormField.select("Career pathway", name: "pathwayCode", options: pathwayChoices(keeping: form.pathwayCode), selected: form.pathwayCode, error: errorText(errors, "pathwayCode")),
            FormField.text("Prerequisites (course codes, comma-separated)", name: "prerequisites", value: form.prerequisites, error: errorText(errors, "prerequisites")),
            .button(.type(.submit), .text(isNew ? "Add course" : "Save course")))
    }

    private static func templateFields(_ viewer: Viewer, action: String, form: TemplateForm, errors: [FieldError]) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(action), Layout.csrfField(viewer.csrfToken),
            FormField.text("Name", name: "title", value: form.title, error: errorText(errors, "title")),
            FormField.select("Career pathway", name: "pathwayCode", options: pathwayChoices(keeping: form.pathwayCode), selected: form.pathwayCode, error: errorText(errors, "pathwayCode")),
            FormField.textarea("Courses, one a line: code and grade (e.g. CYB110 10)", name: "courses", value: form.courses, rows: 8,
                               error: errorText(errors, "courses")),
            FormField.text("After high school", name: "postsecondary", value: form.postsecondary),
            FormField.text("Credential and work-based-learning milestones", name: "milestones", value: form.milestones),
            .button(.type(.submit), .text("Save template")))
    }
}
