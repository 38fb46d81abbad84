import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

struct CreateCredentials: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Credential.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("title", .string, .required)
            .field("issuer", .string, .required)
            .field("kind", .string, .required)
            .field("minimum_age", .int)
            .field("validity_months", .int)
            .field("created_at", .datetime)
            .unique(on: "district_id", "title")
            .create()
        try await db.schema(CredentialAttainment.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("credential_id", .uuid, .required, .references(Credential.schema, "id"))
            .field("earned_on", .string, .required)
            .field("expires_on", .string)
            .field("evidence", .string, .required)
            .field("verified_by", .uuid, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql().raw("CREATE INDEX credential_attainments_student ON credential_attainments (district_id, student_id)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(CredentialAttainment.schema).delete()
        try await db.schema(Credential.schema).delete()
    }
}
