import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Mentoring")
struct MentoringTests {
    struct Profile: Encodable {
        var expertise: String?
        var backgroundCheckStatus: String?
        var checkedOn: String?
        var expiresOn: String?
    }

    /// A team with the fixture's 15-year-old student on it.
    func teamWithMinor(_ app: Application, _ fixture: Fixture, token: String) async throws -> TeamJSON {
        let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Cybersecurity", discipline: "security")).json(TeamJSON.self)
        let seat = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
            studentId: fixture.a.student, role: "Analyst", startsOn: "2026-10-01", hourlyWageCents: 1500))
        try #require(seat.status == .created)
        return team
    }

    @Test("a mentor without a current background check cannot be assigned to a team with minors")
    func backgroundCheck() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let team = try await teamWithMinor(app, fixture, token: token)
            let assign = ["mentorId": fixture.a.mentor.uuidString, "startsOn": "2026-11-05"]
            let refused = try await app.send(.POST, "/api/v1/teams/\(team.id)/mentors", token: token, json: assign)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.object["code"] as? String == "mentor.background-check")
            let expired = try await app.send(.PUT, "/api/v1/mentors/\(fixture.a.mentor)/profile", token: token, json: Profile(
                expertise: "Cyber", backgroundCheckStatus: "cleared", checkedOn: "2024-01-10", expiresOn: "2026-01-10"))
            #expect(expired.object["checkCurrent"] as? Bool == false)
            #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/mentors", token: token, json: assign).object["code"] as? String
                    == "mentor.background-check")
            let cleared = try await app.send(.PUT, "/api/v1/mentors/\(fixture.a.mentor)/profile", token: token, json: Profile(
                backgroundCheckStatus: "cleared", checkedOn: "2026-01-10", expiresOn: "2028-01-10"))
            #expect(cleared.object["checkCurrent"] as? Bool == true)
            #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/mentors", token: token, json: assign).status == .created)
            #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/mentors", token: token, json: assign).status == .conflict)
            let notMentor = try await app.send(.PUT, "/api/v1/mentors/\(fixture.a.coordinator)/profile", token: token, json: Profile(expertise: "x"))
            #expect(notMentor.status == .unprocessableEntity && notMentor.object["code"] as? String == "reference.missing")
        }
    }

    @Test("an assigned mentor sees the team's students as first name and last initial, logs sessions and refers")
    func mentorView() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let team = try await teamWithMinor(app, fixture, token: token)
            _ = try await app.send(.POST, "/api/v1/teams/\(team.id)/memberships", token: token, json: MembershipInput(
                studentId: fixture.a.otherStudent, role: "Analyst", startsOn: "2026-10-01", hourlyWageCents: 1500))
            _ = try await app.send(.PUT, "/api/v1/mentors/\(fixture.a.mentor)/profile", token: token, json: Profile(
                backgroundCheckStatus: "cleared", checkedOn: "2026-01-10", expiresOn: "2028-01-10"))
            #expect(try await app.send(.POST, "/api/v1/teams/\(team.id)/mentors", token: token,
                                       json: ["mentorId": fixture.a.mentor.uuidString, "startsOn": "2026-11-05"]).status == .created)
            let client = try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: "Sunrise Senior Living")).json(ClientJSON.self)
            let classes = try await app.send(.POST, "/api/v1/engagements", token: token, json: EngagementInput(
                clientId: client.id, teamId: team.id, title: "Cyber-awareness classes", startsOn: "2026-11-10", hourlyRateCents: 3000)).json(EngagementJSON.self)
            _ = try await app.send(.POST, "/api/v1/engagements/\(classes.id)/deliverables", token: token, json: DeliverableInput(title: "Class 1", dueOn: "2026-12-01"))
            let mentor = try await app.token(fixture.a.email("mentor"))
            let view = try await app.send(.GET, "/api/v1/mentoring", token: mentor)
            #expect(view.status == .ok)
            let body = try view.json(MentoringJSON.self)
            #expect(Set(body.teams.first?.students.map(\.displayName) ?? []) == ["Student A.", "Other A."])
            #expect(body.teams.first?.work.first?.engagement == "Cyber-awareness classes")
            #expect(body.teams.first?.work.first?.deliverables == ["Class 1 (due 2026-12-01, planned)"])
            #expect(!view.text.contains("3000"))
            for hidden in FieldTests.forbidden { #expect(!view.text.contains(hidden), "mentoring view holds \(hidden)") }
            // Team students are now in reach, in the limited form; the person page logs a disclosure.
            let other = try await app.send(.GET, "/api/v1/people/\(fixture.a.otherStudent)", token: mentor)
            #expect(other.status == .ok)
            #expect(other.object["birthDate"] == nil && other.object["student"] == nil)

            let session = try await app.send(.POST, "/api/v1/mentoring/sessions", token: mentor, json: SessionInput(
                teamId: team.id, heldOn: "2026-11-04", minutes: 60, topic: "Fusion-center architecture"))
            #expect(session.status == .created)
            let future = try await app.send(.POST, "/api/v1/mentoring/sessions", token: mentor, json: SessionInput(
                heldOn: "2027-01-01", minutes: 0, topic: ""))
            let fields = Set((future.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(future.status == .unprocessableEntity && fields == ["minutes", "topic"])
            let ahead = try await app.send(.POST, "/api/v1/mentoring/sessions", token: mentor, json: SessionInput(
                heldOn: "2027-01-01", minutes: 30, topic: "Planning"))
            #expect(ahead.status == .unprocessableEntity && ahead.object["code"] as? String == "validation.rule" && ahead.text.contains(#""field":"heldOn""#))
            #expect(try await app.send(.POST, "/api/v1/referrals", token: mentor, json: ReferralInput(
                studentId: fixture.a.otherStudent, referredTo: "Skyline Drone Works internship")).status == .created)
            #expect(try await app.send(.POST, "/api/v1/referrals", token: mentor, json: ReferralInput(
                studentId: fixture.b.student, referredTo: "x")).status == .unprocessableEntity)
            let page = try await app.browser(signedInAs: fixture.a.email("mentor")).get("/mentoring")
            #expect(page.text.contains("Fusion-center architecture"))
            #expect(page.text.contains("Other A."))
            for hidden in FieldTests.forbidden { #expect(!page.text.contains(hidden), "mentoring page holds \(hidden)") }
            #expect(try await app.send(.GET, "/api/v1/mentoring", token: token).status == .forbidden)
        }
    }

    @Test("staff manage mentor profiles and assignments from the person and team pages")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let team = try await teamWithMinor(app, fixture, token: token)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let teamPage = "/teams/\(team.id)"
            let refused = try await browser.submit(teamPage + "/mentors", form: ["mentorId": fixture.a.mentor.uuidString, "startsOn": "2026-11-05"],
                                                   from: teamPage)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("background check"))
            let person = "/people/\(fixture.a.mentor)"
            #expect(try await browser.get(person).text.contains("Background check not current"))
            #expect(try await browser.submit(person + "/mentor-profile", form: ["expertise": "Cyber", "backgroundCheckStatus": "cleared",
                                                                                "checkedOn": "2026-01-10", "expiresOn": "2028-01-10"],
                                             from: person).status == .seeOther)
            #expect(try await browser.get(person).text.contains("Background check current"))
            #expect(try await browser.submit(teamPage + "/mentors", form: ["mentorId": fixture.a.mentor.uuidString, "startsOn": "2026-11-05"],
                                             from: teamPage).status == .seeOther)
            #expect(try await browser.get(teamPage).text.contains("Mentor Alphason"))
            let beta = try await app.browser(signedInAs: fixture.b.email("admin"))
            #expect(try await beta.submit(teamPage + "/mentors", form: ["mentorId": fixture.b.mentor.uuidString, "startsOn": "2026-11-05"],
                                          from: "/").status == .notFound)
            #expect(try await beta.submit(person + "/mentor-profile", form: ["expertise": "x"], from: "/").status == .notFound)
        }
    }
}
