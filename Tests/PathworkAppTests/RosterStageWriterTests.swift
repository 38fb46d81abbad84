import Foundation
import NIOCore
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
        var buffer = ByteBuffer()
        RosterStageWriter.copyLine([.text("a\\b\tc\nd\re"), .null, .integer(-7), .bool(true), .bool(false)], into: &buffer)
        #expect(String(buffer: buffer) == "a\\\\b\\tc\\nd\\re\t\\N\t-7\tt\tf\n")
    }

    @Test("a stage counts the rows it holds per table, which says what a large import filled; emptied, it holds none")
    func countsPerTable() async throws {
        try await withPathwork { app, fixture, _ in
            let stage = RosterStage(importID: UUID(), db: app.db)
            let now = Date()
            for n in 0..<3 {
                try await stage.add(RosterStage.schools, [UUID(), fixture.a.id, "School \(n)", "city", String?.none, now, now])
            }
            try await stage.add(RosterStage.courses, [UUID(), fixture.a.id, "C1", "Course", 10, "[]"])
            #expect(stage.tables(receiving: 2) == ["schools"])
            #expect(stage.tables(receiving: 1) == ["schools", "courses"])
            try await stage.finish()
            #expect(stage.staged == 4)
            try await RosterStage.empty(on: app.db)
            #expect(try await RosterStage.count(stage.importID, on: app.db) == 0)
        }
    }
}
