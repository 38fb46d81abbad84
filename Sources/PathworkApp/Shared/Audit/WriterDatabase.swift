import Fluent
import Foundation
import NIOCore
import NIOPosix
import Vapor

/// The connection the writer's transactions run on, apart from those requests read through.
///
/// Fluent keeps one SQLite connection per event loop, and PostgreSQL's pool is as small by
/// default: a writer transaction borrowing a request's connection held up every read of that
/// loop's requests until it committed. Its own thread pool too: SQLite statements run on pool
/// threads, and a write outside the writer that meets SQLite's lock waits on one of those
/// threads, so the writer's statements must never queue behind them (on a shared pool of two,
/// two such waits would stall the writer holding the lock for good).
/// An in-memory SQLite database has none: another connection would open another database.
final class WriterDatabase: Sendable {
    private let databases: Databases
    private let threadPool: NIOThreadPool
    private let eventLoop: any EventLoop

    init(_ configuration: DatabaseConfigurationFactory, eventLoop: any EventLoop) {
        threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        databases = Databases(threadPool: threadPool, on: eventLoop)
        databases.use(configuration, as: .writer)
        self.eventLoop = eventLoop
    }

    func database(logger: Logger) -> any Database {
        databases.database(.writer, logger: logger, on: eventLoop)!
    }

    func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }

    /// Closes the connection and its thread when the application shuts down.
    struct Lifecycle: LifecycleHandler {
        let database: WriterDatabase
        func shutdownAsync(_ application: Application) async { await database.shutdown() }
    }
}

extension DatabaseID {
    static let writer = DatabaseID(string: "writer")
}
