import Fluent
import Foundation
import SQLKit

/// Models waiting to be inserted, one multi-row INSERT per type and chunk. When any type fills
/// a chunk, every type is flushed in the order it was first seen, so rows a later row points
/// at (a person before their seat, a seat before its wage) are always in the database first.
final class RowBuffer: @unchecked Sendable {
    private var order: [ObjectIdentifier] = []
    private var pending: [ObjectIdentifier: any PendingRows] = [:]
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
        for key in order {
            guard let rows = pending[key], rows.count > 0 else { continue }
            written += rows.count
            try await rows.insert(on: db, at: now)
        }
    }
}

private protocol PendingRows: AnyObject {
    var count: Int { get }
    func append(_ model: any Model)
    func insert(on db: any Database, at now: Date) async throws
}

private final class FluentModels<M: Model>: PendingRows {
    var items: [M] = []
    var count: Int { items.count }
    func append(_ model: any Model) { items.append(model as! M) }

    func insert(on db: any Database, at now: Date) async throws {
        let batch = items
        items = []
        try await batch.create(on: db)
    }
}

private final class PlainModels<M: PlainRow>: PendingRows {
    var items: [M] = []
    var count: Int { items.count }
    func append(_ model: any Model) { items.append(model as! M) }

    func insert(on db: any Database, at now: Date) async throws {
        let batch = items
        items = []
        try await (db as! any SQLDatabase).insertPlain(batch, at: now)
    }
}
