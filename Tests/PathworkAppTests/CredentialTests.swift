import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Credentials and role requirements")
struct CredentialTests {
    @Test("a recorded FAA Part 107 lets a 16-year-old fly; the catalog is district-scoped")
    func pilotPlacement() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let created = try await app.send(.POST, "/api/v1/credentials", token: token, json: CredentialInput(
                title: "FAA Part 107 Remote Pilot", issuer: "FAA", kind: .license, minimumAge: 16, validityMonths: 24))
            #expect(created.status == .created)
            let credential = try created.json(CredentialJSON.self)
            #expect(try await app.send(.POST, "/api/v1/credentials", token: token, json: CredentialInput(title: "FAA Part 107 Remote Pilot",
                                                                                                         issuer: "x", kind: .license)).status == .conflict)
            let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Drone Shows", discipline: "x")).json(TeamJSON.self)
            _ = try await app.send(.POST, "/api/v1/teams/\(team.id)/roles", token: token,
                                   json: TeamRoleInput(name: "Pilot", minimumAge: 16, requiredCredential: "FAA Part 107 Remote Pilot"))
            let seat = MembershipInput(studentId: fixture.a.otherStudent, role: "Pilot", startsOn: "2026-11-05", hourlyWageCents: 1700)
            let refused = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: seat)
            #expect(refused.object["code"] as? String == "team.role-requirement")

            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let profile = "/people/\(fixture.a.otherStudent)"
            let missing = try await browser.submit(profile + "/credentials", form: ["credentialId": credential.id.uuidString, "earnedOn": "2026-10-01",
                                                                                   "evidence": ""], from: profile)
            #expect(try await browser.get(try #require(missing.location)).text.contains("Not recorded: Record the evidence"))
            #expect(try await browser.submit(profile + "/credentials", form: ["credentialId": credential.id.uuidString, "earnedOn": "2026-10-01",
                                                                              "evidence": "Certificate 123"], from: profile).status == .seeOther)
            let page = try await browser.get(profile)
            #expect(page.text.contains("FAA Part 107 Remote Pilot"))
            #expect(page.text.contains("valid until 2028-10-01"))
            #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: seat).status == .created)

            // The 15-year-old is refused the credential itself: the FAA minimum age is 16.
            let young = try await browser.submit("/people/\(fixture.a.student)/credentials",
                                                 form: ["credentialId": credential.id.uuidString, "earnedOn": "2026-10-01", "evidence": "x"],
                                                 from: "/people/\(fixture.a.student)")
            #expect(try await browser.get(try #require(young.location)).text.contains("requires age 16"))
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/credentials", token: beta).json([CredentialJSON].self).isEmpty)
            let catalog = try await browser.get("/credentials")
            #expect(catalog.text.contains("24 months"))
        }
    }

    @Test("programs group teams")
    func programs() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let program = try await app.send(.POST, "/api/v1/programs", token: token, json: ProgramInput(name: "Innovation Center", description: "After school"))
            #expect(program.status == .created)
            let id = try program.json(ProgramJSON.self).id
            let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Web Studio", discipline: "web", programId: id))
            #expect(try team.json(TeamJSON.self).programId == id)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await browser.submit("/programs", form: ["name": "Summer internships"], from: "/teams").status == .seeOther)
            let page = try await browser.get("/teams")
            #expect(page.text.contains("Innovation Center"))
            #expect(page.text.contains("Innovation Center</strong> — After school<span class=\"muted\"> · 1 team</span>"))
            #expect(page.text.contains("Summer internships"))
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.POST, "/api/v1/teams", token: beta, json: TeamInput(name: "X", discipline: "x", programId: id)).status
                    == .unprocessableEntity)
        }
    }
}
