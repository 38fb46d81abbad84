import Fluent
import Foundation
import PathworkDomain
import Vapor

/// The demo's teams and credentials placed on the Career Clusters framework, in both versions.
enum DemoPathways {
    static let teamLinks: [(String, [String])] = [
        ("Aquatic Robotics", ["ST.1", "AG.3", "EN.4"]),
        ("Drone Shows", ["TR.5", "AR.6", "DT.6", "AD.1"]),
        ("Cybersecurity", ["IT.2", "DT.3"]),
        ("AI Development", ["IT.3", "DT.1"]),
        ("Web Studio", ["IT.4", "DT.5"]),
        ("Video Production", ["AR.1", "AD.5"]),
    ]
    static let credentialLinks: [(String, [String])] = [
        ("CompTIA Security+", ["IT.2", "DT.3"]),
        ("FAA Part 107 Remote Pilot", ["TR.5", "DT.6"]),
        ("OSHA 10-Hour General Industry", ["MN.1", "AM.5"]),
        ("CPR/First Aid/AED", ["HS.5", "HC.6"]),
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

    /// Suffern's model (seed 002): a three-year cybersecurity certification inside high school.
    /// Everyone on the Cybersecurity team follows it, at different stages: lab modules recorded
    /// for some, hour milestones earned from the demo's approved time, Security+ for one.
    static func seedCertification(_ app: Application, tenant: Tenant, audit: AuditRecorder, alsoEnrolled: [UUID], recordedBy: UUID,
                                  today: CalendarDate) async throws {
        let pathway = CredentialPathway()
        pathway.districtID = tenant.districtID
        pathway.title = "Cybersecurity certification"
        pathway.description = "Three years inside high school: sandbox labs, paid work as a cyber analyst, and CompTIA Security+ in year three."
        pathway.years = 3
        try await pathway.create(on: tenant.db)
        audit.created("credentialPathway", id: pathway.id, ["title": pathway.title])
        let steps: [(Int, String, PathwayRequirementKind, String?, Int?, String?, Bool)] = [
            (1, "Sandbox lab: networking fundamentals", .checkpoint, nil, nil, nil, true),
            (1, "8 approved hours as a cyber analyst", .roleHours, "Analyst", 8 * 60, nil, true),
            (2, "Sandbox lab: incident response", .checkpoint, nil, nil, nil, true),
            (3, "CompTIA Security+", .credential, nil, nil, "CompTIA Security+", false),
        ]
        var requirements: [PathwayRequirement] = []
        for (year, title, kind, role, minutes, credential, badge) in steps {
            let requirement = PathwayRequirement()
            requirement.districtID = tenant.districtID
            requirement.pathwayID = pathway.id!
            requirement.year = year
            requirement.title = title
            requirement.kind = kind
            requirement.roleName = role
            requirement.minutes = minutes
            requirement.credentialTitle = credential
            requirement.issuesBadge = badge
            try await requirement.create(on: tenant.db)
            audit.created("pathwayRequirement", id: requirement.id, ["title": title])
            requirements.append(requirement)
        }
        let team = try await tenant.query(Team.self).filter(\.$name == "Cybersecurity").first()
        let members = try await tenant.query(Membership.self).filter(\.$team.$id == (team?.id ?? UUID())).all().map(\.$student.id)
        var enrolled: [UUID] = []
        for student in members + alsoEnrolled where !enrolled.contains(student) { enrolled.append(student) }
        for (index, student) in enrolled.enumerated() {
            let enrollment = PathwayEnrollment()
            enrollment.districtID = tenant.districtID
            enrollment.pathwayID = pathway.id!
            enrollment.studentID = student
            enrollment.startedOn = today.adding(days: index % 3 == 0 ? -450 : -80).description
            try await enrollment.create(on: tenant.db)
            audit.created("pathwayEnrollment", id: enrollment.id, ["studentID": student.uuidString])
            // Two in three have passed the first lab; one in three the second as well.
            let labs = (index % 3 == 2 ? [] : [requirements[0]]) + (index % 3 == 0 ? [requirements[2]] : [])
            for lab in labs {
                let checkpoint = PathwayCheckpoint()
                checkpoint.districtID = tenant.districtID
                checkpoint.requirementID = lab.id!
                checkpoint.studentID = student
                checkpoint.completedOn = today.adding(days: -30 - index).description
                checkpoint.evidence = "Lab check scored \(80 + index % 20)%, checked by the cyber team's lead"
                checkpoint.recordedBy = recordedBy
                try await checkpoint.create(on: tenant.db)
                audit.created("pathwayCheckpoint", id: checkpoint.id, ["requirement": lab.title, "studentID": student.uuidString])
            }
        }
        try await PathwayRecords.awardMilestones(students: Set(enrolled), tenant: tenant, audit: audit, app: app, now: app.pathwork.clock.now())
    }
}
