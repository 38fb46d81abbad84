import Fluent
import SQLKit

/// Districts, schools, people, roles, student profiles and connections.
struct CreateDirectory: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(District.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("time_zone", .string, .required)
            .field("school_year_starts_on", .string, .required)
            .field("school_year_ends_on", .string, .required)
            .field("non_school_days", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .create()

        try await db.schema(School.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("name", .string, .required)
            .field("locale", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "district_id", "name")
            .create()

        try await db.schema(Person.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("given_name", .string, .required)
            .field("family_name", .string, .required)
            // Unique across the installation: an email is what a person signs in with.
            .field("email", .string, .required)
            .field("password_hash", .string)
            .field("organization", .string)
            .field("disabled_at", .datetime)
            .field("search_key", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email")
            .create()

        try await db.schema(RoleAssignment.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "person_id", "role")
            .create()

        try await db.schema(StudentProfile.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("student_number", .string, .required)
            .field("birth_date", .string, .required)
            .field("grade", .int, .required)
            .field("school_id", .uuid, .references(School.schema, "id"))
            .field("race_ethnicity", .string)
            .field("sex", .string)
            .field("economically_disadvantaged", .bool, .required)
            .field("english_learner", .bool, .required)
            .field("disability", .bool, .required)
            .field("homeless", .bool, .required)
            .field("foster_care", .bool, .required)
            .field("migrant", .bool, .required)
            .field("military_connected", .bool, .required)
            .field("new_to_country", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "person_id")
            .unique(on: "district_id", "student_number")
            .create()

        try await db.schema(StudentConnection.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("contact_id", .uuid, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "student_id", "contact_id")
            .create()

        let sql = try db.sql()
        try await sql.raw("CREATE INDEX people_district ON people (district_id, family_name, given_name)").run()
        try await sql.raw("CREATE INDEX role_assignments_district_role ON role_assignments (district_id, role)").run()
        try await sql.raw("CREATE INDEX student_profiles_school ON student_profiles (district_id, school_id, grade)").run()
        try await sql.raw("CREATE INDEX student_connections_contact ON student_connections (contact_id)").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [StudentConnection.schema, StudentProfile.schema, RoleAssignment.schema, Person.schema,
                       School.schema, District.schema] {
            try await db.schema(schema).delete()
        }
    }
}
