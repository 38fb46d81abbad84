import Fluent
import FluentPostgresDriver
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The Clearinghouse's enrollments and degrees load straight into their table, hidden until the
/// change that applies the file: a load under way or killed is never read, and the next import
/// clears what a killed one left.
@Suite("Student file loads")
struct StudentFileLoadTests {
    /// A record of HIDDEN COLLEGE for `student` under a load registered `age` seconds ago.
    static func strayLoad(_ student: UUID, age: Int, _ app: Application, _ fixture: Fixture) async throws -> UUID {
        let load = UUID()
        try await StudentFileStage.register(load, districtID: fixture.a.id, kind: .clearinghouse,
                                            now: app.pathwork.clock.now().addingTimeInterval(TimeInterval(-age)), on: app.db)
        try await app.db.sql().raw("""
            INSERT INTO postsecondary_records (id, district_id, student_id, import_id, kind, college_code, college_name, college_state, level, control,
                                               begins_on, ends_on, status)
            VALUES (\(bind: UUID()), \(bind: fixture.a.id), \(bind: student), \(bind: load), 'enrollment', '009999-00', 'HIDDEN COLLEGE', 'WA', '4', 'public',
                    '2026-09-20', '2026-12-12', 'F')
            """).run()
        return load
    }

    static func count(_ query: SQLQueryString, _ app: Application) async throws -> Int {
        try await app.db.sql().raw(query).first()!.decode(column: "n", as: Int.self)
    }

    @Test("rows of a load no change applied are read nowhere; the next import clears them, and a refused file leaves nothing",
          arguments: [false, true])
    func hiddenAndCleared(onFile: Bool) async throws {
        try await withPathwork(onFile: onFile) { app, fixture, _ in
            try await PostsecondaryAppTests.graduates(app, fixture)
            _ = try await PostsecondaryAppTests.applyFile(PostsecondaryAppTests.exitsFile, .exits, app, fixture)
            #expect(try await PostsecondaryAppTests.applyFile(PostsecondaryAppTests.clearinghouseFile, .clearinghouse, app, fixture).importID != nil)
            let notFound = try await app.db.sql().raw("SELECT person_id FROM student_profiles WHERE student_number = 'A-3020'").first()!
                .decode(column: "person_id", as: UUID.self)
            let killed = try await Self.strayLoad(notFound, age: 60, app, fixture)
            let old = try await Self.strayLoad(notFound, age: 2 * 86_400, app, fixture)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records", app) == 20)

            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let page = try await admin.get("/people/\(notFound)").text
            #expect(page.contains("A-3020") || page.contains("Senior20"))
            #expect(!page.contains("HIDDEN COLLEGE"))
            let analyst = try await app.token(fixture.a.email("analyst"))
            let report = try await app.send(.GET, "/api/v1/postsecondary?classOf=2026", token: analyst).json(PostsecondaryPages.Report.self)
            #expect(report.rows.first?.indicators["enrolledFall"]?.count == 18)
            let graduates = try await PostsecondaryRecords.graduates(districtID: fixture.a.id, classOf: 2026, db: app.db)
            #expect(graduates.filter { !$0.enrollments.isEmpty }.count == 18)

            // A file refused at its last line: its loaded rows go with it.
            let broken = PostsecondaryAppTests.clearinghouseFile + "A-3001,S,N,Y,20261102,003798-00,UW,WA,9,Public,20260924,20261212,F,N,,\n"
            let refused = try await PostsecondaryAppTests.applyFile(broken, .clearinghouse, app, fixture)
            #expect(refused.importID == nil && refused.issues.errorCount == 1)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records", app) == 18)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records WHERE import_id = \(bind: killed)", app) == 0)
            // The killed load's registration stays its day (a load elsewhere may still be writing); the old one's is gone.
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM student_file_loads WHERE id = \(bind: killed)", app) == 1)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM student_file_loads WHERE id = \(bind: old)", app) == 0)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM student_file_loads", app) == 1)
        }
    }

    @Test("the StudentTracker file applied four times at once leaves one copy; a later file replaces only its students' records",
          arguments: [false, true])
    func raceAndReplace(onFile: Bool) async throws {
        try await withPathwork(onFile: onFile) { app, fixture, _ in
            try await PostsecondaryAppTests.graduates(app, fixture)
            try await withThrowingTaskGroup(of: StudentFileReport.self) { group in
                for _ in 0..<4 { group.addTask { try await PostsecondaryAppTests.applyFile(PostsecondaryAppTests.clearinghouseFile, .clearinghouse, app, fixture) } }
                for try await report in group { #expect(report.importID != nil) }
            }
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records", app) == 18)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_searches", app) == 30)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM student_file_loads", app) == 0)
            let header = String(PostsecondaryAppTests.clearinghouseFile.split(separator: "\n")[0])
            let later = header + "\nA-3000,S,N,Y,20261201,003784-00,BELLEVUE COLLEGE,WA,2,Public,20270105,20270320,F,N,,\n"
                + "A-3000,S,N,Y,20261201,003784-00,BELLEVUE COLLEGE,WA,2,Public,20270401,20270610,F,N,,\n"
            #expect(try await PostsecondaryAppTests.applyFile(later, .clearinghouse, app, fixture).importID != nil)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records", app) == 19)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records WHERE college_name = 'BELLEVUE COLLEGE'", app) == 8)
        }
    }

    @Test("a load's records name students of its district: PostgreSQL's change checks them as one set, SQLite's keys as they load")
    func strangersRefused() async throws {
        // The tables the migration took the keys off are the ones the change checks.
        #expect(CheckLoadedStudentsInTheChange.tables == StudentFileStage.targets.filter(\.checkedInChange).map(\.table))
        try await withPathwork { app, fixture, _ in
            try await PostsecondaryAppTests.graduates(app, fixture)
            guard app.db is any PostgresDatabase else {
                // SQLite keeps the table's key on the person: a row for nobody is not written.
                await #expect(throws: (any Error).self) { _ = try await Self.strayLoad(UUID(), age: 0, app, fixture) }
                return
            }
            // Someone of district B, and an id that is nobody's.
            for stranger in [fixture.b.student, UUID()] {
                let load = try await Self.strayLoad(stranger, age: 0, app, fixture)
                await #expect(throws: PathworkError.self) {
                    try await app.db.transaction { tx in
                        let counts = try await StudentFileStage.counts(load, kind: .clearinghouse, districtID: fixture.a.id, on: tx)
                        try await StudentFileStage.apply(load, kind: .clearinghouse, staged: counts, districtID: fixture.a.id, on: tx)
                    }
                }
                // Refused, the load is still registered and its row still hidden.
                #expect(try await Self.count("SELECT COUNT(*) AS n FROM student_file_loads WHERE id = \(bind: load)", app) == 1)
                try await StudentFileStage.discard(load, districtID: fixture.a.id, on: app.db)
            }
            // A search staged for someone of district B: the file's searches are checked too.
            let load = UUID()
            try await StudentFileStage.register(load, districtID: fixture.a.id, kind: .clearinghouse, now: app.pathwork.clock.now(), on: app.db)
            try await app.db.sql().raw("""
                INSERT INTO stage_postsecondary_searches (id, district_id, student_id, import_id, searched_on, found, staged_for)
                VALUES (\(bind: UUID()), \(bind: fixture.a.id), \(bind: fixture.b.student), \(bind: load), '2026-11-01', false, \(bind: load))
                """).run()
            await #expect(throws: PathworkError.self) {
                try await app.db.transaction { tx in
                    let counts = try await StudentFileStage.counts(load, kind: .clearinghouse, districtID: fixture.a.id, on: tx)
                    try await StudentFileStage.apply(load, kind: .clearinghouse, staged: counts, districtID: fixture.a.id, on: tx)
                }
            }
            try await StudentFileStage.discard(load, districtID: fixture.a.id, on: app.db)
            try await StudentFileStage.empty(on: app.db)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records", app) == 0)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_searches", app) == 0)
            // A file of the district's own students still applies.
            #expect(try await PostsecondaryAppTests.applyFile(PostsecondaryAppTests.clearinghouseFile, .clearinghouse, app, fixture).importID != nil)
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records", app) == 18)
        }
    }

    @Test("on a SQLite file, a load's chunk is one transaction through the loader's prepared statement: a row for nobody refuses all of it")
    func loaderChunks() async throws {
        try await withPathwork(onFile: true) { app, fixture, _ in
            // PostgreSQL loads by COPY (above); the loader is SQLite's.
            guard let loader = SQLiteRowLoader.forFile(app.pathwork.config.storage) else { return }
            let load = UUID()
            try await StudentFileStage.register(load, districtID: fixture.a.id, kind: .clearinghouse, now: app.pathwork.clock.now(), on: app.db)
            func record(_ student: UUID) -> [StagedValue] {
                [.id(OrderedID.next()), .id(fixture.a.id), .id(student), .id(load), .text("enrollment"), .text("003798-00"), .text("UNIVERSITY OF WASHINGTON"),
                 .text("WA"), .text("4"), .text("public"), .text("2026-09-24"), .text("2026-12-12"), .text("F"), .null, .null]
            }
            let (table, columns) = StudentFileStage.records.loadsInto
            let loaded: SQLQueryString = "SELECT COUNT(*) AS n FROM postsecondary_records WHERE import_id = \(bind: load)"
            await #expect(throws: SQLiteLoadError.self) {
                try await loader.write(into: table, columns: columns, rows: [record(fixture.a.student), record(UUID())])
            }
            #expect(try await Self.count(loaded, app) == 0)
            try await loader.write(into: table, columns: columns, rows: [record(fixture.a.student), record(fixture.a.otherStudent)])
            try await loader.write(into: table, columns: columns, rows: [record(fixture.a.student)])
            try await loader.finish()
            #expect(try await Self.count(loaded, app) == 3)
            // Stored as Fluent stores them: found by the ids Fluent binds, and the rows' kinds read back.
            #expect(try await Self.count("SELECT COUNT(*) AS n FROM postsecondary_records WHERE student_id = \(bind: fixture.a.otherStudent) AND kind = 'enrollment' AND ends_on = '2026-12-12'", app) == 1)
            try await StudentFileStage.discard(load, districtID: fixture.a.id, on: app.db)
            #expect(try await Self.count(loaded, app) == 0)
        }
    }

    @Test("a student's lines apart in the file make one search: its latest date, found if any line found them", arguments: [false, true])
    func searchesAcrossTheFile(onFile: Bool) async throws {
        try await withPathwork(onFile: onFile) { app, fixture, _ in
            try await PostsecondaryAppTests.graduates(app, fixture)
            let (first, second, third) = (PostsecondaryAppTests.number(0), PostsecondaryAppTests.number(1), PostsecondaryAppTests.number(2))
            let found = ",003798-00,UNIVERSITY OF WASHINGTON,WA,4,Public,20260924,20261212,F,N,,\n"
            let lines: [String] = [
                String(PostsecondaryAppTests.clearinghouseFile.split(separator: "\n")[0]) + "\n",
                "\(first),S,N,N,20261101,,,,,,,,,,,\n", "\(second),S,N,Y,20261102\(found)", "\(first),S,N,Y,20261103\(found)",
                "\(third),S,N,N,20261105,,,,,,,,,,,\n", "\(third),S,N,N,20261104,,,,,,,,,,,\n",
            ]
            let file = lines.joined()
            #expect(try await PostsecondaryAppTests.applyFile(file, .clearinghouse, app, fixture).importID != nil)
            let rows = try await app.db.sql().raw("""
                SELECT p.student_number AS number, s.searched_on AS searched, s.found AS found FROM postsecondary_searches s
                JOIN student_profiles p ON p.person_id = s.student_id ORDER BY p.student_number
                """).all()
            let searches = try rows.map { "\(try $0.decode(column: "number", as: String.self)) \(try $0.decode(column: "searched", as: String.self)) \(try $0.decode(column: "found", as: Bool.self))" }
            #expect(searches == ["\(first) 2026-11-03 true", "\(second) 2026-11-02 true", "\(third) 2026-11-05 false"])
        }
    }

    @Test("a file of more lines than the writer takes at once loads each line once: none lost or doubled where chunks and batches of lines meet",
          arguments: [false, true])
    func chunksBetweenBatches(onFile: Bool) async throws {
        try await withPathwork(onFile: onFile) { app, fixture, _ in
            try await PostsecondaryAppTests.graduates(app, fixture)
            // More than PostgreSQL's ten thousand rows a COPY and SQLite's thousand, and not a
            // multiple of either or of the reading's thousand-line batches.
            let lines = 10_517
            let header = String(PostsecondaryAppTests.clearinghouseFile.split(separator: "\n")[0]) + "\n"
            let file = header + (0..<lines).map { line in
                "\(PostsecondaryAppTests.number(line * 30 / lines)),S,N,Y,20261102,003798-00,UNIVERSITY OF WASHINGTON,WA,4,Public,20260924,20261212,F,N,,\n"
            }.joined()
            let report = try await PostsecondaryAppTests.applyFile(file, .clearinghouse, app, fixture)
            #expect(report.importID != nil && report.rows == lines && report.students == 30)
            #expect(try await PostsecondaryAppTests.count("postsecondary_records", app) == lines)
            #expect(try await PostsecondaryAppTests.count("postsecondary_searches", app) == 30)
        }
    }
}
