import Crypto
import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor

/// Recording an attainment issues a signed Open Badges 3.0 credential; anyone verifies it
/// with the published key; staff revoke it; keys rotate without breaking old credentials.
@Suite("Signed credentials")
struct SignedCredentialTests {
    static func catalogEntry(_ app: Application, token: String, title: String = "CompTIA Security+") async throws -> CredentialJSON {
        try await app.send(.POST, "/api/v1/credentials", token: token, json: CredentialInput(
            title: title, issuer: "CompTIA", kind: .industryCertification, validityMonths: 36)).json(CredentialJSON.self)
    }

    static func record(_ app: Application, token: String, student: UUID, credential: UUID, evidence: String = "SEC-7733102") async throws -> Reply {
        try await app.send(.POST, "/api/v1/credential-attainments", token: token, json: AttainmentForm(
            studentId: student.uuidString, credentialId: credential.uuidString, earnedOn: "2026-10-01", evidence: evidence))
    }

    /// Checks the proof the way an outside verifier would: key from the published JWK set.
    static func verifyWithPublishedKey(_ app: Application, credential: JSONValue) async throws {
        let method = try #require(DataIntegrityProof.verificationMethod(of: credential))
        let jwks = try await app.send(.GET, "/.well-known/jwks.json").json(JSONValue.self)
        let jwk = try #require(jwks["keys"]?.arrayValue.first { $0["kid"]?.stringValue == method })
        var x = try #require(jwk["x"]?.stringValue).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while x.count % 4 != 0 { x += "=" }
        let key = try Curve25519.Signing.PublicKey(rawRepresentation: try #require(Data(base64Encoded: x)))
        try DataIntegrityProof.verify(credential, publicKey: key)
    }

    @Test("an attainment issues a credential anyone can verify; revocation and tampering show")
    func issueVerifyRevoke() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let entry = try await Self.catalogEntry(app, token: token)
            let created = try await Self.record(app, token: token, student: fixture.a.otherStudent, credential: entry.id)
            #expect(created.status == .created)
            let attainment = try created.json(AttainmentJSON.self)
            let id = try #require(attainment.issuedCredentialId)
            #expect(attainment.verifyUrl == "http://127.0.0.1:8080/verify/\(id.uuidString.lowercased())")
            #expect(attainment.status == .valid)
            #expect(attainment.expiresOn == "2029-10-01")

            let reply = try await app.send(.GET, "/api/v1/public/credentials/\(id)")
            #expect(reply.status == .ok)
            let body = try reply.json(JSONValue.self)
            #expect(body["status"] == "valid")
            #expect(body["proofVerified"] == true)
            let credential = try #require(body["credential"])
            #expect(credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"])
            #expect(credential["proof"]?["cryptosuite"] == "eddsa-jcs-2022")
            #expect(credential["issuer"]?["id"] == "http://127.0.0.1:8080/issuers/alpha")
            #expect(credential["validUntil"] == "2029-10-01T00:00:00Z")
            #expect(credential["credentialSubject"]?["achievement"]?["name"] == "CompTIA Security+")
            try await Self.verifyWithPublishedKey(app, credential: credential)
            // The holder is a minor: the travelling credential names them only by salted hashes.
            for leak in ["Other", "other@alpha.test", "A-1002", "2009-07-01", "white"] { #expect(!reply.text.contains(leak)) }

            let profile = try await app.send(.GET, "/issuers/alpha").json(JSONValue.self)
            #expect(profile["verificationMethod"]?.arrayValue.first?["id"] == credential["proof"]?["verificationMethod"])
            #expect(try await app.send(.GET, "/issuers/nowhere").status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/public/credentials/\(UUID())").status == .notFound)

            let page = try await app.send(.GET, "/verify/\(id)")
            #expect(page.status == .ok)
            #expect(page.text.contains("Valid"))
            #expect(page.text.contains("Other A."))
            #expect(!page.text.contains("Revoke credential"))
            let download = try await app.send(.GET, "/verify/\(id)/credential.json")
            #expect(download.headers.first(name: .contentDisposition) == "attachment; filename=\"CompTIA-Security.json\"")
            #expect(try download.json(JSONValue.self) == credential)

            // Only the district's own staff revoke, and only with a reason.
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.POST, "/api/v1/issued-credentials/\(id)/revoke", token: beta, json: ["reason": "x"]).status == .notFound)
            let student = try await app.token(fixture.a.email("other"))
            #expect(try await app.send(.POST, "/api/v1/issued-credentials/\(id)/revoke", token: student, json: ["reason": "x"]).status == .forbidden)
            let blank = try await app.send(.POST, "/api/v1/issued-credentials/\(id)/revoke", token: token, json: ["reason": " "])
            #expect(blank.status == .unprocessableEntity)
            #expect(blank.text.contains("\"field\":\"reason\""))
            let revoked = try await app.send(.POST, "/api/v1/issued-credentials/\(id)/revoke", token: token, json: ["reason": "Exam voided by CompTIA"])
            #expect(try revoked.json(AttainmentJSON.self).status == .revoked)
            #expect(try await app.send(.POST, "/api/v1/issued-credentials/\(id)/revoke", token: token, json: ["reason": "again"]).status == .conflict)
            let after = try await app.send(.GET, "/api/v1/public/credentials/\(id)").json(JSONValue.self)
            #expect(after["status"] == "revoked")
            #expect(after["proofVerified"] == true)
            #expect(after["revokedOn"] != nil)
            let revokedPage = try await app.send(.GET, "/verify/\(id)").text
            #expect(revokedPage.contains("Revoked on"))
            #expect(!revokedPage.contains("Exam voided"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entity == "issuedCredential").all().map(\.action)
            #expect(Set(audit) == ["create", "revoke"])

            // A changed byte in the stored credential no longer matches the signature.
            try await (app.db as! any SQLDatabase).raw("UPDATE issued_credentials SET document = REPLACE(document, 'Security+', 'Security++')").run()
            #expect(try await app.send(.GET, "/api/v1/public/credentials/\(id)").json(JSONValue.self)["proofVerified"] == false)
            #expect(try await app.send(.GET, "/verify/\(id)").text.contains("does not match"))
        }
    }

    @Test("rotating the key: new credentials use the new key, old ones still verify")
    func rotation() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let admin = try await app.token(fixture.a.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/signing-keys", token: admin).json([SigningKeyJSON].self).isEmpty)
            let entry = try await Self.catalogEntry(app, token: coordinator)
            let first = try await Self.record(app, token: coordinator, student: fixture.a.otherStudent, credential: entry.id).json(AttainmentJSON.self)
            let keys = try await app.send(.GET, "/api/v1/signing-keys", token: admin).json([SigningKeyJSON].self)
            #expect(keys.count == 1)
            let file = SigningKeys.folder(district: fixture.a.id, dataDirectory: app.pathwork.config.dataDirectory)
                .appendingPathComponent("\(keys[0].id.uuidString.lowercased()).ed25519")
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)

            #expect(try await app.send(.POST, "/api/v1/signing-keys/rotate", token: coordinator).status == .forbidden)
            let rotated = try await app.send(.POST, "/api/v1/signing-keys/rotate", token: admin).json([SigningKeyJSON].self)
            #expect(rotated.count == 2)
            #expect(rotated.filter { $0.retiredAt == nil }.count == 1)
            let second = try await Self.record(app, token: coordinator, student: fixture.a.student, credential: entry.id).json(AttainmentJSON.self)

            var methods: [String] = []
            for issued in [first, second] {
                let body = try await app.send(.GET, "/api/v1/public/credentials/\(try #require(issued.issuedCredentialId))").json(JSONValue.self)
                #expect(body["proofVerified"] == true)
                let credential = try #require(body["credential"])
                try await Self.verifyWithPublishedKey(app, credential: credential)
                methods.append(try #require(DataIntegrityProof.verificationMethod(of: credential)))
            }
            #expect(methods[0] != methods[1])
            #expect(methods[1] == rotated.first { $0.retiredAt == nil }?.verificationMethod)
            // Beta's keys are its own.
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/signing-keys", token: beta).json([SigningKeyJSON].self).isEmpty)
        }
    }

    @Test("students list only their own credentials; staff filter by student")
    func listing() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let entry = try await Self.catalogEntry(app, token: coordinator)
            _ = try await Self.record(app, token: coordinator, student: fixture.a.otherStudent, credential: entry.id)
            _ = try await Self.record(app, token: coordinator, student: fixture.a.student, credential: entry.id)
            #expect(try await app.send(.GET, "/api/v1/credential-attainments", token: coordinator).json([AttainmentJSON].self).count == 2)
            let filtered = try await app.send(.GET, "/api/v1/credential-attainments?studentId=\(fixture.a.student)", token: coordinator)
            #expect(try filtered.json([AttainmentJSON].self).map(\.studentId) == [fixture.a.student])
            let student = try await app.token(fixture.a.email("other"))
            let own = try await app.send(.GET, "/api/v1/credential-attainments?studentId=\(fixture.a.student)", token: student)
            #expect(try own.json([AttainmentJSON].self).map(\.studentId) == [fixture.a.otherStudent])
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/credential-attainments", token: mentor).status == .forbidden)
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/credential-attainments", token: beta).json([AttainmentJSON].self).isEmpty)
            // Recording for another district's student is a 404, and bad input names its field.
            #expect(try await Self.record(app, token: coordinator, student: fixture.b.student, credential: entry.id).status == .notFound)
            let bad = try await app.send(.POST, "/api/v1/credential-attainments", token: coordinator,
                                         json: AttainmentForm(studentId: fixture.a.student.uuidString, credentialId: UUID().uuidString, earnedOn: "2026-13-01", evidence: ""))
            #expect(bad.status == .unprocessableEntity)
            for field in ["earnedOn", "evidence"] { #expect(bad.text.contains("\"field\":\"\(field)\"")) }
            let unknown = try await app.send(.POST, "/api/v1/credential-attainments", token: coordinator,
                                             json: AttainmentForm(studentId: fixture.a.student.uuidString, credentialId: UUID().uuidString, earnedOn: "2026-10-01", evidence: "Card 12"))
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains(#""field":"credentialId""#))
        }
    }

    @Test("pages: record on the student's page, verify, revoke with a reason, rotate the key")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let entry = try await Self.catalogEntry(app, token: coordinator)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let profile = "/people/\(fixture.a.otherStudent)"
            #expect(try await browser.submit(profile + "/credentials", form: ["credentialId": entry.id.uuidString, "earnedOn": "2026-10-01",
                                                                              "evidence": "Certificate 123"], from: profile).status == .seeOther)
            let page = try await browser.get(profile)
            #expect(page.text.contains("signed credential <strong>valid</strong>"))
            let verify = try #require(page.text.firstMatch(of: /href="(\/verify\/[0-9a-f-]+)"/)).1
            let staffView = try await browser.get(String(verify))
            #expect(staffView.text.contains("Revoke credential"))
            let blank = try await browser.submit(verify + "/revoke", form: ["reason": ""], from: String(verify))
            #expect(blank.status == .unprocessableEntity)
            #expect(blank.text.contains("Say why the credential is revoked"))
            let done = try await browser.submit(verify + "/revoke", form: ["reason": "Certificate number was mistyped"], from: String(verify))
            let revoked = try await browser.get(try #require(done.location))
            #expect(revoked.text.contains("Revoked on"))
            #expect(revoked.text.contains("Reason recorded: Certificate number was mistyped"))
            #expect(try await browser.get(profile).text.contains("signed credential <strong>revoked</strong>"))

            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let keys = try await admin.get("/district/signing-keys")
            #expect(keys.text.contains("signs new credentials"))
            #expect(try await admin.submit("/district/signing-keys", form: [:], from: "/district/signing-keys").status == .seeOther)
            #expect(try await admin.get("/district/signing-keys").text.contains("still verifies"))
            #expect(try await browser.get("/district/signing-keys").status == .forbidden)
        }
    }
}
