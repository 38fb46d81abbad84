import Fluent
import Foundation
import PathworkDomain

struct CreateCourses: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Course.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("code", .string, .required)
            .field("title", .string, .required)
            .field("credit_tenths", .int, .required)
            .field("cte_program", .string)
            .field("dual_credit_partner", .string)
            .field("pathway_code", .string)
            .field("prerequisites", .string, .required)
            .unique(on: "district_id", "code")
            .create()
        try await db.schema(CompletedCourse.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("course_code", .string, .required)
            .field("completed_on", .string, .required)
            .unique(on: "student_id", "course_code")
            .create()
        try await db.schema(PlanTemplate.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("title", .string, .required)
            .field("pathway_code", .string, .required)
            .field("courses", .string, .required)
            .field("postsecondary", .string, .required)
            .field("milestones", .string, .required)
            .unique(on: "district_id", "title")
            .create()
        try await db.schema(StudyPlan.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("template_id", .uuid, .references(PlanTemplate.schema, "id"))
            .field("courses", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "student_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [StudyPlan.schema, PlanTemplate.schema, CompletedCourse.schema, Course.schema] { try await db.schema(schema).delete() }
    }
}
