import Fluent
import Foundation
import PathworkDomain
import Vapor

struct ApplicationJSON: Content {
    var id: UUID
    var opportunityId: UUID
    var studentId: UUID
    var answer: String
    var status: OpportunityApplication.Status

    init(_ a: OpportunityApplication) throws {
        id = try a.requireID(); opportunityId = a.$opportunity.id; studentId = a.studentID; answer = a.answer; status = a.status
    }
}

/// `/api/v1` for work-based-learning opportunities and students' applications.
enum OpportunitiesAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        defineSchemas(registry)
        api.endpoint(APIOperation(method: .GET, path: ["opportunities"], summary: "Opportunities the caller sees (staff all, partners their own, students the published)",
                                  tag: "Opportunities", query: OpportunityDirectory.queryParameters, response: .array(.ref("Opportunity"))),
                     registry: registry) { req in
            let filter = try OpportunityPages.filter(req)
            return try await OpportunityDirectory.visible(to: try req.viewer, tenant: try req.tenant).filter { OpportunityDirectory.matches($0, filter) }
                .map(OpportunityJSON.init)
        }
        api.endpoint(APIOperation(method: .GET, path: ["me", "opportunities"], summary: "For a student: published opportunities with their eligibility and application",
                                  tag: "Opportunities", query: OpportunityDirectory.queryParameters, response: .array(.ref("StudentOpportunity"))),
                     registry: registry) { req in
            let viewer = try req.viewer
            guard viewer.roles.contains(.student) else { throw Abort(.forbidden, reason: "For students.") }
            return try await OpportunityDirectory.forStudent(viewer, filter: try OpportunityPages.filter(req), tenant: try req.tenant, today: req.today)
        }
        api.endpoint(APIOperation(method: .POST, path: ["opportunities"], summary: "Add an opportunity (staff) or propose one (a partner's people)",
                                  tag: "Opportunities", body: .ref("OpportunityInput"), response: .ref("Opportunity"), success: .created,
                                  rules: [.rule("Launch is paid; endsOn on or after startsOn; applyBy on or before startsOn; maximumGrade at least minimumGrade; staff name partnerId, as does a partner's person of several organizations")]),
                     registry: registry) { req in
            try OpportunityPages.requireProposer(req)
            let publish = (try? req.content.get(Bool.self, at: "publish")) ?? false
            let made = try await OpportunitiesWriter.create(try req.input(OpportunityInput.self), publish: publish, on: req)
            return try await OpportunityJSON(made).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["opportunities", ":opportunityID"], summary: "One opportunity", tag: "Opportunities",
                                  response: .ref("Opportunity")), registry: registry) { req in
            try OpportunityJSON(try await OpportunityDirectory.find(req.parameters.get("opportunityID"), viewer: try req.viewer, tenant: try req.tenant))
        }
        for (step, status) in [("publish", Opportunity.Status.published), ("close", .closed)] {
            api.endpoint(APIOperation(method: .POST, path: ["opportunities", ":opportunityID", .constant(step)],
                                      summary: status == .published ? "Publish to students" : "Close to new applications", tag: "Opportunities",
                                      response: .ref("Opportunity")), registry: registry) { req in
                try req.viewer.require(.manageClients)
                return try OpportunityJSON(try await OpportunitiesWriter.set(req.parameters.get("opportunityID"), to: status, on: req))
            }
        }
        api.endpoint(APIOperation(method: .POST, path: ["opportunities", ":opportunityID", "applications"], summary: "A student applies",
                                  tag: "Opportunities", body: .object([("answer", .words(maxLength: 2000))], required: ["answer"]),
                                  response: .ref("Application"), success: .created,
                                  rules: [OperationRule(code: "opportunity.ineligible", says: "the student meets the opportunity's age, grade and credential rules")]),
                     registry: registry) { req in
            guard try req.viewer.roles.contains(.student) else { throw Abort(.forbidden, reason: "Students apply.") }
            let application = try await OpportunitiesWriter.apply(to: req.parameters.get("opportunityID"), try req.input(ApplicationInput.self), on: req)
            return try await ApplicationJSON(application).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["opportunities", ":opportunityID", "applications"],
                                  summary: "Applications to review: staff see full names, the partner's people first name and last initial (each a disclosure); a student sees their own",
                                  tag: "Opportunities", response: .array(.ref("ReviewedApplication"))), registry: registry) { req in
            let opportunity = try await OpportunityDirectory.find(req.parameters.get("opportunityID"), viewer: try req.viewer, tenant: try req.tenant)
            return try await ApplicationReview.applications(to: opportunity, req: req)
        }
        for action in ApplicationAction.allCases {
            let who = action.byStudent ? "The student" : "A reviewer"
            let says: String = switch action {
            case .offer: "offers a seat; with every seat held the application joins the waitlist"
            case .waitlist: "puts the application on the waitlist"
            case .pass: "does not select the application"
            case .accept: "accepts the offer"
            case .decline: "declines the offer; the seat goes to the longest-waiting student"
            case .withdraw: "withdraws the application; a seat it held goes to the longest-waiting student"
            }
            api.endpoint(APIOperation(method: .POST, path: ["opportunity-applications", ":applicationID", .constant(action.rawValue)], summary: "\(who) \(says)",
                                      tag: "Opportunities", response: .ref("Application"),
                                      rules: [OperationRule(code: "application.*", says: "the move is open from where the application stands (an offer to accept, an application not yet decided)")]),
                         registry: registry) { req in
                try ApplicationJSON(try await ApplicationReview.act(action, on: req.parameters.get("applicationID"), req: req))
            }
        }
    }

    static func defineSchemas(_ registry: APIRegistry) {
        let kinds = OpportunityKind.allCases.map(\.rawValue), stages = CareerConnectStage.allCases.map(\.rawValue), pays = OpportunityPay.allCases.map(\.rawValue)
        registry.define("OpportunityInput", .object([
            ("partnerId", .string(format: "uuid")), ("title", .words(maxLength: 200)), ("kind", .enumeration(kinds)), ("stage", .enumeration(stages)),
            ("pay", .enumeration(pays)), ("description", .text(minLength: 0, maxLength: 5000)),
            ("pathwayCodes", .list(PathwayLinks.codeSchema, minItems: 0, maxItems: 10)), ("minimumAge", .bounded(minimum: 12, maximum: 21)),
            ("minimumGrade", .bounded(minimum: 6, maximum: 12)), ("maximumGrade", .bounded(minimum: 6, maximum: 12)),
            ("requiredCredentialId", .string(format: "uuid")), ("seats", .bounded(minimum: 1, maximum: OpportunityRules.maximumSeats)),
            ("startsOn", .string(format: "date")), ("endsOn", .string(format: "date")), ("applyBy", .string(format: "date")),
            ("location", .text(minLength: 0, maxLength: 300)), ("transport", .text(minLength: 0, maxLength: 1000)), ("publish", .boolean),
        ], required: ["title", "kind", "startsOn"]))
        let fields: [(String, Schema)] = [
            ("id", .string(format: "uuid")), ("partnerId", .string(format: "uuid")), ("title", .string()), ("kind", .enumeration(kinds)),
            ("stage", .enumeration(stages)), ("pay", .enumeration(pays)), ("description", .string()), ("pathwayCodes", .array(.string())),
            ("minimumAge", .integer()), ("minimumGrade", .integer()), ("maximumGrade", .integer()), ("requiredCredentialId", .string(format: "uuid")),
            ("seats", .integer()), ("startsOn", .string(format: "date")), ("endsOn", .string(format: "date")), ("applyBy", .string(format: "date")),
            ("location", .string()), ("transport", .string()), ("status", .enumeration(Opportunity.Status.allCases.map(\.rawValue))),
        ]
        registry.define("Opportunity", .object(fields, required: ["id", "partnerId", "title", "kind", "stage", "pay", "description", "pathwayCodes", "seats",
                                                                  "startsOn", "endsOn", "location", "transport", "status"]))
        registry.define("Application", .object([
            ("id", .string(format: "uuid")), ("opportunityId", .string(format: "uuid")), ("studentId", .string(format: "uuid")), ("answer", .string()),
            ("status", .enumeration(OpportunityApplication.Status.allCases.map(\.rawValue))),
        ], required: ["id", "opportunityId", "studentId", "answer", "status"]))
        registry.define("ReviewedApplication", .object([
            ("id", .string(format: "uuid")), ("opportunityId", .string(format: "uuid")), ("studentId", .string(format: "uuid")), ("studentName", .string()),
            ("answer", .string()), ("status", .enumeration(ApplicationStatus.allCases.map(\.rawValue))), ("submittedAt", .string(format: "date-time")),
        ], required: ["id", "opportunityId", "studentId", "studentName", "answer", "status"]))
        registry.define("StudentOpportunity", .object([
            ("opportunity", .ref("Opportunity")), ("partner", .string()), ("eligible", .boolean), ("reasons", .array(.string())),
            ("applicationId", .string(format: "uuid")), ("applicationStatus", .enumeration(OpportunityApplication.Status.allCases.map(\.rawValue))),
        ], required: ["opportunity", "partner", "eligible", "reasons"]))
    }
}
