import Fluent
import SQLKit

/// Programs, teams, their roles, memberships and membership wages.
struct CreateTeams: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Program.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "district_id", "name")
            .create()
        try await db.schema(Team.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("program_id", .uuid, .references(Program.schema, "id"))
            .field("name", .string, .required)
            .field("discipline", .string, .required)
            .field("lead_id", .uuid, .references(Person.schema, "id"))
            .field("capacity", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "district_id", "name")
            .create()
        try await db.schema(TeamRole.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("team_id", .uuid, .required, .references(Team.schema, "id"))
            .field("name", .string, .required)
            .field("minimum_age", .int)
            .field("required_credential", .string)
            .field("barred_under_16", .bool, .required)
            .unique(on: "team_id", "name")
            .create()
        try await db.schema(Membership.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("team_id", .uuid, .required, .references(Team.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("team_role_id", .uuid, .required, .references(TeamRole.schema, "id"))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("created_at", .datetime)
            .create()
        try await db.schema(MembershipWage.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("membership_id", .uuid, .required, .references(Membership.schema, "id"))
            .field("effective_from", .string, .required)
            .field("hourly_cents", .int, .required)
            .unique(on: "membership_id", "effective_from")
            .create()
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX memberships_student ON memberships (district_id, student_id)").run()
        try await sql.raw("CREATE INDEX memberships_team ON memberships (team_id, ends_on)").run()
    }

    func revert(on db: any Database) async throws {
        for schema in [MembershipWage.schema, Membership.schema, TeamRole.schema, Team.schema, Program.schema] {
            try await db.schema(schema).delete()
        }
    }
}
