import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Interest inventory")
struct InterestInventoryPageTests {
    /// Investigative "sounds fun", Conventional and Realistic "maybe", the rest "not for me".
    static var answers: [String: Int] {
        Dictionary(uniqueKeysWithValues: InterestInventory.items.map { item in
            (item.id, item.type == .investigative ? 2 : [.conventional, .realistic].contains(item.type) ? 1 : 0)
        })
    }

    @Test("a student takes it over the API; retakes keep history; staff read it, others do not")
    func api() async throws {
        try await withPathwork { app, fixture, clock in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let team = try await app.send(.POST, "/api/v1/teams", token: coordinator, json: TeamInput(name: "Cyber Range", discipline: "security")).json(TeamJSON.self)
            _ = try await app.send(.POST, "/api/v1/teams/\(team.id)/roles", token: coordinator, json: TeamRoleInput(name: "Analyst"))
            _ = try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator, json: PathwayLinkInput(pathwayCode: "DT.3", teamId: team.id.uuidString))

            let student = try await app.token(fixture.a.email("student"))
            let inventory = try await app.send(.GET, "/api/v1/interest-inventory", token: student)
            #expect(inventory.text.contains("\"id\":\"R1\""))
            var partial = Self.answers
            partial["S3"] = nil
            partial["A2"] = 7
            let refused = try await app.send(.POST, "/api/v1/interest-inventory/results", token: student, json: InventoryAnswers(answers: partial))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("\"field\":\"answers.S3\"") && refused.text.contains("\"field\":\"answers.A2\""))
            #expect(try await app.send(.GET, "/api/v1/interest-inventory/results", token: student).json([InterestResultJSON].self).isEmpty)

            let taken = try await app.send(.POST, "/api/v1/interest-inventory/results", token: student, json: InventoryAnswers(answers: Self.answers))
            #expect(taken.status == .created)
            let result = try taken.json(InterestResultJSON.self)
            #expect(result.code == "IRC")   // R and C tie at 6: R comes first in R-I-A-S-E-C
            #expect(result.scores == ["R": 6, "I": 12, "A": 0, "S": 0, "E": 0, "C": 6])
            #expect(result.suggestions.first?.clusterCode == "IT")
            #expect(result.suggestions.first?.teams == ["Cyber Range"])   // placed on DT.3, IT's 2024 counterpart
            #expect(result.suggestions.first?.roles == ["Analyst (Cyber Range)"])
            #expect(result.suggestions.first?.why.contains("Investigative (12 of 12)") == true)

            clock.advance(minutes: 5)
            var retake = Self.answers
            for item in InterestInventory.items where item.type == .artistic { retake[item.id] = 2 }
            _ = try await app.send(.POST, "/api/v1/interest-inventory/results", token: student, json: InventoryAnswers(answers: retake))
            let history = try await app.send(.GET, "/api/v1/interest-inventory/results", token: student).json([InterestResultJSON].self)
            #expect(history.map(\.code) == ["IAR", "IRC"])

            let staff = try await app.send(.GET, "/api/v1/interest-inventory/results?studentId=\(fixture.a.student)", token: coordinator)
            #expect(try staff.json([InterestResultJSON].self).count == 2)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/interest-inventory/results?studentId=\(fixture.a.student)", token: mentor).status == .forbidden)
            #expect(try await app.send(.POST, "/api/v1/interest-inventory/results", token: coordinator,
                                       json: InventoryAnswers(answers: Self.answers)).status == .forbidden)
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/interest-inventory/results?studentId=\(fixture.a.student)", token: beta)
                .json([InterestResultJSON].self).isEmpty)
        }
    }

    @Test("the phone page: unanswered items are named, the profile is explained, suggestions link to the clusters")
    func page() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("student"))
            #expect(try await browser.get("/explore").location == "/explore/take")
            let form = try await browser.get("/explore/take")
            #expect(form.text.contains("Fly a drone or drive a robot through an obstacle course"))
            var fields = Dictionary(uniqueKeysWithValues: Self.answers.map { ("answers[\($0.key)]", String($0.value)) })
            fields["answers[E4]"] = nil
            let refused = try await browser.submit("/explore/take", form: fields, from: "/explore/take")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Answer “Be in charge of a project and make the final calls”."))
            #expect(refused.text.contains("value=\"2\" checked"))   // what was answered stays answered
            fields["answers[E4]"] = "0"
            let done = try await browser.submit("/explore/take", form: fields, from: "/explore/take")
            let results = try await browser.get(try #require(done.location))
            #expect(results.text.contains("Your interest profile: IRC"))
            #expect(results.text.contains("Investigative (a thinker)"))
            #expect(results.text.contains("href=\"/career-clusters?framework=2006&open=IT#IT\""))
            let opened = try await browser.get("/career-clusters?framework=2006&open=IT")
            #expect(opened.text.contains("id=\"IT\" open"))

            let counselor = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await counselor.get("/people/\(fixture.a.student)").text.contains("Interest profile"))
        }
    }
}
