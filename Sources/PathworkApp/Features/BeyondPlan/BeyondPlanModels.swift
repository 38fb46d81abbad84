import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// What a student writes in their High School and Beyond Plan beside what Pathwork already
/// holds (the plan of study, the interest inventory, the portfolio): goals and the graduation
/// pathway option(s) they intend to complete.
final class BeyondPlan: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "beyond_plans"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "career_goals") var careerGoals: String
    @Field(key: "education_goals") var educationGoals: String
    /// Option raw values, comma-separated, in `GraduationPathwayOption`'s order.
    @Field(key: "graduation_pathways") var graduationPathways: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: UUID

    init() {}

    var pathways: Set<GraduationPathwayOption> { Set(graduationPathways.split(separator: ",").compactMap { GraduationPathwayOption(rawValue: String($0)) }) }

    static func text(_ options: Set<GraduationPathwayOption>) -> String {
        GraduationPathwayOption.allCases.filter(options.contains).map(\.rawValue).joined(separator: ",")
    }

    struct Snapshot: Codable { var careerGoals: String; var educationGoals: String; var graduationPathways: String }
    var snapshot: Snapshot { Snapshot(careerGoals: careerGoals, educationGoals: educationGoals, graduationPathways: graduationPathways) }
}

/// A counselor's yearly review of a student's plan: one a school year, taken only when nothing
/// the student's grade requires is missing. The plan is "current" in the year it was signed off.
final class BeyondPlanSignOff: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "beyond_plan_sign_offs"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "school_year") var schoolYear: Int
    @Field(key: "grade") var grade: Int
    @Field(key: "signed_on") var signedOn: String
    @Field(key: "counselor_id") var counselorID: UUID
    @Field(key: "note") var note: String

    init() {}

    struct Snapshot: Codable { var studentID: UUID; var schoolYear: Int; var grade: Int; var signedOn: String; var counselorID: UUID; var note: String }
    var snapshot: Snapshot { Snapshot(studentID: studentID, schoolYear: schoolYear, grade: grade, signedOn: signedOn, counselorID: counselorID, note: note) }
}

/// A line of the student's résumé that Pathwork does not already hold: schooling elsewhere, a
/// job outside Pathwork, community service and how the district recognized it, an activity.
final class ResumeEntry: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "resume_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    @Field(key: "organization") var organization: String
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "recognition") var recognition: String

    init() {}

    struct Snapshot: Codable {
        var studentID: UUID; var kind: String; var title: String; var organization: String; var startsOn: String; var endsOn: String?; var recognition: String
    }
    var snapshot: Snapshot {
        Snapshot(studentID: studentID, kind: kind, title: title, organization: organization, startsOn: startsOn, endsOn: endsOn, recognition: recognition)
    }
}

struct CreateBeyondPlans: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(BeyondPlan.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("career_goals", .string, .required)
            .field("education_goals", .string, .required)
            .field("graduation_pathways", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid, .required)
            .unique(on: "district_id", "student_id")
            .create()
        try await db.schema(BeyondPlanSignOff.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("school_year", .int, .required)
            .field("grade", .int, .required)
            .field("signed_on", .string, .required)
            .field("counselor_id", .uuid, .required, .references(Person.schema, "id"))
            .field("note", .string, .required)
            // One sign-off a student a year: two counselors at once cannot both take it.
            .unique(on: "district_id", "student_id", "school_year")
            .create()
        try await db.sql().raw("CREATE INDEX beyond_plan_sign_offs_year ON beyond_plan_sign_offs (district_id, school_year)").run()
        try await db.schema(ResumeEntry.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("organization", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("recognition", .string, .required)
            .create()
        try await db.sql().raw("CREATE INDEX resume_entries_student ON resume_entries (district_id, student_id)").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [ResumeEntry.schema, BeyondPlanSignOff.schema, BeyondPlan.schema] { try await db.schema(schema).delete() }
    }
}
