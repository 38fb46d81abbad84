import Fluent
import Foundation
import PathworkDomain
import SQLKit

struct CreateOutcomeRollups: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("outcome_years")
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("year", .int, .required)
            .unique(on: "district_id", "year")
            .create()
        var cells = db.schema("outcome_cells")
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("year", .int, .required)
            .field("school_key", .uuid, .required)
            .field("group_token", .string, .required)
        for column in ["enrolled"] + OutcomeRollups.countColumns + ["paid_minutes", "earnings_cents"] { cells = cells.field(.string(column), .int, .required) }
        try await cells.unique(on: "district_id", "year", "school_key", "group_token").create()
        try await db.schema("outcome_student_years")
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("year", .int, .required)
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("school_key", .uuid, .required)
            .field("groups", .string, .required)
            .field("meets", .int, .required)
            .field("paid_minutes", .int, .required)
            .field("earnings_cents", .int, .required)
            .unique(on: "student_id", "year")
            .create()
        try await db.sql().raw("CREATE INDEX outcome_student_years_district ON outcome_student_years (district_id, year)").run()
    }

    func revert(on db: any Database) async throws {
        for table in ["outcome_student_years", "outcome_cells", "outcome_years"] { try await db.schema(table).delete() }
    }
}
