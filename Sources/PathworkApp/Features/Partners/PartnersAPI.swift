import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PartnerContactJSON: Content {
    var id: UUID
    var personId: UUID
    var name: String
    var email: String
    var roles: [Role]
    var title: String?
    var phone: String?
}

struct PartnerDetailJSON: Content {
    var summary: PartnerSummaryJSON
    var contacts: [PartnerContactJSON]
    var interactions: [PartnerInteractionJSON]
}

/// `/api/v1` for partner organizations (the same records as `/clients`, seen whole), their
/// people and the log of the district's interactions with them.
enum PartnersAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        defineSchemas(registry)
        api.endpoint(APIOperation(method: .GET, path: ["partners"], summary: "Partner organizations, found by name, sector, pathway or what they do",
                                  tag: "Partners", query: PartnerDirectory.queryParameters, response: .array(.ref("PartnerSummary"))),
                     registry: registry) { req in
            try req.viewer.require(.manageClients)
            // The registry has refused unknown parameters and malformed values already.
            return try await PartnerDirectory.list(try PartnerPages.filter(req.url), tenant: try req.tenant)
        }
        api.endpoint(APIOperation(method: .GET, path: ["partners", ":partnerID"], summary: "A partner with its people and interactions",
                                  tag: "Partners", response: .ref("PartnerDetail")), registry: registry) { req in
            try req.viewer.require(.manageClients)
            return try await detail(try await partner(req), req: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["partners", ":partnerID"], summary: "Change a partner's details", tag: "Partners",
                                  body: .ref("PartnerInput"), response: .ref("Partner"),
                                  rules: [.rule("website, when given, starts with http:// or https://")]), registry: registry) { req in
            try req.viewer.require(.manageClients)
            return try PartnerJSON(try await PartnersWriter.update(try await partner(req), try req.input(PartnerInput.self), on: req))
        }
        // Under /clients, where it was before clients were partners; the same records.
        api.endpoint(APIOperation(method: .POST, path: ["clients", ":clientID", "contacts"], summary: "Make a person (a client contact, mentor or worksite supervisor) one of the organization's people",
                                  tag: "Clients", body: .object([("personId", .string(format: "uuid")), ("title", .text(minLength: 0, maxLength: 160)),
                                                                 ("phone", .text(minLength: 0, maxLength: 40))], required: ["personId"]),
                                  response: .ref("Client")), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let client = try await req.tenant.find(Client.self, req.parameters.get("clientID"))
            try await PartnersWriter.linkContact(try req.input(PartnerContactInput.self), to: client, on: req)
            return try ClientJSON(client)
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["partners", ":partnerID", "contacts", ":contactID"],
                                  summary: "Take a person off the organization (the person stays)", tag: "Partners", success: .noContent),
                     registry: registry) { req in
            try req.viewer.require(.manageClients)
            try await PartnersWriter.unlinkContact(req.parameters.get("contactID"), of: try await partner(req), on: req)
            return HTTPStatus.noContent
        }
        api.endpoint(APIOperation(method: .GET, path: ["partners", ":partnerID", "interactions"], summary: "The district's interactions with a partner, newest first",
                                  tag: "Partners", response: .array(.ref("PartnerInteraction"))), registry: registry) { req in
            try req.viewer.require(.manageClients)
            return try await detail(try await partner(req), req: req).interactions
        }
        api.endpoint(APIOperation(method: .POST, path: ["partners", ":partnerID", "interactions"], summary: "Log a meeting, call, email, visit or event",
                                  tag: "Partners", body: .ref("PartnerInteractionInput"), response: .ref("PartnerInteraction"), success: .created,
                                  rules: [.rule("happenedOn is today or earlier"), .rule("a next step names its owner (staff) and due date; an owner or date needs a next step")]),
                     registry: registry) { req in
            try req.viewer.require(.manageClients)
            let interaction = try await PartnersWriter.logInteraction(try req.input(PartnerInteractionInput.self), with: try await partner(req), on: req)
            return try await PartnerInteractionJSON(interaction, today: req.today).encodeResponse(status: .created, for: req)
        }
        for (step, done) in [("done", true), ("reopen", false)] {
            api.endpoint(APIOperation(method: .POST, path: ["partner-interactions", ":interactionID", .constant(step)],
                                      summary: done ? "Mark an interaction's next step done" : "Open a next step again",
                                      tag: "Partners", response: .ref("PartnerInteraction")), registry: registry) { req in
                guard try req.viewer.isStaff else { throw Abort(.forbidden, reason: "Next steps are the district staff's.") }
                return try PartnerInteractionJSON(try await PartnersWriter.setNextStep(req.parameters.get("interactionID"), done: done, on: req),
                                                  today: req.today)
            }
        }
        api.endpoint(APIOperation(method: .GET, path: ["next-steps"], summary: "The caller's open next steps with partners, soonest due first",
                                  tag: "Partners", response: .array(.ref("PartnerInteraction"))), registry: registry) { req in
            let viewer = try req.viewer
            guard viewer.isStaff else { throw Abort(.forbidden, reason: "Next steps are the district staff's.") }
            let today = req.today
            return try await openNextSteps(of: viewer.personID, tenant: try req.tenant).map { try PartnerInteractionJSON($0, today: today) }
        }
    }

    static func partner(_ req: Request) async throws -> Client {
        try await req.tenant.find(Client.self, req.parameters.get("partnerID"))
    }

    /// A person's next steps not yet done, soonest due first.
    static func openNextSteps(of personID: UUID, tenant: Tenant) async throws -> [PartnerInteraction] {
        try await tenant.query(PartnerInteraction.self).filter(\.$nextStepOwnerID == personID).filter(\.$nextStepDoneOn == nil)
            .sort(\.$nextStepDueOn).sort(\.$createdAt).with(\.$partner).all()
    }

    static func detail(_ partner: Client, req: Request) async throws -> PartnerDetailJSON {
        let tenant = try req.tenant
        let id = try partner.requireID()
        guard let summary = try await PartnerDirectory.list(PartnerDirectory.Filter(only: id), tenant: tenant).first else {
            throw Abort(.notFound)
        }
        let people = try await PartnerDirectory.people(of: id, tenant: tenant)
        let today = req.today
        let interactions = try await tenant.query(PartnerInteraction.self).filter(\.$partner.$id == id)
            .sort(\.$happenedOn, .descending).sort(\.$createdAt, .descending).all()
        return PartnerDetailJSON(summary: summary,
                                 contacts: try people.map { link, roles in
                                     PartnerContactJSON(id: try link.requireID(), personId: link.$person.id, name: link.person.fullName,
                                                        email: link.person.email, roles: roles, title: link.title, phone: link.phone)
                                 },
                                 interactions: try interactions.map { try PartnerInteractionJSON($0, today: today) })
    }

    static func defineSchemas(_ registry: APIRegistry) {
        let partnerFields: [(String, Schema)] = [("id", .string(format: "uuid")), ("name", .string()), ("sector", .string()), ("address", .string()),
                                                 ("website", .string()), ("description", .string())]
        registry.define("Partner", .object(partnerFields, required: ["id", "name", "sector", "address"]))
        registry.define("PartnerInput", .object([
            ("name", .words(maxLength: 160)), ("sector", .text(minLength: 0, maxLength: 160)), ("address", .text(minLength: 0, maxLength: 500)),
            ("website", .text(minLength: 0, maxLength: 300)), ("description", .text(minLength: 0, maxLength: 5000)),
        ], required: []))
        registry.define("PartnerSummary", .object([
            ("partner", .ref("Partner")), ("kinds", .array(.enumeration(PartnerActivity.Kind.allCases.map(\.rawValue)))),
            ("engagements", .integer()), ("mentors", .integer()), ("supervisors", .integer()), ("pathwayCodes", .array(.string())),
            ("lastContactOn", .string(format: "date")), ("openNextSteps", .integer()),
        ], required: ["partner", "kinds", "engagements", "mentors", "supervisors", "pathwayCodes", "openNextSteps"]))
        let states = ["done", "overdue", "dueToday", "dueThisWeek", "later"]
        registry.define("PartnerInteraction", .object([
            ("id", .string(format: "uuid")), ("partnerId", .string(format: "uuid")), ("kind", .enumeration(InteractionKind.allCases.map(\.rawValue))),
            ("happenedOn", .string(format: "date")), ("summary", .string()), ("loggedBy", .string(format: "uuid")), ("nextStep", .string()),
            ("nextStepOwnerId", .string(format: "uuid")), ("nextStepDueOn", .string(format: "date")), ("nextStepDoneOn", .string(format: "date")),
            ("nextStepState", .enumeration(states)),
        ], required: ["id", "partnerId", "kind", "happenedOn", "summary", "loggedBy"]))
        registry.define("PartnerInteractionInput", .object([
            ("kind", .enumeration(InteractionKind.allCases.map(\.rawValue))), ("happenedOn", .string(format: "date")),
            ("summary", .words(maxLength: 5000)), ("nextStep", .text(minLength: 0, maxLength: 1000)),
            ("nextStepOwnerId", .string(format: "uuid")), ("nextStepDueOn", .string(format: "date")),
        ], required: ["kind", "happenedOn", "summary"]))
        registry.define("PartnerDetail", .object([
            ("summary", .ref("PartnerSummary")),
            ("contacts", .array(.object([("id", .string(format: "uuid")), ("personId", .string(format: "uuid")), ("name", .string()),
                                         ("email", .string()), ("roles", .array(.enumeration(Role.allCases.map(\.rawValue)))),
                                         ("title", .string()), ("phone", .string())],
                                        required: ["id", "personId", "name", "email", "roles"]))),
            ("interactions", .array(.ref("PartnerInteraction"))),
        ], required: ["summary", "contacts", "interactions"]))
    }
}
