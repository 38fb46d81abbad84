import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// A team led by a lead, with the fixture's two students on it (15 and 17 years old) and an
/// active hourly engagement billed in 15-minute steps. The clock starts at 14:20 on
/// Thursday 2026-11-05 in Denver, during school hours.
struct TimeSetup {
    let coordinator: String
    let lead: String
    let student: String
    let older: String
    let client: String
    let leadID: UUID
    let team: TeamJSON
    let plant: ClientJSON
    let engagement: EngagementJSON

    static func make(_ app: Application, _ fixture: Fixture, budgetMinutes: Int? = nil, stopAtBudget: Bool = false) async throws -> TimeSetup {
        let admin = try await app.token(fixture.a.email("admin"))
        let coordinator = try await app.token(fixture.a.email("coordinator"))
        let leadReply = try await app.send(.POST, "/api/v1/people", token: admin, json: PersonInput(
            givenName: "Lena", familyName: "Lead", email: "lead@alpha.test", roles: [.lead], password: "a-long-lead-password"))
        try #require(leadReply.status == .created, "\(leadReply.text)")
        let leadID = UUID(uuidString: leadReply.object["id"] as! String)!
        let team = try await app.send(.POST, "/api/v1/teams", token: coordinator,
                                      json: TeamInput(name: "Aquatic Robotics", discipline: "robotics", leadId: leadID)).json(TeamJSON.self)
        for (student, wage) in [(fixture.a.student, 1500), (fixture.a.otherStudent, 1800)] {
            let placed = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: coordinator, json: MembershipInput(
                studentId: student, role: "Analyst", startsOn: "2026-10-26", hourlyWageCents: wage))
            try #require(placed.status == .created, "\(placed.text)")
        }
        let plant = try await app.send(.POST, "/api/v1/clients", token: coordinator, json: ClientInput(name: "Valley Water Treatment")).json(ClientJSON.self)
        _ = try await app.send(.POST, "/api/v1/clients/\(plant.id)/contacts", token: coordinator, json: ["personId": fixture.a.client])
        var terms = EngagementInput(teamId: team.id, startsOn: "2026-10-26", hourlyRateCents: 4500, budgetMinutes: budgetMinutes)
        terms.clientId = plant.id
        terms.title = "Intake inspection"
        terms.billingIncrementMinutes = 15
        terms.stopAtBudget = stopAtBudget
        let created = try await app.send(.POST, "/api/v1/engagements", token: coordinator, json: terms)
        try #require(created.status == .created, "\(created.text)")
        let engagement = try created.json(EngagementJSON.self)
        _ = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/status", token: coordinator, json: ["status": "active"])
        return TimeSetup(coordinator: coordinator, lead: try await app.token("lead@alpha.test", password: "a-long-lead-password"),
                         student: try await app.token(fixture.a.email("student")), older: try await app.token(fixture.a.email("other")),
                         client: try await app.token(fixture.a.email("client")), leadID: leadID, team: team, plant: plant, engagement: engagement)
    }

    /// An instant in Denver (UTC−7 in November).
    static func at(_ date: String, _ hour: Int, _ minute: Int = 0) -> String {
        String(format: "%@T%02d:%02d:00-07:00", date, hour, minute)
    }

    func entry(_ app: Application, token: String, student: UUID, _ date: String, from: (Int, Int), to: (Int, Int),
               engagement: Bool = true, headers: HTTPHeaders = [:]) async throws -> Reply {
        var body: [String: String] = ["studentId": student.uuidString, "startsAt": Self.at(date, from.0, from.1),
                                      "endsAt": Self.at(date, to.0, to.1)]
        if engagement { body["engagementId"] = self.engagement.id.uuidString } else { body["teamId"] = team.id.uuidString }
        return try await app.send(.POST, "/api/v1/time-entries", token: token, json: body, headers: headers)
    }
}
