import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor

@Suite("Outcomes dashboard")
struct OutcomeDashboardTests {
    /// 36 more students in district A: 20 White, 12 Hispanic, 4 Asian, half of each placed on the
    /// setup's team this year.
    static func students(_ app: Application, _ fixture: Fixture, setup: TimeSetup) async throws {
        let roleID = try #require(try await TeamRole.query(on: app.db).filter(\.$name == "Analyst").first()?.id)
        try await AuditLog.change(on: app.db, by: .system("test"), services: app.pathwork) { db, audit in
            let tenant = Tenant(districtID: fixture.a.id, db: db)
            for (index, race) in (Array(repeating: RaceEthnicity.white, count: 20) + Array(repeating: .hispanicOrLatino, count: 12)
                                  + Array(repeating: .asian, count: 4)).enumerated() {
                let draft = PersonDraft(givenName: "Pupil\(index)", familyName: "Numbered", email: "pupil\(index)@alpha.test", roles: [.student],
                                        student: StudentDraft(studentNumber: "A-2\(String(format: "%03d", index))", birthDate: "2010-01-01", grade: 11,
                                                              raceEthnicity: race, sex: index % 2 == 0 ? .female : .male))
                let id = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: fixture.a.school, password: nil), email: draft.email,
                                                       passwordHash: "x", tenant: tenant, audit: audit).id
                if index % 2 == 0 {
                    try await Membership(districtID: fixture.a.id, teamID: setup.team.id, studentID: id, roleID: roleID,
                                         startsOn: CalendarDate(iso: "2026-10-01")!).create(on: db)
                }
            }
        }
    }

    @Test("the dashboard counts from the records, suppresses small groups, and the CSV is exactly the table shown")
    func dashboard() async throws {
        try await withPathwork { app, fixture, _ in
            let setup = try await TimeSetup.make(app, fixture)
            try await Self.students(app, fixture, setup: setup)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let page = try await browser.get("/outcomes?year=2026&by=race&indicator=participants")
            #expect(page.status == .ok)
            // 38 enrolled; 18 + the fixture's 2 placed = 20 participants, 52.6 %.
            #expect(page.text.contains("<td>Enrolled</td><td>38</td>") && page.text.contains("<td>Participants</td><td>20</td><td>52.6</td>"))
            // White: 11 of 21 (52.4 %), 0.3 points under 52.6 %, represented 0.995 → 1.00. Asian has 5
            // enrolled, under 10; alone it would be 38 − 21 − 12, so Hispanic's 12 is hidden with it.
            #expect(page.text.contains("<td>White</td><td>21</td><td>11</td><td>52.4</td><td>-0.3</td><td>1.00</td>"))
            #expect(page.text.contains("<td>Hispanic or Latino</td><td>suppressed</td><td>suppressed</td>"))
            #expect(page.text.contains("<td>Asian</td><td>suppressed</td><td>suppressed</td>"))
            #expect(page.text.contains("<svg class=\"chart\"") && page.text.contains("All students 52.6%"))
            #expect(page.text.contains("Client work: 1 client served; 0 deliverables accepted (due this year); client satisfaction not yet reviewed."))
            #expect(ClientWorkFigures(clientsServed: 2, deliverablesAccepted: 3, reviews: 3, satisfactionTotal: 13).sentence
                    == "2 clients served; 3 deliverables accepted (due this year); client satisfaction 4.3 of 5 from 3 reviews.")
            #expect(try await browser.get("/outcomes?scope=school:\(fixture.a.school)").text.contains("Client work: counted for the district, a program or a team, not by school."))
            // The trend: this year and the two before, each built from the records on first look.
            #expect(page.text.contains("<th>2024–25 rate (%)</th><th>2025–26 rate (%)</th><th>2026–27 rate (%)</th>"))
            #expect(page.text.contains("Participants: all students&#39; rate by school year") || page.text.contains("Participants: all students' rate by school year"))
            #expect(try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM outcome_years").first()!.decode(column: "n", as: Int.self) == 3)

            let csv = try await browser.get("/outcomes.csv?year=2026&by=race&indicator=participants")
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines.first == "Group,Enrolled,Participants,Rate (%),Gap to all students (points),Representation index")
            #expect(lines.contains("White,21,11,52.4,-0.3,1.00") && lines.contains("All students,38,20,52.6,—,—"))
            #expect(lines.count == 1 + 1 + GroupDimension.raceEthnicity.groups.count)

            // Paid work carries hours and earnings, hidden with their count (2 students).
            let approved = try await setup.entry(app, token: setup.coordinator, student: fixture.a.student, "2026-10-27", from: (15, 30), to: (17, 0))
            _ = try await app.send(.POST, "/api/v1/time-entries/\(approved.object["id"] as! String)/approve", token: setup.lead)
            let paid = try await browser.get("/outcomes?year=2026&by=sex&indicator=paidWork")
            #expect(paid.text.contains("Paid hours: suppressed"))

            // Scopes: a school, or a team's students during the year (all of whom participate, so
            // the rate is 100 % of 20 and suppressed: "all 20 did" says something about each).
            // The rollups and the raw records give the same table.
            for by in ["race", "sex", "flag.englishLearner", "locale"] {
                let rolled = try await browser.get("/outcomes.csv?year=2026&by=\(by)&indicator=paidWork").text
                #expect(rolled == (try await browser.get("/outcomes.csv?year=2026&by=\(by)&indicator=paidWork&source=records")).text)
            }
            let school = try await browser.get("/outcomes.csv?year=2026&by=race&scope=school:\(fixture.a.school)")
            #expect(school.text.contains("All students,38,20,52.6"))
            let team = try await browser.get("/outcomes.csv?year=2026&by=race&scope=team:\(setup.team.id)")
            #expect(team.text.contains("All students,20,suppressed"))
            #expect(try await browser.get("/outcomes?scope=team:\(setup.team.id)").text.contains("selected>Team: Aquatic Robotics"))

            // The district's minimum: the admin's, from 5 to 30.
            let admin = try await app.token(fixture.a.email("admin"))
            #expect(try await app.send(.PUT, "/api/v1/reporting-settings", token: setup.coordinator, json: ["minimumCell": 5]).status == .forbidden)
            #expect(try await app.send(.PUT, "/api/v1/reporting-settings", token: admin, json: ["minimumCell": 4]).text.contains("\"field\":\"minimumCell\""))
            #expect(try await app.send(.PUT, "/api/v1/reporting-settings", token: admin, json: ["minimumCell": 5]).status == .ok)
            let five = try await browser.get("/outcomes.csv?year=2026&by=race")
            #expect(five.text.contains("\r\nAsian,5,suppressed") && five.text.contains("\r\nWhite,21,11,52.4"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "reportingSettings").count() == 1)

            // Who may look: aggregates roles in their own district only.
            #expect(try await app.browser(signedInAs: fixture.a.email("mentor")).get("/outcomes").status == .forbidden)
            let analyst = try await app.token(fixture.a.email("analyst"))
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026&by=race", token: analyst).text.contains("All students,38,20"))
            // The fixed contract: schoolYear, scope, groupBy, and JSON rows when asked for JSON.
            let json: HTTPHeaders = ["Accept": "application/json"]
            let rows = try await app.send(.GET, "/api/v1/outcomes?schoolYear=2026-2027&scope=district&groupBy=race", token: analyst, headers: json)
            #expect(rows.status == .ok && rows.headers.contentType == .json)
            let report = try rows.json(OutcomeAPI.Report.self)
            #expect(report.schoolYear == "2026-2027" && report.scope == "district" && report.groupBy == "race")
            #expect(report.rows.first?.group == "all" && report.rows.first?.enrolled == 38
                    && report.rows.first?.indicators["participants"]?.count == 20 && report.rows.first?.indicators["participants"]?.rateTenths == 526)
            #expect(report.rows.contains { $0.group == "race:white" } && report.rows.contains { $0.indicators.values.contains(where: \.suppressed) })
            let oneSchool = try await app.send(.GET, "/api/v1/outcomes?schoolYear=2026-2027&scope=school:\(fixture.a.school)", token: analyst, headers: json)
            #expect(try oneSchool.json(OutcomeAPI.Report.self).scope == "school:\(fixture.a.school.uuidString)")
            // A parameter it does not know, or a malformed one, is a 400 naming it, never a default.
            for (query, field) in [("schoolYear=2026-2028", "schoolYear"), ("groupBy=height", "groupBy"), ("scope=everywhere", "scope"),
                                   ("year=26", "year"), ("grouping=race", "grouping"), ("source=guess", "source")] {
                let bad = try await app.send(.GET, "/api/v1/outcomes?\(query)", token: analyst)
                #expect(bad.status == .badRequest && bad.object["code"] as? String == "query.invalid"
                        && bad.text.contains(#""field":"\#(field)""#), "\(query): \(bad.text)")
            }
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026&scope=school:\(fixture.a.school)", token: beta).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026&scope=team:\(setup.team.id)", token: beta).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026", token: beta).text.contains("All students,suppressed"))
        }
    }

    @Test("an analyst reaches no student-level API: every GET answers without a student's name, number or email")
    func analystSweep() async throws {
        try await withPathwork { app, fixture, _ in
            let analyst = try await app.token(fixture.a.email("analyst"))
            let routes = app.routes.all.filter { $0.method == .GET && $0.path.first?.description == "api" && $0.userInfo[APIRegistry.methodNotAllowedKey] == nil }
            #expect(routes.count > 30)
            for route in routes {
                let path = "/" + route.path.map { if case .parameter = $0 { return fixture.a.student.uuidString }; return $0.description }.joined(separator: "/")
                let reply = try await app.send(.GET, path + "?studentId=\(fixture.a.student)", token: analyst)
                for secret in ["A-1001", "student@alpha.test", "\"givenName\":\"Student\"", "2011-03-14"] {
                    #expect(!reply.text.contains(secret), "\(path) showed \(secret) to an analyst")
                }
            }
        }
    }
}

@Suite("Network outcomes")
struct NetworkOutcomeTests {
    @Test("a network's analyst sees all its districts together, suppressed, from rollups equal to the records; nobody else does")
    func networkDashboard() async throws {
        try await withPathwork { app, fixture, _ in
            let setup = try await TimeSetup.make(app, fixture)
            try await OutcomeDashboardTests.students(app, fixture, setup: setup)
            await #expect(throws: CommandFailure.self) { try await Networks.create(slug: "state", name: "State", districtSlugs: ["alpha", "nowhere"], app: app) }
            let network = try await Networks.create(slug: "state", name: "State network", districtSlugs: ["alpha", "beta"], app: app)
            let scope = "scope=network:\(network.id!)"

            let analyst = try await app.token(fixture.a.email("analyst"))
            let rolled = try await app.send(.GET, "/api/v1/outcomes?year=2026&by=race&\(scope)", token: analyst)
            // 38 in alpha and 2 in beta; alpha's 20 participants.
            #expect(rolled.status == .ok && rolled.text.contains("All students,40,20,50.0"))
            #expect(rolled.text == (try await app.send(.GET, "/api/v1/outcomes?year=2026&by=race&\(scope)&source=records", token: analyst)).text)
            let page = try await app.browser(signedInAs: fixture.a.email("analyst")).get("/outcomes?\(scope)")
            #expect(page.text.contains("Network: State network (all its districts)</option>") || page.text.contains("selected>Network: State network"))

            // A coordinator looks at one district; a district outside the network sees nothing of it.
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026&\(scope)", token: setup.coordinator).status == .notFound)
            let alone = try await Networks.create(slug: "alpha-only", name: "Alpha alone", districtSlugs: ["alpha"], app: app)
            let betaAnalyst = try await app.token(fixture.b.email("analyst"))
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026&scope=network:\(alone.id!)", token: betaAnalyst).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/outcomes?year=2026&\(scope)", token: betaAnalyst).status == .ok)
        }
    }
}
