import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit

/// What a student did after leaving high school, for the placement indicator: recorded by
/// staff (a follow-up call, a survey) or from a file.
final class ExitActivity: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "exit_activities"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @OptionalField(key: "import_id") var importID: UUID?

    init() {}

    struct Snapshot: Codable { var studentID: UUID; var kind: String; var startsOn: String; var endsOn: String? }
    var snapshot: Snapshot { Snapshot(studentID: studentID, kind: kind, startsOn: startsOn, endsOn: endsOn) }
}

/// State assessment results and activities after high school, with their files' staging tables.
struct CreateAssessmentsAndActivities: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("assessment_results")
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("import_id", .uuid, .required)
            .field("school_year", .int, .required)
            .field("subject", .string, .required)
            .field("proficient", .bool, .required)
            .field("level", .string)
            .unique(on: "student_id", "school_year", "subject")
            .create()
        try await db.schema(ExitActivity.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("import_id", .uuid)
            .create()
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX assessment_results_year ON assessment_results (district_id, school_year)").run()
        try await sql.raw("CREATE INDEX exit_activities_student ON exit_activities (district_id, student_id)").run()
        for target in [StudentFileStage.assessments, StudentFileStage.activities] { try await StudentFileStage.createStage(target, on: db) }
    }

    func revert(on db: any Database) async throws {
        for target in [StudentFileStage.assessments, StudentFileStage.activities] { try await db.schema(target.stage).delete() }
        for schema in [ExitActivity.schema, "assessment_results"] { try await db.schema(schema).delete() }
    }
}
