import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The course catalog, plan templates and graduation requirements over the API.
enum CourseCatalogAPI {
    static let courseBody = Schema.object([("code", .string()), ("title", .text(minLength: 1, maxLength: 160)), ("creditTenths", .integer(description: "tenths of a credit")),
                                           ("cteProgram", .string()), ("dualCreditPartner", .string()), ("pathwayCode", .string()),
                                           ("prerequisites", .array(.string()))], required: [])
    static let templateBody = Schema.object([("title", .text(minLength: 1, maxLength: 160)), ("pathwayCode", .string()),
                                             ("courses", .array(.object([("code", .string()), ("grade", .integer())], required: ["code", "grade"]))),
                                             ("postsecondary", .string()), ("milestones", .string())], required: [])
    static let requirementsSchema = Schema.object([("graduationCreditTenths", .integer(description: "tenths of a credit")),
                                                   ("maxCreditTenthsPerYear", .integer(description: "tenths of a credit"))],
                                                  required: ["graduationCreditTenths", "maxCreditTenthsPerYear"])

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("Course", .object([("id", .string(format: "uuid")), ("code", .string()), ("title", .string()), ("creditTenths", .integer()),
                                           ("cteProgram", .string()), ("dualCreditPartner", .string()), ("pathwayCode", .string()),
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
                                  body: courseBody, response: .ref("Course"), success: .created), registry: registry) { req in
            try await CourseJSON(try await CourseCatalog.save(try req.content.decode(CourseInput.self), existing: nil, on: req)).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["courses", ":courseID"], summary: "Change a course; its code stays", tag: "Pathways",
                                  body: courseBody, response: .ref("Course")), registry: registry) { req in
            try req.viewer.require(.manageCredentials)
            let course = try await req.tenant.find(Course.self, req.parameters.get("courseID"))
            return CourseJSON(try await CourseCatalog.save(try req.content.decode(CourseInput.self), existing: course, on: req))
        }
        api.endpoint(APIOperation(method: .GET, path: ["plan-templates"], summary: "Plan-of-study templates", tag: "Pathways",
                                  response: .array(.ref("PlanTemplate"))), registry: registry) { req in
            try req.viewer.require(.exploreCareers)
            return try await req.tenant.query(PlanTemplate.self).sort(\.$title).all().map(PlanTemplateJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["plan-templates"], summary: "Add a plan-of-study template for a pathway", tag: "Pathways",
                                  body: templateBody, response: .ref("PlanTemplate"), success: .created), registry: registry) { req in
            let template = try await CourseCatalog.saveTemplate(try req.content.decode(PlanTemplateInput.self), existing: nil, on: req)
            return try await PlanTemplateJSON(template).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["plan-templates", ":templateID"], summary: "Change a plan-of-study template", tag: "Pathways",
                                  body: templateBody, response: .ref("PlanTemplate")), registry: registry) { req in
            try req.viewer.require(.manageCredentials)
            let template = try await req.tenant.find(PlanTemplate.self, req.parameters.get("templateID"))
            return PlanTemplateJSON(try await CourseCatalog.saveTemplate(try req.content.decode(PlanTemplateInput.self), existing: template, on: req))
        }
        api.endpoint(APIOperation(method: .GET, path: ["graduation-requirements"], summary: "Credits to graduate and the yearly limit plans are checked against",
                                  tag: "Pathways", response: requirementsSchema), registry: registry) { req in
            try req.viewer.require(.exploreCareers)
            let rules = try await CourseCatalog.requirements(try req.tenant)
            return GraduationRequirementsInput(graduationCreditTenths: rules.graduationCreditTenths, maxCreditTenthsPerYear: rules.maxCreditTenthsPerYear)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["graduation-requirements"], summary: "Set the district's graduation credits and yearly limit",
                                  tag: "Pathways", body: requirementsSchema, response: requirementsSchema), registry: registry) { req in
            let rules = try await CourseCatalog.saveRequirements(try req.content.decode(GraduationRequirementsInput.self), on: req)
            return GraduationRequirementsInput(graduationCreditTenths: rules.graduationCreditTenths, maxCreditTenthsPerYear: rules.maxCreditTenthsPerYear)
        }
    }
}
