import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

struct CreatePortfolios: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PortfolioLink.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await db.schema(PortfolioConsent.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("client_id", .uuid, .required, .references(Client.schema, "id"))
            .field("recorded_by", .uuid, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "client_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PortfolioConsent.schema).delete()
        try await db.schema(PortfolioLink.schema).delete()
    }
}
