import Fluent
import FluentPostgresDriver
import Foundation
import PathworkDomain
import SQLKit

/// Where a student file's rows wait before they are applied, written beside the writer a
/// thousand rows at a time (`RosterStageWriter`, each engine's bulk path). Most wait in tables
/// shaped like the ones they fill, and the apply — one change — replaces each named student's
/// rows with the staged ones in two set-based statements per table. The Clearinghouse's
/// enrollments and degrees, a file's bulk (several lines a student, a million for a large
/// district), go straight into their own table instead, under the import's id, which a
/// registered load (`student_file_loads`) hides from every reader (`visible`) until the change
/// deletes the registration: written once rather than staged, indexed and copied. Tables with a
/// key per student (one exit, one search) cannot: the new rows would collide with the old.
final class StudentFileStage: @unchecked Sendable {
    struct Target: Sendable {
        let table: String
        let columns: [String]
        /// Financial aid is replaced per student and class (`class_of`), assessment results per
        /// student and school year; the rest per student.
        var alsoBy: String?
        /// Only rows an earlier file gave are replaced; rows staff recorded stay.
        var keepsRecorded = false
        /// Loaded straight into `table` (see the type's note); only for tables without a key
        /// per student whose every row came from a file (`import_id` required).
        var direct = false
        /// Without per-row foreign keys on PostgreSQL, its students checked as one set inside the
        /// change instead (`checkStudents`, `CheckLoadedStudentsInTheChange`): the Clearinghouse's
        /// tables, a large district's million rows.
        var checkedInChange = false
        var stage: String { "stage_\(table)" }
        /// Where its rows are written while the file is read, and in which columns.
        var loadsInto: (table: String, columns: [String]) { direct ? (table, columns) : (stage, columns + ["staged_for"]) }
    }

    static let exits = Target(table: "student_exits", columns: ["id", "district_id", "student_id", "cohort_year", "exited_on", "kind", "import_id"])
    static let records = Target(table: "postsecondary_records",
                                columns: ["id", "district_id", "student_id", "import_id", "kind", "college_code", "college_name", "college_state",
                                          "level", "control", "begins_on", "ends_on", "status", "graduated_on", "degree_title"],
                                direct: true, checkedInChange: true)
    static let searches = Target(table: "postsecondary_searches", columns: ["id", "district_id", "student_id", "import_id", "searched_on", "found"],
                                 checkedInChange: true)
    static let financialAid = Target(table: "financial_aid_applications",
                                     columns: ["id", "district_id", "student_id", "import_id", "class_of", "application", "submitted_on", "completed_on"],
                                     alsoBy: "class_of")
    static let dualCredits = Target(table: "dual_credits",
                                    columns: ["id", "district_id", "student_id", "kind", "credit_tenths", "earned_on", "course_code", "college", "import_id"],
                                    keepsRecorded: true)
    static let assessments = Target(table: "assessment_results",
                                    columns: ["id", "district_id", "student_id", "import_id", "school_year", "subject", "proficient", "level"],
                                    alsoBy: "school_year")
    static let activities = Target(table: "exit_activities", columns: ["id", "district_id", "student_id", "kind", "starts_on", "ends_on", "import_id"],
                                   keepsRecorded: true)
    static let targets = [exits, records, searches, financialAid, dualCredits, assessments, activities]
    static let staged = targets.filter { !$0.direct }

    static func targets(_ kind: StudentFileKind) -> [Target] {
        switch kind {
        case .clearinghouse: [records, searches]
        case .financialAid: [financialAid]
        case .exits: [exits]
        case .dualCredit: [dualCredits]
        case .assessments: [assessments]
        case .afterExit: [activities]
        }
    }

    let importID: UUID
    let districtID: UUID
    private let writer: RosterStageWriter
    /// Rows waiting to be written, by the position of their target in `targets`.
    private var waiting: [[[StagedValue]]] = Array(repeating: [], count: targets.count)
    /// Chunks of rows full and not yet handed to the writer.
    private var full: [(Target, [[StagedValue]])] = []
    private(set) var staged = 0
    /// Rows loaded straight into each direct target's table.
    private var loaded: [String: Int] = [:]

    private init(importID: UUID, districtID: UUID, db: any Database, loader: SQLiteRowLoader?) {
        self.importID = importID
        self.districtID = districtID
        writer = RosterStageWriter(db: db, loader: loader)
    }

    /// A new import's stage: what an import killed before it left is cleared first, and the
    /// import is registered before any of its rows is loaded. On a SQLite file its rows are
    /// written by a `SQLiteRowLoader` of `storage`.
    static func begin(kind: StudentFileKind, districtID: UUID, now: Date, db: any Database, storage: Config.Storage) async throws -> StudentFileStage {
        try await empty(on: db)
        try await clearAbandoned(now: now, on: db)
        let stage = StudentFileStage(importID: OrderedID.next(), districtID: districtID, db: db, loader: SQLiteRowLoader.forFile(storage))
        try await register(stage.importID, districtID: districtID, kind: kind, now: now, on: db)
        return stage
    }

    /// A refused or failed import: the chunk being written finishes, then its staged and loaded
    /// rows go, and its registration.
    func abandon() async throws {
        try await drain()
        try await Self.empty(on: writer.db)
        try await Self.discard(importID, districtID: districtID, on: writer.db)
    }

    /// Stages a row of `target`, its values in the order of `target.columns`. A full chunk
    /// waits for `write`, so adding never suspends: under NIO's executor each call of an async
    /// function, and each return from one, was a trip through an event loop's queue, four a
    /// line (a third of a million-line import's CPU).
    func add(_ target: Target, _ values: [StagedValue]) {
        // Found by position: a dictionary by table name hashed the name twice a row. The
        // targets are the same constants, so the comparison is of one string with itself.
        let at = Self.targets.firstIndex { $0.table == target.table }!
        waiting[at].append(target.direct ? values : values + [.id(importID)])
        staged += 1
        if waiting[at].count >= writer.rowsPerWrite {
            full.append((target, waiting[at]))
            waiting[at] = []
        }
    }

    /// Hands the chunks `add` filled to the writer; the reading calls it after each batch of lines.
    func write() async throws {
        let chunks = full
        full = []
        for (target, rows) in chunks { try await send(target, rows) }
    }

    func finish() async throws {
        try await write()
        for (at, target) in Self.targets.enumerated() where !waiting[at].isEmpty {
            let rows = waiting[at]
            waiting[at] = []
            try await send(target, rows)
        }
        try await drain()
        try await writer.loader?.finish()
        // The lookup index is built once the rows are in: kept up while staging, it took each
        // row where its student's id fell, in no order (about half of a 1,000,000-line import).
        let sql = try writer.db.sql()
        for target in Self.staged { try await sql.raw(Self.createIndex(target)).run() }
        try await writer.analyze(Self.staged.map(\.stage))
        // PostgreSQL learns of the rows loaded, or the change plans its count, check and delete
        // as if the table held none of them (a third of a second, against a millisecond).
        try await writer.analyze(filled: loaded)
    }

    private var inFlight: Task<Void, any Error>?

    /// Starts writing a chunk and returns once the one before it is written, so the file's next
    /// thousand lines are read while the engine stores these (as the roster import does).
    private func send(_ target: Target, _ rows: [[StagedValue]]) async throws {
        let writer = self.writer
        let previous = inFlight
        let (table, columns) = target.loadsInto
        if target.direct { loaded[table, default: 0] += rows.count }
        inFlight = Task { try await writer.write(into: table, columns: columns, rows: rows) }
        try await previous?.value
    }

    /// Waits for the chunk being written, if any; its failure is the stage's.
    func drain() async throws {
        let last = inFlight
        inFlight = nil
        try await last?.value
    }

    /// The rows staged or loaded for an import, by target table, counted again inside its
    /// change: a stage a crash emptied (PostgreSQL's unlogged tables), or a load another
    /// import's start cleared, or whose rows another file's change replaced, is refused rather
    /// than applied short.
    static func counts(_ importID: UUID, kind: StudentFileKind, districtID: UUID, on db: any Database) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for target in targets(kind) {
            let counted: SQLQueryString = target.direct
                ? "SELECT COUNT(*) AS n FROM \(unsafeRaw: target.table) WHERE district_id = \(bind: districtID) AND import_id = \(bind: importID)"
                : "SELECT COUNT(*) AS n FROM \(unsafeRaw: target.stage) WHERE staged_for = \(bind: importID)"
            counts[target.table] = try await db.sql().raw(counted).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return counts
    }

    /// Inside the change: each named student's rows (per class, for financial aid) go, and the
    /// staged ones take their place; loaded ones become visible as the change commits.
    /// `staged` is `counts`, read in the same change.
    static func apply(_ importID: UUID, kind: StudentFileKind, staged: [String: Int], districtID: UUID, on db: any Database) async throws {
        let sql = try db.sql()
        try await checkStudents(importID, kind: kind, districtID: districtID, on: db)
        for target in targets(kind) where target.direct {
            // The district's other rows are found as the two ranges of the import index either
            // side of this import (none, for a district's first file, found at once); this
            // import's students (and classes, where a target has them) are read once.
            let table = target.table
            let key = ["student_id"] + (target.alsoBy.map { [$0] } ?? [])
            try await sql.raw("""
                DELETE FROM \(unsafeRaw: table) WHERE id IN (
                SELECT id FROM \(unsafeRaw: table) WHERE district_id = \(bind: districtID) AND import_id < \(bind: importID)
                UNION ALL SELECT id FROM \(unsafeRaw: table) WHERE district_id = \(bind: districtID) AND import_id > \(bind: importID)
                ) AND (\(unsafeRaw: key.joined(separator: ", "))) IN (
                SELECT \(unsafeRaw: key.joined(separator: ", ")) FROM \(unsafeRaw: table) WHERE district_id = \(bind: districtID) AND import_id = \(bind: importID))
                """).run()
        }
        try await sql.raw("DELETE FROM student_file_loads WHERE id = \(bind: importID)").run()
        for target in targets(kind) where !target.direct {
            let matching: SQLQueryString = target.alsoBy.map { " AND s.\(unsafeRaw: $0) = \(unsafeRaw: target.table).\(unsafeRaw: $0)" } ?? ""
            let imported: SQLQueryString = target.keepsRecorded ? " AND \(unsafeRaw: target.table).import_id IS NOT NULL" : ""
            try await sql.raw("""
                DELETE FROM \(unsafeRaw: target.table) WHERE district_id = \(bind: districtID)
                """ + imported + """
                 AND EXISTS (
                SELECT 1 FROM \(unsafeRaw: target.stage) s WHERE s.staged_for = \(bind: importID) AND s.student_id = \(unsafeRaw: target.table).student_id
                """ + matching + ")").run()
            let columns = target.columns.joined(separator: ", ")
            // A large file (as large as what the table holds) goes in with the table's own
            // indexes built again after, on SQLite: its students come in no order.
            try await RosterStageWriter(db: db).rebuildingIndexes(of: target.table, receiving: staged[target.table] ?? 0) {
                try await sql.raw("""
                    INSERT INTO \(unsafeRaw: target.table) (\(unsafeRaw: columns))
                    SELECT \(unsafeRaw: columns) FROM \(unsafeRaw: target.stage) WHERE staged_for = \(bind: importID)
                    """).run()
            }
        }
    }

    /// Makes a target's staging table from the table it fills (its columns, none of its
    /// constraints) with the import's id; unlogged on PostgreSQL: written once, not again to
    /// the log, and a crash empties it, as an import's stage should be.
    static func createStage(_ target: Target, on db: any Database) async throws {
        let sql = try db.sql()
        try await sql.raw("CREATE TABLE \(unsafeRaw: target.stage) AS SELECT * FROM \(unsafeRaw: target.table) WHERE 1 = 0").run()
        try await db.schema(target.stage).field("staged_for", .uuid).update()
        try await sql.raw(createIndex(target)).run()
        if db is any PostgresDatabase { try await sql.raw("ALTER TABLE \(unsafeRaw: target.stage) SET UNLOGGED").run() }
    }

    /// Empties the stage: before an import begins (what one killed before its change left) and
    /// after one is applied or refused. Its lookup indexes go too, until `finish` builds them
    /// over the next import's rows.
    static func empty(on db: any Database) async throws {
        try await RosterStageWriter(db: db).empty(staged.map(\.stage))
        for target in staged { try await db.sql().raw("DROP INDEX IF EXISTS \(unsafeRaw: target.stage)_staged").run() }
    }

    /// The index the apply finds a student's staged rows by.
    static func createIndex(_ target: Target) -> SQLQueryString {
        "CREATE INDEX IF NOT EXISTS \(unsafeRaw: target.stage)_staged ON \(unsafeRaw: target.stage) (staged_for, student_id)"
    }
}
