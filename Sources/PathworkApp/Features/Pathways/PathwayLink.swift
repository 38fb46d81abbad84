import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// "This team (or credential) leads to this pathway", "this partner works in it": how the
/// district places its own offer and its partners on the Career Clusters framework. One thing
/// may lead to several pathways, in either framework.
final class PathwayLink: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "career_pathway_links"

    enum Subject: String, Codable, CaseIterable, ChoiceCodable, Sendable {
        case team, credential, partner
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    /// A pathway or sub-cluster code ("IT.2"); or a whole 2024 cluster ("AD"), placed before
    /// Pathwork listed that cluster's sub-clusters.
    @Field(key: "pathway_code") var pathwayCode: String
    @Field(key: "subject") var subject: Subject
    @Field(key: "subject_id") var subjectID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct PathwayLinkInput: Content {
    var pathwayCode: String?
    var teamId: String?
    var credentialId: String?
    var partnerId: String?
}

struct PathwayLinkJSON: Content {
    var id: UUID
    var pathwayCode: String
    var subject: PathwayLink.Subject
    var subjectId: UUID
    var name: String
}

/// Placing teams and credentials on pathways, and reading what leads where.
enum PathwayLinks {
    /// A pathway or sub-cluster code: what a new placement may name.
    static func isLinkable(_ code: String) -> Bool {
        CareerClusters.pathway(code: code) != nil
    }

    /// Every linkable code, as the API documents a pathway field.
    static let codeSchema = Schema.enumeration(codeSchemaValues)
    static let codeSchemaValues = (CareerClusters.original + CareerClusters.modernized).flatMap { $0.pathways.map(\.code) }

    /// What a course or template may be saved with: a linkable code, or the one it already has
    /// (a whole cluster placed before Pathwork listed that cluster's sub-clusters stays so).
    static func isLinkable(_ code: String, keeping existing: String?) -> Bool {
        code == existing || isLinkable(code)
    }

    /// Every linkable code of both frameworks, the modernized first.
    static let everyChoice = choices(in: .modernized) + choices(in: .original)
    private static let titles = Dictionary(everyChoice.map { ($0.value, $0.title) }, uniquingKeysWith: { first, _ in first })

    /// "Cluster — Pathway" for a code, or the code itself when it names no pathway.
    static func title(of code: String) -> String { titles[code] ?? code }

    /// Every linkable code of a framework as a form's choices, "Cluster — Pathway".
    static func choices(in framework: CareerFramework) -> [(value: String, title: String)] {
        CareerClusters.clusters(in: framework).flatMap { cluster in
            cluster.pathways.map { (value: $0.code, title: "\(cluster.title) — \($0.title)") }
        }
    }

    static func create(_ input: PathwayLinkInput, on req: Request) async throws -> PathwayLinkJSON {
        let viewer = try req.viewer
        let tenant = try req.tenant
        var errors: [FieldError] = []
        let code = input.pathwayCode?.trimmingCharacters(in: .whitespaces) ?? ""
        if !isLinkable(code) { errors.append(FieldError(field: "pathwayCode", message: "Choose a pathway of the Career Clusters framework.")) }
        let teamID = input.teamId.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        let credentialID = input.credentialId.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        let partnerID = input.partnerId.flatMap { $0.isEmpty ? nil : UUID(uuidString: $0) }
        var subject: (PathwayLink.Subject, UUID, String)?
        switch (teamID, credentialID, partnerID) {
        case (nil, nil, let id?):
            try viewer.require(.manageClients)
            if let partner = try await tenant.query(Client.self).filter(\.$id == id).first() { subject = (.partner, id, partner.name) }
            else { errors.append(.reference(field: "partnerId", message: "Choose one of the district's partners.")) }
        case (let id?, nil, nil):
            try viewer.require(.manageTeams)
            if let team = try await tenant.query(Team.self).filter(\.$id == id).first() { subject = (.team, id, team.name) }
            else { errors.append(.reference(field: "teamId", message: "Choose one of the district's teams.")) }
        case (nil, let id?, nil):
            try viewer.require(.manageCredentials)
            if let credential = try await tenant.query(Credential.self).filter(\.$id == id).first() { subject = (.credential, id, credential.title) }
            else { errors.append(.reference(field: "credentialId", message: "Choose a credential from the catalog.")) }
        default:
            errors.append(.rule(field: "teamId", message: "Choose one of a team, a credential or a partner."))
        }
        if let subject, errors.isEmpty, try await tenant.query(PathwayLink.self).filter(\.$pathwayCode == code)
            .filter(\.$subject == subject.0).filter(\.$subjectID == subject.1).first() != nil {
            errors.append(FieldError.duplicate(field: "pathwayCode", message: "\(subject.2) already leads to this pathway."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let (kind, id, name) = subject!
        return try await req.change { tenant, audit in
            let link = PathwayLink()
            link.districtID = tenant.districtID
            link.pathwayCode = code
            link.subject = kind
            link.subjectID = id
            try await link.create(on: tenant.db)
            let json = PathwayLinkJSON(id: try link.requireID(), pathwayCode: code, subject: kind, subjectId: id, name: name)
            audit.created("pathwayLink", id: link.id, json)
            return json
        }
    }

    static func remove(_ raw: String?, on req: Request) async throws {
        let link = try await req.tenant.find(PathwayLink.self, raw)
        try req.viewer.require(link.subject.managedBy)
        try await req.change { tenant, audit in
            try await link.delete(on: tenant.db)
            audit.deleted("pathwayLink", id: link.id, ["pathwayCode": link.pathwayCode, "subject": link.subject.rawValue,
                                                       "subjectID": link.subjectID.uuidString])
        }
    }

    /// Every link of the district, named, by pathway code.
    static func byPathway(_ tenant: Tenant) async throws -> [String: [PathwayLinkJSON]] {
        let links = try await tenant.query(PathwayLink.self).all()
        let teams = Dictionary(uniqueKeysWithValues: try await tenant.query(Team.self).all().map { (try $0.requireID(), $0.name) })
        let credentials = Dictionary(uniqueKeysWithValues: try await tenant.query(Credential.self).all().map { (try $0.requireID(), $0.title) })
        let partners = Dictionary(uniqueKeysWithValues: try await tenant.query(Client.self).all().map { (try $0.requireID(), $0.name) })
        var result: [String: [PathwayLinkJSON]] = [:]
        for link in links {
            let names = switch link.subject { case .team: teams; case .credential: credentials; case .partner: partners }
            guard let name = names[link.subjectID] else { continue }
            result[link.pathwayCode, default: []].append(PathwayLinkJSON(id: try link.requireID(), pathwayCode: link.pathwayCode, subject: link.subject,
                                                                          subjectId: link.subjectID, name: name))
        }
        return result.mapValues { $0.sorted { ($0.subject.rawValue, $0.name) < ($1.subject.rawValue, $1.name) } }
    }
}

extension PathwayLink.Subject {
    /// Who may place such a thing on a pathway, or take it off.
    var managedBy: Action {
        switch self {
        case .team: .manageTeams
        case .credential: .manageCredentials
        case .partner: .manageClients
        }
    }

    var title: String {
        switch self {
        case .team: "Team"
        case .credential: "Credential"
        case .partner: "Partner"
        }
    }
}
