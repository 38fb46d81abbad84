import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Plans of study")
struct StudyPlanTests {
    static func catalog(_ app: Application, token: String) async throws {
        for (code, prerequisites, program) in [("CS101", [String](), "Cybersecurity"), ("NET201", ["CS101"], "Cybersecurity"), ("ENG9", [], nil)] {
            let reply = try await app.send(.POST, "/api/v1/courses", token: token, json: CourseInput(
                code: code, title: "Course \(code)", creditTenths: 10, cteProgram: program, pathwayCode: program == nil ? nil : "IT.2", prerequisites: prerequisites))
            try #require(reply.status == .created, "\(reply.text)")
        }
    }

    @Test("a counselor starts a plan from a template, a missing prerequisite is flagged, completions count, concentrators show")
    func plans() async throws {
        try await withPathwork { app, fixture, _ in
            let counselor = try await app.token(fixture.a.email("coordinator"))
            try await Self.catalog(app, token: counselor)
            let bad = try await app.send(.POST, "/api/v1/courses", token: counselor, json: CourseInput(code: "CS101", title: "", creditTenths: 99, prerequisites: ["NOPE"]))
            // What the document refuses comes first, every field of it; then what needs the records.
            #expect(bad.status == .unprocessableEntity)
            for field in ["title", "creditTenths"] { #expect(bad.text.contains("\"field\":\"\(field)\"")) }
            let clash = try await app.send(.POST, "/api/v1/courses", token: counselor, json: CourseInput(code: "CS101", title: "Again", creditTenths: 10, prerequisites: ["NOPE"]))
            #expect(clash.status == .unprocessableEntity && clash.object["code"] as? String == "reference.missing", "\(clash.text)")
            for field in ["code", "prerequisites"] { #expect(clash.text.contains("\"field\":\"\(field)\"")) }
            let template = try await app.send(.POST, "/api/v1/plan-templates", token: counselor, json: PlanTemplateInput(
                title: "Cyber", pathwayCode: "IT.2", courses: [.init(code: "CS101", grade: 9), .init(code: "NET201", grade: 10), .init(code: "ENG9", grade: 9)]))
            let templateID = try template.json(CreatedJSON.self).id
            let student = fixture.a.otherStudent
            var plan = try await app.send(.POST, "/api/v1/people/\(student)/plan/template", token: counselor,
                                          json: PlanChange(templateId: templateID.uuidString)).json(StudyPlanJSON.self)
            #expect(plan.courses.map(\.code) == ["CS101", "ENG9", "NET201"])
            #expect(plan.issues == ["The plan reaches 3 credits; graduation needs 22."])
            plan = try await app.send(.POST, "/api/v1/people/\(student)/plan/remove", token: counselor, json: PlanChange(code: "CS101")).json(StudyPlanJSON.self)
            #expect(plan.issues.first == "NET201 needs CS101 first, which is neither completed nor planned.")
            // Completed CS101 satisfies it; CS101 and NET201 completed make a concentrator.
            #expect(try await app.send(.POST, "/api/v1/completed-courses", token: counselor,
                                       json: PlanChange(studentId: student.uuidString, courseCode: "CS101", completedOn: "2026-06-01")).status == .noContent)
            plan = try await app.send(.GET, "/api/v1/people/\(student)/plan", token: counselor).json(StudyPlanJSON.self)
            #expect(!plan.issues.contains { $0.contains("needs CS101") })
            #expect(!plan.concentrator)
            _ = try await app.send(.POST, "/api/v1/completed-courses", token: counselor,
                                   json: PlanChange(studentId: student.uuidString, courseCode: "NET201", completedOn: "2026-10-01"))
            plan = try await app.send(.GET, "/api/v1/people/\(student)/plan", token: counselor).json(StudyPlanJSON.self)
            #expect(plan.concentrator && plan.progressPercent == 50)
            let outOfRange = try await app.send(.POST, "/api/v1/people/\(student)/plan/courses", token: counselor, json: PlanChange(code: "ENG9", grade: 13))
            #expect(outOfRange.status == .unprocessableEntity && outOfRange.text.contains("\"field\":\"grade\""))
            let twice = try await app.send(.POST, "/api/v1/people/\(student)/plan/courses", token: counselor, json: PlanChange(code: "ENG9", grade: 12))
            #expect(twice.status == .conflict && twice.text.contains("already in the plan"))

            // The student reads and adjusts their own plan; not someone else's; beta reaches none.
            let own = try await app.token(fixture.a.email("other"))
            #expect(try await app.send(.GET, "/api/v1/people/\(student)/plan", token: own).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/people/\(fixture.a.student)/plan", token: own).status == .notFound)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/people/\(fixture.a.student)/plan", token: mentor).status == .notFound)
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.POST, "/api/v1/people/\(student)/plan/courses", token: beta, json: PlanChange(code: "ENG9", grade: 9)).status == .notFound)
        }
    }

    @Test("the plan page: start from a template, take out a prerequisite, see it flagged")
    func page() async throws {
        try await withPathwork { app, fixture, _ in
            let counselor = try await app.token(fixture.a.email("coordinator"))
            try await Self.catalog(app, token: counselor)
            _ = try await app.send(.POST, "/api/v1/plan-templates", token: counselor, json: PlanTemplateInput(
                title: "Cyber", pathwayCode: "IT.2", courses: [.init(code: "CS101", grade: 9), .init(code: "NET201", grade: 10)], postsecondary: "Community college"))
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let path = "/people/\(fixture.a.student)/plan"
            #expect(try await browser.get("/people/\(fixture.a.student)").text.contains("No plan yet."))
            let empty = try await browser.submit(path + "/template", form: ["templateId": ""], from: path)
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Choose a plan template."))
            let form = try await browser.get(path)
            let template = try #require(form.text.firstMatch(of: /<option value="([0-9A-F-]+)">Cyber<\/option>/)).1
            _ = try await browser.submit(path + "/template", form: ["templateId": String(template)], from: path)
            _ = try await browser.submit(path + "/remove", form: ["code": "CS101"], from: path)
            let flagged = try await browser.get(path)
            #expect(flagged.text.contains("NET201 needs CS101 first, which is neither completed nor planned."))
            #expect(flagged.text.contains("After high school: Community college"))
            // The careers page shows the courses that lead to a pathway.
            #expect(try await browser.get("/career-clusters?framework=2006").text.contains("Courses: CS101 Course CS101; NET201 Course NET201"))
        }
    }
}
