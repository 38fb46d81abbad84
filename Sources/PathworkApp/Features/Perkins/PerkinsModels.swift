import Fluent
import FluentPostgresDriver
import Foundation
import PathworkDomain
import SQLKit

/// A pathway the district marks as leading to a field non-traditional for one sex, and where
/// it learned so (a state list, the Department of Labor's occupations where one sex holds 25%
/// or fewer of the jobs, …).
final class NontraditionalPathway: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "nontraditional_pathways"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "pathway_code") var pathwayCode: String
    /// The sex for whom the field is non-traditional (`Sex`'s raw value).
    @Field(key: "for_sex") var forSex: String
    @Field(key: "source") var source: String

    init() {}

    struct Snapshot: Codable { var pathwayCode: String; var forSex: String; var source: String }
    var snapshot: Snapshot { Snapshot(pathwayCode: pathwayCode, forSex: forSex, source: source) }
}

/// The pathways marked non-traditional and the district's concentrator rule.
struct CreatePerkinsSettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(NontraditionalPathway.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("pathway_code", .string, .required)
            .field("for_sex", .string, .required)
            .field("source", .string, .required)
            .unique(on: "district_id", "pathway_code")
            .create()
        try await db.schema("reporting_settings").field("concentrator_rule", .string).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("reporting_settings").deleteField("concentrator_rule").update()
        try await db.schema(NontraditionalPathway.schema).delete()
    }
}

/// Perkins V's special populations (D) single parents and (E) out-of-workforce individuals,
/// held as two more of a student's flags (`StudentFlag.singleParent`, `.outOfWorkforce`), false
/// until someone records them; the roster import's stage gains them too, and the rollups are
/// made again (derived data, each year rebuilt on its first request) so the report has their groups.
struct HoldPerkinsPopulations: AsyncMigration {
    static let columns: [FieldKey] = ["single_parent", "out_of_workforce"]

    func prepare(on db: any Database) async throws {
        for column in Self.columns {
            try await db.schema(StudentProfile.schema).field(column, .bool, .required, .sql(.default(false))).update()
            try await db.schema(RosterStage.profiles.stage).field(column, .bool).update()
        }
        try await WorkBasedLearningRollups().prepare(on: db)
    }

    func revert(on db: any Database) async throws {
        for column in Self.columns {
            try await db.schema(RosterStage.profiles.stage).deleteField(column).update()
            try await db.schema(StudentProfile.schema).deleteField(column).update()
        }
    }
}
