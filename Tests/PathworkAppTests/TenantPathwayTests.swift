import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// The tenant test for what #5 added: district A's staff reach none of district B's signed
/// credentials, pathways, placements, inventory results or occupations, and change nothing there.
@Suite("Tenancy of pathways and credentials")
struct TenantPathwayTests {
    @Test("every pathway and credential operation on district B's records answers 404 (or names the field) and writes nothing")
    func cannotCrossDistricts() async throws {
        try await withPathwork { app, fixture, _ in
            // District B's records, made through its own API.
            let beta = try await app.token(fixture.b.email("coordinator"))
            let catalog = try await SignedCredentialTests.catalogEntry(app, token: beta)
            let attainment = try await SignedCredentialTests.record(app, token: beta, student: fixture.b.otherStudent, credential: catalog.id).json(AttainmentJSON.self)
            let issued = try #require(attainment.issuedCredentialId)
            let pathway = try await app.send(.POST, "/api/v1/credential-pathways", token: beta,
                                             json: CredentialPathwayInput(title: "Beta cyber", years: 2)).json(CreatedJSON.self).id
            let lab = try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/requirements", token: beta,
                                         json: PathwayRequirementInput(year: 1, title: "Lab", kind: .checkpoint)).json(CreatedJSON.self).id
            _ = try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/enrollments", token: beta,
                                   json: PathwayEnrollmentInput(studentId: fixture.b.otherStudent.uuidString))
            let link = try await app.send(.POST, "/api/v1/career-pathway-links", token: beta,
                                          json: PathwayLinkInput(pathwayCode: "IT.2", credentialId: catalog.id.uuidString)).json(PathwayLinkJSON.self).id
            let betaStudent = try await app.token(fixture.b.email("student"))
            _ = try await app.send(.POST, "/api/v1/interest-inventory/results", token: betaStudent,
                                   json: InventoryAnswers(answers: InterestInventoryPageTests.answers))
            _ = try await app.send(.POST, "/api/v1/occupations", token: beta, json: OccupationInput(socCode: "15-1299", title: "Beta-only role", pathwayCode: "IT.4"))

            let alpha = try await app.token(fixture.a.email("admin"))
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            let notFound: [(HTTPMethod, String, (any Encodable)?)] = [
                (.POST, "/api/v1/issued-credentials/\(issued)/revoke", ["reason": "x"]),
                (.POST, "/api/v1/credential-pathways/\(pathway)/requirements", PathwayRequirementInput(year: 1, title: "x", kind: .checkpoint)),
                (.POST, "/api/v1/credential-pathways/\(pathway)/enrollments", PathwayEnrollmentInput(studentId: fixture.a.student.uuidString)),
                (.DELETE, "/api/v1/career-pathway-links/\(link)", nil),
                (.GET, "/api/v1/credential-pathways/progress?studentId=\(fixture.b.otherStudent)", nil),
                (.POST, "/api/v1/credential-attainments", AttainmentForm(studentId: fixture.b.student.uuidString, credentialId: catalog.id.uuidString,
                                                                        earnedOn: "2026-10-01", evidence: "x")),
            ]
            for (method, path, body) in notFound {
                let reply = try await app.send(method, path, token: alpha, json: body)
                #expect(reply.status == .notFound, "\(method) \(path) answered \(reply.status)")
            }
            let checkpoint = try await app.send(.POST, "/api/v1/pathway-checkpoints", token: alpha, json: PathwayCheckpointInput(
                requirementId: lab.uuidString, studentId: fixture.b.otherStudent.uuidString, completedOn: "2026-11-01", evidence: "x"))
            #expect(checkpoint.status == .unprocessableEntity && checkpoint.text.contains("\"field\":\"requirementId\""))
            for path in ["/api/v1/credential-attainments?studentId=\(fixture.b.otherStudent)", "/api/v1/interest-inventory/results?studentId=\(fixture.b.student)"] {
                #expect(try await app.send(.GET, path, token: alpha).text == "[]", "\(path)")
            }
            let clusters = try await app.send(.GET, "/api/v1/career-clusters?framework=2006", token: alpha)
            #expect(!clusters.text.contains(catalog.title))
            #expect(!(try await app.send(.GET, "/api/v1/occupations", token: alpha)).text.contains("Beta-only role"))
            #expect(try await app.send(.GET, "/api/v1/signing-keys", token: alpha).text == "[]")
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
            // The public verify answer is reachable from anywhere by design: its id is the capability.
            #expect(try await app.send(.GET, "/api/v1/public/credentials/\(issued)").status == .ok)
        }
    }
}
