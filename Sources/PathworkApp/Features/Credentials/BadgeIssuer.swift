import Crypto
import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Issues, checks and revokes the district's signed Open Badges 3.0 credentials. Links inside a
/// credential are built from `Config.publicURL` (or the running server's address), the issuer
/// is `<base>/issuers/<district slug>` and each credential's id is its public verify page.
enum BadgeIssuer {
    struct Award: Sendable {
        var title: String
        var description: String
        var criteria: String
        var achievementType: String
        var achievementID: UUID
        var validFrom: CalendarDate
        var validUntil: CalendarDate?
        var evidence: [OpenBadge.Evidence]
        var attainmentID: UUID?
    }

    static func baseURL(_ app: Application) -> String {
        if let configured = app.pathwork.config.publicURL { return configured }
        let server = app.http.server.configuration
        return "http://\(server.hostname):\(server.port)"
    }

    static func verifyURL(_ id: UUID, base: String) -> String { "\(base)/verify/\(id.uuidString.lowercased())" }
    static func issuerURL(slug: String, base: String) -> String { "\(base)/issuers/\(slug)" }
    static func verificationMethod(_ key: SigningKey, slug: String, base: String) throws -> String {
        "\(issuerURL(slug: slug, base: base))#\(try key.requireID().uuidString.lowercased())"
    }

    /// The Open Badges achievement type for a catalog kind (OB 3.0's AchievementType vocabulary).
    static func achievementType(_ kind: Credential.Kind) -> String {
        switch kind {
        case .industryCertification: "Certification"
        case .license: "License"
        case .dualCredit: "Course"
        case .microCredential: "MicroCredential"
        }
    }

    /// What recording an attainment awards: the catalog credential, vouched for by the district.
    static func award(for attainment: CredentialAttainment, credential: Credential, verifierName: String) throws -> Award {
        Award(title: credential.title,
              description: "\(credential.kind.title) issued by \(credential.issuer).",
              criteria: "Holds the \(credential.title) \(credential.kind.title.lowercased()) issued by \(credential.issuer), checked by district staff against the evidence below.",
              achievementType: achievementType(credential.kind), achievementID: try credential.requireID(),
              validFrom: try CalendarDate.stored(attainment.earnedOn), validUntil: attainment.expiresOn.flatMap(CalendarDate.init(iso:)),
              evidence: [.init(name: "Attainment record", narrative: "Earned \(attainment.earnedOn). \(attainment.evidence). Verified by \(verifierName).")],
              attainmentID: attainment.id)
    }

    /// Signs and stores the credential inside the caller's change, so the record it attests and
    /// the credential commit together.
    static func issue(_ award: Award, to student: Person, tenant: Tenant, audit: AuditRecorder, app: Application, now: Date) async throws -> IssuedCredential {
        let services = app.pathwork
        let district = try await District.stored(tenant.districtID, on: tenant.db)
        let (key, privateKey) = try await SigningKeys.active(tenant: tenant, audit: audit, services: services, now: now)
        let base = baseURL(app)
        let issued = IssuedCredential()
        issued.id = UUID()
        let issuer = OpenBadge.Issuer(id: issuerURL(slug: district.slug, base: base), name: district.name, url: base)
        let badge = OpenBadge(
            id: verifyURL(try issued.requireID(), base: base), issuer: issuer,
            achievement: .init(id: "urn:uuid:\(award.achievementID.uuidString.lowercased())", name: award.title, description: award.description,
                               criteria: award.criteria, achievementType: award.achievementType),
            recipientEmail: student.email, recipientName: "\(student.givenName) \(student.familyName)",
            salt: SecretToken.generate(), validFrom: "\(award.validFrom)T00:00:00Z",
            validUntil: award.validUntil.map { "\($0)T00:00:00Z" }, evidence: award.evidence)
        let signed = try DataIntegrityProof.sign(badge.document, verificationMethod: verificationMethod(key, slug: district.slug, base: base),
                                                 created: Self.timestamp(now), key: privateKey)
        issued.districtID = tenant.districtID
        issued.studentID = try student.requireID()
        issued.attainmentID = award.attainmentID
        issued.title = award.title
        issued.document = JSONValue.object(signed).canonical
        issued.signingKeyID = try key.requireID()
        issued.validFrom = award.validFrom.description
        issued.validUntil = award.validUntil?.description
        issued.issuedAt = now
        try await issued.create(on: tenant.db)
        audit.created("issuedCredential", id: issued.id, ["studentID": try student.requireID().uuidString, "title": award.title, "signingKey": try key.requireID().uuidString])
        audit.emit(.students([issued.studentID]))
        return issued
    }

    static func revoke(_ issued: IssuedCredential, reason: String, by person: UUID, tenant: Tenant, audit: AuditRecorder, now: Date) async throws {
        issued.revokedAt = now
        issued.revokedReason = reason
        issued.revokedBy = person
        try await issued.update(on: tenant.db)
        audit.record("revoke", "issuedCredential", id: issued.id, before: nil as String?, after: ["reason": reason])
        audit.emit(.students([issued.studentID]))
    }

    struct Check: Sendable {
        let status: BadgeStatus
        /// False when the stored document no longer matches its signature: someone changed it.
        let proofVerified: Bool
        let document: JSONValue
    }

    static func check(_ issued: IssuedCredential, db: any Database, today: CalendarDate) async throws -> Check {
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(issued.document.utf8))
        var verified = false
        if let key = try await SigningKey.find(issued.signingKeyID, on: db),
           let raw = Multibase.decodeEd25519PublicKey(key.publicKeyMultibase),
           let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) {
            verified = (try? DataIntegrityProof.verify(document, publicKey: publicKey)) != nil
        }
        return Check(status: issued.status(on: today), proofVerified: verified, document: document)
    }

    static func timestamp(_ date: Date) -> String {
        var formatter = Date.ISO8601FormatStyle()
        formatter.timeZone = TimeZone(identifier: "UTC")!
        return formatter.format(date)
    }
}
