import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// Washington's High School and Beyond Plan: written by the student, signed off by a counselor
/// once a year only when complete, counted as an outcome indicator by grade and group.
@Suite("High School and Beyond Plan")
struct BeyondPlanAppTests {
    struct NewPerson: Encodable { var givenName: String; var familyName: String; var email: String; var roles: [String]; var password: String }
    struct Goals: Encodable { var careerGoals: String; var educationGoals: String; var graduationPathways: [String] }
    struct Entry: Encodable { var kind: String; var title: String; var startsOn: String; var endsOn: String? }

    /// Washington's rules for district A and a counselor there; returns the counselor's token.
    static func washingtonWithCounselor(_ app: Application, _ fixture: Fixture) async throws -> String {
        try await WorkAuthorizationTests.washington(app, fixture)
        let admin = try await app.token(fixture.a.email("admin"))
        let made = try await app.send(.POST, "/api/v1/people", token: admin, json: NewPerson(givenName: "Cora", familyName: "Alphason", email: "counselor@alpha.test",
                                                                                         roles: ["counselor"], password: Fixture.password))
        try #require(made.status == .created, "\(made.text)")
        return try await app.token("counselor@alpha.test")
    }

    /// Everything but the plan's own words: the inventory and courses in every grade left.
    static func prepare(_ app: Application, student: UUID, district: UUID) async throws {
        let tenant = Tenant(districtID: district, db: app.db)
        let result = InterestResult()
        result.districtID = district; result.studentID = student; result.takenAt = Date(); result.answers = "{}"; result.code = "RIA"; result.scores = "{}"
        try await result.create(on: tenant.db)
        let plan = StudyPlan()
        plan.districtID = district; plan.studentID = student; plan.courses = "ENG9:9,ENG10:10,ENG11:11,ENG12:12"; plan.updatedAt = Date()
        try await plan.create(on: tenant.db)
    }

    static func tallies(_ app: Application, _ fixture: Fixture) async throws -> (records: OutcomeTallies, rollups: OutcomeTallies) {
        let records = try await OutcomeRecords.students(districtID: fixture.a.id, year: ReportingYear(start: 2026), scope: .district, currentYear: 2026, db: app.db)
        let rollups = try await OutcomeRollups.tallies(districtIDs: [fixture.a.id], year: ReportingYear(start: 2026), schoolID: nil, db: app.db)
        return (OutcomeTallies.tally(records.map(\.outcome)), rollups)
    }

    @Test("a student writes the plan; a counselor signs it off only when complete, once a year even when asked five times at once; the indicator counts it by grade")
    func writeSignAndCount() async throws {
        try await withPathwork { app, fixture, _ in
            let counselor = try await Self.washingtonWithCounselor(app, fixture)
            // The year's rollups exist before the plans change, so each change must move them.
            try await OutcomeBuild.build(districtID: fixture.a.id, year: ReportingYear(start: 2026), db: app.db, services: app.pathwork)
            let path = "/people/\(fixture.a.student)/beyond-plan"
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            #expect(try await student.get(path).text.contains("Still needed for grade 10"))
            // Nothing written yet: the sign-off names what is missing.
            let early = try await app.send(.POST, "/api/v1\(path)/sign-off", token: counselor, json: ["note": "first look"])
            #expect(early.status == .unprocessableEntity && early.text.contains("Career interest and skills inventory") && early.text.contains("\"plan\""))
            let wrong = try await student.submit(path, form: ["careerGoals": "Electrician", "educationGoals": "Apprenticeship", "graduationPathways[]": "moonshot"], from: path)
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("is not a graduation pathway option"))
            let saved = try await student.submit(path, form: ["careerGoals": "Electrician", "educationGoals": "Inside wireman apprenticeship",
                                                              "graduationPathways[]": "cteSequence"], from: path)
            #expect(saved.status == .seeOther)
            try await Self.prepare(app, student: fixture.a.student, district: fixture.a.id)
            let signed = try await app.send(.POST, "/api/v1\(path)/sign-off", token: counselor, json: ["note": "Reviewed with family"])
            #expect(signed.status == .created && signed.object["current"] as? Bool == true, "\(signed.text)")
            #expect(signed.object["graduationPathways"] as? [String] == ["cteSequence"])
            #expect(try await app.send(.POST, "/api/v1\(path)/sign-off", token: counselor, json: ["note": ""]).status == .conflict)
            // The grade-12 student needs a résumé too; five counselors' clicks at once sign once.
            let other = fixture.a.otherStudent
            try await Self.prepare(app, student: other, district: fixture.a.id)
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let goals = Goals(careerGoals: "Nurse", educationGoals: "BSN", graduationPathways: ["dualCredit", "stateAssessment"])
            #expect(try await app.send(.PUT, "/api/v1/people/\(other)/beyond-plan", token: coordinator, json: goals).status == .ok)
            let needsResume = try await app.send(.POST, "/api/v1/people/\(other)/beyond-plan/sign-off", token: counselor, json: ["note": ""])
            #expect(needsResume.status == .unprocessableEntity && needsResume.text.contains("Résumé"))
            let line = try await app.send(.POST, "/api/v1/people/\(other)/beyond-plan/resume-entries", token: coordinator,
                                          json: Entry(kind: "communityService", title: "Food bank volunteer", startsOn: "2026-01-10", endsOn: nil))
            #expect(line.status == .created)
            let replies = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await app.send(.POST, "/api/v1/people/\(other)/beyond-plan/sign-off", token: counselor, json: ["note": ""]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(replies.filter { $0 == .created }.count == 1 && replies.filter { $0 == .conflict }.count == 4, "\(replies)")
            #expect(try await BeyondPlanSignOff.query(on: app.db).count() == 2)

            var (records, rollups) = try await Self.tallies(app, fixture)
            #expect(records.all.count(.beyondPlan) == 2 && rollups == records)
            #expect(records.group(StudentGroup(dimension: .grade, value: "10")).count(.beyondPlan) == 1)
            #expect(records.group(StudentGroup(dimension: .grade, value: "12")).count(.beyondPlan) == 1)
            #expect(records.group(StudentGroup(dimension: .grade, value: "12")).enrolled == 1)

            // A sign-off given in error is taken back; the indicator follows.
            let mine = try #require(try await BeyondPlanSignOff.query(on: app.db).filter(\.$studentID == other).first())
            #expect(try await app.send(.DELETE, "/api/v1/beyond-plan-sign-offs/\(mine.id!)", token: coordinator).status == .forbidden)
            #expect(try await app.send(.DELETE, "/api/v1/beyond-plan-sign-offs/\(mine.id!)", token: counselor).status == .noContent)
            (records, rollups) = try await Self.tallies(app, fixture)
            #expect(records.all.count(.beyondPlan) == 1 && rollups == records)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == BeyondPlanSignOff.schema).count() == 3)

            // The counselor's list and home: one signed off, one complete and waiting.
            let desk = try await app.browser(signedInAs: "counselor@alpha.test")
            let list = try await desk.get("/beyond-plans")
            #expect(list.status == .ok && list.text.contains("1 of 2 students in grades 7–12") && list.text.contains("1 are complete and wait"))
            let ready = try await desk.get("/beyond-plans?status=ready&grade=12")
            #expect(ready.text.contains("Alphason, Other") && !ready.text.contains("Alphason, Student"))
            #expect(try await desk.get("/beyond-plans?grade=5").status == .unprocessableEntity)
            #expect(try await desk.get("/").text.contains("High School and Beyond Plans to sign off: 1"))
            #expect(try await app.browser(signedInAs: fixture.a.email("mentor")).get("/beyond-plans").status == .forbidden)
            #expect(!(try await student.get("/").text.contains("Update your High School and Beyond Plan")))

            // The dashboard offers the indicator and the grade groups in Washington.
            let dashboard = try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/outcomes?indicator=beyondPlan&by=grade")
            #expect(dashboard.status == .ok && dashboard.text.contains("Current High School and Beyond Plan") && dashboard.text.contains("Grade 12"))
            // The student's page and plan of study say where the plan stands.
            #expect(try await student.get("/people/\(fixture.a.student)").text.contains("Current: signed off on 2026-11-06"))
            #expect(try await student.get("/people/\(fixture.a.student)/plan").text.contains("High School and Beyond Plan"))
        }
    }

    @Test("the résumé draws on Pathwork's records and the student's own lines; a bad date names its field; only the student and plan staff change it")
    func resume() async throws {
        try await withPathwork { app, fixture, _ in
            _ = try await Self.washingtonWithCounselor(app, fixture)
            let path = "/people/\(fixture.a.student)/beyond-plan"
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            let future = try await student.submit("\(path)/resume", form: ["kind": "work", "title": "Barista", "startsOn": "2027-01-01"], from: path)
            #expect(future.status == .unprocessableEntity && future.text.contains("Enter when it started") && future.text.contains("Barista"))
            let backwards = try await student.submit("\(path)/resume", form: ["kind": "work", "title": "Barista", "startsOn": "2026-06-01", "endsOn": "2026-05-01"], from: path)
            #expect(backwards.status == .unprocessableEntity && backwards.text.contains("cannot end before it started"))
            #expect(try await student.submit("\(path)/resume", form: ["kind": "work", "title": "Barista", "organization": "Corner Cafe", "startsOn": "2026-06-01"],
                                             from: path).status == .seeOther)
            let plan = try await app.send(.GET, "/api/v1\(path)", token: try await app.token(fixture.a.email("student")))
            let lines = plan.object["resume"] as? [[String: Any]] ?? []
            #expect(lines.contains { $0["title"] as? String == "Barista" && $0["fromPathwork"] as? Bool == false })
            let entry = try #require(try await ResumeEntry.query(on: app.db).first())
            // Another student of the district cannot remove it; another district cannot find it.
            let other = try await app.browser(signedInAs: fixture.a.email("other"))
            #expect(try await other.submit("/resume-entries/\(entry.id!)/remove", form: [:], from: "/").status == .forbidden)
            let beta = try await app.token(fixture.b.email("coordinator"))
            #expect(try await app.send(.DELETE, "/api/v1/resume-entries/\(entry.id!)", token: beta).status == .notFound)
            // A mentor never sees the plan; a coordinator edits but does not sign off.
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1\(path)", token: mentor).status == .notFound)
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            #expect(try await app.send(.POST, "/api/v1\(path)/sign-off", token: coordinator, json: ["note": ""]).status == .forbidden)
            #expect(try await student.submit("/resume-entries/\(entry.id!)/remove", form: [:], from: path).status == .seeOther)
            #expect(try await ResumeEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("outside Washington there is no plan: no page, no API, no section, no indicator on the dashboard")
    func onlyInWashington() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            #expect(try await app.send(.GET, "/api/v1/people/\(fixture.a.student)/beyond-plan", token: coordinator).status == .notFound)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await browser.get("/people/\(fixture.a.student)/beyond-plan").status == .notFound)
            #expect(!(try await browser.get("/people/\(fixture.a.student)").text.contains("High School and Beyond Plan")))
            #expect(!(try await browser.get("/outcomes").text.contains("Current High School and Beyond Plan")))
        }
    }
}
