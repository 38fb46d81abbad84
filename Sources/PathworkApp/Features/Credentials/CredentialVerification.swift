import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

struct PublicCredentialJSON: Content {
    var status: BadgeStatus
    /// False when the stored credential no longer matches its signature.
    var proofVerified: Bool
    var revokedOn: String?
    var credential: JSONValue
}

struct RevokeForm: Content {
    var reason: String?
}

/// What anyone may see without signing in: a credential's status and signed document, the
/// issuer's profile with its keys, and every district's public keys as a JWK set. Only an
/// unguessable credential id leads to a credential; the page names the student by first name
/// and last initial, as the credential itself names them only by salted hashes.
enum CredentialVerification {
    static func register(_ app: Application, web: any RoutesBuilder, pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        api.endpoint(APIOperation(method: .GET, path: ["public", "credentials", ":credentialID"],
                                  summary: "A credential's status and its signed Open Badges 3.0 document (no sign-in)", tag: "Credentials",
                                  response: .object([("status", .enumeration(["valid", "expired", "revoked"])), ("proofVerified", .boolean),
                                                     ("revokedOn", .nullable(.string(format: "date"))), ("credential", .object([], required: []))],
                                                    required: ["status", "proofVerified", "credential"]),
                                  isPublic: true), registry: registry) { req in
            let (issued, check) = try await load(req)
            return PublicCredentialJSON(status: check.status, proofVerified: check.proofVerified, revokedOn: revokedOn(issued, req: req),
                                        credential: check.document)
        }
        app.get(".well-known", "jwks.json") { req async throws -> Response in
            try await json(jwks(req), req: req)
        }
        app.get("issuers", ":slug") { req async throws -> Response in
            try await json(issuerProfile(req), req: req)
        }
        web.get(SiteRoute.verify(.pattern).pattern) { req async throws -> Page in
            try await page(req)
        }
        web.get(SiteRoute.verifyStep(.pattern, step: "credential.json").pattern) { req async throws -> Response in
            let (issued, _) = try await load(req)
            var headers = HTTPHeaders()
            headers.contentType = HTTPMediaType(type: "application", subType: "vc")
            let name = issued.title.filter { $0.isLetter || $0.isNumber || $0 == " " }.replacingOccurrences(of: " ", with: "-")
            headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name.isEmpty ? "credential" : name).json\"")
            return Response(status: .ok, headers: headers, body: .init(string: issued.document))
        }
        pages.post(SiteRoute.verifyStep(.pattern, step: "revoke").pattern) { req async throws -> Response in
            try req.viewer.require(.manageCredentials)
            let issued = try await req.tenant.find(IssuedCredential.self, req.parameters.get("credentialID"))
            do {
                try await CredentialsWriter.revoke(issued, reason: try req.input(RevokeForm.self).reason, on: req)
                return req.redirect(to: SiteRoute.verify(try issued.requireID()).path(query: [("notice", "The credential was revoked.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
    }

    /// The credential named in the path, from any district: its id is the capability.
    static func load(_ req: Request) async throws -> (IssuedCredential, BadgeIssuer.Check) {
        guard let id = req.parameters.get("credentialID", as: UUID.self), let issued = try await IssuedCredential.find(id, on: req.db) else {
            throw Abort(.notFound, reason: "No such credential.")
        }
        let district = try await District.stored(issued.districtID, on: req.db)
        let today = CalendarDate.on(req.now, timeZone: district.timeZone)
        return (issued, try await BadgeIssuer.check(issued, db: req.db, today: today))
    }

    static func revokedOn(_ issued: IssuedCredential, req: Request) -> String? {
        issued.revokedAt.map { CalendarDate.on($0, timeZone: "UTC").description }
    }

    static func page(_ req: Request, errors: [FieldError] = []) async throws -> Page {
        let (issued, check) = try await load(req)
        let viewer = req.auth.get(Viewer.self)
        let student = try await Person.stored(issued.studentID, on: req.db)
        let issuer = check.document["issuer"]?["name"]?.stringValue ?? ""
        let description = check.document["credentialSubject"]?["achievement"]?["description"]?.stringValue ?? ""
        let evidence = check.document["evidence"]?.arrayValue ?? []
        let staff = viewer.map { $0.districtID == issued.districtID && $0.can(.manageCredentials) } ?? false
        let verdict: String = switch check.status {
        case .valid: "Valid"
        case .expired: "Expired on \(issued.validUntil ?? "")"
        case .revoked: "Revoked on \(revokedOn(issued, req: req) ?? "")"
        }
        return Layout.page(issued.title, viewer: viewer, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            .section(.class("card"),
                .p(.class("status-\(check.status.rawValue)"), .strong(.text(verdict))),
                .if(!check.proofVerified, .p(.class("error"), .text("Warning: this credential does not match its issuer's signature. Do not rely on it."))),
                .if(check.proofVerified, .p(.text("The signature of \(issuer) checks out against its published key."))),
                .dl(
                    .dt(.text("Awarded to")), .dd(.text(student.shortName)),
                    .dt(.text("Issued by")), .dd(.text(issuer)),
                    .dt(.text("What it is")), .dd(.text(description)),
                    .dt(.text("Valid from")), .dd(.text(issued.validFrom)),
                    .dt(.text("Valid until")), .dd(.text(issued.validUntil ?? "no expiry")),
                    .forEach(evidence) { item in
                        .group(.dt(.text(item["name"]?.stringValue ?? "Evidence")), .dd(.text(item["narrative"]?.stringValue ?? "")))
                    }
                ),
                .p(.a(.href(SiteRoute.verifyStep(try issued.requireID(), step: "credential.json").path), .text("Download the signed credential")),
                   .text(" (Open Badges 3.0, Data Integrity proof eddsa-jcs-2022). The issuer's keys: "),
                   .a(.href("/.well-known/jwks.json"), .text("JWK set")), .text(".")),
                .p(.class("muted"), .text("The credential names its holder only by salted hashes of their email and name; ask the holder for the email to match it."))
            ),
            .if(staff && issued.revokedAt != nil, .section(.class("card"), .h2(.text("Revocation")),
                .p(.text("Reason recorded: \(issued.revokedReason ?? "")")))),
            .if(staff && issued.revokedAt == nil, .section(.class("card"), .h2(.text("Revoke this credential")),
                FormField.errorSummary(errors),
                .form(.method(.post), .action(SiteRoute.verifyStep(try issued.requireID(), step: "revoke").path), Layout.csrfField(viewer?.csrfToken),
                    FormField.text("Reason (kept in the district's records, not shown publicly)", name: "reason", value: nil,
                                   error: errors.first { $0.field == "reason" }?.message),
                    .button(.type(.submit), .class("danger"), .text("Revoke credential")))))
        )
    }

    /// Every district's keys, retired ones included, each named by its verification method.
    static func jwks(_ req: Request) async throws -> JSONValue {
        let keys = try await SigningKey.query(on: req.db).sort(\.$createdAt).all()
        let slugs = Dictionary(uniqueKeysWithValues: try await District.query(on: req.db).all().map { (try $0.requireID(), $0.slug) })
        let base = BadgeIssuer.baseURL(req.application)
        return ["keys": .array(try keys.compactMap { key in
            guard let slug = slugs[key.districtID], let raw = Multibase.decodeEd25519PublicKey(key.publicKeyMultibase) else { return nil }
            return ["kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig",
                    "kid": .string(try BadgeIssuer.verificationMethod(key, slug: slug, base: base)), "x": .string(Data(raw).base64URL)]
        })]
    }

    /// The issuer's Open Badges profile, which is also where its verification methods live.
    static func issuerProfile(_ req: Request) async throws -> JSONValue {
        guard let slug = req.parameters.get("slug"), let district = try await District.query(on: req.db).filter(\.$slug == slug).first() else {
            throw Abort(.notFound, reason: "No such issuer.")
        }
        let base = BadgeIssuer.baseURL(req.application)
        let id = BadgeIssuer.issuerURL(slug: slug, base: base)
        let keys = try await SigningKey.query(on: req.db).filter(\.$districtID == district.requireID()).sort(\.$createdAt).all()
        let methods: [JSONValue] = try keys.map { key in
            ["id": .string(try BadgeIssuer.verificationMethod(key, slug: slug, base: base)), "type": "Multikey", "controller": .string(id),
             "publicKeyMultibase": .string(key.publicKeyMultibase)]
        }
        return ["@context": [OpenBadge.contexts.arrayValue[0], OpenBadge.contexts.arrayValue[1], "https://w3id.org/security/multikey/v1"],
                "id": .string(id), "type": ["Profile"], "name": .string(district.name), "url": .string(base),
                "verificationMethod": .array(methods), "assertionMethod": .array(methods.compactMap { $0["id"] })]
    }

    static func json(_ value: JSONValue, req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(string: value.canonical))
    }
}

extension JSONValue {
    var arrayValue: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
