import Fluent
import Foundation
import PathworkDomain
import Plot
import SQLKit
import Vapor

struct CreateEngagementFeedback: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(EngagementFeedback.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("engagement_id", .uuid, .required, .references(Engagement.schema, "id"))
            .field("author_id", .uuid, .required, .references(Person.schema, "id"))
            .field("satisfaction", .int, .required)
            .field("would_hire_again", .bool, .required)
            .field("comment", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "engagement_id")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(EngagementFeedback.schema).delete() }
}
