import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A starter catalog. Facts as published by each issuer: the FAA Remote Pilot Certificate
/// (14 CFR Part 107) requires age 16 and recurrent training every 24 calendar months; CompTIA
/// Security+ is valid three years; American Red Cross CPR/First Aid/AED certification two years;
/// OSHA 10-Hour Outreach cards do not expire federally.
enum DemoCredentials {
    static let catalog: [(String, String, Credential.Kind, Int?, Int?)] = [
        ("FAA Part 107 Remote Pilot", "Federal Aviation Administration", .license, 16, 24),
        ("CompTIA Security+", "CompTIA", .industryCertification, nil, 36),
        ("OSHA 10-Hour General Industry", "OSHA Outreach Training Program", .industryCertification, nil, nil),
        ("CPR/First Aid/AED", "American Red Cross", .microCredential, nil, 24),
    ]

    static func seed(_ app: Application, tenant: Tenant, audit: AuditRecorder, named: [String: UUID], students: [UUID], today: CalendarDate) async throws {
        var byTitle: [String: Credential] = [:]
        for (title, issuer, kind, age, months) in catalog {
            let credential = Credential()
            credential.districtID = tenant.districtID
            credential.title = title
            credential.issuer = issuer
            credential.kind = kind
            credential.minimumAge = age
            credential.validityMonths = months
            try await credential.create(on: tenant.db)
            audit.created("credential", id: credential.id, try CredentialJSON(credential))
            byTitle[title] = credential
        }
        let coordinator = named["coordinator@demo.test"]!
        let now = app.pathwork.clock.now()
        // Issued and valid; issued and still valid; issued and then revoked as recorded in error.
        let awards: [(UUID, String, Int, String, String?)] = [
            (named["student17@demo.test"]!, "FAA Part 107 Remote Pilot", 75, "FAA certificate 4419027, checked in IACRA", nil),
            (students[0], "CompTIA Security+", 40, "CompTIA certification SEC-7733102, checked on CompTIA's verification site", nil),
            (students[1], "CPR/First Aid/AED", 20, "Red Cross certificate 0A1B2C3", "Recorded for the wrong student: the card belongs to another learner."),
        ]
        for (studentID, title, daysAgo, evidence, revokedBecause) in awards {
            let credential = byTitle[title]!
            let attainment = CredentialAttainment()
            attainment.districtID = tenant.districtID
            attainment.studentID = studentID
            attainment.$credential.id = credential.id!
            attainment.earnedOn = today.adding(days: -daysAgo).description
            attainment.expiresOn = credential.validityMonths.map { today.adding(days: -daysAgo).adding(months: $0).description }
            attainment.evidence = evidence
            attainment.verifiedBy = coordinator
            try await attainment.create(on: tenant.db)
            audit.created("credentialAttainment", id: attainment.id, ["credential": title, "earnedOn": attainment.earnedOn])
            let student = try await Person.find(studentID, on: tenant.db)!
            let issued = try await BadgeIssuer.issue(BadgeIssuer.award(for: attainment, credential: credential, verifierName: "Corey Nakamura"),
                                                     to: student, tenant: tenant, audit: audit, app: app, now: now)
            if let revokedBecause {
                try await BadgeIssuer.revoke(issued, reason: revokedBecause, by: coordinator, tenant: tenant, audit: audit, now: now)
            }
        }
    }
}
