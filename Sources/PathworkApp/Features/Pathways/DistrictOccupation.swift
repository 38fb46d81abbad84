import Fluent
import Foundation
import PathworkDomain
import Vapor

/// An occupation the district added to the framework beside the starter set.
final class DistrictOccupation: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "occupations"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "soc_code") var socCode: String
    @Field(key: "title") var title: String
    @Field(key: "pathway_code") var pathwayCode: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct OccupationInput: Content {
    var socCode: String?
    var title: String?
    var pathwayCode: String?
}

struct OccupationJSON: Content {
    var socCode: String
    var title: String
    var pathwayCode: String
    /// `starter` (ships with Pathwork) or `district`.
    var source: String
}

enum Occupations {
    /// The starter set and the district's own, by SOC code.
    static func all(_ tenant: Tenant) async throws -> [OccupationJSON] {
        let own = try await tenant.query(DistrictOccupation.self).all()
        return (Occupation.starterSet.map { OccupationJSON(socCode: $0.socCode, title: $0.title, pathwayCode: $0.pathwayCode, source: "starter") }
            + own.map { OccupationJSON(socCode: $0.socCode, title: $0.title, pathwayCode: $0.pathwayCode, source: "district") })
            .sorted { ($0.pathwayCode, $0.title) < ($1.pathwayCode, $1.title) }
    }

    static func add(_ input: OccupationInput, on req: Request) async throws -> OccupationJSON {
        try req.viewer.require(.manageCredentials)
        let code = input.socCode?.trimmed ?? ""
        let title = input.title?.nonEmpty ?? ""
        let pathway = input.pathwayCode ?? ""
        var errors: [FieldError] = []
        if !Occupation.isSOCCode(code) { errors.append(FieldError(field: "socCode", message: "Enter the 2018 SOC code as NN-NNNN, e.g. 15-1212.")) }
        if title.isEmpty || title.count > 160 { errors.append(FieldError(field: "title", message: "Enter the occupation's title.")) }
        if CareerClusters.pathway(code: pathway)?.0.framework != .original {
            errors.append(FieldError(field: "pathwayCode", message: "Choose a pathway of the original 16-cluster framework."))
        }
        if errors.isEmpty, try await all(try req.tenant).contains(where: { $0.socCode == code }) {
            errors.append(FieldError.duplicate(field: "socCode", message: "\(code) is already on the framework."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let occupation = DistrictOccupation()
            occupation.districtID = tenant.districtID
            occupation.socCode = code
            occupation.title = title
            occupation.pathwayCode = pathway
            try await occupation.create(on: tenant.db)
            let json = OccupationJSON(socCode: code, title: title, pathwayCode: pathway, source: "district")
            audit.created("occupation", id: occupation.id, json)
            return json
        }
    }

    static func register(pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        let schema = Schema.object([("socCode", .string()), ("title", .string()), ("pathwayCode", .string()), ("source", .enumeration(["starter", "district"]))],
                                   required: ["socCode", "title", "pathwayCode", "source"])
        api.endpoint(APIOperation(method: .GET, path: ["occupations"], summary: "Occupations on the framework: the starter set and the district's own",
                                  tag: "Pathways", query: [.text("pathwayCode", "one pathway", maxLength: 20)], response: .array(schema)), registry: registry) { req in
            try req.viewer.require(.exploreCareers)
            let pathway = try? req.query.get(String.self, at: "pathwayCode")
            return try await all(try req.tenant).filter { pathway == nil || $0.pathwayCode == pathway }
        }
        api.endpoint(APIOperation(method: .POST, path: ["occupations"], summary: "Add an occupation to a pathway", tag: "Pathways",
                                  body: .object([("socCode", .pattern("^[0-9]{2}-[0-9]{4}$")), ("title", .words(maxLength: 160)),
                                                 ("pathwayCode", .enumeration(CareerClusters.clusters(in: .original).flatMap { $0.pathways.map(\.code) }))],
                                                required: ["socCode", "title", "pathwayCode"]),
                                  response: schema, success: .created), registry: registry) { req in
            try await add(try req.input(OccupationInput.self), on: req).encodeResponse(status: .created, for: req)
        }
        pages.post(SiteRoute.careerOccupations.pattern) { req async throws -> Response in
            let input = try req.input(OccupationInput.self)
            do {
                let added = try await add(input, on: req)
                return req.redirect(to: SiteRoute.careerClusters.path(query: [("framework", "2006"), ("open", String(added.pathwayCode.prefix { $0 != "." })),
                                                                             ("notice", "\(added.title) was added.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await CareerClusterPages.page(req, input: PathwayLinkInput(), occupation: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
    }
}
