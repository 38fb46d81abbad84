import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// Where an import's rows wait before they are applied. A plan (`RosterPlan`) writes only what
/// differs from what the district holds into staging tables, a thousand rows a statement, beside
/// the writer; the apply is then one change in the writer that copies them across in a few
/// set-based statements per table, so the writer is held for that copy, not for reading and
/// comparing the set. A staged import that is never applied changes nothing.
final class RosterStage: @unchecked Sendable {
    /// A table an import fills: the columns staged, the key a staged row updates by, and the
    /// columns an update sets (an import owns these; a person's password, say, stays).
    struct Target: Sendable {
        let table: String
        let columns: [String]
        let key: [String]
        let updating: [String]
        var stage: String { "roster_stage_\(table)" }
    }

    static let schools = Target(table: "schools", columns: ["id", "district_id", "name", "locale", "nces_id", "created_at", "updated_at"],
                                key: ["id"], updating: ["name", "nces_id", "updated_at"])
    static let courses = Target(table: "courses", columns: ["id", "district_id", "code", "title", "credit_tenths", "prerequisites"],
                                key: ["id"], updating: ["title"])
    static let sessions = Target(table: "academic_sessions",
                                 columns: ["id", "district_id", "title", "kind", "starts_on", "ends_on", "parent_id", "school_year"],
                                 key: ["id"], updating: ["title", "kind", "starts_on", "ends_on", "parent_id", "school_year"])
    static let sections = Target(table: "class_sections",
                                 columns: ["id", "district_id", "course_id", "school_id", "title", "class_code", "term_ids", "starts_on", "ends_on"],
                                 key: ["id"], updating: ["course_id", "school_id", "title", "class_code", "term_ids", "starts_on", "ends_on"])
    static let people = Target(table: "people", columns: ["id", "district_id", "given_name", "family_name", "email", "disabled_at", "search_key",
                                                          "created_at", "updated_at"],
                               key: ["id"], updating: ["given_name", "family_name", "email", "disabled_at", "search_key", "updated_at"])
    static let guardianLinks = Target(table: "guardian_links", columns: ["id", "district_id", "guardian_id", "student_id"],
                                      key: ["guardian_id", "student_id"], updating: [])
    static let roles = Target(table: "role_assignments", columns: ["id", "district_id", "person_id", "role", "created_at"],
                              key: ["person_id", "role"], updating: [])
    static let profiles = Target(table: "student_profiles",
                                 columns: ["id", "district_id", "person_id", "student_number", "birth_date", "grade", "school_id", "race_ethnicity",
                                           "sex"] + flagColumns + ["created_at", "updated_at"],
                                 key: ["person_id"], updating: ["student_number", "birth_date", "grade", "school_id", "race_ethnicity", "sex"]
                                    + flagColumns + ["updated_at"])
    /// A student's flags, in the order `RosterPlanPeople` stages them (`StudentFlag.allCases`).
    private static let flagColumns = StudentFlag.allCases.map { StudentProfile.column(for: $0).description }
    static let enrollments = Target(table: "enrollments",
                                    columns: ["id", "district_id", "sourced_id", "class_section_id", "person_id", "role", "is_primary", "begins_on",
                                              "ends_on", "ended_on", "fingerprint", "import_id"],
                                    key: ["id"], updating: ["class_section_id", "person_id", "role", "is_primary", "begins_on", "ends_on",
                                                            "ended_on", "fingerprint", "import_id"])
    static let records = Target(table: "roster_records",
                                columns: ["id", "district_id", "file", "sourced_id", "record_id", "fingerprint", "ended_on", "import_id", "context"],
                                key: ["id"], updating: ["record_id", "fingerprint", "ended_on", "import_id", "context"])

    /// In the order they are applied: what a row points at is there before it.
    static let targets = [schools, courses, sessions, sections, people, guardianLinks, roles, profiles, enrollments, records]
    /// The `file` of an ends row that says a person's guardian links are made again.
    static let relinked = "guardianLinks"
    static let endsTable = "roster_stage_ends"

    let importID: UUID
    private let writer: RosterStageWriter
    private var rows: [String: [[StagedValue]]] = [:]
    private var ends: [[StagedValue]] = []
    private(set) var staged = 0
    /// Rows staged per table: the copy builds the indexes of a table it fills after its rows,
    /// and PostgreSQL analyzes such a table after the import.
    private var stagedInto: [String: Int] = [:]
    private var inFlight: Task<Void, any Error>?

    init(importID: UUID, db: any Database) {
        self.importID = importID
        writer = RosterStageWriter(db: db)
    }

    /// Stages a row of `target`, its values in the order of `target.columns`. `exists` says
    /// whether the row is already in the table, where the plan knows (rows only imports make):
    /// then the copy updates or inserts it without looking; otherwise it looks by the key.
    /// A full chunk waits for `write`, so staging never suspends: under NIO's executor each call
    /// of an async function, and each return from one, is a trip through an event loop's queue.
    func add(_ target: Target, _ values: [any Stageable], exists: Bool? = nil) throws {
        guard values.count == target.columns.count else {
            throw Abort(.internalServerError, reason: "A staged \(target.table) row has \(values.count) values, not \(target.columns.count).")
        }
        var waiting = rows.removeValue(forKey: target.table) ?? []
        waiting.append(values.map(\.staged) + [.id(importID), exists.map { .text($0 ? "update" : "insert") } ?? .null])
        rows[target.table] = waiting
        staged += 1
        stagedInto[target.table, default: 0] += 1
        if waiting.count >= writer.rowsPerWrite { takeWaiting(target) }
    }

    /// Rows staged per table, for the tables that received at least `rows`.
    func tables(receiving rows: Int) -> [String: Int] { stagedInto.filter { $0.value >= rows } }

    /// Stages the end of a record: `rowID` is its `roster_records` row (or the enrollment).
    func end(file: String, rowID: UUID, recordID: UUID) {
        ends.append([.id(importID), .text(file), .id(rowID), .id(recordID)])
        staged += 1
        if ends.count >= writer.rowsPerWrite { takeEnds() }
    }

    /// Hands the chunks `add` and `end` filled to the writer; the plan calls it after each batch.
    func write() async throws {
        let chunks = full
        full = []
        for chunk in chunks { try await send(into: chunk.table, columns: chunk.columns, rows: chunk.rows) }
    }

    /// Writes what is still waiting.
    func finish() async throws {
        for target in Self.targets { takeWaiting(target) }
        takeEnds()
        try await write()
        try await drain()
        try await writer.analyze(Self.targets.map(\.stage) + [Self.endsTable])
    }

    /// Chunks ready for `write`.
    private var full: [(table: String, columns: [String], rows: [[StagedValue]])] = []

    private func takeWaiting(_ target: Target) {
        guard let waiting = rows[target.table], !waiting.isEmpty else { return }
        rows[target.table] = []
        full.append((target.stage, target.columns + ["staged_for", "staged_as"], waiting))
    }

    private func takeEnds() {
        guard !ends.isEmpty else { return }
        full.append((Self.endsTable, ["staged_for", "file", "row_id", "record_id"], ends))
        ends = []
    }

    /// Starts writing a chunk and returns once the one before it is written: the plan reads and
    /// decides the next thousand rows while the engine stores these (a first load has nothing to
    /// look up, so the two kept one core each busy rather than taking turns on one).
    private func send(into table: String, columns: [String], rows: [[StagedValue]]) async throws {
        guard !rows.isEmpty else { return }
        let writer = self.writer
        let previous = inFlight
        inFlight = Task { try await writer.write(into: table, columns: columns, rows: rows) }
        try await previous?.value
    }

    /// Waits for the chunk being written, if any; its failure is the stage's.
    func drain() async throws {
        let last = inFlight
        inFlight = nil
        try await last?.value
    }

    /// Empties every staging table, when an import begins (what an import killed before its
    /// change left) and when it ends, applied or not. Imports of this process take turns; one of
    /// another process staging at that moment is refused by its own count (`count`) and can be
    /// run again.
    static func empty(on db: any Database) async throws {
        try await RosterStageWriter(db: db).empty(targets.map(\.stage) + [endsTable])
    }

    /// How many rows this import staged, counted again inside the change that applies them:
    /// a stage another process emptied meanwhile is refused rather than half applied.
    static func count(_ importID: UUID, on db: any Database) async throws -> Int {
        var total = 0
        for table in targets.map(\.stage) + [endsTable] {
            let row = try await db.sql().raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE staged_for = \(bind: importID)").first()
            total += try row?.decode(column: "n", as: Int.self) ?? 0
        }
        return total
    }

    /// Copies the staged rows into their tables: per table, one UPDATE of rows that exist and
    /// one INSERT of rows that do not (rows the plan knew about are not looked for again).
    /// `staged` says how many rows each table receives, where many do.
    static func apply(_ importID: UUID, staged: [String: Int], on db: any Database, lap: (String) -> Void = { _ in }) async throws {
        let sql = try db.sql()
        let writer = RosterStageWriter(db: db)
        try await writer.planForCachedPages()
        let relinked: SQLQueryString = "SELECT record_id FROM roster_stage_ends WHERE staged_for = \(bind: importID) AND file = \(bind: relinked)"
        try await sql.raw("DELETE FROM guardian_links WHERE guardian_id IN (" + relinked + ") OR student_id IN (" + relinked + ")").run()
        for target in targets {
            let match = target.key.map { "\(target.table).\($0) = s.\($0)" }.joined(separator: " AND ")
            if !target.updating.isEmpty {
                let set = target.updating.map { "\($0) = s.\($0)" }.joined(separator: ", ")
                // A row whose every owned column already holds the staged value is not written:
                // a changed person stages their role and profile too, mostly as they were, and
                // each rewritten row costs a new version in every index (PostgreSQL).
                let differs = target.updating.filter { $0 != "updated_at" }
                    .map { "\(target.table).\($0) IS DISTINCT FROM s.\($0)" }.joined(separator: " OR ")
                try await sql.raw("""
                    UPDATE \(unsafeRaw: target.table) SET \(unsafeRaw: set) FROM \(unsafeRaw: target.stage) s
                    WHERE s.staged_for = \(bind: importID) AND (s.staged_as IS NULL OR s.staged_as = 'update') AND \(unsafeRaw: match)
                      AND (\(unsafeRaw: differs))
                    """).run()
            }
            let columns = target.columns.joined(separator: ", ")
            let selected = target.columns.map { "s.\($0)" }.joined(separator: ", ")
            try await writer.rebuildingIndexes(of: target.table, receiving: staged[target.table] ?? 0) {
                try await sql.raw("""
                    INSERT INTO \(unsafeRaw: target.table) (\(unsafeRaw: columns)) SELECT \(unsafeRaw: selected) FROM \(unsafeRaw: target.stage) s
                    WHERE s.staged_for = \(bind: importID) AND s.staged_as = 'insert'
                    """).run()
                try await sql.raw("""
                    INSERT INTO \(unsafeRaw: target.table) (\(unsafeRaw: columns)) SELECT \(unsafeRaw: selected) FROM \(unsafeRaw: target.stage) s
                    WHERE s.staged_for = \(bind: importID) AND s.staged_as IS NULL
                      AND NOT EXISTS (SELECT 1 FROM \(unsafeRaw: target.table) WHERE \(unsafeRaw: match))
                    """).run()
            }
            lap(target.table)
        }
    }

    /// Ends what the import found gone: the records' rows, people (disabled, signed out) and
    /// enrollments (closed on `today`).
    static func applyEnds(_ importID: UUID, today: String, now: Date, on db: any Database) async throws {
        let sql = try db.sql()
        try await sql.raw("""
            UPDATE roster_records SET ended_on = \(bind: today), import_id = \(bind: importID)
            WHERE id IN (SELECT row_id FROM roster_stage_ends WHERE staged_for = \(bind: importID) AND file NOT IN ('enrollments', \(bind: relinked)))
            """).run()
        try await sql.raw("""
            UPDATE enrollments SET ended_on = \(bind: today), import_id = \(bind: importID)
            WHERE id IN (SELECT row_id FROM roster_stage_ends WHERE staged_for = \(bind: importID) AND file = 'enrollments')
            """).run()
        try await sql.raw("""
            UPDATE people SET disabled_at = \(bind: now), updated_at = \(bind: now)
            WHERE disabled_at IS NULL AND id IN (SELECT record_id FROM roster_stage_ends WHERE staged_for = \(bind: importID) AND file = 'users')
            """).run()
        for table in ["web_sessions", "api_tokens"] {
            try await sql.raw("""
                DELETE FROM \(unsafeRaw: table)
                WHERE person_id IN (SELECT record_id FROM roster_stage_ends WHERE staged_for = \(bind: importID) AND file = 'users')
                """).run()
        }
    }
}
