import Fluent
import Foundation
import NIOCore
import NIOPosix
import SQLKit
import Vapor

/// The connection the writer's transactions run on, apart from those requests read through.
///
/// Fluent keeps one SQLite connection per event loop, and PostgreSQL's pool is as small by
/// default: a writer transaction borrowing a request's connection held up every read of that
/// loop's requests until it committed. Its own thread pool too: SQLite statements run on pool
/// threads, and a write outside the writer that meets SQLite's lock waits on one of those
/// threads, so the writer's statements must never queue behind them (on a shared pool of two,
/// two such waits would stall the writer holding the lock for good).
///
/// And its own event loop, which its Swift code runs on (`executor`): between two statements
/// the writer's code used to wait its turn on a request loop busy parsing and answering HTTP,
/// and a clock burst's transactions spent most of their time waiting so.
/// An in-memory SQLite database has none: another connection would open another database.
final class WriterDatabase: Sendable {
    private let databases: Databases
    private let threadPool: NIOThreadPool
    private let loop: MultiThreadedEventLoopGroup
    /// Where the writer's code runs between statements.
    let executor: EventLoopTaskExecutor
    /// SQLite: one connection that never drops, so the writer can open and commit transactions
    /// on it with plain statements (see `ChangeWriter.transaction`).
    let isSQLite: Bool

    init(_ configuration: DatabaseConfigurationFactory, isSQLite: Bool) {
        threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        loop = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        executor = EventLoopTaskExecutor(eventLoop: loop.next())
        databases = Databases(threadPool: threadPool, on: loop)
        databases.use(configuration, as: .writer)
        self.isSQLite = isSQLite
    }

    func database(logger: Logger) -> any Database {
        databases.database(.writer, logger: logger, on: executor.eventLoop)!
    }

    /// Closes the connection and its threads, once the writer has stopped (`ChangeWriter.Lifecycle`).
    func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
        try? await loop.shutdownGracefully()
    }
}

/// Runs a task's code on one event loop: the writer's, whose statements' answers arrive there.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

extension DatabaseID {
    static let writer = DatabaseID(string: "writer")
}
