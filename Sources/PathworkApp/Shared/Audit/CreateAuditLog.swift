import Fluent
import SQLKit

struct CreateAuditLog: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(AuditEntry.schema)
            .id()
            // Unique: two writers linking to the same previous row collide here, not silently.
            .field("sequence", .int64, .required)
            .field("district_id", .string, .required)
            .field("actor_id", .string, .required)
            .field("occurred_at", .int64, .required)
            .field("action", .string, .required)
            .field("entity", .string, .required)
            .field("entity_id", .string, .required)
            .field("before", .string, .required)
            .field("after", .string, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "sequence")
            .create()
        try await db.schema(Disclosure.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required)
            .field("viewer_id", .uuid, .required)
            .field("viewer_role", .string, .required)
            .field("context", .string, .required)
            .field("occurred_at", .datetime, .required)
            .create()
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX audit_entries_entity ON audit_entries (entity_id)").run()
        try await sql.raw("CREATE INDEX audit_entries_district ON audit_entries (district_id, sequence)").run()
        try await sql.raw("CREATE INDEX disclosures_student ON disclosures (district_id, student_id, occurred_at)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Disclosure.schema).delete()
        try await db.schema(AuditEntry.schema).delete()
    }
}
