import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

struct Sign: Content {
    var signedName: String
    var version: Int
    init(_ name: String, _ version: Int) { (signedName, self.version) = (name, version) }
}

@Suite("Offers, placements, training agreements, worksite hours and evaluations")
struct PlacementAppTests {
    /// Sends the same request `times` at once; the statuses that came back.
    func atOnce(_ times: Int = 8, _ send: @escaping @Sendable () async throws -> HTTPStatus) async throws -> [HTTPStatus] {
        try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<times { group.addTask { try await send() } }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
    }

    @Test("an offer with every seat held waitlists; a decline gives the seat to the longest waiting; the partner reads applicants in the limited form, each a disclosure")
    func offersAndWaitlist() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await PlacementSetup.make(app, fixture, seats: 1)
            let younger = try await app.token(fixture.a.email("student"))
            let second = try #require(try await app.send(.POST, "/api/v1/opportunities/\(s.opportunityID)/applications", token: younger,
                                                         json: ["answer": "I want to learn repair."]).object["id"] as? String)
            #expect(try await app.send(.POST, "/api/v1/opportunity-applications/\(second)/offer", token: s.coordinator).object["status"] as? String == "waitlisted")
            #expect(try await app.send(.POST, "/api/v1/opportunity-applications/\(second)/accept", token: younger).object["code"] as? String == "application.no-offer")
            #expect(try await app.send(.POST, "/api/v1/opportunity-applications/\(second)/offer", token: younger).status == .forbidden)

            let contact = try await app.token(fixture.a.email("client"))
            let seen = try await app.send(.GET, "/api/v1/opportunities/\(s.opportunityID)/applications", token: contact).array
            #expect(Set(seen.compactMap { $0["studentName"] as? String }) == ["Other A.", "Student A."])
            let disclosed = try await Disclosure.query(on: app.db).filter(\.$viewerID == fixture.a.client).count()
            #expect(disclosed == 2)
            #expect(try await app.send(.GET, "/api/v1/opportunities/\(s.opportunityID)/applications", token: try await app.token(fixture.a.email("mentor"))).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/opportunities/\(s.opportunityID)/applications", token: try await app.token(fixture.b.email("coordinator"))).status == .notFound)

            // The accepted student withdraws: the waitlisted one is offered the seat in the same change.
            #expect(try await app.send(.POST, "/api/v1/opportunity-applications/\(s.applicationID)/withdraw", token: s.student).object["status"] as? String == "withdrawn")
            let mine = try await app.send(.GET, "/api/v1/me/opportunities", token: younger).array
            #expect(mine.first?["applicationStatus"] as? String == "offered")
            let answers = try await atOnce { try await app.send(.POST, "/api/v1/opportunity-applications/\(second)/accept", token: younger).status }
            #expect(answers.filter { $0 == .ok }.count == 1 && answers.filter { $0 == .conflict }.count == 7)
            let portfolio = try await app.browser(signedInAs: fixture.a.email("client")).get("/opportunity-applications/\(second)/portfolio")
            #expect(portfolio.status == .ok && portfolio.text.contains("Student A.") && !portfolio.text.contains("Student Alphason"))
        }
    }

    @Test("two offers fired at once for the last seat: one is offered, the other waits; the same offer repeated is refused")
    func offersAtOnce() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let partner = try await app.send(.POST, "/api/v1/clients", token: coordinator, json: ClientInput(name: "Skyline Drone Works")).json(ClientJSON.self)
            let opportunity = try #require(try await app.send(.POST, "/api/v1/opportunities", token: coordinator, json: OpportunityBody(
                partnerId: partner.id, title: "Shop internship", kind: "internship", pay: "unpaid", seats: 1, startsOn: "2026-11-02", endsOn: "2027-01-29",
                pathwayCodes: [], publish: true)).object["id"] as? String)
            var applications: [String] = []
            for who in ["student", "other"] {
                let token = try await app.token(fixture.a.email(who))
                applications.append(try #require(try await app.send(.POST, "/api/v1/opportunities/\(opportunity)/applications", token: token,
                                                                   json: ["answer": "I want in."]).object["id"] as? String))
            }
            let statuses = try await withThrowingTaskGroup(of: (HTTPStatus, String?).self) { group in
                for index in 0..<8 {
                    let id = applications[index % 2]
                    group.addTask {
                        let reply = try await app.send(.POST, "/api/v1/opportunity-applications/\(id)/offer", token: coordinator)
                        return (reply.status, reply.object["status"] as? String)
                    }
                }
                return try await group.reduce(into: [(HTTPStatus, String?)]()) { $0.append($1) }
            }
            // Each application moves once (offered, or waitlisted and then offered is refused as the seat is held).
            let stored = try await OpportunityApplication.query(on: app.db).all().map(\.status)
            #expect(stored.filter { $0 == .offered }.count == 1 && stored.filter { $0 == .waitlisted }.count == 1)
            #expect(statuses.filter { $0.0 == .ok }.count >= 2 && statuses.allSatisfy { $0.0 == .ok || $0.0 == .conflict })
        }
    }

    @Test("placing, a versioned agreement signed by all four, hours the supervisor approves into payroll, evaluations, reflection and completion with a credential")
    func placementFlow() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await PlacementSetup.make(app, fixture)
            let placed = try await atOnce { try await app.send(.POST, "/api/v1/opportunity-applications/\(s.applicationID)/place", token: s.coordinator).status }
            #expect(placed.filter { $0 == .created }.count == 1 && placed.filter { $0 == .conflict }.count == 7)
            let list = try await app.send(.GET, "/api/v1/placements", token: s.coordinator).array
            let id = try #require(list.first?["id"] as? String)
            var placement = try await app.send(.GET, "/api/v1/placements/\(id)", token: s.coordinator).object
            #expect(placement["supervisorId"] as? String == fixture.a.supervisor.uuidString && placement["version"] as? Int == 1)
            #expect((placement["requiredSigners"] as? [String]) == ["student", "guardian", "supervisor", "coordinator"])
            let early = try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: s.student, json: Sign("Other Alphason", 1))
            #expect(early.status == .unprocessableEntity && early.object["code"] as? String == "agreement.incomplete")

            placement = try await app.send(.PATCH, "/api/v1/placements/\(id)", token: s.coordinator, json: PlacementSetup.terms).object
            #expect(placement["version"] as? Int == 2 && (placement["problems"] as? [Any])?.isEmpty == true)
            let stale = try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: s.supervisor, json: Sign("Supervisor Alphason", 1))
            #expect(stale.status == .conflict && stale.object["code"] as? String == "agreement.changed")
            let signs = try await atOnce { try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: s.student, json: Sign("Other Alphason", 2)).status }
            #expect(signs.filter { $0 == .created }.count == 1 && signs.filter { $0 == .conflict }.count == 7)
            let hours: [String: String] = ["startsAt": "2026-11-04T22:30:00Z", "endsAt": "2026-11-05T00:30:00Z", "note": "Rebuilt two motors"]
            #expect(try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student, json: hours).object["code"] as? String == "placement.not-active")
            for token in [s.guardian, s.supervisor, s.coordinator] {
                #expect(try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: token, json: Sign("Signed", 2)).status == .created)
            }
            #expect(try await app.send(.GET, "/api/v1/placements/\(id)", token: s.student).object["status"] as? String == "active")
            // A changed agreement waits for everyone again.
            placement = try await app.send(.PATCH, "/api/v1/placements/\(id)", token: s.coordinator, json: ["schedule": "Mon, Tue and Thu 3:30–5:30 pm"]).object
            #expect(placement["status"] as? String == "awaitingSignatures" && (placement["missingSigners"] as? [String])?.count == 4)
            for token in [s.student, s.guardian, s.supervisor, s.coordinator] {
                #expect(try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: token, json: Sign("Signed", 3)).status == .created)
            }

            let logged = try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student, json: hours)
            #expect(logged.status == .created && logged.object["minutes"] as? Int == 120 && logged.object["status"] as? String == "submitted")
            #expect(try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student, json: hours).object["code"] as? String == "time.overlap")
            let entry = try #require(logged.object["id"] as? String)
            #expect(try await app.send(.POST, "/api/v1/placement-hours/approve", token: try await app.token(fixture.b.email("supervisor")), json: ["ids": [entry]]).status == .notFound)
            let approvals = try await atOnce { try await app.send(.POST, "/api/v1/placement-hours/approve", token: s.supervisor, json: ["ids": [entry]]).status }
            #expect(approvals.filter { $0 == .ok }.count == 1 && approvals.filter { $0 == .conflict }.count == 7)
            let more = try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student,
                                          json: ["startsAt": "2026-11-03T22:30:00Z", "endsAt": "2026-11-03T23:30:00Z"]).object["id"] as? String
            let period = try #require(try await app.send(.POST, "/api/v1/pay-periods", token: s.coordinator,
                                                         json: ["startsOn": "2026-11-01", "endsOn": "2026-11-14"]).object["id"] as? String)
            #expect(try await app.send(.POST, "/api/v1/pay-periods/\(period)/close", token: s.coordinator).object["code"] as? String == "pay-period.undecided")
            #expect(try await app.send(.POST, "/api/v1/placement-hours/reject", token: s.supervisor, json: ["ids": AnyEncodable([try #require(more)]), "reason": AnyEncodable("You were not on site Tuesday")]).status == .ok)
            #expect(try await app.send(.DELETE, "/api/v1/placement-hours/\(try #require(more))", token: s.student).status == .noContent)
            let csv = try await app.send(.GET, "/api/v1/pay-periods/\(period)/payroll.csv", token: s.coordinator).text
            #expect(csv.contains("A-1002,Alphason,Other,120,1650,3300"))
            #expect(try await app.send(.POST, "/api/v1/pay-periods/\(period)/close", token: s.coordinator).status == .ok)

            let ratings = ["Communication": 3, "Teamwork": 4, "Professionalism": 3, "Problem solving": 3, "Technical skill": 4]
            let partial = try await app.send(.POST, "/api/v1/placements/\(id)/evaluations", token: s.supervisor,
                                             json: ["point": AnyEncodable("midpoint"), "ratings": AnyEncodable(["Communication": 3])])
            #expect(partial.status == .unprocessableEntity && partial.text.contains("ratings.Teamwork"))
            let midpoint = try await app.send(.POST, "/api/v1/placements/\(id)/evaluations", token: s.supervisor, json: ["point": AnyEncodable("midpoint"), "ratings": AnyEncodable(ratings)])
            #expect(midpoint.status == .created && midpoint.object["meanTenths"] as? Int == 34)
            let finals = try await atOnce { try await app.send(.POST, "/api/v1/placements/\(id)/evaluations", token: s.supervisor,
                                                               json: ["point": AnyEncodable("final"), "ratings": AnyEncodable(ratings), "comments": AnyEncodable("Ready for flight ops.")]).status }
            #expect(finals.filter { $0 == .created }.count == 1 && finals.filter { $0 == .conflict }.count == 7)
            #expect(try await app.send(.POST, "/api/v1/placements/\(id)/complete", token: s.coordinator).object["code"] as? String == "placement.incomplete")
            #expect(try await app.send(.PUT, "/api/v1/placements/\(id)/reflection", token: s.student, json: ["reflection": "I learned to trace a motor fault."]).status == .ok)
            let credential = try await app.send(.POST, "/api/v1/credentials", token: s.coordinator,
                                                json: ["title": "Drone Repair Internship", "kind": "microCredential", "issuer": "Alpha Schools"]).object["id"] as? String
            let done = try await app.send(.POST, "/api/v1/placements/\(id)/complete", token: s.coordinator, json: ["credentialId": try #require(credential)])
            #expect(done.object["status"] as? String == "completed")
            #expect(try await IssuedCredential.query(on: app.db).filter(\.$studentID == fixture.a.otherStudent).filter(\.$title == "Drone Repair Internship").count() == 1)

            // Reach: the supervisor sees their intern, each look disclosed; others see nothing.
            let before = try await Disclosure.query(on: app.db).filter(\.$viewerID == fixture.a.supervisor).count()
            #expect(try await app.send(.GET, "/api/v1/placements", token: s.supervisor).array.count == 1)
            #expect(try await Disclosure.query(on: app.db).filter(\.$viewerID == fixture.a.supervisor).count() == before + 1)
            let seen = try await app.send(.GET, "/api/v1/placements/\(id)", token: s.supervisor).object["signatures"] as? [[String: Any]] ?? []
            #expect(seen.filter { $0["signer"] as? String == "student" }.allSatisfy { $0["signedName"] as? String == "" } && !seen.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/placements", token: try await app.token(fixture.a.email("mentor"))).array.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/placements/\(id)", token: try await app.token(fixture.a.email("student"))).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/placements/\(id)", token: try await app.token(fixture.b.email("coordinator"))).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/placements?status=somewhere", token: s.coordinator).status == .badRequest)
        }
    }

    @Test("a minor's worksite hours answer to the labor engine with their team time counted; a supervisor without a current check blocks signing")
    func laborAndChecks() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await PlacementSetup.make(app, fixture, young: true)
            let placed = try await app.send(.POST, "/api/v1/opportunity-applications/\(s.applicationID)/place", token: s.coordinator)
            let id = try #require(placed.object["id"] as? String)
            _ = try await app.send(.PATCH, "/api/v1/placements/\(id)", token: s.coordinator, json: PlacementSetup.terms)
            _ = try await app.send(.PUT, "/api/v1/mentors/\(fixture.a.supervisor)/profile", token: s.coordinator,
                                   json: ["backgroundCheckStatus": "cleared", "checkedOn": "2025-01-01", "expiresOn": "2026-12-31"])
            let blocked = try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: s.student, json: Sign("Student Alphason", 2))
            #expect(blocked.object["code"] as? String == "agreement.incomplete" && blocked.text.contains("supervisorId"))
            _ = try await app.send(.PUT, "/api/v1/mentors/\(fixture.a.supervisor)/profile", token: s.coordinator,
                                   json: ["backgroundCheckStatus": "cleared", "checkedOn": "2025-01-01", "expiresOn": "2028-12-31"])
            for token in [s.student, s.guardian, s.supervisor, s.coordinator] {
                #expect(try await app.send(.POST, "/api/v1/placements/\(id)/signatures", token: token, json: Sign("Signed", 2)).status == .created)
            }
            // 15 years old: 7 pm is the latest on a school day (29 CFR 570.35).
            let late = try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student, json: ["startsAt": "2026-11-04T23:00:00Z", "endsAt": "2026-11-05T03:00:00Z"])
            #expect(late.status == .unprocessableEntity && (late.object["code"] as? String ?? "").hasPrefix("labor."))
            // Three hours a school day at most (29 CFR 570.35), counting team time and worksite hours together.
            // Under Washington's rules a minor's papers come first: the page says which, and hours wait for them.
            let admin = try await app.token(fixture.a.email("admin"))
            try #require(try await app.send(.PATCH, "/api/v1/work-rules", token: admin, json: ["overlay": "washington"]).status == .ok)
            let page = try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/placements/\(id)").text
            #expect(page.contains("Before the first hour at the worksite, the state&#39;s papers:") || page.contains("Before the first hour at the worksite, the state's papers:"))
            let unpapered = try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student, json: ["startsAt": TimeSetup.at("2026-11-04", 16), "endsAt": TimeSetup.at("2026-11-04", 17)])
            #expect(unpapered.object["code"] as? String == "labor.authorization-missing")
            try #require(try await app.send(.PATCH, "/api/v1/work-rules", token: admin, json: ["overlay": "federal"]).status == .ok)
            let team = try await TimeSetup.make(app, fixture)
            #expect(try await team.entry(app, token: team.student, student: fixture.a.student, "2026-11-04", from: (15, 0), to: (16, 0)).status == .created)
            let worksite = ["startsAt": TimeSetup.at("2026-11-04", 16), "endsAt": TimeSetup.at("2026-11-04", 17, 30)]
            #expect(try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student, json: worksite).status == .created)
            let over = try await app.send(.POST, "/api/v1/placements/\(id)/hours", token: s.student,
                                          json: ["startsAt": TimeSetup.at("2026-11-04", 17, 30), "endsAt": TimeSetup.at("2026-11-04", 18, 15)])
            #expect(over.object["code"] as? String == "labor.school-day-hours")
            let teamOver = try await team.entry(app, token: team.student, student: fixture.a.student, "2026-11-04", from: (17, 30), to: (18, 15))
            #expect(teamOver.object["code"] as? String == "labor.school-day-hours")
        }
    }
}
