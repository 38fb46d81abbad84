import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Which clients' work a viewer reaches: district staff reach every client; a client contact
/// reaches only the organizations they speak for. Anything else is "not found".
struct ClientScope: Sendable {
    /// nil means every client of the district.
    let clientIDs: Set<UUID>?

    static func of(_ viewer: Viewer, tenant: Tenant) async throws -> ClientScope {
        guard viewer.can(.viewClientWork) else { throw Abort(.forbidden, reason: "Your role does not see client work.") }
        if viewer.isStaff { return ClientScope(clientIDs: nil) }
        let links = try await tenant.query(ClientContactLink.self).filter(\.$person.$id == viewer.personID).all()
        return ClientScope(clientIDs: Set(links.map(\.$client.id)))
    }

    func contains(_ clientID: UUID) -> Bool { clientIDs?.contains(clientID) ?? true }

    func engagements(_ tenant: Tenant) -> QueryBuilder<Engagement> {
        let query = tenant.query(Engagement.self)
        if let clientIDs { query.filter(\.$client.$id ~~ Array(clientIDs)) }
        return query
    }

    func requests(_ tenant: Tenant) -> QueryBuilder<ServiceRequest> {
        let query = tenant.query(ServiceRequest.self)
        if let clientIDs { query.filter(\.$client.$id ~~ Array(clientIDs)) }
        return query
    }

    func client(_ id: UUID?, _ tenant: Tenant) async throws -> Client {
        let client = try await tenant.find(Client.self, id)
        guard contains(try client.requireID()) else { throw Abort(.notFound, reason: "No such client in this district.") }
        return client
    }

    func engagement(_ id: UUID?, _ tenant: Tenant) async throws -> Engagement {
        let engagement = try await tenant.find(Engagement.self, id)
        guard contains(engagement.$client.id) else { throw Abort(.notFound, reason: "No such engagement in this district.") }
        return engagement
    }

    func deliverable(_ id: UUID?, _ tenant: Tenant) async throws -> (Deliverable, Engagement) {
        let deliverable = try await tenant.find(Deliverable.self, id)
        let engagement = try await engagement(deliverable.$engagement.id, tenant)
        return (deliverable, engagement)
    }

    func request(_ id: UUID?, _ tenant: Tenant) async throws -> ServiceRequest {
        let request = try await tenant.find(ServiceRequest.self, id)
        guard contains(request.$client.id) else { throw Abort(.notFound, reason: "No such service request in this district.") }
        return request
    }
}

extension Request {
    var clientScope: ClientScope {
        get async throws { try await ClientScope.of(try viewer, tenant: try tenant) }
    }
}
