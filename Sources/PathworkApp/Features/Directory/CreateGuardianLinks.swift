import Fluent
import SQLKit

/// Parents and guardians linked to their children (OneRoster's `agentSourcedIds`).
struct CreateGuardianLinks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(GuardianLink.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("guardian_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .unique(on: "guardian_id", "student_id")
            .create()
        try await db.sql().raw("CREATE INDEX guardian_links_student ON guardian_links (student_id)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(GuardianLink.schema).delete()
    }
}
