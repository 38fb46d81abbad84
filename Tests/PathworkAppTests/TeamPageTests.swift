import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Team pages")
struct TeamPageTests {
    @Test("create a team through the form, add a role, place a student, see the refusal of a barred role")
    func createAndPlace() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let bad = try await browser.submit("/teams", form: ["name": "", "discipline": "robotics", "capacity": "0"], from: "/teams/new")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Enter the team&#39;s name") || bad.text.contains("Enter the team's name"))
            #expect(bad.text.contains("Capacity must be"))
            let created = try await browser.submit("/teams", form: ["name": "Aquatic Robotics", "discipline": "robotics", "capacity": "8",
                                                                    "leadId": fixture.a.coordinator.uuidString], from: "/teams/new")
            #expect(created.status == .seeOther)
            let teamPath = try #require(created.location?.components(separatedBy: "?").first)
            #expect(try await browser.submit(teamPath + "/roles", form: ["name": "Equipment maintenance", "barredUnder16": "on"],
                                             from: teamPath).status == .seeOther)
            #expect(try await browser.submit(teamPath + "/roles", form: ["name": "Data analyst"], from: teamPath).status == .seeOther)
            let refused = try await browser.submit(teamPath + "/memberships", form: [
                "studentId": fixture.a.student.uuidString, "role": "Equipment maintenance", "startsOn": "2026-11-09", "wage": "15.00",
            ], from: teamPath)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("bar this work for students under 16"))
            let placed = try await browser.submit(teamPath + "/memberships", form: [
                "studentId": fixture.a.student.uuidString, "role": "Data analyst", "startsOn": "2026-11-09", "wage": "15.25",
            ], from: teamPath)
            #expect(placed.status == .seeOther)
            let page = try await browser.get(teamPath)
            #expect(page.text.contains("Student Alphason"))
            #expect(page.text.contains("$15.25/h"))
            #expect(page.text.contains("not under 16"))
            #expect(page.text.contains("1 of 8 seats filled"))
            let list = try await browser.get("/teams")
            #expect(list.text.contains("1 of 8"))
        }
    }

    @Test("rotate a student from one team to another; both seats stay on the profile")
    func rotate() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            func team(_ name: String) async throws -> TeamJSON {
                try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: name, discipline: "x")).json(TeamJSON.self)
            }
            let cyber = try await team("Cybersecurity"), drones = try await team("Drone Shows")
            let seat = try await app.send(.POST, "/api/v1/teams/\(cyber.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.a.student, role: "Analyst", startsOn: "2026-10-01", hourlyWageCents: 1500)).json(MembershipJSON.self)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let form = "/memberships/\(seat.id)/rotate"
            #expect(try await browser.get(form).text.contains("Drone Shows"))
            let tooEarly = try await browser.submit(form, form: ["teamId": drones.id.uuidString, "role": "Marketing",
                                                                 "startsOn": "2026-09-01", "wage": "16"], from: form)
            #expect(tooEarly.status == .unprocessableEntity)
            let moved = try await browser.submit(form, form: ["teamId": drones.id.uuidString, "role": "Marketing",
                                                              "startsOn": "2026-11-16", "wage": "16"], from: form)
            #expect(moved.status == .seeOther)
            let old = try await Membership.find(seat.id, on: app.db)
            #expect(old?.endsOn == "2026-11-16")
            let profile = try await browser.get("/people/\(fixture.a.student)")
            #expect(profile.text.contains("Cybersecurity</a> — Analyst, from 2026-10-01 to 2026-11-16"))
            #expect(profile.text.contains("Drone Shows</a> — Marketing, from 2026-11-16 (current)"))
            // The student sees their own history; a mentor does not.
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            #expect(try await student.get("/people/\(fixture.a.student)").text.contains("Teams and roles"))
            let mentor = try await app.browser(signedInAs: fixture.a.email("mentor"))
            #expect(!(try await mentor.get("/people/\(fixture.a.student)").text.contains("Teams and roles")))
            #expect(try await mentor.get("/teams").status == .forbidden)
        }
    }

    @Test("another district's team and memberships are not found")
    func tenancy() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.b.email("admin"))
            let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Beta Bots", discipline: "x")).json(TeamJSON.self)
            let seat = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.b.student, role: "Analyst", startsOn: "2026-10-01", hourlyWageCents: 1500)).json(MembershipJSON.self)
            let browser = try await app.browser(signedInAs: fixture.a.email("admin"))
            #expect(try await browser.get("/teams/\(team.id)").status == .notFound)
            #expect(try await browser.get("/memberships/\(seat.id)/rotate").status == .notFound)
            #expect(try await browser.submit("/memberships/\(seat.id)/end", form: ["endsOn": "2026-12-01"], from: "/").status == .notFound)
            #expect(try await Membership.find(seat.id, on: app.db)?.endsOn == nil)
            #expect(!(try await browser.get("/teams").text.contains("Beta Bots")))
        }
    }
}

@Suite("Editing teams")
struct TeamEditTests {
    @Test("rename and resize a team; capacity cannot drop below the roster; audited")
    func edit() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Web", discipline: "web", capacity: 5)).json(TeamJSON.self)
            for student in [fixture.a.student, fixture.a.otherStudent] {
                _ = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                    studentId: student, role: "Designer", startsOn: "2026-11-02", hourlyWageCents: 1500))
            }
            let renamed = try await app.send(.PATCH, "/api/v1/teams/\(team.id)", token: token, json: TeamInput(name: "Web Studio"))
            #expect(try renamed.json(TeamJSON.self).name == "Web Studio")
            #expect(try renamed.json(TeamJSON.self).capacity == 5)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let path = "/teams/\(team.id)/edit"
            #expect(try await browser.get(path).text.contains("value=\"Web Studio\""))
            let small = try await browser.submit(path, form: ["name": "Web Studio", "discipline": "web", "capacity": "1"], from: path)
            #expect(small.status == .unprocessableEntity)
            #expect(small.text.contains("2 students are on the team"))
            #expect(try await browser.submit(path, form: ["name": "Web Studio", "discipline": "websites", "capacity": "3"], from: path).status == .seeOther)
            #expect(try await Team.find(team.id, on: app.db)?.discipline == "websites")
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.PATCH, "/api/v1/teams/\(team.id)", token: beta, json: TeamInput(name: "x")).status == .notFound)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entityID == team.id.uuidString).all()
            #expect(entries.map(\.action).sorted() == ["create", "update", "update"])
        }
    }
}
