import Fluent
import Foundation
import NIOCore
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A clock tests can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_794_000_000)) { current = start }  // 2026-11-05

    var now: Date { lock.withLock { current } }
    func advance(minutes: Int) { lock.withLock { current += TimeInterval(minutes * 60) } }
}

/// Runs `body` against a fresh, migrated Pathwork with two districts of fixture people. On
/// SQLite (the default) each test has its own in-memory database, or with `onFile` a database
/// file of its own as a district runs it (WAL, its own connections for long work and loads);
/// with PATHWORK_TEST_DATABASE_URL set, each test has its own PostgreSQL schema.
func withPathwork(onFile: Bool = false, _ body: (Application, Fixture, TestClock) async throws -> Void) async throws {
    // Every test runs at once; on PostgreSQL each holds a few connections (a pool per event
    // loop, the writer's, long work's), and 333 tests at once went past the server's 500.
    let onPostgres = !(ProcessInfo.processInfo.environment["PATHWORK_TEST_DATABASE_URL"] ?? "").isEmpty
    if onPostgres { await PostgresSlots.shared.acquire() }
    defer { if onPostgres { Task { await PostgresSlots.shared.release() } } }
    let clock = TestClock()
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    var schema: String?
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pathwork-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    do {
        var config = Config.testing()
        if let url = ProcessInfo.processInfo.environment["PATHWORK_TEST_DATABASE_URL"], !url.isEmpty {
            let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            schema = name
            config.storage = .postgres(url: url + (url.contains("?") ? "&" : "?") + "search_path=\(name)")
        } else if onFile {
            config.storage = .sqliteFile(path: folder + "/pathwork.sqlite")
            config.dataDirectory = folder
        }
        try await configure(app, config: config, clock: { clock.now })
        try await app.prepareDatabase()
        if let schema { try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(unsafeRaw: schema)").run() }
        try await app.autoMigrate()
        let fixture = try await Fixture.make(app)
        try await body(app, fixture, clock)
    } catch {
        // PostgresNIO's errors say only "Generic description" unless reflected.
        FileHandle.standardError.write(Data("withPathwork: \(String(reflecting: error))\n".utf8))
        await cleanUp(app, schema: schema)
        throw error
    }
    await cleanUp(app, schema: schema)
}

private func cleanUp(_ app: Application, schema: String?) async {
    if let schema { try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
    try? await app.asyncShutdown()
}

/// The people every test can use: the same cast in district A and district B.
struct Fixture: Sendable {
    static let password = "correct-horse-battery"

    struct District: Sendable {
        let id: UUID
        let slug: String
        let school: UUID
        let admin: UUID
        let coordinator: UUID
        let mentor: UUID
        let client: UUID
        let supervisor: UUID
        let analyst: UUID
        let student: UUID       // connected to the mentor, client contact and supervisor
        let otherStudent: UUID  // connected to no one

        func email(_ who: String) -> String { "\(who)@\(slug).test" }
    }

    let a: District
    let b: District

    static func make(_ app: Application) async throws -> Fixture {
        Fixture(a: try await district("alpha", app), b: try await district("beta", app))
    }

    private static func district(_ slug: String, _ app: Application) async throws -> District {
        let hash = try Bcrypt.hash(password, cost: 4)
        let today = CalendarDate.on(app.pathwork.clock.now(), timeZone: "America/Denver")
        let district = PathworkApp.District(slug: slug, name: "\(slug.capitalized) Schools", timeZone: "America/Denver",
                                            calendar: PathworkApp.District.defaultCalendar(today: today))
        return try await AuditLog.change(on: app.db, by: .system("test"), services: app.pathwork) { db, audit in
            try await district.create(on: db)
            let tenant = Tenant(districtID: district.id!, db: db)
            let school = School(districtID: district.id!, name: "\(slug.capitalized) High", locale: .rural)
            try await school.create(on: db)
            func person(_ who: String, _ role: Role, student: StudentDraft? = nil) async throws -> UUID {
                let draft = PersonDraft(givenName: who.capitalized, familyName: "\(slug.capitalized)son", email: "\(who)@\(slug).test",
                                        roles: [role], organization: role.isExternal ? "Acme \(slug)" : nil, student: student)
                return try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: school.id, password: nil),
                                                     email: draft.email, passwordHash: hash, tenant: tenant, audit: audit).id
            }
            let prefix = slug.prefix(1).uppercased()
            let student = try await person("student", .student, student: StudentDraft(
                studentNumber: "\(prefix)-1001", birthDate: "2011-03-14", grade: 10, raceEthnicity: .asian, sex: .female,
                flags: [.englishLearner, .economicallyDisadvantaged]))
            let other = try await person("other", .student, student: StudentDraft(
                studentNumber: "\(prefix)-1002", birthDate: "2009-07-01", grade: 12, raceEthnicity: .white, sex: .male))
            let result = District(
                id: district.id!, slug: slug, school: school.id!, admin: try await person("admin", .admin),
                coordinator: try await person("coordinator", .coordinator), mentor: try await person("mentor", .mentor),
                client: try await person("client", .clientContact), supervisor: try await person("supervisor", .supervisor),
                analyst: try await person("analyst", .analyst), student: student, otherStudent: other)
            for contact in [result.mentor, result.client, result.supervisor] {
                try await StudentConnection(districtID: district.id!, studentID: student, contactID: contact).create(on: db)
            }
            return result
        }
    }
}

/// At most `limit` tests hold PostgreSQL connections at once; the rest wait their turn.
actor PostgresSlots {
    static let shared = PostgresSlots(limit: 48)
    private let limit: Int
    private var inUse = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { self.limit = limit }

    func acquire() async {
        if inUse < limit { inUse += 1; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { inUse -= 1 } else { waiting.removeFirst().resume() }
    }
}
