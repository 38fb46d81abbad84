import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Course catalog, templates and graduation requirements")
struct CourseCatalogTests {
    @Test("staff edit courses and templates over the API; loops and unknown courses are refused by field; the admin sets graduation credits")
    func api() async throws {
        try await withPathwork { app, fixture, _ in
            let counselor = try await app.token(fixture.a.email("coordinator"))
            try await StudyPlanTests.catalog(app, token: counselor)
            let courses = try await app.send(.GET, "/api/v1/courses", token: counselor).json([CourseJSON].self)
            #expect(courses.map(\.code) == ["CS101", "ENG9", "NET201"])
            let cs101 = try #require(courses.first { $0.code == "CS101" })
            // CS101 needing NET201 would make a loop, since NET201 needs CS101.
            let loop = try await app.send(.PATCH, "/api/v1/courses/\(cs101.id)", token: counselor, json: CourseInput(prerequisites: ["NET201"]))
            #expect(loop.status == .unprocessableEntity && loop.text.contains("NET201 already needs CS101"))
            let renamed = try await app.send(.PATCH, "/api/v1/courses/\(cs101.id)", token: counselor,
                                             json: CourseInput(code: "IGNORED", title: "Computer Science Principles", creditTenths: 5)).json(CourseJSON.self)
            #expect(renamed.code == "CS101" && renamed.title == "Computer Science Principles" && renamed.creditTenths == 5 && renamed.cteProgram == "Cybersecurity")

            let template = try await app.send(.POST, "/api/v1/plan-templates", token: counselor, json: PlanTemplateInput(
                title: "Cyber", pathwayCode: "IT.2", courses: [.init(code: "CS101", grade: 9)])).json(PlanTemplateJSON.self)
            let twice = try await app.send(.PATCH, "/api/v1/plan-templates/\(template.id)", token: counselor,
                                           json: PlanTemplateInput(courses: [.init(code: "CS101", grade: 9), .init(code: "cs101", grade: 10)]))
            #expect(twice.status == .unprocessableEntity && twice.text.contains("List each course once."))
            let changed = try await app.send(.PATCH, "/api/v1/plan-templates/\(template.id)", token: counselor, json: PlanTemplateInput(
                courses: [.init(code: "CS101", grade: 9), .init(code: "NET201", grade: 10)], milestones: "OSHA 10 by grade 10")).json(PlanTemplateJSON.self)
            #expect(changed.title == "Cyber" && changed.courses.map(\.code) == ["CS101", "NET201"] && changed.milestones == "OSHA 10 by grade 10")
            #expect(try await app.send(.GET, "/api/v1/plan-templates", token: counselor).json([PlanTemplateJSON].self).count == 1)

            // Graduation requirements: the admin's; the plan is checked against them.
            let rules = GraduationRequirementsInput(graduationCreditTenths: 30, maxCreditTenthsPerYear: 10)
            #expect(try await app.send(.PUT, "/api/v1/graduation-requirements", token: counselor, json: rules).status == .forbidden)
            let admin = try await app.token(fixture.a.email("admin"))
            let short = try await app.send(.PUT, "/api/v1/graduation-requirements", token: admin,
                                           json: GraduationRequirementsInput(graduationCreditTenths: 300, maxCreditTenthsPerYear: 50))
            #expect(short.status == .unprocessableEntity && short.text.contains("\"field\":\"maxCreditTenthsPerYear\""))
            #expect(try await app.send(.PUT, "/api/v1/graduation-requirements", token: admin, json: rules).status == .ok)
            let student = fixture.a.otherStudent
            _ = try await app.send(.POST, "/api/v1/people/\(student)/plan/template", token: counselor, json: PlanChange(templateId: template.id.uuidString))
            let plan = try await app.send(.POST, "/api/v1/people/\(student)/plan/courses", token: counselor,
                                          json: PlanChange(code: "ENG9", grade: 10)).json(StudyPlanJSON.self)
            #expect(plan.issues == ["Grade 10 has 2 credits planned; the limit is 1.", "The plan reaches 2.5 credits; graduation needs 3."])
            let audited = try await AuditEntry.query(on: app.db).filter(\.$entity ~~ ["course", "planTemplate", "graduationRequirements"]).count()
            #expect(audited == 3 + 1 + 2 + 1)

            // District B sees and changes none of it.
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/courses", token: beta).text == "[]")
            #expect(try await app.send(.PATCH, "/api/v1/courses/\(cs101.id)", token: beta, json: CourseInput(title: "x")).status == .notFound)
            #expect(try await app.send(.PATCH, "/api/v1/plan-templates/\(template.id)", token: beta, json: PlanTemplateInput(title: "x")).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/graduation-requirements", token: beta).json(GraduationRequirementsInput.self).graduationCreditTenths == 220)
        }
    }

    @Test("the catalog page: find, add with credits as written, edit, a template typed a line at a time, graduation credits for the admin only")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            let counselor = try await app.token(fixture.a.email("coordinator"))
            try await StudyPlanTests.catalog(app, token: counselor)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let page = try await browser.get("/courses")
            #expect(page.status == .ok && page.text.contains("3 courses") && !page.text.contains("Save requirements"))
            #expect(try await browser.get("/courses?q=net").text.contains("1 of 3 courses"))
            let bad = try await browser.submit("/courses", form: ["code": "HLTH", "title": "Health", "credits": "0.25", "prerequisites": "ENG9, NOPE"], from: "/courses")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Credits are in tenths") && bad.text.contains("NOPE is not in the catalog"))
            #expect(bad.text.contains("href=\"#credits\""))
            let added = try await browser.submit("/courses", form: ["code": "hlth", "title": "Health", "credits": "0.5", "prerequisites": "ENG9"], from: "/courses")
            #expect(added.status == .seeOther)
            let health = try #require(try await Course.query(on: app.db).filter(\.$code == "HLTH").first())
            #expect(health.creditTenths == 5 && health.prerequisites == "ENG9")
            let edit = "/courses/\(health.id!)"
            #expect(try await browser.get(edit).text.contains("value=\"0.5\""))
            _ = try await browser.submit(edit, form: ["title": "Health and Wellness", "credits": "1", "cteProgram": "", "prerequisites": ""], from: edit)
            let saved = try #require(try await Course.find(health.id, on: app.db))
            #expect(saved.title == "Health and Wellness" && saved.creditTenths == 10 && saved.prerequisites == "")

            let typo = try await browser.submit("/plan-templates", form: ["title": "Cyber", "pathwayCode": "IT.2", "courses": "CS101 9\nNET201 ten\n"], from: "/plan-templates")
            #expect(typo.status == .unprocessableEntity)
            #expect(typo.text.contains("Line 2 (&quot;NET201 ten&quot;) should read like CYB110 10") || typo.text.contains("Line 2 (\"NET201 ten\") should read like CYB110 10"))
            let made = try await browser.submit("/plan-templates", form: ["title": "Cyber", "pathwayCode": "IT.2", "courses": "CS101 9\r\nNET201 10\r\nHLTH 9"],
                                                from: "/plan-templates")
            #expect(made.status == .seeOther)
            let template = try #require(try await PlanTemplate.query(on: app.db).filter(\.$title == "Cyber").first())
            #expect(template.courses == "CS101:9,HLTH:9,NET201:10")
            #expect(try await browser.get("/plan-templates/\(template.id!)").text.contains("NET201 10"))

            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let wrong = try await admin.submit("/courses/graduation", form: ["graduationCredits": "24", "maxCreditsPerYear": "5"], from: "/courses")
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("Four years at this limit reach only 20 credits"))
            _ = try await admin.submit("/courses/graduation", form: ["graduationCredits": "24.5", "maxCreditsPerYear": "7"], from: "/courses")
            #expect(try await admin.get("/courses").text.contains("24.5 credits to graduate and at most 7 a year"))
            #expect(try await browser.submit("/courses/graduation", form: ["graduationCredits": "10", "maxCreditsPerYear": "7"], from: "/courses").status == .forbidden)
        }
    }

    @Test("staff record a completion on the plan page and take it back; a completed course meets a pathway requirement and earns its credential")
    func completions() async throws {
        try await withPathwork { app, fixture, _ in
            let counselor = try await app.token(fixture.a.email("coordinator"))
            try await StudyPlanTests.catalog(app, token: counselor)
            let student = fixture.a.otherStudent
            let pathway = try await app.send(.POST, "/api/v1/credential-pathways", token: counselor,
                                             json: CredentialPathwayInput(title: "Cyber", years: 3)).json(CreatedJSON.self).id
            let unknown = try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/requirements", token: counselor,
                                             json: PathwayRequirementInput(year: 1, title: "Networking", kind: .course, courseCode: "NOPE"))
            #expect(unknown.text.contains("\"field\":\"courseCode\""))
            _ = try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/requirements", token: counselor,
                                   json: PathwayRequirementInput(year: 1, title: "Networking fundamentals", kind: .course, courseCode: "net201", issuesBadge: true))
            _ = try await app.send(.POST, "/api/v1/credential-pathways/\(pathway)/enrollments", token: counselor, json: PathwayEnrollmentInput(studentId: student.uuidString))

            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let plan = "/people/\(student)/plan"
            let future = try await browser.submit(plan + "/completions", form: ["courseCode": "NET201", "completedOn": "2027-01-01"], from: plan)
            #expect(future.status == .unprocessableEntity && future.text.contains("today or earlier"))
            #expect(try await browser.submit(plan + "/completions", form: ["courseCode": "NET201", "completedOn": "2026-10-30"], from: plan).status == .seeOther)
            let shown = try await browser.get(plan)
            #expect(shown.text.contains("NET201 Course NET201 · 2026-10-30"))
            let progress = try await app.send(.GET, "/api/v1/credential-pathways/progress?studentId=\(student)", token: counselor).json([PathwayProgressJSON].self)
            #expect(progress.first?.complete == true)
            let badges = try await IssuedCredential.query(on: app.db).filter(\.$studentID == student).all()
            #expect(badges.map(\.title) == ["Networking fundamentals"])
            #expect(badges.first?.document.contains("Course completed 2026-10-30") == true)

            // The student sees the completion but cannot record or take one back.
            let own = try await app.browser(signedInAs: fixture.a.email("other"))
            let ownPage = try await own.get(plan)
            #expect(ownPage.text.contains("NET201 Course NET201") && !ownPage.text.contains("Record completion") && !ownPage.text.contains("Take back"))
            #expect(try await own.submit(plan + "/completions", form: ["courseCode": "CS101", "completedOn": "2026-10-30"], from: plan).status == .forbidden)

            let done = try #require(try await app.send(.GET, "/api/v1/people/\(student)/plan", token: counselor).json(StudyPlanJSON.self).completions.first)
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.DELETE, "/api/v1/completed-courses/\(done.id)", token: beta).status == .notFound)
            let takeBack = try #require(shown.text.firstMatch(of: /action="(\/completed-courses\/[0-9a-fA-F-]+\/remove)"/)).1
            #expect(try await browser.submit(String(takeBack), form: [:], from: plan).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/people/\(student)/plan", token: counselor).json(StudyPlanJSON.self).completions.isEmpty)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$entity == "completedCourse").all().map(\.action)
            #expect(entries.sorted() == ["create", "delete"])
        }
    }
}
