import Fluent
import FluentPostgresDriver
import SQLKit

/// Exits and cohorts, the Clearinghouse's enrollments and degrees and each student's last
/// search, financial-aid applications, the applied files, and the staging tables a file
/// fills beside the writer before one change copies it in (`StudentFileStage`).
struct CreatePostsecondary: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(StudentExitRecord.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("cohort_year", .int, .required)
            .field("exited_on", .string, .required)
            .field("kind", .string, .required)
            .field("import_id", .uuid)
            .unique(on: "student_id")
            .create()
        try await db.schema("postsecondary_records")
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("import_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("college_code", .string, .required)
            .field("college_name", .string, .required)
            .field("college_state", .string, .required)
            .field("level", .string, .required)
            .field("control", .string, .required)
            .field("begins_on", .string)
            .field("ends_on", .string)
            .field("status", .string)
            .field("graduated_on", .string)
            .field("degree_title", .string)
            .create()
        try await db.schema("postsecondary_searches")
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("import_id", .uuid, .required)
            .field("searched_on", .string)
            .field("found", .bool, .required)
            .unique(on: "student_id")
            .create()
        try await db.schema("financial_aid_applications")
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("import_id", .uuid, .required)
            .field("class_of", .int, .required)
            .field("application", .string, .required)
            .field("submitted_on", .string)
            .field("completed_on", .string)
            .unique(on: "student_id", "class_of", "application")
            .create()
        try await db.schema(StudentFileImportRecord.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("kind", .string, .required)
            .field("actor_id", .string, .required)
            .field("file_name", .string, .required)
            .field("sha256", .string, .required)
            .field("rows", .int, .required)
            .field("students", .int, .required)
            .field("report", .string, .required)
            .field("applied_at", .datetime, .required)
            .create()
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX student_exits_district ON student_exits (district_id, kind, exited_on)").run()
        try await sql.raw("CREATE INDEX postsecondary_records_student ON postsecondary_records (district_id, student_id)").run()
        try await sql.raw("CREATE INDEX financial_aid_district ON financial_aid_applications (district_id, class_of)").run()
        try await sql.raw("CREATE INDEX student_file_imports_district ON student_file_imports (district_id, applied_at)").run()
        for target in [StudentFileStage.exits, StudentFileStage.records, StudentFileStage.searches, StudentFileStage.financialAid] { try await StudentFileStage.createStage(target, on: db) }
    }

    func revert(on db: any Database) async throws {
        for target in [StudentFileStage.exits, StudentFileStage.records, StudentFileStage.searches, StudentFileStage.financialAid] {
            try await db.schema(target.stage).delete()
        }
        for schema in [StudentFileImportRecord.schema, "financial_aid_applications", "postsecondary_searches", "postsecondary_records",
                       StudentExitRecord.schema] {
            try await db.schema(schema).delete()
        }
    }
}

/// The dual-credit file's staging table (`AddDualCredit` made the table it fills).
struct StageDualCredits: AsyncMigration {
    func prepare(on db: any Database) async throws { try await StudentFileStage.createStage(StudentFileStage.dualCredits, on: db) }

    func revert(on db: any Database) async throws { try await db.schema(StudentFileStage.dualCredits.stage).delete() }
}
