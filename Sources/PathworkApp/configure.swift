import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import NIOCore
import PathworkDomain
import SQLKit
import Vapor

/// Sets up one Pathwork application: database, migrations, middleware, routes and commands.
public func configure(_ app: Application, config: Config, clock: @escaping @Sendable () -> Date = { Date() }) async throws {
    let writerConfiguration = try DatabaseSetup.use(config.storage, on: app, dataDirectory: config.dataDirectory)
    let writerDatabase = writerConfiguration.map { WriterDatabase($0, isSQLite: config.storage.engineName == "sqlite") }
    let viewers = ViewerCache()
    app.pathwork = PathworkServices(config: config, clock: Clock(now: clock), throttles: SignInThrottles(config: config),
                                    writer: ChangeWriter(database: writerDatabase, viewers: viewers), viewers: viewers,
                                    longWork: writerConfiguration.map { WriterDatabase($0, isSQLite: config.storage.engineName == "sqlite") })
    // After Fluent's, so it runs before Fluent closes the request connections at shutdown.
    app.lifecycle.use(ChangeWriter.Lifecycle(writer: app.pathwork.writer))
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.migrations.add(Migrations.all)

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    let decoder = JSONDecoder()
    // RFC 3339 as the API documents date-time: fractions of a second and any offset.
    decoder.dateDecodingStrategy = .custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = RFC3339.date(from: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "Expected a date-time as RFC 3339 writes it.")
        }
        return date
    }
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)

    // Outermost first: errors from everything below are rendered; headers go on everything.
    app.middleware = Middlewares()
    app.middleware.use(SecurityHeaders())
    app.middleware.use(ErrorRenderingMiddleware())
    app.routes.defaultMaxBodySize = "1mb"
    try routes(app)

    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(ServeDemoCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(DistrictCommand(), as: "district")
    app.asyncCommands.use(UserCommand(), as: "user")
    app.asyncCommands.use(AuditCommand(), as: "audit")
    app.asyncCommands.use(GenerateCommand(), as: "generate")
    app.asyncCommands.use(NetworkCommand(), as: "network")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
}

enum DatabaseSetup {
    /// Registers the database requests use, and returns the configuration of the writer's own
    /// connection (`WriterDatabase`), which an in-memory database cannot have.
    static func use(_ storage: Config.Storage, on app: Application, dataDirectory: String) throws -> DatabaseConfigurationFactory? {
        switch storage {
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory), as: .sqlite)
            return nil
        case .sqliteFile(let path):
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
            return .sqlite(.file(path))
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            // Tests pass a schema per test in the URL's query so they can run in parallel.
            if let schema = URLComponents(string: url)?.queryItems?.first(where: { $0.name == "search_path" })?.value {
                configuration.searchPath = [schema]
            }
            // A burst of requests queues for the pool's one connection per loop; ten seconds
            // (the default) turned a busy two-core machine's waits into 500s.
            app.databases.use(.postgres(configuration: configuration, connectionPoolTimeout: .seconds(30)), as: .psql)
            return .postgres(configuration: configuration, connectionPoolTimeout: .seconds(30))
        }
    }
}

extension Application {
    /// SQLite settings that live on each connection: Fluent opens one per event loop and the
    /// writer one of its own, so each is set on all of them before serving. WAL is stored in the
    /// file; FULL makes every acknowledged write durable; foreign keys are on by the driver's default.
    func prepareDatabase() async throws {
        guard pathwork.config.storage != .sqliteMemory, case .sqliteFile = pathwork.config.storage else { return }
        var connections = eventLoopGroup.makeIterator().map { databases.database(logger: logger, on: $0)! }
        if let writer = pathwork.writer.database { connections.append(writer.database(logger: logger)) }
        if let longWork = pathwork.longWork { connections.append(longWork.database(logger: logger)) }
        for db in try connections.map({ try $0.sql() }) {
            try await db.raw("PRAGMA journal_mode=WAL").run()
            try await db.raw("PRAGMA synchronous=FULL").run()
            try await db.raw("PRAGMA foreign_keys=ON").run()
        }
        // Long work writes derived rows only (a year of rollups, made again if lost): its commits
        // skip the disk flush, which held SQLite's write lock, and with it every clock-in, for
        // each of a build's statements. The writer's next flush makes them durable anyway (one log).
        if let longWork = pathwork.longWork { try await longWork.database(logger: logger).sql().raw("PRAGMA synchronous=NORMAL").run() }
    }
}
