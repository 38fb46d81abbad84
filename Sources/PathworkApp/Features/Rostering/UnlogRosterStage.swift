import Fluent
import FluentPostgresDriver
import SQLKit

/// On PostgreSQL the staging tables are unlogged: what is staged is written once, not once to
/// the table and again to the write-ahead log. A crash empties an unlogged table, which is what
/// an import's stage should come back as anyway (the import that staged it died with it, and
/// an import's change re-counts its stage and refuses one it finds emptied). SQLite has no
/// such tables; there the stage shares the database's log.
struct UnlogRosterStage: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await setLogged(false, on: db)
    }

    func revert(on db: any Database) async throws {
        try await setLogged(true, on: db)
    }

    private func setLogged(_ logged: Bool, on db: any Database) async throws {
        guard db is any PostgresDatabase else { return }
        let sql = try db.sql()
        for table in RosterStage.targets.map(\.stage) + [RosterStage.endsTable] {
            try await sql.raw("ALTER TABLE \(unsafeRaw: table) SET \(unsafeRaw: logged ? "LOGGED" : "UNLOGGED")").run()
        }
    }
}
