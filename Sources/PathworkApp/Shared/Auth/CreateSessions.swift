import Fluent
import SQLKit

struct CreateSessions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(WebSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("district_id", .uuid, .required)
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await db.schema(APIToken.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("district_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX web_sessions_person ON web_sessions (person_id)").run()
        try await sql.raw("CREATE INDEX api_tokens_person ON api_tokens (person_id)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(APIToken.schema).delete()
        try await db.schema(WebSession.schema).delete()
    }
}
