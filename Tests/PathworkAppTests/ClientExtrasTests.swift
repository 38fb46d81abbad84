import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Calendars, contracts and feedback")
struct ClientExtrasTests {
    func engagement(_ app: Application, _ fixture: Fixture, token: String) async throws -> (EngagementJSON, TeamJSON, ClientJSON) {
        let plant = try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: "Valley Water", address: "1 River Rd")).json(ClientJSON.self)
        _ = try await app.send(.POST, "/api/v1/clients/\(plant.id)/contacts", token: token, json: ["personId": fixture.a.client])
        let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Aquatic Robotics", discipline: "x")).json(TeamJSON.self)
        var terms = EngagementInput(clientId: plant.id, teamId: team.id, title: "Intake, check-ups", scope: "Inspect; report",
                                    startsOn: "2026-11-10", hourlyRateCents: 4500, budgetMinutes: 600, poNumber: "PO-9")
        terms.visits = VisitPlanInput(firstOn: "2027-03-01", cadence: .quarterly, count: 2)
        let engagement = try await app.send(.POST, "/api/v1/engagements", token: token, json: terms).json(EngagementJSON.self)
        _ = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/deliverables", token: token,
                               json: DeliverableInput(title: "Species report", dueOn: "2026-12-01"))
        return (engagement, team, plant)
    }

    @Test("team and client feeds hold every visit and open deliverable as all-day events")
    func calendars() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let (_, team, plant) = try await engagement(app, fixture, token: token)
            let feed = try await app.send(.GET, "/api/v1/teams/\(team.id)/calendar.ics", token: token)
            #expect(feed.status == .ok)
            #expect(feed.headers.first(name: .contentType) == "text/calendar; charset=utf-8")
            #expect(feed.text.components(separatedBy: "BEGIN:VEVENT").count - 1 == 3)
            for line in ["DTSTART;VALUE=DATE:20270301", "DTSTART;VALUE=DATE:20270601", "DTSTART;VALUE=DATE:20261201",
                         "SUMMARY:Visit: Intake\\, check-ups", "SUMMARY:Due: Species report", "X-WR-CALNAME:Aquatic Robotics"] {
                #expect(feed.text.contains(line), "missing \(line)")
            }
            let client = try await app.browser(signedInAs: fixture.a.email("client"))
            let clientFeed = try await client.get("/clients/\(plant.id)/calendar.ics")
            #expect(clientFeed.status == .ok)
            #expect(clientFeed.text.contains("X-WR-CALNAME:Valley Water"))
            #expect(try await client.get("/teams/\(team.id)/calendar.ics").status == .forbidden)
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/clients/\(plant.id)/calendar.ics", token: beta).status == .notFound)
            let teamPage = try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/teams/\(team.id)")
            #expect(teamPage.text.contains("Client work"))
            #expect(teamPage.text.contains("2026-12-01 — Due: Species report"))
        }
    }

    @Test("the printable contract names parties, scope, fees, schedule and signature lines")
    func contract() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let (engagement, _, _) = try await engagement(app, fixture, token: token)
            let page = try await app.browser(signedInAs: fixture.a.email("client")).get("/engagements/\(engagement.id)/contract")
            #expect(page.status == .ok)
            for text in ["Alpha Schools", "Valley Water, 1 River Rd", "Inspect; report", "$45.00 per hour", "10 hours", "PO-9",
                         "2027-06-01", "Species report (report), due 2026-12-01", "For the Client", "For the District"] {
                #expect(page.text.contains(text), "missing \(text)")
            }
        }
    }

    @Test("feedback opens at completion, once, from the client contact")
    func feedback() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let (engagement, _, _) = try await engagement(app, fixture, token: token)
            let client = try await app.token(fixture.a.email("client"))
            let early = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/feedback", token: client, json: FeedbackInput(satisfaction: 5))
            #expect(early.object["code"] as? String == "feedback.not-completed")
            for status in ["active", "completed"] {
                _ = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/status", token: token, json: ["status": status])
            }
            #expect(try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/feedback", token: client,
                                       json: FeedbackInput(satisfaction: 7)).status == .unprocessableEntity)
            #expect(try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/feedback", token: token,
                                       json: FeedbackInput(satisfaction: 5)).status == .forbidden)
            let browser = try await app.browser(signedInAs: fixture.a.email("client"))
            let path = "/engagements/\(engagement.id)"
            #expect(try await browser.get(path).text.contains("How did it go?"))
            #expect(try await browser.submit(path + "/feedback", form: ["satisfaction": "5", "wouldHireAgain": "on", "comment": "Saved our pipes."],
                                             from: path).status == .seeOther)
            let staffView = try await app.browser(signedInAs: fixture.a.email("coordinator")).get(path)
            #expect(staffView.text.contains("Satisfaction 5 of 5 · would hire again"))
            #expect(staffView.text.contains("Saved our pipes."))
            #expect(try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/feedback", token: client,
                                       json: FeedbackInput(satisfaction: 4)).object["code"] as? String == "feedback.given")
        }
    }
}

@Suite("Editing engagements")
struct EngagementEditTests {
    @Test("terms change through the API and the form, keep what is not named, and are audited; closed engagements are frozen")
    func edit() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let (engagement, _, _) = try await ClientExtrasTests().engagement(app, fixture, token: token)
            let patched = try await app.send(.PATCH, "/api/v1/engagements/\(engagement.id)", token: token,
                                             json: EngagementInput(hourlyRateCents: 5000, poNumber: "PO-10"))
            #expect(patched.status == .ok)
            let after = try patched.json(EngagementJSON.self)
            #expect(after.hourlyRateCents == 5000)
            #expect(after.poNumber == "PO-10")
            #expect(after.title == "Intake, check-ups")
            #expect(after.budgetMinutes == 600)
            let entry = try #require(try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).first())
            #expect(entry.before.contains("\"hourlyRateCents\":4500") && entry.after.contains("\"hourlyRateCents\":5000"))
            // Pricing without its amount breaks a rule the document states, whichever field the body sent.
            var unpriced = EngagementInput()
            unpriced.pricing = .fixedFee
            let refused = try await app.send(.PATCH, "/api/v1/engagements/\(engagement.id)", token: token, json: unpriced)
            #expect(refused.status == .unprocessableEntity && refused.object["code"] as? String == "validation.rule", "\(refused.text)")

            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let path = "/engagements/\(engagement.id)/edit"
            #expect(try await browser.get(path).text.contains("value=\"50.00\""))
            let bad = try await browser.submit(path, form: ["title": "", "startsOn": "2026-11-10", "rate": "fifty", "billingIncrementMinutes": "15"], from: path)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Enter a title") && bad.text.contains("hourly rate"))
            let good = try await browser.submit(path, form: ["title": "Intake inspection", "startsOn": "2026-11-10", "rate": "52.50",
                                                             "billingIncrementMinutes": "6", "budgetHours": "", "poNumber": ""], from: path)
            #expect(good.status == .seeOther)
            let saved = try #require(try await Engagement.find(engagement.id, on: app.db))
            #expect(saved.title == "Intake inspection" && saved.hourlyRateCents == 5250 && saved.billingIncrementMinutes == 6)
            #expect(saved.budgetMinutes == nil && saved.poNumber == nil)
            for status in ["active", "cancelled"] {
                _ = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/status", token: token, json: ["status": status])
            }
            #expect(try await app.send(.PATCH, "/api/v1/engagements/\(engagement.id)", token: token,
                                       json: EngagementInput(title: "x")).object["code"] as? String == "engagement.closed")
            let client = try await app.token(fixture.a.email("client"))
            #expect(try await app.send(.PATCH, "/api/v1/engagements/\(engagement.id)", token: client, json: EngagementInput(title: "x")).status == .forbidden)
        }
    }

    @Test("the client sees submitted deliverables, not the team's planned ones")
    func plannedHidden() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let (engagement, _, _) = try await ClientExtrasTests().engagement(app, fixture, token: token)
            let client = try await app.token(fixture.a.email("client"))
            #expect(try await app.send(.GET, "/api/v1/engagements/\(engagement.id)", token: client).json(EngagementJSON.self).deliverables?.isEmpty == true)
            let page = try await app.browser(signedInAs: fixture.a.email("client")).get("/engagements/\(engagement.id)")
            #expect(!page.text.contains("Species report"))
            #expect(try await app.send(.GET, "/api/v1/engagements/\(engagement.id)", token: token).json(EngagementJSON.self).deliverables?.count == 1)
        }
    }
}

@Suite("Calendar subscriptions")
struct CalendarSubscriptionTests {
    @Test("a private link serves the feed without sign-in; a new link retires the old one")
    func subscribe() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let (_, team, plant) = try await ClientExtrasTests().engagement(app, fixture, token: token)
            let staff = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let teamPage = "/teams/\(team.id)"
            func link(_ reply: Reply, _ browser: Browser) async throws -> String {
                let page = try await browser.get(try #require(reply.location))
                let range = try #require(page.text.range(of: #"/calendars/[A-Za-z0-9_-]+\.ics"#, options: .regularExpression))
                return String(page.text[range])
            }
            let first = try await link(try await staff.submit("/calendars/teams/\(team.id.uuidString.lowercased())", form: [:], from: teamPage), staff)
            let feed = try await app.send(.GET, first)
            #expect(feed.status == .ok)
            #expect(feed.text.contains("X-WR-CALNAME:Aquatic Robotics"))
            let second = try await link(try await staff.submit("/calendars/teams/\(team.id.uuidString.lowercased())", form: [:], from: teamPage), staff)
            #expect(first != second)
            #expect(try await app.send(.GET, first).status == .notFound)
            #expect(try await app.send(.GET, second).status == .ok)
            #expect(try await app.send(.GET, "/calendars/not-a-token.ics").status == .notFound)

            let client = try await app.browser(signedInAs: fixture.a.email("client"))
            let clientLink = try await link(try await client.submit("/calendars/clients/\(plant.id.uuidString.lowercased())", form: [:], from: "/"), client)
            #expect(try await app.send(.GET, clientLink).text.contains("X-WR-CALNAME:Valley Water"))
            let other = try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: "Other")).json(ClientJSON.self)
            #expect(try await client.submit("/calendars/clients/\(other.id.uuidString.lowercased())", form: [:], from: "/").status == .notFound)
        }
    }
}
