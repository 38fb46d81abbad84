import Fluent
import Foundation
@testable import PathworkApp
import SQLKit
import Testing
import Vapor

@Suite("SQLite storage")
struct StorageTests {
    struct Pragma: Decodable {
        let value: String

        init(from decoder: any Decoder) throws {
            let row = try decoder.singleValueContainer()
            if let number = try? row.decode([String: Int].self).values.first { value = String(number) } else {
                value = try row.decode([String: String].self).values.first ?? ""
            }
        }
    }

    /// An application on a fresh SQLite file, migrated.
    private func withFileApp(_ body: (Application) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pathwork-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        do {
            var config = Config.testing(storage: .sqliteFile(path: folder + "/pathwork.sqlite"))
            config.dataDirectory = folder
            try await configure(app, config: config)
            try await app.prepareDatabase()
            try await app.autoMigrate()
            try await body(app)
            #expect(FileManager.default.fileExists(atPath: folder + "/pathwork.sqlite"))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("the data file is in WAL mode, with synchronous=FULL and foreign keys on every event loop's connection and the writer's")
    func pragmas() async throws {
        try await withFileApp { app in
            var connections = app.eventLoopGroup.makeIterator().map { app.databases.database(logger: app.logger, on: $0)! }
            let writer = try #require(app.pathwork.writer.database)
            connections.append(writer.database(logger: app.logger))
            for db in connections.map({ $0 as! any SQLDatabase }) {
                #expect(try await db.raw("PRAGMA journal_mode").first(decoding: Pragma.self)?.value == "wal")
                #expect(try await db.raw("PRAGMA synchronous").first(decoding: Pragma.self)?.value == "2")  // FULL
                #expect(try await db.raw("PRAGMA foreign_keys").first(decoding: Pragma.self)?.value == "1")
            }
        }
    }

    @Test("while a change's transaction is open, requests on every event loop still read, and see only what is committed")
    func readsGoOnDuringTheWritersTransaction() async throws {
        try await withFileApp { app in
            let district = try await Fixture.make(app).a.id
            let (written, wrote) = AsyncStream.makeStream(of: Void.self)
            let (release, released) = AsyncStream.makeStream(of: Void.self)
            // Should a read fail, the held change still ends, so the app can shut down.
            defer { released.finish() }
            let change = Task {
                try await AuditLog.change(on: app.db, by: .system("test", districtID: district), services: app.pathwork) { db, audit in
                    let school = School(districtID: district, name: "Held open", locale: .town)
                    try await school.create(on: db)
                    audit.created("school", id: school.id, ["name": school.name])
                    wrote.yield()
                    for await _ in release { break }
                }
            }
            for await _ in written { break }
            // The writer holds its write lock now. Before it had a connection of its own, the
            // loop whose connection it borrowed could not read until the pool gave up.
            for loop in app.eventLoopGroup.makeIterator() {
                let db = app.databases.database(logger: app.logger, on: loop)!
                #expect(try await School.query(on: db).filter(\.$name == "Held open").count() == 0)
            }
            released.yield()
            try await change.value
            #expect(try await School.query(on: app.db).filter(\.$name == "Held open").count() == 1)
        }
    }

    @Test("on the writer's own connection, forty changes commit together and the refused ones leave nothing", arguments: [false, true])
    func batchesOnTheWritersConnection(rerunnable: Bool) async throws {
        try await withFileApp { app in
            try await ChangeWriterTests.fortyChanges(app: app, district: try await Fixture.make(app).a.id, rerunnable: rerunnable)
        }
    }

    @Test("a write on a request's connection, made after a change has read, waits for that change to commit, and both land")
    func outsideWritesWaitForTheWriter() async throws {
        try await withFileApp { app in
            let district = try await Fixture.make(app).a.id
            let (reading, read) = AsyncStream.makeStream(of: Void.self)
            let (release, released) = AsyncStream.makeStream(of: Void.self)
            defer { released.finish() }
            let change = Task {
                try await AuditLog.change(on: app.db, by: .system("test", districtID: district), services: app.pathwork) { db, audit in
                    _ = try await School.query(on: db).count()
                    read.yield()
                    for await _ in release { break }
                    let school = School(districtID: district, name: "Written after a read", locale: .town)
                    try await school.create(on: db)
                    audit.created("school", id: school.id, ["name": school.name])
                }
            }
            for await _ in reading { break }
            // A transaction begun as a reader would now find its snapshot overtaken and fail
            // its write; the writer took the write lock when it began, so this write waits.
            let outside = Task {
                try await School(districtID: district, name: "Written outside", locale: .town).create(on: app.db)
            }
            try await Task.sleep(for: .milliseconds(200))
            released.yield()
            try await change.value
            try await outside.value
            let names = Set(try await School.query(on: app.db).all().map(\.name))
            #expect(names.isSuperset(of: ["Written after a read", "Written outside"]))
        }
    }

    @Test("at shutdown the writer commits the change already queued and refuses later ones with 503, before its connection closes")
    func shutdownStopsTheWriterFirst() async throws {
        var afterShutdown: (services: PathworkServices, db: any Database, district: UUID)?
        func addSchool(_ name: String, district: UUID, db: any Database, services: PathworkServices) async throws -> String {
            try await AuditLog.change(on: db, by: .system("test", districtID: district), services: services) { db, audit in
                let school = School(districtID: district, name: name, locale: .town)
                try await school.create(on: db)
                audit.created("school", id: school.id, ["name": school.name])
                return school.name
            }
        }
        try await withFileApp { app in
            let district = try await Fixture.make(app).a.id
            let writer = app.pathwork.writer
            await writer.pause()
            let (db, services) = (app.db, app.pathwork)
            let queued = Task { try await addSchool("Queued at shutdown", district: district, db: db, services: services) }
            while await writer.waiting == 0 { try await Task.sleep(for: .milliseconds(1)) }
            // What the application's shutdown does once no request is under way (ChangeWriter.Lifecycle).
            await writer.stop()
            #expect(try await queued.value == "Queued at shutdown")
            #expect(try await School.query(on: app.db).filter(\.$name == "Queued at shutdown").count() == 1)
            afterShutdown = (services, db, district)
        }
        // The application has shut down and the writer's connection is closed: a change from a
        // request still running is refused, and the process goes on.
        let (services, db, district) = try #require(afterShutdown)
        let refusal = await #expect(throws: PathworkError.self) {
            try await addSchool("Too late", district: district, db: db, services: services)
        }
        #expect(refusal?.status == .serviceUnavailable && refusal?.code == "server.stopping")
    }
}
