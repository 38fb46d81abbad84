import Fluent
import Foundation
import PathworkDomain
import SQLKit

struct CreateReportingSettings: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(ReportingSettings.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("minimum_cell", .int, .required)
            .unique(on: "district_id")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(ReportingSettings.schema).delete() }
}
