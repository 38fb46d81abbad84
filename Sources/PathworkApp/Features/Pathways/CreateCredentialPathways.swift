import Fluent
import Foundation
import PathworkDomain
import SQLKit

struct CreateCredentialPathways: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(CredentialPathway.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("years", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "district_id", "title")
            .create()
        try await db.schema(PathwayRequirement.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("pathway_id", .uuid, .required, .references(CredentialPathway.schema, "id"))
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("role_name", .string)
            .field("minutes", .int)
            .field("credential_title", .string)
            .field("issues_badge", .bool, .required)
            .field("created_at", .datetime)
            .create()
        try await db.schema(PathwayEnrollment.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("pathway_id", .uuid, .required, .references(CredentialPathway.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("started_on", .string, .required)
            .unique(on: "pathway_id", "student_id")
            .create()
        try await db.schema(PathwayCheckpoint.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("requirement_id", .uuid, .required, .references(PathwayRequirement.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("completed_on", .string, .required)
            .field("evidence", .string, .required)
            .field("recorded_by", .uuid, .required)
            .unique(on: "requirement_id", "student_id")
            .create()
        try await db.schema(MilestoneAward.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("requirement_id", .uuid, .required, .references(PathwayRequirement.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("issued_credential_id", .uuid, .required, .references(IssuedCredential.schema, "id"))
            .unique(on: "requirement_id", "student_id")
            .create()
        try await db.sql().raw("CREATE INDEX pathway_enrollments_student ON pathway_enrollments (district_id, student_id)").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [MilestoneAward.schema, PathwayCheckpoint.schema, PathwayEnrollment.schema, PathwayRequirement.schema, CredentialPathway.schema] {
            try await db.schema(schema).delete()
        }
    }
}
