import Fluent
import Foundation
import PathworkDomain

/// A model read from the database, with its id unwrapped once. Fluent types every id as
/// optional because a model not yet saved has none; pages and answers built from stored rows
/// read the id through this instead of `id!`, so a row without one is an error the request
/// reports (`requireID`) rather than a trap that takes the process down.
@dynamicMemberLookup
struct Saved<M: Model>: @unchecked Sendable where M.IDValue == UUID {
    let model: M
    let id: UUID

    init(_ model: M) throws {
        self.model = model
        id = try model.requireID()
    }

    subscript<T>(dynamicMember path: KeyPath<M, T>) -> T { model[keyPath: path] }
}

extension Sequence {
    /// These stored models, each with its id.
    func saved<M: Model>() throws -> [Saved<M>] where Element == M, M.IDValue == UUID {
        try map(Saved.init)
    }
}

extension Model where IDValue == UUID {
    /// The row another record names (its district, its student): when it is gone, the request
    /// fails with 404 instead of trapping.
    static func stored(_ id: UUID, on db: any Database) async throws -> Self {
        guard let row = try await find(id, on: db) else {
            throw PathworkError(status: .notFound, code: "not-found", reason: "No such record (\(schema)).")
        }
        return row
    }
}

extension CalendarDate {
    /// A day stored as text by Pathwork itself; one that does not read is an error, not a trap.
    static func stored(_ text: String) throws -> CalendarDate {
        guard let day = CalendarDate(iso: text) else {
            throw PathworkError(status: .internalServerError, code: "record.corrupt", reason: "A stored date does not read: \(text).")
        }
        return day
    }
}
