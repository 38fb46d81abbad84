import Fluent
import Foundation
import PathworkDomain
import SQLKit

struct CreateMentoring: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(MentorProfile.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("expertise", .string, .required)
            .field("check_status", .string, .required)
            .field("checked_on", .string)
            .field("check_expires_on", .string)
            .unique(on: "person_id")
            .create()
        try await db.schema(MentorAssignment.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("mentor_id", .uuid, .required, .references(Person.schema, "id"))
            .field("team_id", .uuid, .required, .references(Team.schema, "id"))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .create()
        try await db.schema(MentoringSession.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("mentor_id", .uuid, .required, .references(Person.schema, "id"))
            .field("team_id", .uuid, .references(Team.schema, "id"))
            .field("student_id", .uuid, .references(Person.schema, "id"))
            .field("held_on", .string, .required)
            .field("minutes", .int, .required)
            .field("topic", .string, .required)
            .create()
        try await db.schema(Referral.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("mentor_id", .uuid, .required, .references(Person.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("referred_to", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await db.sql().raw("CREATE INDEX mentor_assignments_mentor ON mentor_assignments (mentor_id, team_id)").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [Referral.schema, MentoringSession.schema, MentorAssignment.schema, MentorProfile.schema] {
            try await db.schema(schema).delete()
        }
    }
}
