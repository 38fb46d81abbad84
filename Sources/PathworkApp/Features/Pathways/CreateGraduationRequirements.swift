import Fluent
import Foundation
import PathworkDomain

/// District-set graduation credits, and completed courses as a credential-pathway requirement.
struct CreateGraduationRequirements: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(GraduationRequirements.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("graduation_credit_tenths", .int, .required)
            .field("max_credit_tenths_per_year", .int, .required)
            .unique(on: "district_id")
            .create()
        try await db.schema(PathwayRequirement.schema).field("course_code", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PathwayRequirement.schema).deleteField("course_code").update()
        try await db.schema(GraduationRequirements.schema).delete()
    }
}
