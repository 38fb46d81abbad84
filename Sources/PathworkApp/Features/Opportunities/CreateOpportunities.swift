import Fluent

/// Work-based-learning opportunities and students' applications to them.
struct CreateOpportunities: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Opportunity.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("partner_id", .uuid, .required, .references(Client.schema, "id"))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("stage", .string, .required)
            .field("pay", .string, .required)
            .field("description", .string, .required)
            .field("pathway_codes", .string, .required)
            .field("minimum_age", .int)
            .field("minimum_grade", .int)
            .field("maximum_grade", .int)
            .field("required_credential_id", .uuid, .references(Credential.schema, "id"))
            .field("seats", .int, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("apply_by", .string)
            .field("location", .string, .required)
            .field("transport", .string, .required)
            .field("status", .string, .required)
            .field("proposed_by", .uuid, .required, .references(Person.schema, "id"))
            .field("created_at", .datetime)
            .create()
        try await db.schema(OpportunityApplication.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("opportunity_id", .uuid, .required, .references(Opportunity.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("answer", .string, .required)
            .field("status", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "opportunity_id", "student_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(OpportunityApplication.schema).delete()
        try await db.schema(Opportunity.schema).delete()
    }
}
