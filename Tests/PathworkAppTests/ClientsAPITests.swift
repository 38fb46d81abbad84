import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Clients and engagements API")
struct ClientsAPITests {
    struct Setup {
        let coordinator: String
        let client: String
        let plant: ClientJSON
        let team: TeamJSON
    }

    /// A water-treatment plant whose contact is the fixture's client contact, and a team.
    func setUp(_ app: Application, _ fixture: Fixture) async throws -> Setup {
        let coordinator = try await app.token(fixture.a.email("coordinator"))
        let plant = try await app.send(.POST, "/api/v1/clients", token: coordinator,
                                       json: ClientInput(name: "Valley Water Treatment", sector: "utilities", address: "1 River Rd"))
        try #require(plant.status == .created, "\(plant.text)")
        let client = try plant.json(ClientJSON.self)
        let linked = try await app.send(.POST, "/api/v1/clients/\(client.id)/contacts", token: coordinator, json: ["personId": fixture.a.client])
        try #require(linked.status == .ok, "\(linked.text)")
        let team = try await app.send(.POST, "/api/v1/teams", token: coordinator,
                                      json: TeamInput(name: "Aquatic Robotics", discipline: "robotics")).json(TeamJSON.self)
        return Setup(coordinator: coordinator, client: try await app.token(fixture.a.email("client")), plant: client, team: team)
    }

    @Test("request → engagement with quarterly visits → deliverable submitted → accepted by the client")
    func wholePath() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await setUp(app, fixture)
            let request = try await app.send(.POST, "/api/v1/service-requests", token: s.client, json: ServiceRequestInput(
                title: "Algae in the intake pipes", description: "Green growth clogging pipe 3", location: "Intake building", neededBy: "2026-12-01"))
            #expect(request.status == .created)
            let submitted = try request.json(ServiceRequestJSON.self)
            #expect(submitted.clientId == s.plant.id)

            var terms = EngagementInput(teamId: s.team.id, startsOn: "2026-11-10", hourlyRateCents: 4500, budgetMinutes: 6000, poNumber: "PO-77")
            terms.visits = VisitPlanInput(firstOn: "2027-03-01", cadence: .quarterly, count: 4)
            let accepted = try await app.send(.POST, "/api/v1/service-requests/\(submitted.id)/accept", token: s.coordinator, json: terms)
            #expect(accepted.status == .created, "\(accepted.text)")
            let engagement = try accepted.json(EngagementJSON.self)
            #expect(engagement.title == "Algae in the intake pipes")
            #expect(engagement.status == .proposed)
            #expect(engagement.billingIncrementMinutes == 1)
            #expect(engagement.visits?.map(\.dueOn) == ["2027-03-01", "2027-06-01", "2027-09-01", "2027-12-01"])
            let requests = try await app.send(.GET, "/api/v1/service-requests", token: s.client).json([ServiceRequestJSON].self)
            #expect(requests.first?.status == .accepted)
            #expect(requests.first?.engagementId == engagement.id)

            #expect(try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/status", token: s.coordinator, json: ["status": "active"]).status == .ok)
            let final = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/status", token: s.coordinator, json: ["status": "proposed"])
            #expect(final.object["code"] as? String == "engagement.status")

            let deliverable = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/deliverables", token: s.coordinator,
                                                 json: DeliverableInput(title: "Algae species report", dueOn: "2026-11-30", kind: "report"))
            #expect(deliverable.status == .created)
            let id = try deliverable.json(DeliverableJSON.self).id
            #expect(try await app.send(.POST, "/api/v1/deliverables/\(id)/accept", token: s.client).object["code"] as? String == "deliverable.status")
            #expect(try await app.send(.POST, "/api/v1/deliverables/\(id)/submit", token: s.coordinator).status == .ok)
            let noComment = try await app.send(.POST, "/api/v1/deliverables/\(id)/request-revision", token: s.client)
            #expect(noComment.status == .unprocessableEntity)
            #expect(try await app.send(.POST, "/api/v1/deliverables/\(id)/request-revision", token: s.client,
                                       json: ["comment": "Please add photos of pipe 3."]).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/deliverables/\(id)/submit", token: s.coordinator).status == .ok)
            let done = try await app.send(.POST, "/api/v1/deliverables/\(id)/accept", token: s.client).json(DeliverableJSON.self)
            #expect(done.status == .accepted)
            #expect(done.history?.map(\.status) == [.submitted, .revisionRequested, .submitted, .accepted])
            #expect(done.history?[1].comment == "Please add photos of pipe 3.")

            let visit = try #require(engagement.visits?.first)
            #expect(try await app.send(.POST, "/api/v1/visits/\(visit.id)/done", token: s.coordinator).status == .unprocessableEntity)
            #expect(try await app.send(.POST, "/api/v1/visits/\(visit.id)/done", token: s.coordinator,
                                       json: ["report": "Pipes clear; no regrowth."]).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/visits/\(visit.id)/missed", token: s.coordinator).status == .conflict)
            #expect(try await AuditLog.verify(on: app.db).firstBreak == nil)
        }
    }

    @Test("a declined request shows the client the reason")
    func decline() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await setUp(app, fixture)
            let request = try await app.send(.POST, "/api/v1/service-requests", token: s.client,
                                             json: ServiceRequestInput(title: "Paint the lobby", description: "It is dull")).json(ServiceRequestJSON.self)
            #expect(try await app.send(.POST, "/api/v1/service-requests/\(request.id)/decline", token: s.coordinator).status == .unprocessableEntity)
            #expect(try await app.send(.POST, "/api/v1/service-requests/\(request.id)/decline", token: s.coordinator,
                                       json: ["reason": "Painting is not work our teams do."]).status == .ok)
            let seen = try await app.send(.GET, "/api/v1/service-requests", token: s.client).json([ServiceRequestJSON].self)
            #expect(seen.first?.status == .declined)
            #expect(seen.first?.declineReason == "Painting is not work our teams do.")
            #expect(try await app.send(.POST, "/api/v1/service-requests/\(request.id)/accept", token: s.coordinator,
                                       json: EngagementInput(teamId: s.team.id, startsOn: "2026-11-10", hourlyRateCents: 4500)).status == .conflict)
        }
    }

    @Test("a client contact of one client gets 404 for another client's engagement; other districts and roles get nothing")
    func reach() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await setUp(app, fixture)
            let other = try await app.send(.POST, "/api/v1/clients", token: s.coordinator, json: ClientInput(name: "Sunrise Senior Living")).json(ClientJSON.self)
            let theirs = try await app.send(.POST, "/api/v1/engagements", token: s.coordinator, json: EngagementInput(
                clientId: other.id, teamId: s.team.id, title: "Cyber-awareness classes", startsOn: "2026-11-10", hourlyRateCents: 3000))
            #expect(theirs.status == .created, "\(theirs.text)")
            let engagement = try theirs.json(EngagementJSON.self)
            #expect(try await app.send(.GET, "/api/v1/engagements/\(engagement.id)", token: s.client).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/engagements", token: s.client).json([EngagementJSON].self).isEmpty)
            #expect(try await app.send(.GET, "/api/v1/clients", token: s.client).json([ClientJSON].self).map(\.name) == ["Valley Water Treatment"])
            let forOther = try await app.send(.POST, "/api/v1/service-requests", token: s.client,
                                              json: ServiceRequestInput(clientId: other.id, title: "x", description: "y"))
            #expect(forOther.status == .notFound)
            let deliverable = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/deliverables", token: s.coordinator,
                                                 json: DeliverableInput(title: "Class", dueOn: "2026-12-01")).json(DeliverableJSON.self)
            _ = try await app.send(.POST, "/api/v1/deliverables/\(deliverable.id)/submit", token: s.coordinator)
            #expect(try await app.send(.POST, "/api/v1/deliverables/\(deliverable.id)/accept", token: s.client).status == .notFound)

            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/engagements/\(engagement.id)", token: beta).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/status", token: beta, json: ["status": "active"]).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/engagements", token: beta).json([EngagementJSON].self).isEmpty)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/engagements", token: mentor).status == .forbidden)
            #expect(try await app.send(.POST, "/api/v1/engagements", token: s.client, json: EngagementInput()).status == .forbidden)
        }
    }

    @Test("engagement input is checked field by field")
    func validation() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await setUp(app, fixture)
            let reply = try await app.send(.POST, "/api/v1/engagements", token: s.coordinator, json: EngagementInput(
                clientId: fixture.b.id, teamId: s.team.id, title: "", startsOn: "soon", endsOn: "2020-01-01", hourlyRateCents: 0,
                billingIncrementMinutes: 90, visits: VisitPlanInput(firstOn: "2027-03-01", cadence: .quarterly, count: 0)))
            #expect(reply.status == .unprocessableEntity)
            let fields = Set((reply.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(fields == ["title", "startsOn", "hourlyRateCents", "billingIncrementMinutes", "visits.count"])
            let rules = try await app.send(.POST, "/api/v1/engagements", token: s.coordinator, json: EngagementInput(
                clientId: s.plant.id, teamId: s.team.id, title: "Late", startsOn: "2026-11-01", endsOn: "2020-01-01", hourlyRateCents: 4500))
            #expect(rules.object["code"] as? String == "validation.rule" && rules.text.contains(#""field":"endsOn""#), "\(rules.text)")
            let foreign = try await app.send(.POST, "/api/v1/engagements", token: s.coordinator, json: EngagementInput(
                clientId: fixture.b.id, teamId: s.team.id, title: "Theirs", startsOn: "2026-11-01", hourlyRateCents: 4500))
            #expect(foreign.status == .unprocessableEntity && foreign.text.contains(#""field":"clientId""#))
            #expect(try await Engagement.query(on: app.db).count() == 0)
        }
    }
}
