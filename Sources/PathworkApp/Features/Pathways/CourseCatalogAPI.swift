import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The course catalog, plan templates and graduation requirements over the API.
enum CourseCatalogAPI {
    static let courseFields: [(String, Schema)] = [
        ("code", .pattern(CourseCatalog.codePattern)), ("title", .words(maxLength: 160)), ("creditTenths", .bounded(minimum: 1, maximum: 40)),
        ("cteProgram", .text(minLength: 0, maxLength: 160)), ("dualCreditPartner", .text(minLength: 0, maxLength: 160)),
        ("dualCreditKind", Schema.enumeration(DualCreditKind.allCases.map(\.rawValue)).orBlank),
        ("pathwayCode", PathwayLinks.codeSchema.orBlank), ("prerequisites", .list(.pattern(CourseCatalog.codePattern), minItems: 0, maxItems: 20)),
    ]
    static let courseRules: [OperationRule] = [.rule("a course is not its own prerequisite, and prerequisites do not lead back to it")]
    static let templateFields: [(String, Schema)] = [
        ("title", .words(maxLength: 160)), ("pathwayCode", PathwayLinks.codeSchema),
        ("courses", .list(.object([("code", .pattern(CourseCatalog.codePattern)), ("grade", .bounded(minimum: 9, maximum: 12))], required: ["code", "grade"]),
                          minItems: 1, maxItems: 64)),
        ("postsecondary", .text(minLength: 0, maxLength: 2000)), ("milestones", .text(minLength: 0, maxLength: 2000)),
    ]
    static let requirementsSchema = Schema.object([("graduationCreditTenths", .bounded(minimum: 10, maximum: 600)),
                                                   ("maxCreditTenthsPerYear", .bounded(minimum: 10, maximum: 200))],
                                                  required: ["graduationCreditTenths", "maxCreditTenthsPerYear"])

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("Course", .object([("id", .string(format: "uuid")), ("code", .string()), ("title", .string()), ("creditTenths", .integer()),
                                           ("cteProgram", .string()), ("dualCreditPartner", .string()), ("dualCreditKind", .string()), ("pathwayCode", .string()),
                                           ("prerequisites", .array(.string()))], required: ["id", "code", "title", "creditTenths", "prerequisites"]))
        registry.define("PlanTemplate", .object([("id", .string(format: "uuid")), ("title", .string()), ("pathwayCode", .string()),
                                                 ("courses", .array(.object([("code", .string()), ("grade", .integer())], required: ["code", "grade"]))),
                                                 ("postsecondary", .string()), ("milestones", .string())],
                                                required: ["id", "title", "pathwayCode", "courses", "postsecondary", "milestones"]))
        api.endpoint(APIOperation(method: .GET, path: ["courses"], summary: "The course catalog", tag: "Pathways",
                                  response: .array(.ref("Course"))), registry: registry) { req in
            try req.viewer.require(.exploreCareers)
            return try await req.tenant.query(Course.self).sort(\.$code).all().map(CourseJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["courses"], summary: "Add a course to the catalog", tag: "Pathways",
                                  body: .object(courseFields, required: ["code", "title", "creditTenths"]), response: .ref("Course"), success: .created,
                                  rules: courseRules), registry: registry) { req in
            try await CourseJSON(try await CourseCatalog.save(try req.input(CourseInput.self), existing: nil, on: req)).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["courses", ":courseID"], summary: "Change a course; its code stays", tag: "Pathways",
                                  body: .object(courseFields.filter { $0.0 != "code" }, required: []), response: .ref("Course"), rules: courseRules), registry: registry) { req in
            try req.viewer.require(.manageCredentials)
            let course = try await req.tenant.find(Course.self, req.parameters.get("courseID"))
            return try CourseJSON(try await CourseCatalog.save(try req.input(CourseInput.self), existing: course, on: req))
        }
        api.endpoint(APIOperation(method: .GET, path: ["plan-templates"], summary: "Plan-of-study templates", tag: "Pathways",
                                  response: .array(.ref("PlanTemplate"))), registry: registry) { req in
            try req.viewer.require(.exploreCareers)
            return try await req.tenant.query(PlanTemplate.self).sort(\.$title).all().map(PlanTemplateJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["plan-templates"], summary: "Add a plan-of-study template for a pathway", tag: "Pathways",
                                  body: .object(templateFields, required: ["title", "pathwayCode", "courses"]), response: .ref("PlanTemplate"),
                                  success: .created, rules: [.rule("each course is listed once")]), registry: registry) { req in
            let template = try await CourseCatalog.saveTemplate(try req.input(PlanTemplateInput.self), existing: nil, on: req)
            return try await PlanTemplateJSON(template).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["plan-templates", ":templateID"], summary: "Change a plan-of-study template", tag: "Pathways",
                                  body: .object(templateFields, required: []), response: .ref("PlanTemplate"), rules: [.rule("each course is listed once")]), registry: registry) { req in
            try req.viewer.require(.manageCredentials)
            let template = try await req.tenant.find(PlanTemplate.self, req.parameters.get("templateID"))
            return try PlanTemplateJSON(try await CourseCatalog.saveTemplate(try req.input(PlanTemplateInput.self), existing: template, on: req))
        }
        api.endpoint(APIOperation(method: .GET, path: ["graduation-requirements"], summary: "Credits to graduate and the yearly limit plans are checked against",
                                  tag: "Pathways", response: requirementsSchema), registry: registry) { req in
            try req.viewer.require(.exploreCareers)
            let rules = try await CourseCatalog.requirements(try req.tenant)
            return GraduationRequirementsInput(graduationCreditTenths: rules.graduationCreditTenths, maxCreditTenthsPerYear: rules.maxCreditTenthsPerYear)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["graduation-requirements"], summary: "Set the district's graduation credits and yearly limit",
                                  tag: "Pathways", body: requirementsSchema, response: requirementsSchema,
                                  rules: [.rule("four years at the yearly limit reach the graduation credits")]), registry: registry) { req in
            let rules = try await CourseCatalog.saveRequirements(try req.input(GraduationRequirementsInput.self), on: req)
            return GraduationRequirementsInput(graduationCreditTenths: rules.graduationCreditTenths, maxCreditTenthsPerYear: rules.maxCreditTenthsPerYear)
        }
    }
}
