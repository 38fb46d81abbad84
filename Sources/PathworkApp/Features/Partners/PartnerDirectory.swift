import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A partner organization's own details, as the API answers and the audit log keeps them.
struct PartnerJSON: Content, Equatable {
    var id: UUID
    var name: String
    var sector: String
    var address: String
    var website: String?
    var description: String?

    init(_ c: Client) throws {
        id = try c.requireID(); name = c.name; sector = c.sector; address = c.address; website = c.website; description = c.details
    }
}

/// One row of the partner list: the organization, what it does with the district, its
/// pathways and when the district was last in touch.
struct PartnerSummaryJSON: Content {
    var partner: PartnerJSON
    var kinds: [String]
    var engagements: Int
    var mentors: Int
    var supervisors: Int
    var pathwayCodes: [String]
    var lastContactOn: String?
    var openNextSteps: Int
}

/// Finding partner organizations: by name, sector, pathway and what they do with the district.
/// A district has hundreds of partners, not millions, so each list reads them whole and joins
/// in memory rather than grouping in SQL on two engines.
enum PartnerDirectory {
    struct Filter: Sendable {
        var text: String?
        var sector: String?
        var pathway: String?
        var kind: PartnerActivity.Kind?
        /// One partner only, for its own page.
        var only: UUID?
    }

    static let queryParameters: [QueryParameter] = [
        .text("q", "Part of the organization's name", maxLength: 100),
        .text("sector", "The sector, exactly as recorded", maxLength: 160),
        .choice("pathway", PathwayLinks.codeSchemaValues, "A Career Clusters pathway or sub-cluster code the partner works in"),
        .choice("kind", PartnerActivity.Kind.allCases.map(\.rawValue), "What the partner does with the district"),
    ]

    static func list(_ filter: Filter, tenant: Tenant) async throws -> [PartnerSummaryJSON] {
        let query = tenant.query(Client.self).sort(\.$name)
        if let only = filter.only { query.filter(\.$id == only) }
        let partners = try await query.all()
        let activity = try await activities(tenant)
        let links = try await tenant.query(PathwayLink.self).filter(\.$subject == .partner).all()
        let pathways = Dictionary(grouping: links, by: \.subjectID).mapValues { $0.map(\.pathwayCode).sorted() }
        let logged = tenant.query(PartnerInteraction.self)
        if let only = filter.only { logged.filter(\.$partner.$id == only) }
        let interactions = try await logged.all()
        let byPartner = Dictionary(grouping: interactions, by: \.$partner.id)
        let needle = filter.text?.lowercased().nonEmpty
        return try partners.compactMap { partner in
            let id = try partner.requireID()
            let done = activity[id] ?? PartnerActivity()
            let codes = pathways[id] ?? []
            if let needle, !partner.name.lowercased().contains(needle) { return nil }
            if let sector = filter.sector?.nonEmpty, partner.sector.lowercased() != sector.lowercased() { return nil }
            if let pathway = filter.pathway, !codes.contains(pathway) { return nil }
            if let kind = filter.kind, !done.kinds.contains(kind) { return nil }
            let logged = byPartner[id] ?? []
            return PartnerSummaryJSON(partner: try PartnerJSON(partner), kinds: done.kinds.map(\.rawValue), engagements: done.engagements,
                                      mentors: done.mentors, supervisors: done.supervisors, pathwayCodes: codes,
                                      lastContactOn: logged.map(\.happenedOn).max(),
                                      openNextSteps: logged.filter { $0.nextStep != nil && $0.nextStepDoneOn == nil }.count)
        }
    }

    /// What each organization does with the district, from its engagements, requests and people.
    static func activities(_ tenant: Tenant) async throws -> [UUID: PartnerActivity] {
        var result: [UUID: PartnerActivity] = [:]
        for id in try await tenant.query(Engagement.self).all(\.$client.$id) { result[id, default: PartnerActivity()].engagements += 1 }
        for id in try await tenant.query(ServiceRequest.self).all(\.$client.$id) { result[id, default: PartnerActivity()].requests += 1 }
        let links = try await tenant.query(ClientContactLink.self).all()
        let roles = try await tenant.query(RoleAssignment.self).filter(\.$person.$id ~~ Set(links.map(\.$person.id))).all()
        let held = Dictionary(grouping: roles, by: \.$person.id).mapValues { Set($0.map(\.role)) }
        for link in links {
            let person = held[link.$person.id] ?? []
            if person.contains(.clientContact) { result[link.$client.id, default: PartnerActivity()].clientContacts += 1 }
            if person.contains(.mentor) { result[link.$client.id, default: PartnerActivity()].mentors += 1 }
            if person.contains(.supervisor) { result[link.$client.id, default: PartnerActivity()].supervisors += 1 }
        }
        return result
    }

    /// An organization's people, each with the external roles they hold.
    static func people(of partnerID: UUID, tenant: Tenant) async throws -> [(link: ClientContactLink, roles: [Role])] {
        let links = try await tenant.query(ClientContactLink.self).filter(\.$client.$id == partnerID).with(\.$person).all()
        let roles = try await tenant.query(RoleAssignment.self).filter(\.$person.$id ~~ links.map(\.$person.id)).all()
        let held = Dictionary(grouping: roles, by: \.$person.id).mapValues { $0.map(\.role).filter(\.isExternal).sorted() }
        return links.map { (link: $0, roles: held[$0.$person.id] ?? []) }
    }

    /// The sectors the district's partners are in, for the list's filter.
    static func sectors(_ tenant: Tenant) async throws -> [String] {
        Array(Set(try await tenant.query(Client.self).all(\.$sector).map(\.trimmed).filter { !$0.isEmpty })).sorted()
    }

    /// The district's staff, who may own a next step.
    static func staff(_ tenant: Tenant) async throws -> [Person] {
        let ids = try await tenant.query(RoleAssignment.self).filter(\.$role ~~ Role.allCases.filter(\.isDistrictStaff)).all(\.$person.$id)
        return try await tenant.query(Person.self).filter(\.$id ~~ Set(ids)).filter(\.$disabledAt == nil).sort(\.$givenName).sort(\.$familyName).all()
    }
}
