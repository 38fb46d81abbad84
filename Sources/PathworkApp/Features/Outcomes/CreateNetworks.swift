import Fluent
import Foundation
import PathworkDomain
import Vapor

struct CreateNetworks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Network.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .unique(on: "slug")
            .create()
        try await db.schema(NetworkDistrict.schema)
            .id()
            .field("network_id", .uuid, .required, .references(Network.schema, "id"))
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .unique(on: "network_id", "district_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(NetworkDistrict.schema).delete()
        try await db.schema(Network.schema).delete()
    }
}
