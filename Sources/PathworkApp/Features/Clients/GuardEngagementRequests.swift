import Fluent
import SQLKit

/// A service request becomes at most one engagement. Accepting checks the request's state
/// inside the change; this index is the database's guard behind that check (a second row is
/// refused, and the API answers 409).
struct GuardEngagementRequests: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql().raw("CREATE UNIQUE INDEX engagements_one_per_request ON engagements (request_id)").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql().raw("DROP INDEX engagements_one_per_request").run()
    }
}
