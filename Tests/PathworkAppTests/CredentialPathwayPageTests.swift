import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Credential pathways")
struct CredentialPathwayPageTests {
    @Test("progress comes from the records; approving the tenth hour as analyst issues the milestone's signed credential once")
    func milestones() async throws {
        try await withPathwork { app, fixture, clock in
            clock.advance(minutes: 5 * 60)   // 19:20, after school
            let setup = try await TimeSetup.make(app, fixture)
            let token = setup.coordinator
            let catalog = try await SignedCredentialTests.catalogEntry(app, token: token)
            let created = try await app.send(.POST, "/api/v1/credential-pathways", token: token,
                                             json: CredentialPathwayInput(title: "Cybersecurity certification", description: "Three years", years: 3))
            #expect(created.status == .created)
            let pathway = try created.json(CreatedJSON.self).id
            func add(_ input: PathwayRequirementInput) async throws -> Reply {
                try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/requirements", token: token, json: input)
            }
            let lab = try await add(PathwayRequirementInput(year: 1, title: "Sandbox lab: network basics", kind: .checkpoint, issuesBadge: true)).json(CreatedJSON.self).id
            #expect(try await add(PathwayRequirementInput(year: 2, title: "10 approved hours as a cyber analyst", kind: .roleHours, roleName: "analyst",
                                                          hours: 10, issuesBadge: true)).status == .created)
            #expect(try await add(PathwayRequirementInput(year: 3, title: "CompTIA Security+", kind: .credential, credentialTitle: catalog.title)).status == .created)
            let bad = try await add(PathwayRequirementInput(year: 4, title: "", kind: .roleHours, hours: 0))
            for field in ["title", "hours"] { #expect(bad.text.contains("\"field\":\"\(field)\"")) }
            let rules = try await add(PathwayRequirementInput(year: 4, title: "Hours", kind: .roleHours, hours: 5))
            #expect(rules.object["code"] as? String == "validation.rule")
            for field in ["year", "roleName"] { #expect(rules.text.contains("\"field\":\"\(field)\"")) }
            #expect(try await add(PathwayRequirementInput(year: 3, title: "x", kind: .credential, credentialTitle: "Nope")).text.contains("credentialTitle"))

            let student = fixture.a.otherStudent
            #expect(try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/enrollments", token: token,
                                       json: PathwayEnrollmentInput(studentId: student.uuidString, startedOn: "2026-09-01")).status == .created)
            #expect(try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/enrollments", token: token,
                                       json: PathwayEnrollmentInput(studentId: student.uuidString)).status == .conflict)
            func progress() async throws -> PathwayProgressJSON {
                try #require(try await app.send(.GET, "/api/v1/credential-pathways/progress?studentId=\(student)", token: token)
                    .json([PathwayProgressJSON].self).first)
            }
            #expect(try await progress().percent == 0)

            // Three evenings of 3 h 30 min as Analyst: 10 h 30 min once approved.
            var ids: [UUID] = []
            for day in ["2026-10-27", "2026-10-28", "2026-10-29"] {
                let reply = try await setup.entry(app, token: token, student: student, day, from: (15, 30), to: (19, 0))
                try #require(reply.status == .created, "\(reply.text)")
                ids.append(UUID(uuidString: reply.object["id"] as! String)!)
            }
            #expect(try await progress().requirements[1].doneMinutes == 0)   // typed, not yet approved
            for id in ids.prefix(2) { _ = try await app.send(.POST, "/api/v1/time-entries/\(id)/approve", token: setup.lead) }
            var now = try await progress()
            #expect(now.requirements[1].doneMinutes == 420 && now.requirements[1].percent == 70 && !now.requirements[1].met)
            _ = try await app.send(.POST, "/api/v1/time-entries/\(ids[2])/approve", token: setup.lead)
            now = try await progress()
            #expect(now.requirements[1].met)
            #expect(now.percent == 33)

            let badges = try await IssuedCredential.query(on: app.db).filter(\.$studentID == student).all()
            #expect(badges.map(\.title) == ["10 approved hours as a cyber analyst"])
            let document = try #require(badges.first).document
            #expect(document.contains("Approved work: Aquatic Robotics — Intake inspection"))
            #expect(document.contains("10 h 30 min approved by the team's lead, 2026-10-27 to 2026-10-29"))
            let body = try await app.send(.GET, "/api/v1/public/credentials/\(badges[0].id!)").json(JSONValue.self)
            #expect(body["status"] == "valid" && body["proofVerified"] == true)

            // A later approval does not award it twice; recording the lab awards the lab's.
            let more = try await setup.entry(app, token: token, student: student, "2026-11-02", from: (15, 30), to: (17, 0))
            _ = try await app.send(.POST, "/api/v1/time-entries/\(more.object["id"] as! String)/approve", token: setup.lead)
            let refused = try await app.send(.POST, "/api/v1/pathway-checkpoints", token: token,
                                             json: PathwayCheckpointInput(requirementId: lab.uuidString, studentId: fixture.a.student.uuidString,
                                                                          completedOn: "2026-11-04", evidence: "92%"))
            #expect(refused.text.contains("Choose a student who follows this pathway."))
            #expect(try await app.send(.POST, "/api/v1/pathway-checkpoints", token: token,
                                       json: PathwayCheckpointInput(requirementId: lab.uuidString, studentId: student.uuidString,
                                                                    completedOn: "2026-11-04", evidence: "Scored 92% on the lab check")).status == .created)
            #expect(try await IssuedCredential.query(on: app.db).filter(\.$studentID == student).count() == 2)
            #expect(try await progress().percent == 66)

            // The student sees their own progress; a mentor sees none; beta cannot reach the pathway.
            let own = try await app.send(.GET, "/api/v1/credential-pathways/progress", token: setup.older).json([PathwayProgressJSON].self)
            #expect(own.first?.percent == 66)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/credential-pathways/progress?studentId=\(student)", token: mentor).status == .forbidden)
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/enrollments", token: beta,
                                       json: PathwayEnrollmentInput(studentId: fixture.b.student.uuidString)).status == .notFound)

            let browser = try await app.browser(signedInAs: fixture.a.email("other"))
            let page = try await browser.get("/people/\(student)")
            #expect(page.text.contains("Cybersecurity certification: 66% of requirements met"))
            #expect(page.text.contains("10 h of 10 h") || page.text.contains("done"))
        }
    }

    @Test("the coordinator's pages: create, add requirements, enroll by number, record a lab, with errors on the form")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let refused = try await browser.submit("/credential-pathways", form: ["title": "", "years": "9"], from: "/credential-pathways")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("A pathway runs 1 to 6 years."))
            let created = try await browser.submit("/credential-pathways", form: ["title": "Drone pilot pathway", "description": "Two years", "years": "2"],
                                                   from: "/credential-pathways")
            let path = try #require(created.location).components(separatedBy: "?")[0]
            #expect(try await browser.submit(path + "/requirements", form: ["year": "1", "title": "Flight safety exam", "kind": "checkpoint", "issuesBadge": "on"],
                                             from: path).status == .seeOther)
            let unknown = try await browser.submit(path + "/enrollments", form: ["studentNumber": "Z-9999"], from: path)
            #expect(unknown.text.contains("No student with that number or id in this district."))
            #expect(try await browser.submit(path + "/enrollments", form: ["studentNumber": "A-1002"], from: path).status == .seeOther)
            let page = try await browser.get(path)
            #expect(page.text.contains("Flight safety exam"))
            #expect(page.text.contains("Students (1)"))
            let requirement = try #require(page.text.firstMatch(of: /name="requirementId"[^>]*><option value="([0-9A-F-]+)"/)).1
            let recorded = try await browser.submit(path + "/checkpoints", form: ["studentId": fixture.a.otherStudent.uuidString, "requirementId": String(requirement),
                                                                                 "completedOn": "2026-11-04", "evidence": "Passed, 27 of 30"], from: path)
            #expect(try await browser.get(try #require(recorded.location)).text.contains("— 100%"))
            let student = try await app.browser(signedInAs: fixture.a.email("other"))
            #expect(try await student.get("/credential-pathways").status == .forbidden)
        }
    }
}
