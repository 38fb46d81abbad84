import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Pitch events and judging")
struct PitchEventTests {
    struct EventBody: Content { var title: String; var kind: String; var heldOn: String; var audienceVoting: Bool }

    func venture(_ app: Application, token: String, name: String) async throws -> String {
        let problem = try #require(try await app.send(.POST, "/api/v1/problems", token: token, json: VentureTests.Problem(title: "Problem for \(name)", location: "", affected: "", frequency: "weekly")).object["id"] as? String)
        return try #require(try await app.send(.POST, "/api/v1/ventures", token: token, json: VentureTests.NewVenture(name: name, problemId: problem, pathwayCode: "", memberIds: [])).object["id"] as? String)
    }

    /// A browser signed in by a judge's link.
    func judge(_ app: Application, link: String) async throws -> Browser {
        let browser = Browser(app: app)
        let path = String(link[link.range(of: "/judge/")!.lowerBound...])
        let landed = try await browser.get(path)
        #expect(landed.status == .seeOther)
        return browser
    }

    @Test("judges sign in by link, score on the standard rubric as they go (a repeated save is one score), see only their event, and read nobody's scores until it closes; results are standardized with raw means beside")
    func judging() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let student = try await app.token(fixture.a.email("student")), other = try await app.token(fixture.a.email("other"))
            let outfit = try await venture(app, token: student, name: "Reversible theater outfit")
            let trailer = try await venture(app, token: other, name: "Mobile hygiene trailer")
            let event = try #require(try await app.send(.POST, "/api/v1/pitch-events", token: coordinator,
                                                        json: EventBody(title: "Spring showcase", kind: "showcase", heldOn: "2026-11-06", audienceVoting: true)).object["id"] as? String)
            let elsewhere = try #require(try await app.send(.POST, "/api/v1/pitch-events", token: coordinator,
                                                            json: EventBody(title: "Fall pitches", kind: "elevatorPitch", heldOn: "2026-10-01", audienceVoting: false)).object["id"] as? String)
            for id in [outfit, trailer] { _ = try await app.send(.POST, "/api/v1/pitch-events/\(event)/lineup", token: coordinator, json: ["ventureId": id]) }
            let moved = try await app.send(.POST, "/api/v1/pitch-events/\(event)/lineup", token: coordinator, json: ["ventureId": AnyEncodable(trailer), "moveUp": AnyEncodable(true)])
            #expect(((moved.object["lineup"] as? [[String: Any]]) ?? []).compactMap { $0["venture"] as? String } == ["Mobile hygiene trailer", "Reversible theater outfit"])
            var links: [String] = []
            for (given, email) in [("Jo", "jo.judge@alpha.test"), ("Hal", "hal.harsh@alpha.test")] {
                let invited = try await app.send(.POST, "/api/v1/pitch-events/\(event)/judges", token: coordinator, json: ["givenName": given, "familyName": "Judge", "email": email])
                #expect(invited.status == .created, "\(invited.text)")
                links.append(try #require(invited.object["link"] as? String))
            }
            let beta = try await app.send(.POST, "/api/v1/pitch-events/\(event)/judges", token: coordinator, json: ["givenName": "Bea", "familyName": "Beta", "email": fixture.b.email("mentor")])
            #expect(beta.object["code"] as? String == "judge.elsewhere")
            let jo = try await judge(app, link: links[0]), hal = try await judge(app, link: links[1])
            let card = "/pitch-events/\(event)/ventures/\(outfit)/score"
            let early = try await jo.submit(card, form: ["level.Problem": "4"], from: "/pitch-events/\(event)")
            #expect(early.location?.contains("not%20opened") == true)
            #expect(try await app.send(.POST, "/api/v1/pitch-events/\(event)/open", token: coordinator).object["status"] as? String == "judging")

            func score(_ who: Browser, _ venture: String, _ levels: [Int], comment: String = "") async throws {
                let path = "/pitch-events/\(event)/ventures/\(venture)/score"
                var form = Dictionary(uniqueKeysWithValues: zip(["Problem", "Solution", "Business model", "Delivery"].map { "level.\($0)" }, levels.map(String.init)))
                form["comment"] = comment
                let saved = try await who.submit(path, form: form, from: path)
                #expect(saved.location?.contains("Saved") == true, "\(saved.status) \(saved.location ?? "")")
            }
            try await score(jo, outfit, [4, 4, 3, 3], comment: "Snaps beat zippers: show that.")
            try await score(jo, trailer, [2, 2, 2, 2])
            try await score(hal, outfit, [3, 3, 2, 2])
            try await score(hal, trailer, [1, 1, 1, 1])
            // The same save eight times at once is still one score a criterion.
            let path = "/pitch-events/\(event)/ventures/\(trailer)/score"
            let csrf = try await hal.csrfToken(on: path)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 { group.addTask { try await hal.post(path, fields: [("level.Problem", "1"), ("level.Solution", "1"), ("level.Business model", "1"), ("level.Delivery", "1"), ("_csrf", csrf)]).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther })
            #expect(try await PitchScore.query(on: app.db).count() == 16)

            // Reach: a judge reaches their event only, and never a student's record.
            #expect(try await jo.get("/pitch-events/\(elsewhere)").status == .notFound)
            #expect(try await jo.get("/ventures/\(outfit)").status == .notFound)
            #expect(try await jo.get("/people/\(fixture.a.student)").status == .notFound)
            let scorecard = try await jo.get(card).text
            #expect(scorecard.contains("Student A.") && !scorecard.contains("Alphason"))
            #expect(try await Disclosure.query(on: app.db).filter(\.$context ~~ ["pitch judging: Reversible theater outfit"]).count() >= 1)
            #expect(!(try await jo.get("/pitch-events/\(event)").text.contains("Results")))
            #expect(try await app.send(.GET, "/api/v1/pitch-events/\(event)/results", token: student).object["code"] as? String == "pitch.not-closed")

            // The audience votes once.
            #expect(try await app.send(.POST, "/api/v1/pitch-events/\(event)/votes", token: other, json: ["ventureId": outfit]).status == .created)
            #expect(try await app.send(.POST, "/api/v1/pitch-events/\(event)/votes", token: other, json: ["ventureId": trailer]).object["code"] as? String == "pitch.voted")

            #expect(try await app.send(.POST, "/api/v1/pitch-events/\(event)/close", token: coordinator).object["status"] as? String == "closed")
            let results = try await app.send(.GET, "/api/v1/pitch-events/\(event)/results", token: student).object
            let standings = try #require(results["standings"] as? [[String: Any]])
            #expect(standings.compactMap { $0["venture"] as? String } == ["Reversible theater outfit", "Mobile hygiene trailer"])
            // Each judge put the outfit above the trailer, so its standardized score is +1.000 and the trailer's −1.000.
            #expect(standings.compactMap { $0["standardizedThousandths"] as? Int } == [1000, -1000])
            // Raw: Jo (30×4 + 30×4 + 20×3 + 20×3) / 400 = 900, Hal 650 → mean 775.
            #expect(standings.first?["rawMeanThousandths"] as? Int == 775 && standings.first?["audienceVotes"] as? Int == 1)
            let page = try await app.browser(signedInAs: fixture.a.email("student")).get("/pitch-events/\(event)").text
            #expect(page.contains("Snaps beat zippers: show that.") && page.contains("+1.000"))
            let stages = try await app.send(.GET, "/api/v1/ventures/\(outfit)", token: student).object["stages"] as? [[String: Any]] ?? []
            let pitches = stages.last?["requirements"] as? [[String: Any]] ?? []
            #expect(pitches.first { $0["artifact"] as? String == "pitches" }?["done"] as? Int == 1)
            #expect(try await jo.submit(card, form: ["level.Problem": "1"], from: "/pitch-events/\(event)").location?.contains("closed") == true)
            // Outcomes count the pitch; the rollups stay equal to the records.
            let json: HTTPHeaders = ["Accept": "application/json"]
            let rolled = try await app.send(.GET, "/api/v1/outcomes?year=2026&by=sex", token: coordinator, headers: json).text
            #expect(rolled == (try await app.send(.GET, "/api/v1/outcomes?year=2026&by=sex&source=records", token: coordinator, headers: json)).text)
            #expect(rolled.contains("pitchGiven") && rolled.contains("entrepreneurship"))
            let home = try await jo.get("/").text
            #expect(!home.contains("Students you work with") && !home.contains("Score the pitches"))
        }
    }

    @Test("the schedule form takes the event's own rubric, with weights and level descriptors, and names what is wrong with it")
    func ownRubric() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let base = ["title": "Case study night", "kind": "caseStudy", "heldOn": "2026-12-01"]
            let bad = try await coordinator.submit("/pitch-events", form: base.merging(["rubric": "Evidence (0): thin | solid\nEvidence (10): a | b"]) { $1 }, from: "/pitch-events")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Weigh each criterion from 1 to 100."))
            let made = try await coordinator.submit("/pitch-events", form: base.merging(["rubric": "Evidence (60): thin | solid | compelling\nDelivery (40): unclear | clear"]) { $1 },
                                                    from: "/pitch-events")
            #expect(made.status == .seeOther)
            let event = try #require(try await PitchEvent.query(on: app.db).first())
            #expect(event.scoring.criteria.map(\.weight) == [60, 40] && event.scoring.criteria[0].levels.count == 3)
        }
    }
}
