import Fluent
import SQLKit

/// The staging tables lose their index on the import they hold: imports take turns and each
/// empties the stage when it begins and ends, so every staged row is the running import's and
/// the index only made each of millions of staged rows cost two writes, and the copy walk it.
struct UnindexRosterStage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = try db.sql()
        for table in RosterStage.targets.map(\.stage) + [RosterStage.endsTable] {
            try await sql.raw("DROP INDEX \(unsafeRaw: table)_staged").run()
        }
    }

    func revert(on db: any Database) async throws {
        let sql = try db.sql()
        for target in RosterStage.targets {
            try await sql.raw("CREATE INDEX \(unsafeRaw: target.stage)_staged ON \(unsafeRaw: target.stage) (staged_for)").run()
        }
        try await sql.raw("CREATE INDEX roster_stage_ends_staged ON roster_stage_ends (staged_for, file)").run()
    }
}
