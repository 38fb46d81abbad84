import Fluent
import Foundation
import PathworkDomain
import Vapor

struct AttainmentJSON: Content {
    var id: UUID
    var studentId: UUID
    var credentialId: UUID
    var title: String
    var earnedOn: String
    var expiresOn: String?
    var evidence: String
    var issuedCredentialId: UUID?
    var status: BadgeStatus?
    var verifyUrl: String?

    init(_ attainment: CredentialAttainment, title: String, issued: IssuedCredential?, today: CalendarDate, base: String) throws {
        id = try attainment.requireID()
        studentId = attainment.studentID
        credentialId = attainment.$credential.id
        self.title = title
        earnedOn = attainment.earnedOn
        expiresOn = attainment.expiresOn
        evidence = attainment.evidence
        issuedCredentialId = issued?.id
        status = issued?.status(on: today)
        verifyUrl = try issued.map { BadgeIssuer.verifyURL(try $0.requireID(), base: base) }
    }
}

struct SigningKeyJSON: Content {
    var id: UUID
    var verificationMethod: String
    var publicKeyMultibase: String
    var createdAt: Date
    var retiredAt: Date?
}

/// Attainments and their signed credentials over the API; the catalog is in CredentialPages.
enum CredentialAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("CredentialAttainment", .object([
            ("id", .string(format: "uuid")), ("studentId", .string(format: "uuid")), ("credentialId", .string(format: "uuid")),
            ("title", .string()), ("earnedOn", .string(format: "date")), ("expiresOn", .nullable(.string(format: "date"))),
            ("evidence", .string()), ("issuedCredentialId", .nullable(.string(format: "uuid"))),
            ("status", .nullable(.enumeration(["valid", "expired", "revoked"]))), ("verifyUrl", .nullable(.string(format: "uri"))),
        ], required: ["id", "studentId", "credentialId", "title", "earnedOn", "evidence"]))
        registry.define("SigningKey", .object([
            ("id", .string(format: "uuid")), ("verificationMethod", .string(format: "uri")), ("publicKeyMultibase", .string()),
            ("createdAt", .string(format: "date-time")), ("retiredAt", .nullable(.string(format: "date-time"))),
        ], required: ["id", "verificationMethod", "publicKeyMultibase", "createdAt"]))

        api.endpoint(APIOperation(method: .POST, path: ["credential-attainments"],
                                  summary: "Record a student's credential and issue its signed Open Badges 3.0 credential", tag: "Credentials",
                                  body: .object([("studentId", .string(format: "uuid")), ("credentialId", .string(format: "uuid")),
                                                 ("earnedOn", .string(format: "date")), ("evidence", .words(maxLength: 500))],
                                                required: ["studentId", "credentialId", "earnedOn", "evidence"]),
                                  response: .ref("CredentialAttainment"), success: .created,
                                  rules: [.rule("earnedOn is today or earlier, at or above the credential's minimum age"), .rule("the person is a student")]),
                     registry: registry) { req in
            try req.viewer.require(.manageCredentials)
            let form = try req.input(AttainmentForm.self)
            guard let studentID = form.studentId.flatMap(UUID.init(uuidString:)) else {
                throw PathworkError.invalid([FieldError(field: "studentId", message: "Name the student by id.")])
            }
            let student = try await PeopleDirectory.find(studentID, viewer: req.viewer, tenant: req.tenant)
            let (attainment, issued) = try await CredentialsWriter.record(form, for: student, on: req)
            let title = try await req.tenant.find(Credential.self, attainment.$credential.id).title
            return try await AttainmentJSON(attainment, title: title, issued: issued, today: req.today, base: BadgeIssuer.baseURL(req.application))
                .encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["credential-attainments"], summary: "Credentials recorded for students, newest first",
                                  tag: "Credentials", query: [.uuid("studentId", "one student (students see only their own)")],
                                  response: .array(.ref("CredentialAttainment"))), registry: registry) { req in
            try await list(req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["issued-credentials", ":credentialID", "revoke"], summary: "Revoke a signed credential",
                                  tag: "Credentials", body: .object([("reason", .words(maxLength: 500))], required: ["reason"]),
                                  response: .ref("CredentialAttainment")), registry: registry) { req in
            try req.viewer.require(.manageCredentials)
            let issued = try await req.tenant.find(IssuedCredential.self, req.parameters.get("credentialID"))
            try await CredentialsWriter.revoke(issued, reason: try req.input(RevokeForm.self).reason, on: req)
            return try await list(req, only: issued.studentID).first { $0.issuedCredentialId == issued.id } ?? { throw Abort(.notFound) }()
        }
        api.endpoint(APIOperation(method: .GET, path: ["signing-keys"], summary: "The district's credential-signing keys", tag: "Credentials",
                                  response: .array(.ref("SigningKey"))), registry: registry) { req in
            try req.viewer.require(.manageSigningKeys)
            return try await keys(req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["signing-keys", "rotate"],
                                  summary: "Retire the signing key and make a new one (old credentials still verify)", tag: "Credentials",
                                  response: .array(.ref("SigningKey"))), registry: registry) { req in
            try req.viewer.require(.manageSigningKeys)
            try await rotate(req)
            return try await keys(req)
        }
    }

    static func list(_ req: Request, only studentID: UUID? = nil) async throws -> [AttainmentJSON] {
        let viewer = try req.viewer
        var query = try req.tenant.query(CredentialAttainment.self).with(\.$credential).sort(\.$earnedOn, .descending)
        let asked = studentID ?? (try? req.query.get(UUID.self, at: "studentId"))
        if viewer.can(.manageCredentials) || viewer.can(.viewTeams) {
            if let asked { query = query.filter(\.$studentID == asked) }
        } else if viewer.roles.contains(.student) {
            query = query.filter(\.$studentID == viewer.personID)
        } else {
            throw Abort(.forbidden, reason: "Only district staff and the student see recorded credentials.")
        }
        let attainments = try await query.all()
        let issued = try await req.tenant.query(IssuedCredential.self).filter(\.$attainmentID ~~ attainments.compactMap(\.id)).all()
        let byAttainment = Dictionary(issued.compactMap { i in i.attainmentID.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        let base = BadgeIssuer.baseURL(req.application)
        return try attainments.map { try AttainmentJSON($0, title: $0.credential.title, issued: byAttainment[try $0.requireID()], today: req.today, base: base) }
    }

    static func keys(_ req: Request) async throws -> [SigningKeyJSON] {
        let districtID = try req.viewer.districtID
        let district = try await District.stored(districtID, on: req.db)
        let base = BadgeIssuer.baseURL(req.application)
        return try await req.tenant.query(SigningKey.self).sort(\.$createdAt, .descending).all().map {
            SigningKeyJSON(id: try $0.requireID(), verificationMethod: try BadgeIssuer.verificationMethod($0, slug: district.slug, base: base),
                           publicKeyMultibase: $0.publicKeyMultibase, createdAt: $0.createdAt, retiredAt: $0.retiredAt)
        }
    }

    static func rotate(_ req: Request) async throws {
        let (services, now) = (req.pathwork, req.now)
        _ = try await req.change { tenant, audit in
            try await SigningKeys.rotate(tenant: tenant, audit: audit, services: services, now: now)
        }
    }
}
