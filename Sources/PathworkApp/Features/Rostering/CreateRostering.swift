import Fluent
import SQLKit

/// What rostering keeps (sourcedId records, terms, sections, dated enrollments, applied
/// imports, the staff role mapping), schools' NCES ids, and the staging tables an import
/// fills beside the writer before one short change applies them (`RosterStage`).
struct CreateRostering: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(RosterRecord.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("file", .string, .required)
            .field("sourced_id", .string, .required)
            .field("record_id", .uuid, .required)
            .field("fingerprint", .int64, .required)
            .field("ended_on", .string)
            .field("import_id", .uuid, .required)
            .field("context", .string)
            .unique(on: "district_id", "file", "sourced_id")
            .create()
        try await db.schema(AcademicSession.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("parent_id", .uuid)
            .field("school_year", .int)
            .create()
        try await db.schema(ClassSection.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("course_id", .uuid, .required, .references(Course.schema, "id"))
            .field("school_id", .uuid, .references(School.schema, "id"))
            .field("title", .string, .required)
            .field("class_code", .string, .required)
            .field("term_ids", .string, .required)
            .field("starts_on", .string)
            .field("ends_on", .string)
            .create()
        try await db.schema(Enrollment.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("sourced_id", .string, .required)
            .field("class_section_id", .uuid, .required, .references(ClassSection.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("is_primary", .bool, .required)
            .field("begins_on", .string)
            .field("ends_on", .string)
            .field("ended_on", .string)
            .field("fingerprint", .int64, .required)
            .field("import_id", .uuid, .required)
            .unique(on: "district_id", "sourced_id")
            .create()
        try await db.schema(RosterImport.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("actor_id", .string, .required)
            .field("file_name", .string, .required)
            .field("sha256", .string, .required)
            .field("report", .string, .required)
            .field("applied_at", .datetime, .required)
            .create()
        try await db.schema(RosterRoleMapping.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("roster_role", .string, .required)
            .field("role", .string)
            .unique(on: "district_id", "roster_role")
            .create()
        try await db.schema(School.schema).field("nces_id", .string).update()

        let sql = try db.sql()
        try await sql.raw("CREATE INDEX roster_records_record ON roster_records (record_id)").run()
        try await sql.raw("CREATE INDEX enrollments_person ON enrollments (district_id, person_id)").run()
        try await sql.raw("CREATE INDEX roster_imports_district ON roster_imports (district_id, applied_at)").run()
        // Staging tables take their columns from the tables they fill, without their
        // constraints; a later migration that adds a column to one adds it to its stage too.
        for target in RosterStage.targets {
            try await sql.raw("CREATE TABLE \(unsafeRaw: target.stage) AS SELECT * FROM \(unsafeRaw: target.table) WHERE 1 = 0").run()
            // One column per ALTER: SQLite adds one at a time.
            try await db.schema(target.stage).field("staged_for", .uuid).update()
            try await db.schema(target.stage).field("staged_as", .string).update()
            try await sql.raw("CREATE INDEX \(unsafeRaw: target.stage)_staged ON \(unsafeRaw: target.stage) (staged_for)").run()
        }
        try await db.schema(RosterStage.endsTable)
            .field("staged_for", .uuid, .required)
            .field("file", .string, .required)
            .field("row_id", .uuid, .required)
            .field("record_id", .uuid, .required)
            .create()
        try await sql.raw("CREATE INDEX roster_stage_ends_staged ON roster_stage_ends (staged_for, file)").run()
    }

    func revert(on db: any Database) async throws {
        for target in RosterStage.targets { try await db.schema(target.stage).delete() }
        try await db.schema(RosterStage.endsTable).delete()
        try await db.schema(School.schema).deleteField("nces_id").update()
        for schema in [RosterRoleMapping.schema, RosterImport.schema, Enrollment.schema, ClassSection.schema, AcademicSession.schema,
                       RosterRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}
