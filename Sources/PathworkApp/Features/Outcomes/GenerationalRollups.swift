import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The rollup tables again, with a generation on every row, so a year can be rebuilt beside
/// the writer: a build writes a new generation while the current one keeps serving, and the
/// writer only flips `outcome_years.generation` (see `OutcomeBuild`). Students touched while a
/// build runs wait in `outcome_dirty` for the flip. The rollups are derived data, so the old
/// tables are dropped rather than copied: each year is rebuilt on its first request.
/// Columns come from `OutcomeRollups`, so a new indicator recreates the tables the same way
/// (`WorkBasedLearningRollups`).
struct GenerationalRollups: AsyncMigration {
    func prepare(on db: any Database) async throws {
        for table in ["outcome_student_years", "outcome_cells", "outcome_years"] { try await db.schema(table).delete() }
        try await db.schema("outcome_years")
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("year", .int, .required)
            // The generation readers see (none until the first build ends), the one being built
            // and which process builds it (a build whose process is gone is started again).
            .field("generation", .int)
            .field("building", .int)
            .field("builder", .string)
            .unique(on: "district_id", "year")
            .create()
        var cells = db.schema("outcome_cells")
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("year", .int, .required)
            .field("generation", .int, .required)
            .field("school_key", .uuid, .required)
            .field("group_token", .string, .required)
        for column in ["enrolled"] + OutcomeRollups.flagColumns + OutcomeRollups.sumColumns { cells = cells.field(.string(column), .int, .required) }
        try await cells.unique(on: "district_id", "year", "generation", "school_key", "group_token").create()
        var studentYears = db.schema("outcome_student_years")
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("year", .int, .required)
            .field("generation", .int, .required)
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("school_key", .uuid, .required)
            .field("groups", .string, .required)
            .field("meets", .int, .required)
        for column in OutcomeRollups.sumColumns { studentYears = studentYears.field(.string(column), .int, .required) }
        try await studentYears.unique(on: "student_id", "year", "generation").create()
        try await db.sql().raw("CREATE INDEX outcome_student_years_generation ON outcome_student_years (district_id, year, generation)").run()
        try await db.schema("outcome_dirty")
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("year", .int, .required)
            .field("student_id", .uuid, .required)
            .unique(on: "district_id", "year", "student_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        for table in ["outcome_dirty", "outcome_student_years", "outcome_cells", "outcome_years"] { try await db.schema(table).delete() }
    }
}

/// The rollups gain the work-based-learning indicators and worksite hours: derived data, so
/// the tables are made again with today's columns and each year rebuilt on its first request.
struct WorkBasedLearningRollups: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("outcome_dirty").delete()
        try await GenerationalRollups().prepare(on: db)
        try await OutcomeDirtyMarks().prepare(on: db)
    }

    func revert(on db: any Database) async throws {}
}

/// The rollups gain the entrepreneurship pathway's indicators: made again, as above.
struct VentureRollups: AsyncMigration {
    func prepare(on db: any Database) async throws { try await WorkBasedLearningRollups().prepare(on: db) }
    func revert(on db: any Database) async throws {}
}

/// The rollups gain dual credit: made again, as above.
struct DualCreditRollups: AsyncMigration {
    func prepare(on db: any Database) async throws { try await WorkBasedLearningRollups().prepare(on: db) }
    func revert(on db: any Database) async throws {}
}

/// The rollups gain the High School and Beyond Plan indicator and the grade dimension (and the
/// Perkins V columns for a database made before them): made again, as `WorkBasedLearningRollups`.
struct BeyondPlanRollups: AsyncMigration {
    func prepare(on db: any Database) async throws { try await WorkBasedLearningRollups().prepare(on: db) }
    func revert(on db: any Database) async throws {}
}
