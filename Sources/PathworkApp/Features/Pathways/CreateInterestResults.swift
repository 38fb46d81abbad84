import Fluent
import Foundation
import PathworkDomain
import Vapor

struct CreateInterestResults: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(InterestResult.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("student_id", .uuid, .required, .references(Person.schema, "id"))
            .field("taken_at", .datetime, .required)
            .field("answers", .string, .required)
            .field("code", .string, .required)
            .field("scores", .string, .required)
            .create()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(InterestResult.schema).delete()
    }
}
