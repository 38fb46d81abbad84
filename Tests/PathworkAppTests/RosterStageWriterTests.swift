import Fluent
import FluentPostgresDriver
import Foundation
import NIOCore
import SQLKit
@testable import PathworkApp
import Testing

/// The text forms the import's bulk paths write by hand, where Foundation or the drivers would
/// have gone through printf or `Encodable`.
@Suite("Roster stage writer")
struct RosterStageWriterTests {
    @Test("an id's text is `uuidString`, byte for byte")
    func idText() {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.uppercasedText == id.uuidString)
        }
    }

    @Test("a moment is written as PostgreSQL reads a timestamptz, before 1970 too")
    func timestamps() {
        #expect(RosterStageWriter.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000+00")
        #expect(RosterStageWriter.timestamp(Date(timeIntervalSince1970: 1_796_338_922.25)) == "2026-12-03 23:02:02.250000+00")
        #expect(RosterStageWriter.timestamp(Date(timeIntervalSince1970: -1.5)) == "1969-12-31 23:59:58.500000+00")
        #expect(RosterStageWriter.timestamp(Date(timeIntervalSince1970: 951_782_400.000001)) == "2000-02-29 00:00:00.000001+00")
    }

    @Test("a COPY line escapes backslashes, tabs and line breaks and writes null as \\N")
    func copyLine() {
        var buffer: [UInt8] = []
        RosterStageWriter.copyLine([.text("a\\b\tc\nd\re"), .null, .integer(-7), .bool(true), .bool(false)], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "a\\\\b\\tc\\nd\\re\t\\N\t-7\tt\tf\n")
        // Values with nothing to escape (written whole), non-ASCII ones, and an id as its 32 hex digits.
        var plain: [UInt8] = []
        let id = UUID(uuidString: "01A2447F-0678-0001-862C-4A3FB14B4163")!
        RosterStageWriter.copyLine([.text("UNIVERSITY OF WASHINGTON"), .text("Zoë Ñúñez"), .id(id), .text("")], into: &plain)
        #expect(String(decoding: plain, as: UTF8.self) == "UNIVERSITY OF WASHINGTON\tZoë Ñúñez\t01a2447f06780001862c4a3fb14b4163\t\n")
    }

    @Test("SQLite's binds are each value as Fluent stores it, in order, ids repeated down a column or not")
    func sqliteBinds() {
        let (a, b) = (UUID(), UUID())
        let rows: [[StagedValue]] = [[.id(a), .text("x"), .id(b)], [.id(a), .null, .id(a)], [.id(b), .bool(true), .id(a)], [.id(b), .integer(3), .null]]
        let binds = RosterStageWriter.sqliteBinds(rows)
        #expect(binds == rows.flatMap { $0.map(\.sqlite) })
        #expect(binds[0] == .text(a.uuidString) && binds[6] == .text(b.uuidString) && binds[7] == .integer(1))
    }

    @Test("a stage counts the rows it holds per table, which says what a large import filled; emptied, it holds none")
    func countsPerTable() async throws {
        try await withPathwork { app, fixture, _ in
            let stage = RosterStage(importID: UUID(), db: app.db)
            let now = Date()
            for n in 0..<3 {
                try stage.add(RosterStage.schools, [UUID(), fixture.a.id, "School \(n)", "city", String?.none, now, now])
            }
            try stage.add(RosterStage.courses, [UUID(), fixture.a.id, "C1", "Course", 10, "[]"])
            #expect(stage.tables(receiving: 2) == ["schools": 3])
            #expect(stage.tables(receiving: 1) == ["schools": 3, "courses": 1])
            try await stage.finish()
            #expect(stage.staged == 4)
            try await RosterStage.empty(on: app.db)
            #expect(try await RosterStage.count(stage.importID, on: app.db) == 0)
        }
    }

    @Test("after an import, PostgreSQL analyzes a table only where the import wrote a tenth or more of what it held")
    func analyzesLargeShares() async throws {
        try await withPathwork { app, fixture, _ in
            let writer = RosterStageWriter(db: app.db)
            guard app.db is any PostgresDatabase else {
                // SQLite keeps no statistics: nothing to refresh, and nothing fails.
                try await writer.analyze(filled: ["schools": 1_000_000])
                return
            }
            let sql = try app.db.sql()
            func estimate() async throws -> Int {
                let row = try await sql.raw("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = 'schools'::regclass").first()
                return try row?.decode(column: "n", as: Int.self) ?? -2
            }
            func addSchools(_ count: Int) async throws {
                for n in 0..<count { try await School(districtID: fixture.a.id, name: "Added \(n) \(UUID())", locale: .city).create(on: app.db) }
            }
            try await addSchools(20)
            try await sql.raw("ANALYZE schools").run()
            let before = try await estimate()
            #expect(before >= 20)
            try await addSchools(before)
            try await writer.analyze(filled: ["schools": before])
            #expect(try await estimate() == 2 * before)
            try await addSchools(1)
            // One row in a table of many is no news to its statistics.
            try await writer.analyze(filled: ["schools": 1])
            #expect(try await estimate() == 2 * before)
        }
    }

    @Test("on SQLite a large copy builds the table's own indexes after its rows; a failed one leaves them as they were")
    func indexesRebuilt() async throws {
        try await withPathwork { app, fixture, _ in
            guard !(app.db is any PostgresDatabase) else { return }
            @Sendable func indexes(_ db: any Database) async throws -> [String] {
                try await db.sql().raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people' AND sql IS NOT NULL").all()
                    .map { try $0.decode(column: "sql", as: String.self) }
            }
            let before = try await indexes(app.db)
            #expect(!before.isEmpty)
            let people = try await Person.query(on: app.db).count()
            try await app.db.transaction { tx in
                try await RosterStageWriter(db: tx).rebuildingIndexes(of: "people", receiving: people, from: 1) {
                    let during = try await indexes(tx)
                    #expect(during.isEmpty)
                    try await Person(districtID: fixture.a.id, givenName: "Ada", familyName: "Added", email: "ada.added@a.test").create(on: tx)
                }
            }
            #expect(try await indexes(app.db) == before)
            #expect(try await Person.query(on: app.db).filter(\.$familyName == "Added").count() == 1)
            // Fewer rows than half the table's: the indexes stay.
            try await RosterStageWriter(db: app.db).rebuildingIndexes(of: "people", receiving: 1, from: 1) {
                let during = try await indexes(app.db)
                #expect(during == before)
            }
            struct Refused: Error {}
            await #expect(throws: Refused.self) {
                try await app.db.transaction { tx in
                    try await RosterStageWriter(db: tx).rebuildingIndexes(of: "people", receiving: people, from: 1) { throw Refused() }
                }
            }
            #expect(try await indexes(app.db) == before)
        }
    }

    @Test("every table an import fills is looked up by a key a constraint indexes, which a rebuild never drops")
    func keysOfConstraints() async throws {
        try await withPathwork { app, _, _ in
            guard !(app.db is any PostgresDatabase) else { return }
            let sql = try app.db.sql()
            for target in RosterStage.targets {
                var keyed = false
                for index in try await sql.raw("SELECT name, origin FROM pragma_index_list(\(bind: target.table))").all() {
                    guard try index.decode(column: "origin", as: String.self) != "c" else { continue }
                    let name = try index.decode(column: "name", as: String.self)
                    let columns = try await sql.raw("SELECT name FROM pragma_index_info(\(bind: name)) ORDER BY seqno").all()
                        .map { try $0.decode(column: "name", as: String.self) }
                    if columns == target.key { keyed = true }
                }
                #expect(keyed, "\(target.table) by \(target.key)")
            }
        }
    }

    @Test("on PostgreSQL the staging tables are unlogged: staged rows are written once, and a crash empties them")
    func stageUnlogged() async throws {
        try await withPathwork { app, _, _ in
            guard app.db is any PostgresDatabase else { return }
            for table in RosterStage.targets.map(\.stage) + [RosterStage.endsTable] {
                let row = try await app.db.sql().raw("SELECT relpersistence::text AS p FROM pg_class WHERE oid = \(bind: table)::regclass").first()
                #expect(try row?.decode(column: "p", as: String.self) == "u", "\(table)")
            }
        }
    }
}
