import Fluent
import Foundation
import PathworkDomain

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

    static func seed(tenant: Tenant, audit: AuditRecorder, named: [String: UUID], today: CalendarDate) async throws {
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
            audit.created("credential", id: credential.id, CredentialJSON(credential))
            byTitle[title] = credential
        }
        let pilot = byTitle["FAA Part 107 Remote Pilot"]!
        let attainment = CredentialAttainment()
        attainment.districtID = tenant.districtID
        attainment.studentID = named["student17@demo.test"]!
        attainment.$credential.id = pilot.id!
        attainment.earnedOn = today.adding(days: -75).description
        attainment.expiresOn = today.adding(days: -75).adding(months: 24).description
        attainment.evidence = "FAA certificate 4419027, verified by Corey Nakamura in IACRA"
        attainment.verifiedBy = named["coordinator@demo.test"]!
        try await attainment.create(on: tenant.db)
        audit.created("credentialAttainment", id: attainment.id, ["credential": pilot.title, "earnedOn": attainment.earnedOn])
    }
}
