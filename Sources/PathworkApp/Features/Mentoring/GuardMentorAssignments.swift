import Fluent
import SQLKit

/// A mentor has at most one open assignment to a team: checked inside the change, and refused
/// by the database if that check is ever bypassed. Both engines take partial unique indexes.
struct GuardMentorAssignments: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql().raw("CREATE UNIQUE INDEX mentor_assignments_one_open ON mentor_assignments (mentor_id, team_id) WHERE ends_on IS NULL").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql().raw("DROP INDEX mentor_assignments_one_open").run()
    }
}
