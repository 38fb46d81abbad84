import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// A value an import stages. Rows are made of these rather than `Encodable`s because a million
/// users stage about nine million rows: going through SQLKit, every value was cast, encoded (an
/// id by printf) and serialized into a statement, a fifth of the import's time.
enum StagedValue: Sendable, Equatable {
    case null, text(String), integer(Int64), bool(Bool), id(UUID), date(Date)
}

protocol Stageable: Sendable {
    var staged: StagedValue { get }
}

extension String: Stageable { var staged: StagedValue { .text(self) } }
extension Int: Stageable { var staged: StagedValue { .integer(Int64(self)) } }
extension Int64: Stageable { var staged: StagedValue { .integer(self) } }
extension Bool: Stageable { var staged: StagedValue { .bool(self) } }
extension UUID: Stageable { var staged: StagedValue { .id(self) } }
extension Date: Stageable { var staged: StagedValue { .date(self) } }
extension Optional: Stageable where Wrapped: Stageable {
    var staged: StagedValue { self?.staged ?? .null }
}

/// Writes staged rows through each engine's own bulk path: on PostgreSQL `COPY FROM STDIN`,
/// on SQLite a statement of many rows bound as SQLite values. Both store a value exactly as
/// Fluent does, so the apply's copy reads them as any other row.
struct RosterStageWriter: Sendable {
    let db: any Database
    /// On a SQLite file, where given: rows go through its prepared statement instead (`SQLiteRowLoader`).
    let loader: SQLiteRowLoader?

    /// Rows a stage hands to `write` at once. On SQLite a write is one statement holding a bound
    /// value per column of each row (SQLite's default limit is 32,766 values), or with the loader
    /// one transaction, short enough beside the writer; PostgreSQL's COPY commits each write, and
    /// a commit waits for its log to reach the disk: ten times the rows a COPY made a
    /// million-line load's thousand waits a hundred.
    let rowsPerWrite: Int

    init(db: any Database, loader: SQLiteRowLoader? = nil) {
        self.db = db
        self.loader = db is any SQLiteDatabase ? loader : nil
        rowsPerWrite = db is any PostgresDatabase ? 10_000 : 1_000
    }

    func write(into table: String, columns: [String], rows: [[StagedValue]]) async throws {
        guard !rows.isEmpty else { return }
        if let loader {
            try await loader.write(into: table, columns: columns, rows: rows)
        } else if let sqlite = db as? any SQLiteDatabase {
            try await sqlite.query(Self.insert(into: table, columns: columns, rows: rows.count), Self.sqliteBinds(rows)) { _ in }.get()
        } else if let postgres = db as? any PostgresDatabase {
            // Made as an array, then one buffer: written value by value into a ByteBuffer, each
            // write checked its storage's exclusive access at run time, thirty times a row.
            var lines: [UInt8] = []
            lines.reserveCapacity(rows.count * 256)
            for row in rows { Self.copyLine(row, into: &lines) }
            let (buffer, logger) = (ByteBuffer(bytes: lines), db.logger)
            try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    try await connection.copyFrom(table: table, columns: columns, logger: logger) { try await $0.write(buffer) }
                }
            }.get()
        } else {
            throw Abort(.internalServerError, reason: "Imports stage rows on SQLite or PostgreSQL only.")
        }
    }

    /// PostgreSQL learns tables' sizes: the staged ones after staging (or it plans the copy's
    /// joins as if they held a handful of rows), and those a large import filled, after it.
    /// SQLite plans without statistics either way.
    func analyze(_ tables: [String]) async throws {
        guard db is any PostgresDatabase else { return }
        for table in tables { try await db.sql().raw("ANALYZE \(unsafeRaw: table)").run() }
    }

    /// Inside the import's change on PostgreSQL, plans joins for pages in memory: with its
    /// default `random_page_cost` of 4 (spinning disks), PostgreSQL joined a 1% delta's 10,000
    /// staged people to the million in `people` by reading all of them (534 ms) rather than
    /// looking each up by its key (178 ms at 1.1, the value commonly advised for SSDs).
    /// `SET LOCAL` ends with the change; a large load still hash-joins, costed on its own size.
    func planForCachedPages() async throws {
        guard db is any PostgresDatabase else { return }
        try await db.sql().raw("SET LOCAL random_page_cost = 1.1").run()
    }

    /// Runs `insert` (the copy of many staged rows into `table`) with the table's own secondary
    /// indexes dropped before and built again after, on SQLite, when the rows are at least
    /// half as many as the table holds. An index takes rows one at a time where their keys fall:
    /// for 5.85 million enrollments, whose people come in no order, a page read per row (70 s of
    /// a 106 s copy); built after, it is one sort (14 s). Only indexes made by `CREATE INDEX`
    /// go, never a key or unique constraint's, so what the copy looks rows up by stays, and a
    /// failure rolls the drop back with the change. PostgreSQL is left alone: dropping an index
    /// there locks every district out of reading the table until the change commits.
    func rebuildingIndexes(of table: String, receiving rows: Int, from floor: Int = 100_000, _ insert: () async throws -> Void) async throws {
        guard db is any SQLiteDatabase, rows >= floor else { return try await insert() }
        let sql = try db.sql()
        // The largest rowid bounds the rows held without counting them.
        let held = try await sql.raw("SELECT COALESCE(MAX(rowid), 0) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        guard rows * 2 >= held else { return try await insert() }
        let indexes = try await sql.raw("""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = \(bind: table) AND sql IS NOT NULL ORDER BY name
            """).all().map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "sql", as: String.self)) }
        for (name, _) in indexes { try await sql.raw("DROP INDEX \(ident: name)").run() }
        try await insert()
        for (_, definition) in indexes { try await sql.raw("\(unsafeRaw: definition)").run() }
    }

    /// Analyzes the tables an import wrote these many rows into, where those rows are a tenth
    /// or more of what the table held: autovacuum's own rule (`autovacuum_analyze_scale_factor`),
    /// done at once rather than minutes later. A 1% delta of a million users would otherwise
    /// sample three tables of a million rows for 0.6 s, to learn what they already knew.
    func analyze(filled: [String: Int]) async throws {
        guard db is any PostgresDatabase, !filled.isEmpty else { return }
        let rows = try await db.sql().raw("""
            SELECT relname, reltuples::bigint AS estimate FROM pg_class
            WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace AND relname IN (\(binds: Array(filled.keys)))
            """).all()
        var held: [String: Int64] = [:]
        for row in rows { held[try row.decode(column: "relname", as: String.self)] = try row.decode(column: "estimate", as: Int64.self) }
        // -1 is a table never analyzed; a missing one is analyzed too, to be safe.
        try await analyze(filled.filter { table, rows in
            let estimate = held[table] ?? -1
            return estimate < 0 || Int64(rows) * 10 >= estimate
        }.keys.sorted())
    }

    /// Empties staging tables whole, which both engines do cheaply: SQLite frees a table's pages
    /// at once for a DELETE without WHERE, PostgreSQL truncates rather than marking each of
    /// millions of rows dead.
    func empty(_ tables: [String]) async throws {
        if db is any PostgresDatabase {
            try await db.sql().raw("TRUNCATE \(unsafeRaw: tables.joined(separator: ", "))").run()
        } else {
            for table in tables { try await db.sql().raw("DELETE FROM \(unsafeRaw: table)").run() }
        }
    }

    /// Rows' values as SQLite binds, in order. An id repeated down a column (the district's, the
    /// import's) is made into its text once, not once a row: a million-line file made two
    /// million strings of the same two ids.
    static func sqliteBinds(_ rows: [[StagedValue]]) -> [SQLiteData] {
        let width = rows.first?.count ?? 0
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * width)
        var above: [(id: UUID, text: SQLiteData)?] = Array(repeating: nil, count: width)
        for row in rows {
            for (column, value) in row.enumerated() {
                guard case .id(let id) = value, column < width else {
                    binds.append(value.sqlite)
                    continue
                }
                if let above = above[column], above.id == id {
                    binds.append(above.text)
                } else {
                    let text = value.sqlite
                    above[column] = (id, text)
                    binds.append(text)
                }
            }
        }
        return binds
    }

    /// `INSERT INTO table (columns) VALUES (?, …), …` for a number of rows.
    static func insert(into table: String, columns: [String], rows: Int) -> String {
        let one = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ","))) VALUES " + Array(repeating: one, count: rows).joined(separator: ",")
    }

    /// One row in COPY's text format: tab-separated, `\N` for null, backslash escapes.
    static func copyLine(_ row: [StagedValue], into bytes: inout [UInt8]) {
        for (index, value) in row.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            switch value {
            case .null: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "N"))
            case .text(let text): writeEscaped(text, into: &bytes)
            case .integer(let number): bytes.append(contentsOf: String(number).utf8)
            case .bool(let flag): bytes.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
            case .id(let id): writeHex(id, into: &bytes)
            case .date(let date): bytes.append(contentsOf: timestamp(date).utf8)
            }
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    private static func writeEscaped(_ text: String, into bytes: inout [UInt8]) {
        var text = text
        // Nearly every value needs no escape and is written whole, not a byte at a time.
        let plain = text.withUTF8 { utf8 in
            guard !utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        guard !plain else { return }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            default: bytes.append(byte)
            }
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// An id as COPY reads a `uuid`: its 32 hex digits.
    private static func writeHex(_ id: UUID, into bytes: inout [UInt8]) {
        withUnsafeBytes(of: id.uuid) { raw in
            for byte in raw {
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
    }

    /// A moment as PostgreSQL reads a `timestamptz`, to the microsecond it keeps.
    static func timestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (days, rest) = micros.quotientAndRemainder(dividingBy: 86_400_000_000)
        let (day, inDay) = rest < 0 ? (days - 1, rest + 86_400_000_000) : (days, rest)
        let seconds = inDay / 1_000_000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let fraction = String(inDay % 1_000_000)
        return "\(CalendarDate(dayNumber: Int(day))) \(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))."
            + String(repeating: "0", count: 6 - fraction.count) + fraction + "+00"
    }
}

extension StagedValue {
    /// As Fluent's SQLite driver stores it: an id as its uppercase text, a flag as 0 or 1.
    var sqlite: SQLiteData {
        switch self {
        case .null: .null
        case .text(let text): .text(text)
        case .integer(let number): .integer(Int(number))
        case .bool(let flag): .integer(flag ? 1 : 0)
        case .id(let id): .text(id.uppercasedText)
        case .date(let date): date.sqliteData ?? .null
        }
    }
}

extension UUID {
    /// `uuidString` without printf: the same uppercase text, made by hand.
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    var uppercasedText: String {
        String(unsafeUninitializedCapacity: 36) { writeUppercased(into: $0) }
    }

    /// The 36 characters of `uppercasedText` written into `out` (at least that long); their count.
    func writeUppercased(into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let digits = Self.hexDigits
        return withUnsafeBytes(of: uuid) { bytes in
            var at = 0
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { out[at] = UInt8(ascii: "-"); at += 1 }
                out[at] = digits[Int(byte >> 4)]
                out[at + 1] = digits[Int(byte & 0x0F)]
                at += 2
            }
            return at
        }
    }
}
