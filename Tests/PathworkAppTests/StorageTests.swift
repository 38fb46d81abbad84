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

    @Test("the data file is in WAL mode, with synchronous=FULL and foreign keys on every event loop's connection")
    func pragmas() async throws {
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
            for loop in app.eventLoopGroup.makeIterator() {
                let db = app.databases.database(logger: app.logger, on: loop)! as! any SQLDatabase
                #expect(try await db.raw("PRAGMA journal_mode").first(decoding: Pragma.self)?.value == "wal")
                #expect(try await db.raw("PRAGMA synchronous").first(decoding: Pragma.self)?.value == "2")  // FULL
                #expect(try await db.raw("PRAGMA foreign_keys").first(decoding: Pragma.self)?.value == "1")
            }
            #expect(FileManager.default.fileExists(atPath: folder + "/pathwork.sqlite"))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
