import Fluent
import SQLKit

/// A mark on each dirty student that every later change bumps, so a build can catch students
/// up beside the writer and then clear only those whose mark it read: a student changed again
/// meanwhile keeps a newer mark and stays dirty (see `OutcomeBuild.catchUp`).
struct OutcomeDirtyMarks: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("outcome_dirty").field("mark", .int, .required, .sql(.default(0))).update()
    }

    func revert(on db: any Database) async throws {
        try await db.schema("outcome_dirty").deleteField("mark").update()
    }
}
