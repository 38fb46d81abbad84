import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Every role's home is its work queue")
struct WorkQueueTests {
    @Test("the coordinator, supervisor, guardian and student each find what waits for them, oldest first, and settle items in one click")
    func queues() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await PlacementSetup.make(app, fixture)
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let place = try await app.send(.POST, "/api/v1/opportunity-applications/\(s.applicationID)/place", token: s.coordinator)
            let id = try #require(place.object["id"] as? String)
            var home = try await coordinator.get("/").text
            #expect(home.contains("Agreement: Other Alphason, Drone repair internship") && home.contains("the agreement is not complete yet"))
            _ = try await app.send(.PATCH, "/api/v1/placements/\(id)", token: s.coordinator, json: PlacementSetup.terms)
            home = try await coordinator.get("/").text
            #expect(home.contains("waiting for student, parent or guardian, worksite supervisor, program coordinator"))

            let guardian = try await app.browser(signedInAs: fixture.a.email("gia"))
            #expect(try await guardian.get("/").text.contains("Sign the training agreement: Drone repair internship"))
            let supervisor = try await app.browser(signedInAs: fixture.a.email("supervisor"))
            #expect(try await supervisor.get("/").text.contains("as worksite supervisor"))
            for token in [s.student, s.guardian, s.supervisor, s.coordinator] {
                _ = try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: token, json: Sign("Signed", 2))
            }
            #expect(!(try await guardian.get("/").text.contains("Sign the training agreement")))
            for (start, end) in [("2026-11-03T22:30:00Z", "2026-11-03T23:30:00Z"), ("2026-11-04T22:30:00Z", "2026-11-05T00:30:00Z")] {
                _ = try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student, json: ["startsAt": start, "endsAt": end])
            }
            let waiting = try await supervisor.get("/")
            #expect(waiting.text.contains("Hours to approve: Other A.") && waiting.text.contains("Approve 3 h") && !waiting.text.contains("Alphason, Other"))
            let ids = try await PlacementHours.query(on: app.db).all().map { try $0.requireID().uuidString }.joined(separator: ",")
            let approved = try await supervisor.submit("/placement-hours/approve", form: ["ids": ids, "back": "home"], from: "/")
            #expect(approved.location?.hasPrefix("/?notice=Approved") == true)
            #expect(!(try await supervisor.get("/").text.contains("Hours to approve")))

            // A student's offer answers from their home; the queue shows the oldest first.
            let younger = try await app.token(fixture.a.email("student"))
            let shadow = try await app.send(.POST, "/api/v1/opportunities", token: s.coordinator, json: OpportunityBody(
                partnerId: try #require(try await Opportunity.find(UUID(uuidString: s.opportunityID), on: app.db)?.$partner.id), title: "Shop job shadow",
                kind: "jobShadow", pay: "unpaid", seats: 3, startsOn: "2026-12-01", endsOn: "2026-12-01", pathwayCodes: [], publish: true))
            let shadowID = try #require(shadow.object["id"] as? String)
            let applied = try await app.send(.POST, "/api/v1/opportunities/\(shadowID)/applications", token: younger, json: ["answer": "Curious about the shop."])
            home = try await coordinator.get("/").text
            #expect(home.contains("Applications to review: Shop job shadow"))
            _ = try await app.send(.POST, "/api/v1/opportunity-applications/\(try #require(applied.object["id"] as? String))/offer", token: s.coordinator)
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            let studentHome = try await student.get("/").text
            #expect(studentHome.contains("Offer: Shop job shadow") && studentHome.contains("This week") && studentHome.contains("Offered a seat"))
            #expect(try await student.submit("/opportunity-applications/\(try #require(applied.object["id"] as? String))/accept", form: [:], from: "/").status == .seeOther)
            #expect(!(try await student.get("/").text.contains("Offer: Shop job shadow")))
            let navigation = try await coordinator.get("/").text
            #expect(navigation.contains("Work-based learning") && navigation.contains("class=\"groups\""))
        }
    }
}
