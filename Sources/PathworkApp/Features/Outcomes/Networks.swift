import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A network of districts (a state's, or a regional partnership's) whose analysts see outcome
/// dashboards across all its districts, aggregated and suppressed, and never a student record.
/// Networks span districts, so they are not district-scoped; membership decides who sees one.
final class Network: Model, @unchecked Sendable {
    static let schema = "networks"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String

    init() {}
}

final class NetworkDistrict: Model, @unchecked Sendable {
    static let schema = "network_districts"

    @ID(key: .id) var id: UUID?
    @Field(key: "network_id") var networkID: UUID
    @Field(key: "district_id") var districtID: UUID

    init() {}
}

enum Networks {
    /// The networks the viewer's district belongs to, for the roles that look across districts.
    static func visible(to viewer: Viewer, db: any Database) async throws -> [Network] {
        guard viewer.roles.contains(.analyst) || viewer.roles.contains(.admin) else { return [] }
        let ids = try await NetworkDistrict.query(on: db).filter(\.$districtID == viewer.districtID).all().map(\.networkID)
        return ids.isEmpty ? [] : try await Network.query(on: db).filter(\.$id ~~ ids).sort(\.$name).all()
    }

    /// A network the viewer may see and its member districts; "not found" for any other.
    static func members(of id: UUID, visibleTo viewer: Viewer, db: any Database) async throws -> (network: Network, districts: [UUID]) {
        guard let network = try await visible(to: viewer, db: db).first(where: { $0.id == id }) else {
            throw Abort(.notFound, reason: "No such network for this district.")
        }
        return (network, try await districts(of: id, db: db))
    }

    /// The smallest count a network's tables show: the strictest of its districts', never below
    /// the default.
    static func minimumCell(districts: [UUID], db: any Database) async throws -> Int {
        let strictest = try await ReportingSettings.query(on: db).filter(\.$districtID ~~ districts).all().map(\.minimumCell).max()
        return max(strictest ?? ReportingSettings.defaultMinimumCell, ReportingSettings.defaultMinimumCell)
    }

    static func districts(of network: UUID, db: any Database) async throws -> [UUID] {
        try await NetworkDistrict.query(on: db).filter(\.$networkID == network).all().map(\.districtID)
    }

    /// Creates a network of existing districts, named by slug; with the audit row that says so.
    static func create(slug: String, name: String, districtSlugs: [String], app: Application) async throws -> Network {
        guard District.isValidSlug(slug) else { throw CommandFailure("--slug: 2 to 40 lowercase letters, digits and hyphens") }
        guard !name.trimmed.isEmpty else { throw CommandFailure("--name: give the network's name") }
        var members: [UUID] = []
        for districtSlug in districtSlugs {
            guard let district = try await District.query(on: app.db).filter(\.$slug == districtSlug).first() else {
                throw CommandFailure("--districts: no district \(districtSlug)")
            }
            members.append(try district.requireID())
        }
        guard !members.isEmpty else { throw CommandFailure("--districts: name at least one district") }
        if try await Network.query(on: app.db).filter(\.$slug == slug).first() != nil { throw CommandFailure("--slug: \(slug) already exists") }
        let districts = members
        return try await AuditLog.change(on: app.db, by: .system("network"), services: app.pathwork) { db, audit in
            let network = Network()
            network.slug = slug
            network.name = name.trimmed
            try await network.create(on: db)
            for district in districts {
                let member = NetworkDistrict()
                member.networkID = try network.requireID()
                member.districtID = district
                try await member.create(on: db)
            }
            audit.created("network", id: network.id, ["slug": slug, "name": network.name, "districts": districtSlugs.joined(separator: ",")])
            return network
        }
    }
}

/// `pathwork network create --slug S --name N --districts a,b,c`
struct NetworkCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create") var action: String
        @Option(name: "slug", help: "The network's short name") var slug: String?
        @Option(name: "name", help: "The network's name") var name: String?
        @Option(name: "districts", help: "Member districts' slugs, comma-separated") var districts: String?
    }

    var help: String { "Creates a network of districts: network create --slug S --name N --districts a,b,c" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure("network: the action is create") }
        let app = context.application
        try await app.prepareDatabase()
        try await app.autoMigrate()
        let network = try await Networks.create(slug: signature.slug ?? "", name: signature.name ?? "",
                                                districtSlugs: (signature.districts ?? "").split(separator: ",").map { String($0).trimmed }, app: app)
        context.console.print("Created network \(network.slug) (\(network.name)).")
    }
}
