import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

struct CreatePathwayLinks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PathwayLink.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("pathway_code", .string, .required)
            .field("subject", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("created_at", .datetime)
            .unique(on: "district_id", "pathway_code", "subject", "subject_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PathwayLink.schema).delete()
    }
}
