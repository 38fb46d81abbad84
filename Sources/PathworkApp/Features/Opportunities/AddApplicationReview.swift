import Fluent

/// Applications gain when they last moved and who moved them, for offers and the waitlist.
struct AddApplicationReview: AsyncMigration {
    func prepare(on db: any Database) async throws {
        // One column a statement: SQLite adds one per ALTER TABLE.
        try await db.schema(OpportunityApplication.schema).field("status_changed_at", .datetime).update()
        try await db.schema(OpportunityApplication.schema).field("decided_by", .uuid).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OpportunityApplication.schema).deleteField("status_changed_at").update()
        try await db.schema(OpportunityApplication.schema).deleteField("decided_by").update()
    }
}
