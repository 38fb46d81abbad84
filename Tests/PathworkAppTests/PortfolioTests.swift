import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor

@Suite("Portfolio")
struct PortfolioTests {
    @Test("a student shares an expiring link; it shows the work and nothing else; clients are named only with consent")
    func sharing() async throws {
        try await withPathwork { app, fixture, clock in
            clock.advance(minutes: 5 * 60)
            let setup = try await TimeSetup.make(app, fixture)
            let entry = try await setup.entry(app, token: setup.coordinator, student: fixture.a.otherStudent, "2026-10-27", from: (15, 30), to: (18, 0))
            _ = try await app.send(.POST, "/api/v1/time-entries/\(entry.object["id"] as! String)/approve", token: setup.lead)
            let deliverable = try await app.send(.POST, "/api/v1/engagements/\(setup.engagement.id)/deliverables", token: setup.coordinator,
                                                 json: ["title": "Intake camera survey", "dueOn": "2026-11-20"])
            try #require(deliverable.status == .created, "\(deliverable.text)")
            try await (app.db as! any SQLDatabase).raw("UPDATE deliverables SET status = 'accepted'").run()   // the client's review, shortened
            let catalog = try await SignedCredentialTests.catalogEntry(app, token: setup.coordinator)
            _ = try await SignedCredentialTests.record(app, token: setup.coordinator, student: fixture.a.otherStudent, credential: catalog.id)

            let bad = try await app.send(.POST, "/api/v1/me/portfolio-links", token: setup.older, json: PortfolioLinkInput(expiresInDays: 365))
            #expect(bad.text.contains("\"field\":\"expiresInDays\""))
            #expect(try await app.send(.POST, "/api/v1/me/portfolio-links", token: setup.coordinator, json: PortfolioLinkInput(expiresInDays: 7)).status == .forbidden)
            let made = try await app.send(.POST, "/api/v1/me/portfolio-links", token: setup.older, json: PortfolioLinkInput(expiresInDays: 30))
            #expect(made.status == .created)
            let link = try made.json(PortfolioLinkJSON.self)
            let url = try #require(link.url)
            let path = String(url.dropFirst("http://127.0.0.1:8080".count))
            let token = String(path.dropFirst("/p/".count))

            let page = try await app.send(.GET, path)
            #expect(page.status == .ok)
            #expect(page.text.contains("Other A. — portfolio"))
            #expect(page.text.contains("Analyst, Aquatic Robotics"))
            #expect(page.text.contains("Intake inspection</strong> for a client (not named)"))
            #expect(page.text.contains("Accepted deliverables: Intake camera survey."))
            #expect(page.text.contains("CompTIA Security+ — valid"))
            #expect(page.text.contains("Approved work: 2 h 30 min"))
            for hidden in ["Valley Water", "A-1002", "other@alpha.test", "2009-07-01", "Othe" + "rson", "1800", "$18", "White"] {
                #expect(!page.text.contains(hidden), "\(hidden) leaked")
            }
            let json = try await app.send(.GET, "/api/v1/public/portfolios/\(token)").json(PortfolioJSON.self)
            #expect(json.approvedMinutes == 150 && json.work.first?.client == "a client (not named)")

            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let clientPage = "/partners/\(setup.plant.id)"
            #expect(try await coordinator.get(clientPage).text.contains("Record that the client agrees to be named"))
            _ = try await coordinator.submit(clientPage + "/portfolio-consent", form: ["granted": "yes"], from: clientPage)
            #expect(try await app.send(.GET, path).text.contains("Intake inspection</strong> for Valley Water Treatment"))
            #expect(try await app.send(.PUT, "/api/v1/clients/\(setup.plant.id)/portfolio-consent", token: setup.coordinator, json: ["granted": false]).status == .ok)
            #expect(!(try await app.send(.GET, path)).text.contains("Valley Water"))

            // The client answers for itself in the portal, and only for itself.
            let contact = try await app.browser(signedInAs: fixture.a.email("client"))
            let home = try await contact.get("/")
            #expect(home.text.contains("may they name Valley Water Treatment?") && home.text.contains("Yes, portfolios may name Valley Water Treatment"))
            #expect(try await contact.submit(clientPage + "/portfolio-consent", form: ["granted": "yes"], from: "/").headers.first(name: .location)?.hasPrefix("/?notice=") == true)
            #expect(try await app.send(.GET, path).text.contains("for Valley Water Treatment"))
            #expect(try await contact.get("/").text.contains("Stop naming Valley Water Treatment"))
            let other = try await app.send(.POST, "/api/v1/clients", token: setup.coordinator, json: ClientInput(name: "Elsewhere Farms")).json(ClientJSON.self)
            #expect(try await app.send(.PUT, "/api/v1/clients/\(other.id)/portfolio-consent", token: setup.client, json: ["granted": true]).status == .notFound)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.PUT, "/api/v1/clients/\(setup.plant.id)/portfolio-consent", token: mentor, json: ["granted": false]).status == .forbidden)
            #expect(try await app.send(.PUT, "/api/v1/clients/\(setup.plant.id)/portfolio-consent", token: setup.client, json: ["granted": false]).status == .ok)
            #expect(!(try await app.send(.GET, path)).text.contains("Valley Water"))

            // Only its owner takes a link back; taken back or expired, it is gone.
            #expect(try await app.send(.POST, "/api/v1/me/portfolio-links/\(link.id)/revoke", token: setup.student).status == .notFound)
            let second = try await app.send(.POST, "/api/v1/me/portfolio-links", token: setup.older, json: PortfolioLinkInput(expiresInDays: 7)).json(PortfolioLinkJSON.self)
            #expect(try await app.send(.POST, "/api/v1/me/portfolio-links/\(link.id)/revoke", token: setup.older).json(PortfolioLinkJSON.self).live == false)
            #expect(try await app.send(.GET, path).status == .notFound)
            let secondPath = String(try #require(second.url).dropFirst("http://127.0.0.1:8080".count))
            #expect(try await app.send(.GET, secondPath).status == .ok)
            clock.advance(minutes: 8 * 24 * 60)
            #expect(try await app.send(.GET, secondPath).status == .notFound)
            #expect(try await app.send(.GET, "/p/not-a-token").status == .notFound)
            let fresh = try await app.token(fixture.a.email("other"))   // the week outlived the API token
            let listed = try await app.send(.GET, "/api/v1/me/portfolio-links", token: fresh).json([PortfolioLinkJSON].self)
            #expect(listed.count == 2 && listed.allSatisfy { !$0.live && $0.url == nil })
        }
    }

    @Test("the student's page makes a link, shows it once, and takes it back")
    func page() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("student"))
            let settings = try await browser.get("/portfolio")
            #expect(settings.text.contains("What the link shows"))
            let made = try await browser.submit("/portfolio", form: ["expiresInDays": "7"], from: "/portfolio")
            let url = try #require(made.text.firstMatch(of: /href="(http:\/\/127\.0\.0\.1:8080\/p\/[A-Za-z0-9_-]+)"/)).1
            #expect(made.text.contains("Copy it now"))
            #expect(try await app.send(.GET, String(url.dropFirst("http://127.0.0.1:8080".count))).status == .ok)
            #expect(!(try await browser.get("/portfolio")).text.contains(String(url)))
            let revoke = try #require(made.text.firstMatch(of: /action="(\/portfolio\/links\/[0-9a-f-]+\/revoke)"/)).1
            let done = try await browser.submit(String(revoke), form: [:], from: "/portfolio")
            #expect(try await browser.get(try #require(done.location)).text.contains("taken back"))
            #expect(try await app.send(.GET, String(url.dropFirst("http://127.0.0.1:8080".count))).status == .notFound)
        }
    }
}
