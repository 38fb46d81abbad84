import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Client work pages")
struct ClientPagesTests {
    @Test("a coordinator adds a client and its contact; the contact requests work from the portal")
    func clientsAndRequests() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let bad = try await coordinator.submit("/partners", form: ["name": ""], from: "/partners")
            #expect(bad.status == .unprocessableEntity)
            let added = try await coordinator.submit("/partners", form: ["name": "Valley Water", "sector": "utilities"], from: "/partners")
            let clientPath = try #require(added.location?.components(separatedBy: "?").first)
            #expect(try await coordinator.submit(clientPath + "/contacts", form: ["personId": fixture.a.client.uuidString],
                                                 from: clientPath).status == .seeOther)
            #expect(try await coordinator.get(clientPath).text.contains("Client Alphason"))

            let client = try await app.browser(signedInAs: fixture.a.email("client"))
            let home = try await client.get("/")
            #expect(home.text.contains("Nothing to review right now."))
            let form = try await client.get("/requests/new")
            #expect(!form.text.contains("name=\"clientId\""))  // one organization: not asked
            let missing = try await client.submit("/requests", form: ["title": "Algae", "description": ""], from: "/requests/new")
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("Describe what is wrong"))
            let sent = try await client.submit("/requests", form: ["title": "Algae in pipe 3", "description": "Green growth", "neededBy": "2026-12-01"],
                                               from: "/requests/new")
            #expect(sent.status == .seeOther)
            #expect(try await client.get("/requests").text.contains("Algae in pipe 3"))
            #expect(try await coordinator.get("/requests").text.contains("Algae in pipe 3"))
        }
    }

    @Test("triage: inline errors, then a proposed engagement with visits; decline shows the reason")
    func triage() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let plant = try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: "Valley Water")).json(ClientJSON.self)
            let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Aquatic Robotics", discipline: "x")).json(TeamJSON.self)
            func request(_ title: String) async throws -> ServiceRequestJSON {
                try await app.send(.POST, "/api/v1/service-requests", token: token,
                                   json: ServiceRequestInput(clientId: plant.id, title: title, description: "d")).json(ServiceRequestJSON.self)
            }
            let algae = try await request("Algae"), paint = try await request("Paint")
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let page = "/requests/\(algae.id)"
            let bad = try await browser.submit(page + "/accept", form: ["teamId": "", "rate": "abc", "startsOn": "2026-11-10",
                                                                      "firstVisitOn": "2027-03-01", "cadence": "quarterly", "visitCount": "0"], from: page)
            #expect(bad.status == .unprocessableEntity)
            for message in ["Choose the team", "hourly rate in cents", "Give the first visit date"] { #expect(bad.text.contains(message)) }
            let good = try await browser.submit(page + "/accept", form: [
                "teamId": team.id.uuidString, "title": "Algae work", "rate": "45.00", "startsOn": "2026-11-10", "budgetHours": "100",
                "billingIncrementMinutes": "15", "firstVisitOn": "2027-03-01", "cadence": "quarterly", "visitCount": "4",
            ], from: page)
            #expect(good.status == .seeOther)
            let engagementPage = try await browser.get(try #require(good.location))
            for text in ["Algae work", "$45.00 per hour, billed in 15-minute increments", "0 h 00 min of 100 h 00 min", "2027-12-01 — scheduled", "Proposed"] {
                #expect(engagementPage.text.contains(text), "missing \(text)")
            }
            #expect(try await browser.submit("/requests/\(paint.id)/decline", form: ["reason": ""], from: "/requests/\(paint.id)").status == .unprocessableEntity)
            #expect(try await browser.submit("/requests/\(paint.id)/decline", form: ["reason": "Not our kind of work."],
                                             from: "/requests/\(paint.id)").status == .seeOther)
            #expect(try await browser.get("/requests").text.contains("Not our kind of work."))
        }
    }

    @Test("the engagement page: status, deliverables through review, visits; other clients and districts get 404")
    func engagementPage() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let plant = try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: "Valley Water")).json(ClientJSON.self)
            _ = try await app.send(.POST, "/api/v1/clients/\(plant.id)/contacts", token: token, json: ["personId": fixture.a.client])
            let other = try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: "Other Org")).json(ClientJSON.self)
            let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Cyber", discipline: "x")).json(TeamJSON.self)
            var terms = EngagementInput(clientId: plant.id, teamId: team.id, title: "Check-ups", startsOn: "2026-11-10", hourlyRateCents: 4000)
            terms.visits = VisitPlanInput(firstOn: "2026-12-01", cadence: .monthly, count: 2)
            let engagement = try await app.send(.POST, "/api/v1/engagements", token: token, json: terms).json(EngagementJSON.self)
            let theirs = try await app.send(.POST, "/api/v1/engagements", token: token, json: EngagementInput(
                clientId: other.id, teamId: team.id, title: "Theirs", startsOn: "2026-11-10", hourlyRateCents: 4000)).json(EngagementJSON.self)

            let staff = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let path = "/engagements/\(engagement.id)"
            #expect(try await staff.submit(path + "/status", form: ["status": "active"], from: path).status == .seeOther)
            #expect(try await staff.submit(path + "/deliverables", form: ["title": "", "dueOn": ""], from: path).status == .unprocessableEntity)
            #expect(try await staff.submit(path + "/deliverables", form: ["title": "Report", "dueOn": "2026-12-10", "kind": "report"],
                                           from: path).status == .seeOther)
            let deliverable = try #require(try await Deliverable.query(on: app.db).first())
            #expect(try await staff.submit("/deliverables/\(deliverable.id!)/submit", form: [:], from: path).status == .seeOther)
            let visit = try #require(try await Visit.query(on: app.db).filter(\.$engagement.$id == engagement.id).sort(\.$dueOn).first())
            #expect(try await staff.submit("/visits/\(visit.id!)/done", form: ["report": ""], from: path).status == .unprocessableEntity)
            #expect(try await staff.submit("/visits/\(visit.id!)/done", form: ["report": "All clear"], from: path).status == .seeOther)
            #expect(try await staff.get(path).text.contains("2026-12-01 — done"))

            let client = try await app.browser(signedInAs: fixture.a.email("client"))
            #expect(try await client.get("/").text.contains("Report (due 2026-12-10)"))
            let revision = try await client.submit("/deliverables/\(deliverable.id!)/request-revision", form: ["comment": ""], from: path)
            #expect(revision.status == .unprocessableEntity)
            #expect(try await client.submit("/deliverables/\(deliverable.id!)/request-revision", form: ["comment": "Add photos"],
                                            from: path).status == .seeOther)
            #expect(try await client.get(path).text.contains("Revision requested — Add photos"))
            #expect(try await client.get("/engagements/\(theirs.id)").status == .notFound)
            #expect(!(try await client.get("/engagements").text.contains("Theirs")))
            #expect(try await client.get("/partners").status == .forbidden)
            #expect(try await client.submit(path + "/status", form: ["status": "completed"], from: path).status == .forbidden)

            let beta = try await app.browser(signedInAs: fixture.b.email("admin"))
            #expect(try await beta.get(path).status == .notFound)
            #expect(try await beta.get("/partners/\(plant.id)").status == .notFound)
            #expect(try await beta.submit("/deliverables/\(deliverable.id!)/submit", form: [:], from: "/").status == .notFound)
            let mentor = try await app.browser(signedInAs: fixture.a.email("mentor"))
            #expect(try await mentor.get(path).status == .forbidden)
        }
    }
}
