import Fluent
import Foundation
import PathworkDomain

/// The demo's teams and credentials placed on the Career Clusters framework, in both versions.
enum DemoPathways {
    static let teamLinks: [(String, [String])] = [
        ("Aquatic Robotics", ["ST.1", "AG.3", "EN"]),
        ("Drone Shows", ["TR.5", "AR.6", "AD"]),
        ("Cybersecurity", ["IT.2", "DT.3"]),
        ("AI Development", ["IT.3", "DT.1"]),
        ("Web Studio", ["IT.4", "DT.5"]),
        ("Video Production", ["AR.1", "AD"]),
    ]
    static let credentialLinks: [(String, [String])] = [
        ("CompTIA Security+", ["IT.2", "DT.3"]),
        ("FAA Part 107 Remote Pilot", ["TR.5", "SC"]),
        ("OSHA 10-Hour General Industry", ["MN.1", "AM"]),
        ("CPR/First Aid/AED", ["HS.5", "HC"]),
    ]

    static func seed(tenant: Tenant, audit: AuditRecorder) async throws {
        let teams = Dictionary(uniqueKeysWithValues: try await tenant.query(Team.self).all().map { ($0.name, $0.id!) })
        let credentials = Dictionary(uniqueKeysWithValues: try await tenant.query(Credential.self).all().map { ($0.title, $0.id!) })
        for (subject, names, links) in [(PathwayLink.Subject.team, teams, teamLinks), (.credential, credentials, credentialLinks)] {
            for (name, codes) in links {
                guard let id = names[name] else { continue }
                for code in codes {
                    let link = PathwayLink()
                    link.districtID = tenant.districtID
                    link.pathwayCode = code
                    link.subject = subject
                    link.subjectID = id
                    try await link.create(on: tenant.db)
                    audit.created("pathwayLink", id: link.id, PathwayLinkJSON(id: link.id!, pathwayCode: code, subject: subject, subjectId: id, name: name))
                }
            }
        }
    }
}
