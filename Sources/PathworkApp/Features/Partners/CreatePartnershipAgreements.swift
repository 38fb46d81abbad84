import Fluent

/// Partnership agreements, their objectives and their yearly evaluations.
struct CreatePartnershipAgreements: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PartnershipAgreement.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("partner_id", .uuid, .required, .references(Client.schema, "id"))
            .field("title", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("district_gives", .string, .required)
            .field("partner_gives", .string, .required)
            .field("signatories", .string, .required)
            .field("signed_on", .string)
            .field("created_at", .datetime)
            .create()
        try await db.schema(PartnershipObjective.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("agreement_id", .uuid, .required, .references(PartnershipAgreement.schema, "id"))
            .field("description", .string, .required)
            .field("target", .int, .required)
            .field("unit", .string, .required)
            .field("measure", .string, .required)
            .field("how_measured", .string, .required)
            .field("recorded_value", .int)
            .create()
        try await db.schema(PartnershipEvaluation.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("agreement_id", .uuid, .required, .references(PartnershipAgreement.schema, "id"))
            .field("school_year", .int, .required)
            .field("answers", .string)
            .field("comment", .string)
            .field("answered_by", .uuid)
            .field("answered_on", .string)
            .field("ratings", .string)
            .field("note", .string)
            .field("rated_by", .uuid)
            .field("rated_on", .string)
            .unique(on: "agreement_id", "school_year")
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [PartnershipEvaluation.schema, PartnershipObjective.schema, PartnershipAgreement.schema] {
            try await db.schema(schema).delete()
        }
    }
}
