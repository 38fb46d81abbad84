import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Work rules for minors: the state overlay, bell schedule and work programs")
struct WorkRulesTests {
    @Test("the admin chooses Washington on the page; a bad bell schedule is refused with nothing written")
    func page() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let page = try await admin.get("/district/work-rules")
            #expect(page.status == .ok && page.text.contains("Federal rules only") && page.text.contains(#"value="08:00""#))
            let bad = try await admin.submit("/district/work-rules", form: ["overlay": "washington", "schoolStarts": "15:00", "schoolEnds": "08:00",
                                                                           "weekStartsOn": "1", "openFlagMinutes": "240"], from: "/district/work-rules")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("after it starts"))
            #expect(try await LaborSettings.query(on: app.db).count() == 0)
            let saved = try await admin.submit("/district/work-rules", form: ["overlay": "washington", "schoolStarts": "08:30", "schoolEnds": "15:10",
                                                                             "weekStartsOn": "1", "openFlagMinutes": "180"], from: "/district/work-rules")
            #expect(try await admin.get(try #require(saved.location)).text.contains("Work rules saved"))
            let settings = try #require(try await LaborSettings.query(on: app.db).first())
            #expect(settings.overlay == .washington && settings.schoolStarts == 510 && settings.schoolEnds == 910
                    && settings.weekStartsOn == 1 && settings.openFlagMinutes == 180 && settings.districtID == fixture.a.id)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "laborSettings").count() == 1)
            #expect(try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/district/work-rules").status == .forbidden)
        }
    }

    @Test("the overlay changes what is refused: five hours on a school day at 17 passes federal rules, not Washington's")
    func overlayApplies() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let admin = try await app.token(fixture.a.email("admin"))
            let changed = try await app.send(.PATCH, "/api/v1/work-rules", token: admin, json: ["overlay": "washington"])
            #expect(changed.status == .ok && changed.text.contains(#""overlay":"washington""#))
            try await WorkAuthorizationTests.recordWashingtonPapers(app, fixture, student: fixture.a.otherStudent)
            let refused = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-03", from: (15, 0), to: (20, 0))
            #expect(refused.status == .unprocessableEntity && refused.text.contains("labor.school-day-hours"), "\(refused.text)")
            #expect(try await app.send(.PATCH, "/api/v1/work-rules", token: admin, json: ["overlay": "federal"]).status == .ok)
            let accepted = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-03", from: (15, 0), to: (20, 0))
            #expect(accepted.status == .created, "\(accepted.text)")
            let unknown = try await app.send(.PATCH, "/api/v1/work-rules", token: admin, json: ["overlay": "oregon"])
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains(#""field":"overlay""#))
            #expect(try await app.send(.PATCH, "/api/v1/work-rules", token: s.coordinator, json: ["overlay": "colorado"]).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/work-rules", token: s.lead).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/work-rules", token: s.student).status == .forbidden)
        }
    }

    @Test("a program is marked WECEP; only in its own district; the choice is validated")
    func programs() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.token(fixture.a.email("admin"))
            let created = try await app.send(.POST, "/api/v1/programs", token: admin, json: ["name": "Work experience"])
            let id = try #require(created.object["id"] as? String)
            let marked = try await app.send(.PUT, "/api/v1/programs/\(id)/work-program", token: admin, json: ["workProgram": "wecep"])
            #expect(marked.status == .ok && marked.text.contains(#""workProgram":"wecep""#))
            #expect(try await app.send(.GET, "/api/v1/work-rules", token: admin).text.contains(#""workProgram":"wecep""#))
            let wrong = try await app.send(.PUT, "/api/v1/programs/\(id)/work-program", token: admin, json: ["workProgram": "apprentice"])
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains(#""field":"workProgram""#))
            let foreign = try await app.send(.PUT, "/api/v1/programs/\(id)/work-program", token: try await app.token(fixture.b.email("admin")),
                                             json: ["workProgram": "cte"])
            #expect(foreign.status == .notFound)
            let browser = try await app.browser(signedInAs: fixture.a.email("admin"))
            let viaPage = try await browser.submit("/programs/\(id)/work-program", form: ["workProgram": "cte"], from: "/district/work-rules")
            #expect(try await browser.get(try #require(viaPage.location)).text.contains("Work experience: CTE work program"))
            #expect(try await ProgramWorkRules.query(on: app.db).first()?.workProgram == .cte)
        }
    }
}
