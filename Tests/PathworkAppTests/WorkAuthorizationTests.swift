import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Work authorizations: the papers Washington and Colorado require, dated, and meal periods flagged")
struct WorkAuthorizationTests {
    /// The district's endorsement (by the admin) and the student's Parent/School Authorization
    /// (by the coordinator), both current through the fixture's school year.
    static func recordWashingtonPapers(_ app: Application, _ fixture: Fixture, student: UUID) async throws {
        let admin = try await app.token(fixture.a.email("admin"))
        let coordinator = try await app.token(fixture.a.email("coordinator"))
        let endorsement = try await app.send(.POST, "/api/v1/work-authorizations", token: admin,
                                             json: ["kind": "employer-endorsement", "validFrom": "2026-01-01", "validUntil": "2027-12-31"])
        try #require(endorsement.status == .created, "\(endorsement.text)")
        let parent = try await app.send(.POST, "/api/v1/work-authorizations", token: coordinator,
                                        json: ["kind": "parent-school", "studentId": student.uuidString, "validFrom": "2026-08-20"])
        try #require(parent.status == .created, "\(parent.text)")
        #expect(parent.object["validUntil"] as? String == "2027-09-30")
    }

    static func washington(_ app: Application, _ fixture: Fixture) async throws {
        let admin = try await app.token(fixture.a.email("admin"))
        try #require(try await app.send(.PATCH, "/api/v1/work-rules", token: admin, json: ["overlay": "washington"]).status == .ok)
    }

    @Test("with Washington's rules, a minor's entry and clock-in are refused until both papers are on file; revoking one refuses again")
    func washingtonRefusesWithoutPapers() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            try await Self.washington(app, fixture)
            let refused = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-03", from: (15, 0), to: (17, 0))
            #expect(refused.status == .unprocessableEntity && refused.object["code"] as? String == "labor.authorization-missing")
            let detail = refused.object["detail"] as? String ?? ""
            #expect(detail.contains("Parent/School Authorization") && detail.contains("endorsement") && detail.contains("WAC 296-125-0260"))
            let clockIn = try await app.send(.POST, "/api/v1/clock/in", token: s.older, json: ["activity": "training"])
            #expect(clockIn.status == .unprocessableEntity && clockIn.object["code"] as? String == "labor.authorization-missing")
            try await Self.recordWashingtonPapers(app, fixture, student: fixture.a.otherStudent)
            #expect(try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-03", from: (15, 0), to: (17, 0)).status == .created)
            let papers = try await app.send(.GET, "/api/v1/work-authorizations?studentId=\(fixture.a.otherStudent)", token: s.lead)
            let id = try #require((papers.array.first?["id"] as? String))
            let revoked = try await app.send(.POST, "/api/v1/work-authorizations/\(id)/revoke", token: s.coordinator)
            #expect(revoked.status == .ok && revoked.object["revoked"] as? Bool == true)
            let again = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-04", from: (15, 0), to: (17, 0))
            #expect(again.object["code"] as? String == "labor.authorization-missing" && !again.text.contains("endorsement"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "workAuthorization").count() == 3)
        }
    }

    @Test("a paper is checked against the work date: the endorsement's last day passes, the day after does not")
    func datedPapers() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            try await Self.washington(app, fixture)
            let admin = try await app.token(fixture.a.email("admin"))
            _ = try await app.send(.POST, "/api/v1/work-authorizations", token: admin,
                                   json: ["kind": "employer-endorsement", "validFrom": "2026-01-01", "validUntil": "2026-11-03"])
            _ = try await app.send(.POST, "/api/v1/work-authorizations", token: s.coordinator,
                                   json: ["kind": "parent-school", "studentId": fixture.a.otherStudent.uuidString, "validFrom": "2026-08-20"])
            #expect(try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-03", from: (15, 0), to: (17, 0)).status == .created)
            let after = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-04", from: (15, 0), to: (17, 0))
            #expect(after.object["code"] as? String == "labor.authorization-missing" && after.text.contains("for 2026-11-04"))
        }
    }

    @Test("recording is validated and limited: kind, student, dates, lapse after September 30, who may record")
    func validation() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.token(fixture.a.email("admin"))
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            func post(_ token: String, _ body: [String: String]) async throws -> Reply {
                try await app.send(.POST, "/api/v1/work-authorizations", token: token, json: body)
            }
            let student = fixture.a.student.uuidString
            let unknown = try await post(coordinator, ["kind": "hall-pass", "studentId": student, "validFrom": "2026-09-01"])
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains(#""field":"kind""#) && unknown.text.contains("parent-school"))
            let late = try await post(coordinator, ["kind": "parent-school", "studentId": student, "validFrom": "2026-09-01", "validUntil": "2027-10-01"])
            #expect(late.status == .unprocessableEntity && late.text.contains("2027-09-30"))
            let backwards = try await post(coordinator, ["kind": "school-release", "studentId": student, "validFrom": "2026-09-01", "validUntil": "2026-08-01"])
            #expect(backwards.status == .unprocessableEntity && backwards.text.contains(#""field":"validUntil""#))
            let open = try await post(coordinator, ["kind": "school-release", "studentId": student, "validFrom": "2026-09-01"])
            #expect(open.status == .unprocessableEntity && open.text.contains(#""field":"validUntil""#))
            let badDate = try await post(coordinator, ["kind": "school-release", "studentId": student, "validFrom": "2026-13-01", "validUntil": "2026-12-01"])
            #expect(badDate.status == .unprocessableEntity && badDate.text.contains(#""field":"validFrom""#))
            let endorsementForStudent = try await post(admin, ["kind": "employer-endorsement", "studentId": student, "validFrom": "2026-01-01", "validUntil": "2026-12-31"])
            #expect(endorsementForStudent.status == .unprocessableEntity && endorsementForStudent.text.contains(#""field":"studentId""#))
            #expect(try await post(coordinator, ["kind": "employer-endorsement", "validFrom": "2026-01-01", "validUntil": "2026-12-31"]).status == .forbidden)
            let lead = try await app.token(fixture.a.email("mentor"))
            #expect(try await post(lead, ["kind": "parent-school", "studentId": student, "validFrom": "2026-09-01"]).status == .forbidden)
            let foreign = try await post(coordinator, ["kind": "parent-school", "studentId": fixture.b.student.uuidString, "validFrom": "2026-09-01"])
            #expect(foreign.status == .unprocessableEntity && foreign.text.contains(#""field":"studentId""#))
            #expect(try await WorkAuthorization.query(on: app.db).count() == 0)
            let strayQuery = try await app.send(.GET, "/api/v1/work-authorizations?student=\(student)", token: coordinator)
            #expect(strayQuery.status == .badRequest && strayQuery.text.contains(#""field":"student""#))
        }
    }

    @Test("twenty revocations of one paper at once: one revokes it, the others answer 409")
    func racingRevocations() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let paper = try await app.send(.POST, "/api/v1/work-authorizations", token: coordinator,
                                           json: ["kind": "parent-school", "studentId": fixture.a.student.uuidString, "validFrom": "2026-09-01"])
            let id = try #require(paper.object["id"] as? String)
            RaceTests.once(try await RaceTests.race { _ in try await app.send(.POST, "/api/v1/work-authorizations/\(id)/revoke", token: coordinator) })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "workAuthorization").filter(\.$action == "update").count() == 1)
        }
    }

    @Test("a typed entry past Washington's meal period is recorded with a flag the lead sees, citing the rule")
    func mealPeriodFlag() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            try await Self.washington(app, fixture)
            try await Self.recordWashingtonPapers(app, fixture, student: fixture.a.otherStudent)
            // Saturday: 5 hours and 1 minute at 17, more than 5 hours without a meal period.
            let long = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-10-31", from: (9, 0), to: (14, 1))
            #expect(long.status == .created && (long.object["flags"] as? [String]) == ["labor.meal-period"], "\(long.text)")
            let short = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-01", from: (9, 0), to: (14, 0))
            #expect(short.status == .created && (short.object["flags"] as? [String]) == [])
            let approvals = try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/approvals")
            #expect(approvals.text.contains("meal period due (WAC 296-125-0285; WAC 296-125-0287; WAC 296-126-092)"))
        }
    }

    @Test("pages: the coordinator records a paper on the student's page; the admin sees the law with its sources and dates")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.washington(app, fixture)
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let person = "/people/\(fixture.a.student)"
            #expect(try await coordinator.get(person).text.contains("Work authorizations"))
            let saved = try await coordinator.submit("/work-authorizations", form: ["kind": "parent-school", "studentId": fixture.a.student.uuidString,
                                                                                  "validFrom": "2026-09-02", "validUntil": "", "reference": "PSA-17"], from: person)
            let after = try await coordinator.get(try #require(saved.location))
            #expect(after.text.contains("Parent/School Authorization recorded, current 2026-09-02 to 2027-09-30") && after.text.contains("PSA-17"))
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let law = try await admin.get("/district/work-rules")
            #expect(law.text.contains("SHB 1121, chapter 79, Laws of 2025") && law.text.contains("from 2026-07-01")
                    && law.text.contains("WAC 296-125-0285") && law.text.contains("minor work permit endorsement"))
            let endorsed = try await admin.submit("/work-authorizations", form: ["kind": "employer-endorsement", "validFrom": "2026-01-01",
                                                                                "validUntil": "2026-12-31", "reference": "UBI 600"], from: "/district/work-rules")
            #expect(try await admin.get(try #require(endorsed.location)).text.contains("Minor work permit endorsement recorded"))
            // A mentor sees no papers on the student's page.
            let mentor = try await app.browser(signedInAs: fixture.a.email("mentor"))
            #expect(!(try await mentor.get(person).text.contains("Work authorizations")))
        }
    }
}
