import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PeoplePage: Content {
    var items: [PersonJSON]
    var total: Int
    var limit: Int
    var offset: Int
}

struct DisclosureJSON: Content {
    var id: UUID
    var viewerId: UUID
    var viewerName: String
    var viewerRole: String
    var context: String
    var occurredAt: Date
}

/// `/api/v1/people…`: the directory for integrations.
enum PeopleAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("Person", PersonJSON.schema)
        registry.define("PersonInput", PersonInput.schema(required: ["givenName", "familyName", "email", "roles"]))
        registry.define("PersonChange", PersonInput.schema(required: []))
        let filters: [QueryParameter] = [
            .text("q", "text in name, email or student number"), .choice("role", Role.allCases.map(\.rawValue), "a role"),
            .uuid("school", "school id"), .integer("grade", 6...12, "6 to 12"),
            .choice("subgroup", Subgroup.all.map(\.token), "e.g. race:asian, sex:female, flag:englishLearner, locale:rural"),
            .choice("disabled", ["include"], "'include' to list disabled accounts too"), .integer("limit", 1...500, "1 to 500, default 50"),
            .integer("offset", 0...1_000_000, "default 0"),
        ]
        api.endpoint(APIOperation(method: .GET, path: ["people"], summary: "Find people", tag: "People", query: filters,
                                  response: .object([("items", .array(.ref("Person"))), ("total", .integer()),
                                                     ("limit", .integer()), ("offset", .integer())],
                                                    required: ["items", "total", "limit", "offset"])),
                     registry: registry) { req in
            let viewer = try req.viewer
            try viewer.require(.viewDirectory)
            let filter = try PeopleFilter(query: req.query)
            let (records, total) = try await PeopleDirectory.search(filter, viewer: viewer, tenant: req.tenant)
            for record in records { try await req.discloseIfExternal(studentID: record.id, context: "api: people list") }
            return PeoplePage(items: records.map { PersonJSON.make($0, for: viewer) }, total: total,
                              limit: filter.limit, offset: filter.offset)
        }
        api.endpoint(APIOperation(method: .GET, path: ["people", ":personID"], summary: "One person", tag: "People",
                                  response: .ref("Person")), registry: registry) { req in
            let viewer = try req.viewer
            let record = try await PeopleDirectory.find(req.parameters.get("personID", as: UUID.self), viewer: viewer, tenant: req.tenant)
            try await req.discloseIfExternal(studentID: record.id, context: "api: person record")
            return PersonJSON.make(record, for: viewer)
        }
        api.endpoint(APIOperation(method: .POST, path: ["people"], summary: "Create a person", tag: "People",
                                  body: .ref("PersonInput"), response: .ref("Person"), success: .created, rules: PersonInput.rules),
                     registry: registry) { req in
            let viewer = try req.viewer
            try viewer.require(.createPerson)
            let submission = try req.input(PersonInput.self).submission(over: nil)
            let record = try await PeopleWriter.create(submission, on: req)
            return try await PersonJSON.make(record, for: viewer).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["people", ":personID"], summary: "Change a person", tag: "People",
                                  body: .ref("PersonChange"), response: .ref("Person"), rules: PersonInput.rules), registry: registry) { req in
            let viewer = try req.viewer
            let existing = try await PeopleDirectory.find(req.parameters.get("personID", as: UUID.self), viewer: viewer, tenant: req.tenant)
            try viewer.require(.editPerson)
            let submission = try req.input(PersonInput.self).submission(over: existing)
            return PersonJSON.make(try await PeopleWriter.update(existing, with: submission, on: req), for: viewer)
        }
        for (verb, disabled) in [("disable", true), ("enable", false)] {
            api.endpoint(APIOperation(method: .POST, path: ["people", ":personID", .constant(verb)],
                                      summary: disabled ? "Disable an account and end its sessions" : "Enable an account",
                                      tag: "People", response: .ref("Person")), registry: registry) { req in
                let viewer = try req.viewer
                let existing = try await PeopleDirectory.find(req.parameters.get("personID", as: UUID.self), viewer: viewer, tenant: req.tenant)
                try viewer.require(.disablePerson)
                guard existing.id != viewer.personID else {
                    throw PathworkError.conflict("people.self-disable", "You cannot disable your own account.")
                }
                try await PeopleWriter.setDisabled(disabled, existing, on: req)
                return PersonJSON.make(try await PeopleDirectory.find(existing.id, viewer: viewer, tenant: req.tenant), for: viewer)
            }
        }
        api.endpoint(APIOperation(method: .GET, path: ["people", ":personID", "disclosures"],
                                  summary: "Who outside the district saw this student's record", tag: "People",
                                  response: .array(.object([("id", .string(format: "uuid")), ("viewerId", .string(format: "uuid")),
                                                            ("viewerName", .string()), ("viewerRole", .string()),
                                                            ("context", .string()), ("occurredAt", .string(format: "date-time"))],
                                                           required: ["id", "viewerId", "viewerName", "viewerRole", "context", "occurredAt"]))),
                     registry: registry) { req in
            let viewer = try req.viewer
            let record = try await PeopleDirectory.find(req.parameters.get("personID", as: UUID.self), viewer: viewer, tenant: req.tenant)
            try viewer.require(.viewDisclosures)
            return try await Disclosures.history(of: record.id, tenant: req.tenant)
        }
    }
}

enum Disclosures {
    static func history(of studentID: UUID, tenant: Tenant, limit: Int = 500) async throws -> [DisclosureJSON] {
        let rows = try await tenant.query(Disclosure.self).filter(\.$studentID == studentID)
            .sort(\.$occurredAt, .descending).limit(limit).all()
        let viewers = try await tenant.query(Person.self).filter(\.$id ~~ Set(rows.map(\.viewerID)).map { $0 }).all()
        let names = Dictionary(try viewers.map { (try $0.requireID(), $0.fullName) }, uniquingKeysWith: { a, _ in a })
        return try rows.map {
            DisclosureJSON(id: try $0.requireID(), viewerId: $0.viewerID, viewerName: names[$0.viewerID] ?? "Unknown",
                           viewerRole: $0.viewerRole, context: $0.context, occurredAt: $0.occurredAt)
        }
    }
}
