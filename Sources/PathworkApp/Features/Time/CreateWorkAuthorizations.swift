import Fluent
import SQLKit

/// The papers a state requires before a minor works (`WorkAuthorization`).
struct CreateWorkAuthorizations: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(WorkAuthorization.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .references(Person.schema, "id"))
            .field("kind", .string, .required)
            .field("valid_from", .string, .required)
            .field("valid_until", .string)
            .field("reference", .string, .required)
            .field("recorded_by", .uuid, .required)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime)
            .create()
        // Every clock-in under a state overlay reads a student's papers and the district's.
        if let sql = db as? any SQLDatabase {
            try await sql.raw("CREATE INDEX work_authorizations_student ON work_authorizations (district_id, student_id)").run()
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(WorkAuthorization.schema).delete()
    }
}
