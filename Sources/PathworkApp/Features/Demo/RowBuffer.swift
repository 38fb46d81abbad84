import Fluent
import Foundation
import SQLKit

/// Models waiting to be inserted, one multi-row INSERT per type and chunk. When any type fills
/// a chunk, every type is flushed in the order it was first seen, so rows a later row points
/// at (a person before their seat, a seat before its wage) are always in the database first.
///
/// A flush is written while the caller goes on building the next rows (the database's work and
/// the generator's each took about half the time, on two cores); the next flush waits for it,
/// so there is one statement at a time on the connection, in order. The caller must `finish()`,
/// or `abandon(after:)` when it fails, so no insert reaches the connection after its transaction.
final class RowBuffer: @unchecked Sendable {
    private var order: [ObjectIdentifier] = []
    private var pending: [ObjectIdentifier: any PendingRows] = [:]
    private var inFlight: Task<Void, any Error>?
    private let db: any Database
    private let now: Date
    private let chunk: Int
    private(set) var written = 0

    init(db: any Database, now: Date, chunk: Int = 500) {
        self.db = db
        self.now = now
        self.chunk = chunk
    }

    /// Most rows (people, profiles, seats, entries) skip Fluent's per-model reflection.
    func add<M: PlainRow>(_ model: M) async throws {
        try await append(model) { PlainModels<M>() }
    }

    func add<M: Model>(_ model: M) async throws {
        try await append(model) { FluentModels<M>() }
    }

    private func append<M: Model>(_ model: M, making empty: () -> any PendingRows) async throws {
        let key = ObjectIdentifier(M.self)
        if pending[key] == nil {
            order.append(key)
            pending[key] = empty()
        }
        let rows = pending[key]!
        rows.append(model)
        if rows.count >= chunk { try await flush() }
    }

    func flush() async throws {
        try await inFlight?.value
        let batches = order.compactMap { pending[$0] }.filter { $0.count > 0 }.map { rows in
            written += rows.count
            return rows.take()
        }
        let (db, now) = (db, now)
        inFlight = Task {
            for insert in batches { try await insert(db, now) }
        }
    }

    /// Writes what is left and waits for every write.
    func finish() async throws {
        try await flush()
        try await inFlight?.value
        inFlight = nil
    }

    /// After a failure elsewhere: waits for the write in flight, then rethrows the failure.
    func abandon(after failure: any Error) async throws -> Never {
        _ = await inFlight?.result
        throw failure
    }
}

private protocol PendingRows: AnyObject {
    var count: Int { get }
    func append(_ model: any Model)
    /// Empties the buffer into one insert to run later.
    func take() -> @Sendable (any Database, Date) async throws -> Void
}

private final class FluentModels<M: Model>: PendingRows {
    var items: [M] = []
    var count: Int { items.count }
    func append(_ model: any Model) { items.append(model as! M) }

    func take() -> @Sendable (any Database, Date) async throws -> Void {
        let batch = items
        items = []
        return { db, _ in try await batch.create(on: db) }
    }
}

private final class PlainModels<M: PlainRow>: PendingRows {
    var items: [M] = []
    var count: Int { items.count }
    func append(_ model: any Model) { items.append(model as! M) }

    func take() -> @Sendable (any Database, Date) async throws -> Void {
        let batch = items
        items = []
        return { db, now in try await (db as! any SQLDatabase).insertPlain(batch, at: now) }
    }
}
