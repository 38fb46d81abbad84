import Fluent
import FluentSQLiteDriver
import Foundation
import PathworkDomain
import SQLKit

/// A survey the district builds and sends to an audience.
final class Survey: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "surveys"

    enum Status: String, Codable, Sendable { case draft, open, closed }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "intro") var intro: String
    /// The template it was started from: surveys of one template compare across years and districts.
    @OptionalField(key: "template") var template: String?
    /// `SurveyDefinition` as JSON.
    @Field(key: "definition") var definitionJSON: String
    @Field(key: "anonymous") var anonymous: Bool
    /// `SurveyAudience` as JSON.
    @Field(key: "audience") var audienceJSON: String
    @Enum(key: "status") var status: Status
    @Field(key: "closes_on") var closesOn: String
    @OptionalField(key: "sent_at") var sentAt: Date?
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var definition: SurveyDefinition {
        get { (try? JSONDecoder().decode(SurveyDefinition.self, from: Data(definitionJSON.utf8))) ?? SurveyDefinition() }
        set { definitionJSON = (try? StoredJSON.string(newValue)) ?? "{}" }
    }

    var audience: SurveyAudience {
        get { (try? JSONDecoder().decode(SurveyAudience.self, from: Data(audienceJSON.utf8))) ?? SurveyAudience(kind: .students) }
        set { audienceJSON = (try? StoredJSON.string(newValue)) ?? "{}" }
    }

    struct Snapshot: Codable { var title: String; var anonymous: Bool; var status: String; var closesOn: String; var questions: Int; var audience: SurveyAudience }
    var snapshot: Snapshot {
        Snapshot(title: title, anonymous: anonymous, status: status.rawValue, closesOn: closesOn, questions: definition.questions.count, audience: audience)
    }
}

/// Someone a survey was sent to, and whether they have answered (a date only: for an anonymous
/// survey this is all that says they took part, and it names no response).
final class SurveyInvitation: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "survey_invitations"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "survey_id") var surveyID: UUID
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "completed_on") var completedOn: String?

    init() {}
}

/// Surveys, who they went to, responses and the counts results are read from.
///
/// A response to an anonymous survey carries no person, no time, and an id drawn at random;
/// on SQLite its table keeps rows in the order of those ids (`WITHOUT ROWID`), not the order
/// they came in. Results by group come from `survey_cells`, counted as each response arrives,
/// so no response needs its respondent's groups either.
struct CreateSurveys: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Survey.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("title", .string, .required)
            .field("intro", .string, .required)
            .field("template", .string)
            .field("definition", .string, .required)
            .field("anonymous", .bool, .required)
            .field("audience", .string, .required)
            .field("status", .string, .required)
            .field("closes_on", .string, .required)
            .field("sent_at", .datetime)
            .field("reminded_at", .datetime)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime)
            .create()
        try await db.schema(SurveyInvitation.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("survey_id", .uuid, .required, .references(Survey.schema, "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("completed_on", .string)
            .unique(on: "survey_id", "person_id")
            .create()
        let sql = try db.sql()
        if db is any SQLiteDatabase {
            try await sql.raw("""
                CREATE TABLE survey_responses (id TEXT PRIMARY KEY NOT NULL, district_id TEXT NOT NULL REFERENCES districts (id),
                survey_id TEXT NOT NULL REFERENCES surveys (id) ON DELETE CASCADE, person_id TEXT, submitted_at REAL, answers TEXT NOT NULL) WITHOUT ROWID
                """).run()
        } else {
            try await db.schema("survey_responses")
                .id()
                .field("district_id", .uuid, .required, .references(District.schema, "id"))
                .field("survey_id", .uuid, .required, .references(Survey.schema, "id", onDelete: .cascade))
                .field("person_id", .uuid)
                .field("submitted_at", .datetime)
                .field("answers", .string, .required)
                .create()
        }
        try await db.schema("survey_cells")
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("survey_id", .uuid, .required, .references(Survey.schema, "id", onDelete: .cascade))
            .field("question_key", .string, .required)
            .field("measure", .string, .required)
            .field("group_token", .string, .required)
            .field("value", .int, .required)
            .unique(on: "survey_id", "question_key", "measure", "group_token")
            .create()
        try await sql.raw("CREATE INDEX survey_responses_survey ON survey_responses (survey_id)").run()
        try await sql.raw("CREATE INDEX survey_invitations_person ON survey_invitations (person_id, completed_on)").run()
        try await sql.raw("CREATE INDEX surveys_template ON surveys (template, status)").run()
    }

    func revert(on db: any Database) async throws {
        for schema in ["survey_cells", "survey_responses", SurveyInvitation.schema, Survey.schema] { try await db.schema(schema).delete() }
    }
}
