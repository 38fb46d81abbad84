import Fluent
import Foundation
import PathworkDomain
import Vapor

struct CreateOccupations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(DistrictOccupation.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("soc_code", .string, .required)
            .field("title", .string, .required)
            .field("pathway_code", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "district_id", "soc_code")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(DistrictOccupation.schema).delete()
    }
}
