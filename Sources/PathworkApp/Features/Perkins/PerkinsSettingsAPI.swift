import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The Perkins V settings over the API: the concentrator rule and the pathways marked
/// non-traditional, changed as on the settings page (admins).
enum PerkinsSettingsAPI {
    struct SettingsJSON: Content {
        struct Rule: Content { var value: String; var title: String; var source: String }
        struct Marked: Content { var id: UUID; var pathwayCode: String; var pathway: String; var forSex: String; var source: String }
        var concentratorRule: String
        var rules: [Rule]
        var nontraditional: [Marked]
    }

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("PerkinsSettings", .object([
            ("concentratorRule", .enumeration(ConcentratorRule.allCases.map(\.rawValue))),
            ("rules", .array(.object([("value", .string()), ("title", .string()), ("source", .string())], required: ["value", "title", "source"]))),
            ("nontraditional", .array(.object([("id", .string(format: "uuid")), ("pathwayCode", .string()), ("pathway", .string()),
                                               ("forSex", .enumeration([Sex.female.rawValue, Sex.male.rawValue])), ("source", .string())],
                                              required: ["id", "pathwayCode", "pathway", "forSex", "source"]))),
        ], required: ["concentratorRule", "rules", "nontraditional"]))
        api.endpoint(APIOperation(method: .GET, path: ["perkins", "settings"], summary: "The concentrator rule and the pathways marked non-traditional",
                                  tag: "Outcomes", response: .ref("PerkinsSettings")), registry: registry) { req in
            try req.viewer.require(.setDistrictStandards)
            return try await json(req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["perkins", "settings", "concentrator-rule"], summary: "Set the state's concentrator rule (admins)",
                                  tag: "Outcomes", body: .object([("concentratorRule", .enumeration(ConcentratorRule.allCases.map(\.rawValue)))], required: ["concentratorRule"]),
                                  response: .ref("PerkinsSettings")), registry: registry) { req in
            _ = try await PerkinsSettingsPages.setRule(try req.input(String.self, at: "concentratorRule"), on: req)
            return try await json(req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["perkins", "nontraditional-pathways"], summary: "Mark a pathway non-traditional for one sex, with its source (admins)",
                                  tag: "Outcomes", body: .object([("pathwayCode", PathwayLinks.codeSchema),
                                                                  ("forSex", .enumeration([Sex.female.rawValue, Sex.male.rawValue])),
                                                                  ("source", .text(minLength: 1, maxLength: 300))], required: ["pathwayCode", "forSex", "source"]),
                                  response: .ref("PerkinsSettings"), success: .created, rules: [.rule("pathwayCode is a Career Clusters pathway")]),
                     registry: registry) { req in
            _ = try await PerkinsSettingsPages.mark(code: try req.input(String.self, at: "pathwayCode"), forSex: try req.input(String.self, at: "forSex"),
                                                    source: try req.input(String.self, at: "source"), on: req)
            return try await json(req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["perkins", "nontraditional-pathways", ":pathwayID"], summary: "Remove a non-traditional mark (admins)",
                                  tag: "Outcomes", success: .noContent), registry: registry) { req in
            try await PerkinsSettingsPages.unmark(req.parameters.get("pathwayID", as: UUID.self), on: req)
            return HTTPStatus.noContent
        }
    }

    static func json(_ req: Request) async throws -> SettingsJSON {
        let tenant = try req.tenant
        let rule = try await PerkinsRecords.rule(districtID: tenant.districtID, db: tenant.db)
        return SettingsJSON(concentratorRule: rule.rawValue, rules: ConcentratorRule.allCases.map { .init(value: $0.rawValue, title: $0.title, source: $0.source) },
                            nontraditional: try await tenant.query(NontraditionalPathway.self).sort(\.$pathwayCode).all().map {
                                .init(id: try $0.requireID(), pathwayCode: $0.pathwayCode, pathway: PathwayLinks.title(of: $0.pathwayCode), forSex: $0.forSex, source: $0.source)
                            })
    }
}
