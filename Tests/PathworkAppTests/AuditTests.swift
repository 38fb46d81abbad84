import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor

@Suite("Audit log")
struct AuditTests {
    @Test("the chain verifies, and tampering with one row names that row")
    func tamperingIsDetected() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("admin"))
            _ = try await app.send(.POST, "/api/v1/people/\(fixture.a.otherStudent)/disable", token: token)
            let intact = try await AuditLog.verify(on: app.db, pageSize: 7)
            let count = try await AuditEntry.query(on: app.db).count()
            #expect(intact.firstBreak == nil)
            #expect(intact.checked == count)
            let sequences = try await AuditEntry.query(on: app.db).sort(\.$sequence).all().map(\.sequence)
            #expect(sequences == Array(1...count))

            let sql = app.db as! any SQLDatabase
            try await sql.raw("UPDATE audit_entries SET after = '{\"disabled\":false}' WHERE sequence = 5").run()
            let broken = try await AuditLog.verify(on: app.db, pageSize: 3)
            #expect(broken.firstBreak == .contentHashMismatch(sequence: 5))
            #expect(broken.checked == 4)
            await #expect(throws: CommandFailure.self) { try await runAuditVerify(app) }
        }
    }

    @Test("deleting a row breaks the chain at the gap")
    func deletionIsDetected() async throws {
        try await withPathwork { app, _, _ in
            let sql = app.db as! any SQLDatabase
            try await sql.raw("DELETE FROM audit_entries WHERE sequence = 3").run()
            let result = try await AuditLog.verify(on: app.db)
            #expect(result.firstBreak == .missingSequence(expected: 3, found: 4))
        }
    }

    @Test("the `audit verify` command passes on an intact log")
    func commandPasses() async throws {
        try await withPathwork { app, _, _ in
            try await runAuditVerify(app)
        }
    }

    @Test("concurrent changes keep one linear chain")
    func concurrentChanges() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("admin"))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        let reply = try await app.send(.POST, "/api/v1/schools", token: token,
                                                       json: ["name": "School \(index)", "locale": "city"])
                        #expect(reply.status == .created)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditLog.verify(on: app.db).firstBreak == nil)
        }
    }

    private func runAuditVerify(_ app: Application) async throws {
        let command = AuditCommand()
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["pathwork", "verify"]))
        context.application = app
        try await command.run(using: &context)
    }
}

@Suite("Configuration")
struct ConfigTests {
    @Test("defaults for everything")
    func defaults() throws {
        let config = try Config.fromEnvironment([:])
        #expect(config.storage == .sqliteFile(path: "./data/pathwork.sqlite"))
        #expect(config.port == 8080)
        #expect(config.hostname == "127.0.0.1")
        #expect(config.passwordHashCost == 12)
    }

    @Test("PostgreSQL from DATABASE_URL, data folder from PATHWORK_DATA")
    func values() throws {
        let config = try Config.fromEnvironment(["DATABASE_URL": "postgres://u:p@127.0.0.1:5432/pw", "PATHWORK_DATA": "/var/pw", "PORT": "9000"])
        #expect(config.storage == .postgres(url: "postgres://u:p@127.0.0.1:5432/pw"))
        #expect(config.dataDirectory == "/var/pw")
        #expect(config.port == 9000)
    }

    @Test("a bad value stops start-up naming it", arguments: [
        ("PORT", "eighty"), ("DATABASE_URL", "mysql://x"), ("PATHWORK_SESSION_IDLE_MINUTES", "0"), ("PATHWORK_SECURE_COOKIES", "maybe"),
    ])
    func invalid(name: String, value: String) {
        #expect {
            try Config.fromEnvironment([name: value])
        } throws: { error in
            (error as? Config.Invalid)?.name == name && "\(error)".contains(name)
        }
    }
}
