import Fluent
import Vapor

/// A model whose rows belong to one district. Everything district-owned conforms, and is
/// read and written only through `Tenant`, never through `Model.query(on:)` directly.
protocol DistrictScoped: Model where IDValue == UUID {
    var districtID: UUID { get set }
}

extension DistrictScoped {
    static var districtKey: FieldKey { "district_id" }
}

/// The one path to district data: every query it builds is already filtered to the caller's
/// district, and a record from another district is simply not found (404), never shown.
struct Tenant: Sendable {
    let districtID: UUID
    let db: any Database

    func query<M: DistrictScoped>(_ type: M.Type) -> QueryBuilder<M> {
        M.query(on: db).filter(M.districtKey, .equal, districtID)
    }

    func find<M: DistrictScoped>(_ type: M.Type, _ id: UUID?) async throws -> M {
        guard let id, let found = try await query(type).filter(\._$id == id).first() else {
            throw Abort(.notFound, reason: "No such \(M.schema.singularized) in this district.")
        }
        return found
    }

    /// Parses an id from the path and finds it in this district; a malformed id is a 404 too.
    func find<M: DistrictScoped>(_ type: M.Type, _ raw: String?) async throws -> M {
        try await find(type, raw.flatMap(UUID.init(uuidString:)))
    }

    /// The row as it stands now, read again inside a change: a model the request loaded
    /// before may have been moved since by another change, so a state transition checks this.
    func fresh<M: DistrictScoped>(_ model: M) async throws -> M {
        try await find(M.self, try model.requireID())
    }

    func with(_ db: any Database) -> Tenant { Tenant(districtID: districtID, db: db) }
}

private extension String {
    var singularized: String {
        let words = replacingOccurrences(of: "_", with: " ")
        if words.hasSuffix("ies") { return String(words.dropLast(3)) + "y" }
        return words.hasSuffix("s") ? String(words.dropLast()) : words
    }
}
