import Fluent
import Foundation
import SQLKit
import Vapor

/// The one writer every change passes through. A durable commit costs a disk flush, and a
/// flush per request caps a server near a thousand writes a second; so changes that arrive
/// while one commit is under way wait and are committed together in the next transaction,
/// each inside its own savepoint when one of them fails (see `commit`). A change that fails
/// rolls back alone; the others still commit. Nobody is answered before the transaction
/// holding their change has committed, so every acknowledged change is durable.
///
/// Because changes run one after another inside the transaction, each sees the ones before
/// it: checks such as "no overlapping entry" cannot race. The audit chain's head is read
/// once per transaction and carried from change to change.
actor ChangeWriter {
    /// What a change sees besides the transaction: where the audit chain stands, what the
    /// changes still to run in it said they will read, and the writes held for all of them.
    final class Batch: @unchecked Sendable {
        var auditHead: (sequence: Int, hash: String)?
        /// Set when a change of this transaction emitted anything but clock events (see
        /// `ChangeEvent.keepsViewers`): the viewer cache is emptied after the commit.
        var viewersStale = false
        fileprivate var hints: [(any Sendable)?] = []
        fileprivate var position = 0
        private var held: [ObjectIdentifier: any HeldWrites] = [:]
        private var heldOrder: [ObjectIdentifier] = []

        /// The hints of the changes from this one to the end of the transaction (see `submit`).
        var upcomingHints: [any Sendable] { hints[min(position, hints.count)...].compactMap { $0 } }

        /// This transaction's holder of one kind of write, made on first use.
        func held<W: HeldWrites>(_ make: () -> W) -> W {
            let key = ObjectIdentifier(W.self)
            if let existing = held[key] as? W { return existing }
            let made = make()
            held[key] = made
            heldOrder.append(key)
            return made
        }

        /// Writes everything held, in the order first held. Unless `keepingReads`, the holders
        /// and what they read go too: the next change may read or change those rows itself.
        /// After a hinted change what they read still stands, so the next clock event in an
        /// isolated batch need not read it again.
        func flush(on db: any Database, keepingReads: Bool = false) async throws {
            let writes = heldOrder.compactMap { held[$0] }
            if !keepingReads { discard() }
            for write in writes { try await write.write(on: db) }
        }

        /// Drops what was held, when the change that held it has been rolled back.
        func discard() {
            held = [:]
            heldOrder = []
        }
    }

    private struct Job: Sendable {
        let db: any Database
        /// The change reads everything it uses inside the transaction and touches nothing
        /// outside it, so it can run a second time (see `commit`).
        let rerunnable: Bool
        /// What the change will read, for the first change of its kind to read for all (see `submit`).
        let hint: (any Sendable)?
        /// Runs the change and keeps its result until the commit is known.
        let execute: @Sendable (any Database, Batch) async throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private var queue: [Job] = []
    /// Where the transactions run, when the writer has a connection of its own; otherwise on
    /// the first change's database.
    nonisolated let database: WriterDatabase?
    /// Emptied after every transaction that held a change other than a clock event: any such
    /// change may alter a person, their roles, their district or their tokens.
    private nonisolated let viewers: ViewerCache

    init(database: WriterDatabase? = nil, viewers: ViewerCache = ViewerCache()) {
        self.database = database
        self.viewers = viewers
    }

    private var draining = false
    private var paused = false
    /// Set when the application shuts down (see `stop`).
    private var stopping = false
    private var waitingForDrain: [CheckedContinuation<Void, Never>] = []
    /// How many changes wait for the next transaction.
    var waiting: Int { queue.count }

    /// Holds the changes that arrive from now until `resume` for one transaction together, in
    /// the order they came: tests line changes up with it.
    func pause() { paused = true }

    func resume() {
        paused = false
        startDraining()
    }

    /// Commits every change already queued, answers each, and refuses changes that come
    /// later: requests still running when the application shuts down must not reach a writer
    /// whose connection has closed.
    func stop() async {
        stopping = true
        paused = false
        startDraining()
        guard draining else { return }
        await withCheckedContinuation { waitingForDrain.append($0) }
    }

    private func startDraining() {
        guard !draining, !paused, !queue.isEmpty else { return }
        draining = true
        Task(executorPreference: database?.executor) { await self.drain() }
    }
    /// A ceiling on one transaction, so a flood of changes still commits in steady steps.
    private let maximumBatch = 512

    /// Queues a change for the next transaction. A change with a `hint` reads and writes through
    /// `Batch.held` holders that serve every hinted change of the transaction with one read and
    /// one write (the clock's events: `ClockBatch`); everything held is written before a change
    /// without a hint runs, since it may read those rows itself, and before the commit.
    func submit<T: Sendable>(on db: any Database, rerunnable: Bool = false, hint: (any Sendable)? = nil,
                             _ change: @escaping @Sendable (any Database, Batch) async throws -> T) async throws -> T {
        guard !stopping else {
            throw PathworkError(status: .serviceUnavailable, code: "server.stopping", reason: "Pathwork is shutting down; try again in a minute.")
        }
        let box = ResultBox<T>()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(db: db, rerunnable: rerunnable, hint: hint, execute: { tx, batch in box.value = try await change(tx, batch) }, finish: { error in
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: box.value!) }
            })
            queue.append(job)
            startDraining()
        }
    }

    private func drain() async {
        while !queue.isEmpty, !paused {
            let batch = Array(queue.prefix(maximumBatch))
            queue.removeFirst(batch.count)
            await Self.commit(batch, on: database?.database(logger: batch[0].db.logger) ?? batch[0].db,
                              beginsItself: database?.isSQLite == true, viewers: viewers)
        }
        draining = false
        let waiting = waitingForDrain
        waitingForDrain = []
        for continuation in waiting { continuation.resume() }
    }

    /// At shutdown: stops taking requests and lets those under way finish, then stops the
    /// writer and closes its connection. Left to itself, Vapor stops the HTTP server last, after
    /// the connections that requests still under way use have closed (and Fluent traps on those).
    struct Lifecycle: LifecycleHandler {
        let writer: ChangeWriter
        func shutdownAsync(_ application: Application) async {
            await application.server.shutdown()
            await writer.stop()
            await writer.database?.shutdown()
            await application.pathwork.longWork?.shutdown()
        }
    }

    /// Commits a batch. A batch of changes that can run twice first runs without savepoints —
    /// when every change succeeds, as most do, that saves two statements a change, a sixth of a
    /// clock event's work. If one fails, that attempt rolls back unanswered and the batch runs
    /// again with a savepoint per change, so the failure stays alone. Other changes (most of
    /// them mutate models loaded before the change began) always run isolated.
    private static func commit(_ jobs: [Job], on db: any Database, beginsItself: Bool, viewers: ViewerCache) async {
        if jobs.allSatisfy(\.rerunnable), await attempt(jobs, isolated: false, on: db, beginsItself: beginsItself, viewers: viewers) { return }
        _ = await attempt(jobs, isolated: true, on: db, beginsItself: beginsItself, viewers: viewers)
    }

    /// Runs `body` in one transaction. On the writer's own SQLite connection the writer begins
    /// and commits with plain statements: Fluent's `transaction` runs its body in a new task,
    /// which leaves the writer's event loop for the request loops (see `WriterDatabase`).
    /// IMMEDIATE takes the write lock at once, so a write made meanwhile on a request's
    /// connection waits for this commit instead of failing the transaction half-way.
    private static func transaction<T: Sendable>(on db: any Database, beginsItself: Bool,
                                                 _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard beginsItself else { return try await db.transaction(body) }
        let sql = try db.sql()
        try await sql.raw("BEGIN IMMEDIATE").run()
        do {
            let result = try await body(db)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    private struct Abandoned: Error {}

    /// One transaction over the batch; false when an unisolated attempt was abandoned. Once it has
    /// ended, and before anyone is answered, `viewers` is emptied unless every change in it said
    /// it was a clock event (`Batch.viewersStale`); a transaction that failed empties it too.
    private static func attempt(_ jobs: [Job], isolated: Bool, on db: any Database, beginsItself: Bool,
                                viewers: ViewerCache) async -> Bool {
        let outcomes: [(any Error)?]
        let stale: Bool
        do {
            (outcomes, stale) = try await transaction(on: db, beginsItself: beginsItself) { tx in
                var outcomes = [(any Error)?](repeating: nil, count: jobs.count)
                let sql = try tx.sql()
                if sql.dialect.name == "postgresql" {
                    // Other Pathwork processes on the same database wait here, keeping the chain linear.
                    try await sql.raw("SELECT pg_advisory_xact_lock(727274)").run()
                }
                let batch = Batch()
                batch.hints = jobs.map(\.hint)
                for (index, job) in jobs.enumerated() {
                    batch.position = index
                    guard isolated else {
                        do {
                            if job.hint == nil { try await batch.flush(on: tx) }
                            try await job.execute(tx, batch)
                            if index == jobs.count - 1 { try await batch.flush(on: tx) }
                        } catch {
                            // A lone change's failure is its own answer; in company, start over isolated.
                            if jobs.count == 1 { throw error }
                            throw Abandoned()
                        }
                        continue
                    }
                    let head = batch.auditHead
                    try await sql.raw("SAVEPOINT change").run()
                    do {
                        try await job.execute(tx, batch)
                        try await batch.flush(on: tx, keepingReads: job.hint != nil)
                        try await sql.raw("RELEASE SAVEPOINT change").run()
                    } catch {
                        batch.discard()
                        try await sql.raw("ROLLBACK TO SAVEPOINT change").run()
                        try await sql.raw("RELEASE SAVEPOINT change").run()
                        batch.auditHead = head
                        outcomes[index] = error
                    }
                }
                return (outcomes, batch.viewersStale)
            }
        } catch is Abandoned {
            return false
        } catch {
            viewers.invalidate()
            for job in jobs { job.finish(error) }
            return true
        }
        if stale { viewers.invalidate() }
        for (job, outcome) in zip(jobs, outcomes) { job.finish(outcome) }
        return true
    }
}

/// Rows a transaction's changes hold to write together (see `ChangeWriter.Batch.held`).
protocol HeldWrites: AnyObject {
    /// Writes what is held and empties it, keeping anything read.
    func write(on db: any Database) async throws
}

private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}
