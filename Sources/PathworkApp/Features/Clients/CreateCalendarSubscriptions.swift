import Fluent
import Foundation
import Plot
import Vapor

struct CreateCalendarSubscriptions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CalendarSubscription.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("kind", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("token_hash", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .unique(on: "kind", "subject_id")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(CalendarSubscription.schema).delete() }
}
