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
    private let chunk: Int
    private let progress: (Int) -> Void
    private(set) var written = 0

    init(db: any Database, chunk: Int = 500, progress: @escaping (Int) -> Void) {
        self.db = db
        self.chunk = chunk
        self.progress = progress
    }

    func add<M: Model>(_ model: M) async throws {
        let key = ObjectIdentifier(M.self)
        if pending[key] == nil {
            order.append(key)
            // Time entries are most of the rows: they skip Fluent's model handling (reflection
            // on every field of every row) for one plain multi-row INSERT.
            pending[key] = M.self == TimeEntry.self ? EntryRows() as any PendingRows : Rows<M>()
        }
        if let entries = pending[key] as? EntryRows, let entry = model as? TimeEntry {
            entries.items.append(entry)
            if entries.items.count >= chunk { try await flush() }
            return
        }
        let rows = pending[key] as! Rows<M>
        rows.items.append(model)
        if rows.items.count >= chunk { try await flush() }
    }

    func flush() async throws {
        for key in order {
            guard let rows = pending[key], rows.count > 0 else { continue }
            written += rows.count
            try await rows.insert(on: db)
        }
        progress(written)
    }
}

private protocol PendingRows: AnyObject {
    var count: Int { get }
    func insert(on db: any Database) async throws
}

private final class Rows<M: Model>: PendingRows {
    var items: [M] = []
    var count: Int { items.count }

    func insert(on db: any Database) async throws {
        let batch = items
        items = []
        try await batch.create(on: db)
    }
}

private final class EntryRows: PendingRows {
    var items: [TimeEntry] = []
    var count: Int { items.count }

    func insert(on db: any Database) async throws {
        let batch = items
        items = []
        let insert = (db as! any SQLDatabase).insert(into: TimeEntry.schema).columns(ClockRows.columns)
        for entry in batch { insert.values(ClockRows.values(entry)) }
        try await insert.run()
    }
}
