import Fluent
import Foundation
import PathworkDomain
import SQLKit

struct CreateIssuedCredentials: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(SigningKey.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("public_key_multibase", .string, .required)
            .field("created_at", .datetime, .required)
            .field("retired_at", .datetime)
            .create()
        try await db.schema(IssuedCredential.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("attainment_id", .uuid, .references(CredentialAttainment.schema, "id"))
            .field("title", .string, .required)
            .field("document", .string, .required)
            .field("signing_key_id", .uuid, .required, .references(SigningKey.schema, "id"))
            .field("valid_from", .string, .required)
            .field("valid_until", .string)
            .field("issued_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("revoked_reason", .string)
            .field("revoked_by", .uuid)
            .create()
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX signing_keys_district ON signing_keys (district_id, created_at)").run()
        try await sql.raw("CREATE INDEX issued_credentials_student ON issued_credentials (district_id, student_id)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(IssuedCredential.schema).delete()
        try await db.schema(SigningKey.schema).delete()
    }
}
