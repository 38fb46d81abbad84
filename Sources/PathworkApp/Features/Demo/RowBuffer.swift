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

    /// Most rows (people, profiles, seats, entries) skip Fluent's per-model reflection, and
    /// their statement is built and serialized here, beside the generator, so that work overlaps
    /// the database running the flush before (on PostgreSQL it had alternated with it, one core
    /// in all; Benchmarks/README.md).
    func add<M: PlainRow>(_ model: M) async throws {
        if model.id == nil { model.id = OrderedID.next() }
        try await append(model) { batch, db, now in
            guard let sql = try? db.sql() else { return { _ = try db.sql() } }
            let statement: SerializedStatement?
            do { statement = try sql.plainInsert(batch, at: now) } catch { return { throw error } }
            return { if let statement { try await sql.execute(sql: statement) { _ in } } }
        }
    }

    func add<M: Model>(_ model: M) async throws {
        try await append(model) { batch, db, _ in { try await batch.create(on: db) } }
    }

    /// `prepare` turns a batch of this type into its write, which runs later; the first model
    /// of a type sets it.
    private func append<M: Model>(_ model: M, prepare: @escaping PendingModels<M>.Prepare) async throws {
        let key = ObjectIdentifier(M.self)
        if pending[key] == nil {
            order.append(key)
            pending[key] = PendingModels<M>(prepare: prepare)
        }
        let rows = pending[key]!
        rows.append(model)
        if rows.count >= chunk { try await flush() }
    }

    func flush() async throws {
        try await inFlight?.value
        let writes = order.compactMap { pending[$0] }.filter { $0.count > 0 }.map { rows in
            written += rows.count
            return rows.take(db: db, now: now)
        }
        inFlight = Task {
            for write in writes { try await write() }
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
    func take(db: any Database, now: Date) -> @Sendable () async throws -> Void
}

private final class PendingModels<M: Model>: PendingRows {
    typealias Prepare = ([M], any Database, Date) -> @Sendable () async throws -> Void
    var items: [M] = []
    let prepare: Prepare
    var count: Int { items.count }

    init(prepare: @escaping Prepare) { self.prepare = prepare }

    /// Only `RowBuffer.append` calls it, with the type its key was made from.
    func append(_ model: any Model) { if let row = model as? M { items.append(row) } }

    func take(db: any Database, now: Date) -> @Sendable () async throws -> Void {
        defer { items = [] }
        return prepare(items, db, now)
    }
}
