import Fluent
import SQLKit

/// Every query of a student's time also filters by district (see `Tenant`), and with the
/// district leading only the date index matched it: SQLite then walked the whole district's
/// days for one student. This index leads with what those queries pin down exactly.
struct IndexTimeByStudent: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX time_entries_district_student ON time_entries (district_id, student_id, work_date)").run()
        try await sql.raw("DROP INDEX time_entries_student_date").run()
    }

    func revert(on db: any Database) async throws {
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX time_entries_student_date ON time_entries (student_id, work_date)").run()
        try await sql.raw("DROP INDEX time_entries_district_student").run()
    }
}
