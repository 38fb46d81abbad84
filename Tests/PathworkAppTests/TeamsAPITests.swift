import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Teams API")
struct TeamsAPITests {
    func makeTeam(_ app: Application, token: String, name: String = "Aquatic Robotics", capacity: Int = 12) async throws -> TeamJSON {
        let reply = try await app.send(.POST, "/api/v1/teams", token: token,
                                       json: TeamInput(name: name, discipline: "aquatic robotics", capacity: capacity))
        try #require(reply.status == .created, "\(reply.text)")
        return try reply.json(TeamJSON.self)
    }

    @Test("a coordinator creates a team and places a student in a role with a wage")
    func placeStudent() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let team = try await makeTeam(app, token: token)
            let placed = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.a.student, role: "Analyst", startsOn: "2026-11-02", hourlyWageCents: 1500))
            #expect(placed.status == .created)
            let membership = try placed.json(MembershipJSON.self)
            #expect(membership.role == "Analyst")
            #expect(membership.hourlyWageCents == 1500)
            let detail = try await app.send(.GET, "/api/v1/teams/\(team.id)", token: token).json(TeamJSON.self)
            #expect(detail.roles?.map(\.name) == ["Analyst"])
            #expect(detail.memberships?.map(\.studentId) == [fixture.a.student])
            let list = try await app.send(.GET, "/api/v1/teams", token: token).json([TeamJSON].self)
            #expect(list.map(\.name) == ["Aquatic Robotics"])
            let actions = try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).limit(4).all().map(\.entity)
            #expect(Set(actions) == ["team", "teamRole", "membership", "membershipWage"])
        }
    }

    @Test("role requirements refuse a student who does not meet them, with team.role-requirement")
    func requirements() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let team = try await makeTeam(app, token: token, name: "Drone Shows")
            for role in [TeamRoleInput(name: "Pilot", minimumAge: 16, requiredCredential: "FAA Part 107 Remote Pilot"),
                         TeamRoleInput(name: "Equipment maintenance", barredUnder16: true)] {
                #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/roles", token: token, json: role).status == .created)
            }
            // The fixture student was born 2011-03-14: 15 on 2026-11-02.
            for role in ["Pilot", "equipment maintenance"] {
                let reply = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                    studentId: fixture.a.student, role: role, startsOn: "2026-11-02", hourlyWageCents: 1500))
                #expect(reply.status == .unprocessableEntity)
                #expect(reply.object["code"] as? String == "team.role-requirement")
            }
            let older = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.a.otherStudent, role: "Equipment maintenance", startsOn: "2026-11-02", hourlyWageCents: 1500))
            #expect(older.status == .created)
            let pilot = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.a.otherStudent, role: "Pilot", startsOn: "2026-11-03", hourlyWageCents: 1500))
            #expect(pilot.object["code"] as? String == "team.role-requirement")
            #expect(pilot.text.contains("FAA Part 107"))
            #expect(try await Membership.query(on: app.db).count() == 1)
        }
    }

    @Test("capacity, double seats and bad input are refused before anything is written")
    func refusals() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let team = try await makeTeam(app, token: token, capacity: 1)
            let seat = MembershipInput(studentId: fixture.a.student, role: "Analyst", startsOn: "2026-11-02", hourlyWageCents: 1500)
            #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: seat).status == .created)
            let again = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: seat)
            #expect(again.object["code"] as? String == "team.already-member")
            var other = seat
            other.studentId = fixture.a.otherStudent
            #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: other).object["code"] as? String == "team.full")
            let bad = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.b.student, role: "", startsOn: "next week", hourlyWageCents: 0))
            let fields = Set((bad.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(bad.status == .unprocessableEntity && fields == ["role", "startsOn", "hourlyWageCents"])
            let elsewhere = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.b.student, role: "Pilot", startsOn: "2026-09-01", hourlyWageCents: 1500))
            #expect(elsewhere.status == .unprocessableEntity && elsewhere.text.contains(#""field":"studentId""#))
            let dupTeam = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Aquatic Robotics", discipline: "x"))
            #expect(dupTeam.status == .conflict)
            #expect(try await Membership.query(on: app.db).count() == 1)
        }
    }

    @Test("ending a seat keeps its history; wage changes apply forward only")
    func endAndWages() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let team = try await makeTeam(app, token: token)
            let membership = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.a.student, role: "Analyst", startsOn: "2026-10-01", hourlyWageCents: 1500)).json(MembershipJSON.self)
            // The test clock says 2026-11-05.
            let backdated = try await app.send(.POST, "/api/v1/memberships/\(membership.id)/wages", token: token,
                                               json: WageChange(hourlyWageCents: 1700, effectiveFrom: "2026-10-15"))
            #expect(backdated.object["code"] as? String == "team.wage-backdated")
            let raised = try await app.send(.POST, "/api/v1/memberships/\(membership.id)/wages", token: token,
                                            json: WageChange(hourlyWageCents: 1700, effectiveFrom: "2026-12-01")).json(MembershipJSON.self)
            #expect(raised.wages.map(\.hourlyCents) == [1500, 1700])
            #expect(raised.hourlyWageCents == 1500)
            let ended = try await app.send(.POST, "/api/v1/memberships/\(membership.id)/end", token: token, json: ["endsOn": "2026-11-20"])
            #expect(try ended.json(MembershipJSON.self).endsOn == "2026-11-20")
            let early = try await app.send(.POST, "/api/v1/memberships/\(membership.id)/end", token: token, json: ["endsOn": "2026-09-01"])
            #expect(early.status == .unprocessableEntity)
        }
    }

    @Test("teams are district-scoped and staff-only")
    func tenancy() async throws {
        try await withPathwork { app, fixture, _ in
            let alpha = try await app.token(fixture.a.email("coordinator"))
            let team = try await makeTeam(app, token: alpha)
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/teams/\(team.id)", token: beta).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: beta, json: MembershipInput(
                studentId: fixture.b.student, role: "X", startsOn: "2026-11-02", hourlyWageCents: 1500)).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/teams", token: beta).json([TeamJSON].self).isEmpty)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/teams", token: mentor).status == .forbidden)
            let lead = try await app.token(fixture.a.email("coordinator"))
            #expect(try await app.send(.GET, "/api/v1/teams", token: lead).status == .ok)
        }
    }

    struct WageChange: Encodable {
        var hourlyWageCents: Int
        var effectiveFrom: String
    }
}
