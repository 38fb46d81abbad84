import Fluent
import FluentPostgresDriver
import Foundation
import PathworkDomain
import SQLKit

/// The loads of files whose rows go straight into their tables (`StudentFileStage.Target.direct`):
/// registered before the first row is written and deleted by the change that applies the file,
/// so a reader that asks `visible` never sees a file half-read, refused or killed.
extension StudentFileStage {
    /// The condition every reader of a directly loaded table adds, for the table (or alias) it reads.
    static func visible(_ table: String) -> SQLQueryString {
        "NOT EXISTS (SELECT 1 FROM student_file_loads l WHERE l.id = \(unsafeRaw: table).import_id)"
    }

    static func register(_ importID: UUID, districtID: UUID, kind: StudentFileKind, now: Date, on db: any Database) async throws {
        try await db.sql().raw("""
            INSERT INTO student_file_loads (id, district_id, kind, started_at)
            VALUES (\(bind: importID), \(bind: districtID), \(bind: kind.rawValue), \(bind: Int64(now.timeIntervalSince1970)))
            """).run()
    }

    /// Before an import begins: the rows of loads no change applied (killed, or still running in
    /// another process, which its change then refuses: its rows fall short of its count) go.
    /// Their registrations stay a day, so that a load still running elsewhere writes on hidden.
    static func clearAbandoned(now: Date, on db: any Database) async throws {
        for load in try await db.sql().raw("SELECT id, district_id FROM student_file_loads").all() {
            try await deleteLoaded(try load.decode(column: "id", as: UUID.self), districtID: try load.decode(column: "district_id", as: UUID.self), on: db)
        }
        try await db.sql().raw("DELETE FROM student_file_loads WHERE started_at < \(bind: Int64(now.timeIntervalSince1970) - 86_400)").run()
    }

    /// Inside the change, on PostgreSQL: every row the file gives a table without per-row keys
    /// (`Target.checkedInChange`) names a person of the district, checked as one set, once.
    /// SQLite keeps the keys: its checks take no row locks and run as the rows are written,
    /// beside the writer, where this would hold the writer.
    static func checkStudents(_ importID: UUID, kind: StudentFileKind, districtID: UUID, on db: any Database) async throws {
        guard db is any PostgresDatabase else { return }
        for target in targets(kind) where target.checkedInChange {
            let rows: SQLQueryString = target.direct
                ? "\(unsafeRaw: target.table) r WHERE r.district_id = \(bind: districtID) AND r.import_id = \(bind: importID)"
                : "\(unsafeRaw: target.stage) r WHERE r.staged_for = \(bind: importID)"
            let strangers = try await db.sql().raw("SELECT COUNT(*) AS n FROM " + rows + """
                 AND NOT EXISTS (SELECT 1 FROM people p WHERE p.id = r.student_id AND p.district_id = \(bind: districtID))
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            guard strangers == 0 else {
                throw PathworkError.conflict("students_unknown", "\(strangers) of the file's rows name someone who is not a student of this district; nothing was applied.")
            }
        }
    }

    /// A refused or failed import's rows go, then its registration.
    static func discard(_ importID: UUID, districtID: UUID, on db: any Database) async throws {
        try await deleteLoaded(importID, districtID: districtID, on: db)
        try await db.sql().raw("DELETE FROM student_file_loads WHERE id = \(bind: importID)").run()
    }

    /// Deletes rows ten thousand at a time, each a short statement beside the writer: a killed
    /// import can leave a million, and one DELETE of them all would hold SQLite's lock seconds.
    private static func deleteLoaded(_ importID: UUID, districtID: UUID, on db: any Database) async throws {
        let sql = try db.sql()
        for target in targets where target.direct {
            let loaded: SQLQueryString = "FROM \(unsafeRaw: target.table) WHERE district_id = \(bind: districtID) AND import_id = \(bind: importID)"
            while try await sql.raw("SELECT 1 AS found " + loaded + " LIMIT 1").first() != nil {
                try await sql.raw("DELETE FROM \(unsafeRaw: target.table) WHERE id IN (SELECT id " + loaded + " LIMIT 10000)").run()
            }
        }
    }
}

/// The registrations of loads under way, the index a district's rows are found by import with
/// (to count a load's rows, delete them, and find the rows it replaces), and no stage for the table now loaded directly.
struct CreateStudentFileLoads: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema("student_file_loads")
            .field("id", .uuid, .identifier(auto: false))
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("kind", .string, .required)
            .field("started_at", .int64, .required)
            .create()
        try await db.sql().raw("CREATE INDEX postsecondary_records_import ON postsecondary_records (district_id, import_id)").run()
        try await db.schema(StudentFileStage.records.stage).delete()
    }

    func revert(on db: any Database) async throws {
        try await StudentFileStage.createStage(StudentFileStage.records, on: db)
        try await db.sql().raw("DROP INDEX postsecondary_records_import").run()
        try await db.schema("student_file_loads").delete()
    }
}

/// On PostgreSQL, the Clearinghouse's tables (`Target.checkedInChange`) without their foreign
/// keys to `districts` and `people`: a key is checked row by row, each check a lookup and a lock
/// on the district's or person's row, which made a million-line load several times slower and
/// the change's copy of the searches five times slower (Benchmarks/README.md). The change checks
/// the file's students as one set instead (`checkStudents`), and counts its rows under the
/// district. Nothing is lost with the cascade: Pathwork archives people, never deletes them.
/// SQLite keeps its keys.
struct CheckLoadedStudentsInTheChange: AsyncMigration {
    /// Named here, not read from the targets: a migration does what it did when it first ran.
    static let tables = ["postsecondary_records", "postsecondary_searches"]

    func prepare(on db: any Database) async throws {
        guard db is any PostgresDatabase else { return }
        for table in Self.tables {
            let keys = try await db.sql().raw("""
                SELECT conname FROM pg_constraint WHERE conrelid = \(bind: table)::regclass AND contype = 'f' ORDER BY conname
                """).all().map { try $0.decode(column: "conname", as: String.self) }
            for key in keys { try await db.sql().raw("ALTER TABLE \(ident: table) DROP CONSTRAINT \(ident: key)").run() }
        }
    }

    func revert(on db: any Database) async throws {
        guard db is any PostgresDatabase else { return }
        for table in Self.tables {
            try await db.sql().raw("""
                ALTER TABLE \(ident: table) ADD FOREIGN KEY (district_id) REFERENCES districts (id),
                ADD FOREIGN KEY (student_id) REFERENCES people (id) ON DELETE CASCADE
                """).run()
        }
    }
}
