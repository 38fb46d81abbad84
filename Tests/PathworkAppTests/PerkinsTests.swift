import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The Perkins V report from hand-counted records: 24 students in the cybersecurity program
/// (P-3000 … P-3023; the first twelve took year-long courses, the rest half-year ones).
@Suite("Perkins V report")
struct PerkinsTests {
    static let year = ReportingYear(start: 2025)

    static func number(_ index: Int) -> String { "P-30\(String(format: "%02d", index))" }

    /// The students, their courses, credentials, dual credit, and the files' records.
    static func setUp(_ app: Application, _ fixture: Fixture) async throws {
        try await AuditLog.change(on: app.db, by: .system("test"), services: app.pathwork) { db, audit in
            let tenant = Tenant(districtID: fixture.a.id, db: db)
            for (code, credit) in [("CYB1", 10), ("CYB2", 10), ("CYH1", 5), ("CYH2", 5)] {
                let course = Course()
                course.districtID = fixture.a.id; course.code = code; course.title = "Cybersecurity \(code)"; course.creditTenths = credit
                course.cteProgram = "Cybersecurity"; course.pathwayCode = "TR.5"; course.prerequisites = ""
                try await course.create(on: db)
            }
            let certification = Credential()
            certification.districtID = fixture.a.id; certification.title = "CompTIA Security+"; certification.issuer = "CompTIA"
            certification.kind = .industryCertification
            try await certification.create(on: db)
            for index in 0..<24 {
                let draft = PersonDraft(givenName: "Cyber\(index)", familyName: "Numbered", email: "cyber\(index)@alpha.test", roles: [.student],
                                        student: StudentDraft(studentNumber: number(index), birthDate: "2008-01-01", grade: 12,
                                                              raceEthnicity: .white, sex: index % 2 == 0 ? .female : .male,
                                                              flags: index >= 10 && index < 22 ? [.singleParent] : []))
                let id = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: fixture.a.school, password: nil), email: draft.email,
                                                       passwordHash: "x", tenant: tenant, audit: audit).id
                for code in index < 12 ? ["CYB1", "CYB2"] : ["CYH1", "CYH2"] {
                    let done = CompletedCourse()
                    done.districtID = fixture.a.id; done.studentID = id; done.courseCode = code; done.completedOn = "2025-05-30"
                    try await done.create(on: db)
                }
                if index <= 11 {
                    let attainment = CredentialAttainment()
                    attainment.districtID = fixture.a.id; attainment.studentID = id; attainment.$credential.id = certification.id!
                    attainment.earnedOn = index == 11 ? "2026-07-01" : "2026-04-10"   // the twelfth came after graduating
                    attainment.evidence = "Exam report"; attainment.verifiedBy = fixture.a.coordinator
                    try await attainment.create(on: db)
                }
                if index < 10 {
                    let credit = DualCreditRecord()
                    credit.districtID = fixture.a.id; credit.studentID = id; credit.kind = DualCreditKind.runningStart.rawValue
                    credit.creditTenths = 50; credit.earnedOn = "2026-03-20"
                    try await credit.create(on: db)
                }
            }
        }
        func apply(_ kind: StudentFileKind, _ text: String) async throws {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(kind.token)-\(UUID()).csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            let report = try await StudentFileImport.apply(path: url.path, kind: kind, fileName: "\(kind.token).csv", districtID: fixture.a.id,
                                                           actor: .system("test"), db: app.db, services: app.pathwork)
            try #require(report.importID != nil, "\(report.issues.listed)")
        }
        // 0–15 graduate on time, 16–19 in September of a fifth year, 20–21 drop out, 22 transfers
        // out, 23 has no exit (grade 12 now: the next cohort).
        try await apply(.exits, "Student Number,Cohort Year,Exit Date,Exit\n" + (0..<23).map { index in
            switch index {
            case 0..<16: "\(number(index)),2022,2026-06-12,graduated\n"
            case 16..<20: "\(number(index)),2022,2026-09-15,graduated\n"
            case 20, 21: "\(number(index)),2022,2025-12-10,droppedOut\n"
            default: "\(number(index)),2022,2025-10-01,transferredOut\n"
            }
        }.joined())
        try await apply(.assessments, "Student Number,Subject,School Year,Proficient\n" + (0..<15).map { "\(number($0)),ELA,2025-26,\($0 < 10 ? "Y" : "N")\n" }.joined())
        try await apply(.clearinghouse, "Your Unique Identifier,Record Found Y/N,College Code/Branch,College Name,2-year / 4-year,Public / Private,Enrollment Begin,Enrollment End,Graduated?,Graduation Date\n"
                        + (0..<10).map { "\(number($0)),Y,X1,STATE U,4,Public,20260924,20261212,N,\n" }.joined())
        // 10–11 employed from July on; 12's job ended September 30, the day before the quarter counted.
        try await apply(.afterExit, "Student Number,Activity,Start Date,End Date\n\(number(10)),employed,2026-07-01,\n\(number(11)),military,2026-07-01,\n"
                        + "\(number(12)),employed,2026-07-01,2026-09-30\n")
    }

    static func report(_ app: Application, _ token: String, source: String = "rollups") async throws -> PerkinsPages.Report {
        let reply = try await app.send(.GET, "/api/v1/perkins?year=2025&source=\(source)", token: token)
        try #require(reply.status == .ok, "\(reply.text)")
        return try reply.json(PerkinsPages.Report.self)
    }

    static func all(_ report: PerkinsPages.Report, _ code: String) -> (Int?, Int?) {
        let cell = report.indicators.first { $0.code == code }!.all
        return (cell.numerator, cell.denominator)
    }

    @Test("every indicator's numerator and denominator is the hand count; the rollups equal the records; the state's stricter rule narrows concentrators")
    func handCounted() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.setUp(app, fixture)
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            _ = try await admin.submit("/outcomes/settings", form: ["minimumCell": "5"], from: "/outcomes")
            let marked = try await admin.submit("/outcomes/perkins/nontraditional", form: ["pathwayCode": "TR.5", "forSex": "female",
                                                                                          "source": "State non-traditional list 2025"], from: "/outcomes/perkins/settings")
            #expect(marked.status == .seeOther)
            let token = try await app.token(fixture.a.email("coordinator"))
            let report = try await Self.report(app, token)
            #expect(report.concentratorRule == "twoCourses")
            #expect(Self.all(report, "1S1") == (16, 22))
            #expect(Self.all(report, "2S1") == (10, 15))
            #expect(Self.all(report, "2S2") == (nil, nil))   // nobody took it: under the minimum, hidden
            #expect(Self.all(report, "3S1") == (12, 19))
            #expect(Self.all(report, "4S1") == (12, 24))
            #expect(Self.all(report, "5S1") == (11, 16))
            #expect(Self.all(report, "5S2") == (10, 16))
            let wbl = report.indicators.first { $0.code == "5S3" }!.all
            #expect(wbl.denominator == 16 && wbl.suppressed && wbl.numerator == nil)
            // Counted from the records, the same.
            let records = try await Self.report(app, token, source: "records")
            #expect(records.indicators.map(\.all.numerator) == report.indicators.map(\.all.numerator))
            let students = try await OutcomeRecords.students(districtID: fixture.a.id, year: Self.year, scope: .district, currentYear: 2026, db: app.db)
            #expect(try await OutcomeRollups.tallies(districtIDs: [fixture.a.id], year: Self.year, schoolID: nil, db: app.db)
                    == OutcomeTallies.tally(students.map(\.outcome)))

            let page = try await admin.get("/outcomes/perkins?year=2025&by=nontraditional")
            #expect(page.text.contains("<td>1S1 Four-year graduation rate</td><td>22</td><td>16</td><td>72.7</td>"), "\(page.text)")
            #expect(page.text.contains("(D) Single parents, including single pregnant women: counted as “Single parent (or single and pregnant)”"))
            // Special population (D): 10–21 are single parents, of whom 10–15 graduated in four years.
            let parents = StudentGroup(dimension: .flag(.singleParent), value: "yes")
            let tallies = try await OutcomeRollups.tallies(districtIDs: [fixture.a.id], year: Self.year, schoolID: nil, db: app.db)
            #expect(tallies.groups[parents]?.counted(.graduation) == 12 && tallies.groups[parents]?.met(.graduation) == 6)
            #expect(report.indicators.first { $0.code == "1S1" }!.groups.contains { $0.group == parents.token })
            let csv = try await admin.get("/outcomes/perkins.csv?year=2025")
            #expect(csv.text.hasPrefix("School Year,Indicator,Indicator Title,Group Dimension,Group,Denominator,Numerator,Rate (%),Suppressed"))
            #expect(csv.text.contains("2025-2026,1S1,Four-year graduation rate,All,All students,22,16,72.7,N"))
            #expect(csv.text.contains("2025-2026,5S3,Program quality: work-based learning,All,All students,16,,,Y"))

            // Colorado's rule: the half-year courses no longer make concentrators.
            _ = try await admin.submit("/outcomes/perkins/settings", form: ["concentratorRule": "twoCarnegieUnits"], from: "/outcomes/perkins/settings")
            let stricter = try await Self.report(app, token)
            #expect(stricter.concentratorRule == "twoCarnegieUnits")
            #expect(Self.all(stricter, "4S1").1 == 12)
            let after = try await OutcomeRecords.students(districtID: fixture.a.id, year: Self.year, scope: .district, currentYear: 2026, db: app.db)
            #expect(try await OutcomeRollups.tallies(districtIDs: [fixture.a.id], year: Self.year, schoolID: nil, db: app.db)
                    == OutcomeTallies.tally(after.map(\.outcome)))
        }
    }

    @Test("only the admin sets the rule and marks pathways, each refused by field; a program or team scope is refused; another district's figures are its own")
    func settingsAndReach() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await coordinator.get("/outcomes/perkins/settings").status == .forbidden)
            #expect(try await coordinator.get("/outcomes/perkins").status == .ok)
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let bad = try await admin.submit("/outcomes/perkins/nontraditional", form: ["pathwayCode": "NOPE", "forSex": "nonbinary", "source": ""],
                                             from: "/outcomes/perkins/settings")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Choose a Career Clusters pathway.") && bad.text.contains("Choose female or male.") && bad.text.contains("Say where this comes from"))
            let token = try await app.token(fixture.a.email("coordinator"))
            #expect(try await app.send(.GET, "/api/v1/perkins?scope=team:\(UUID())", token: token).status == .badRequest)
            #expect(try await app.send(.GET, "/api/v1/perkins?yeer=2025", token: token).status == .badRequest)
            let student = try await app.token(fixture.a.email("student"))
            #expect(try await app.send(.GET, "/api/v1/perkins", token: student).status == .forbidden)
            try await Self.setUp(app, fixture)
            let other = try await Self.report(app, try await app.token(fixture.b.email("coordinator")))
            #expect(other.indicators.allSatisfy { $0.all.denominator == 0 || $0.all.denominator == nil })
        }
    }

    @Test("the settings over the API: the admin reads, sets the rule, marks and unmarks a pathway, each audited; refusals by field; not for coordinators")
    func settingsAPI() async throws {
        try await withPathwork { app, fixture, _ in
            struct Mark: Encodable { var pathwayCode: String; var forSex: String; var source: String }
            let admin = try await app.token(fixture.a.email("admin"))
            let read = try await app.send(.GET, "/api/v1/perkins/settings", token: admin)
            #expect(read.status == .ok && read.object["concentratorRule"] as? String == ConcentratorRule.twoCourses.rawValue)
            let set = try await app.send(.PUT, "/api/v1/perkins/settings/concentrator-rule", token: admin, json: ["concentratorRule": ConcentratorRule.twoCarnegieUnits.rawValue])
            #expect(set.status == .ok && set.object["concentratorRule"] as? String == ConcentratorRule.twoCarnegieUnits.rawValue)
            let wrong = try await app.send(.PUT, "/api/v1/perkins/settings/concentrator-rule", token: admin, json: ["concentratorRule": "oneCourse"])
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("concentratorRule"))
            let marked = try await app.send(.POST, "/api/v1/perkins/nontraditional-pathways", token: admin,
                                            json: Mark(pathwayCode: "TR.5", forSex: "female", source: "Colorado CTE non-traditional list"))
            #expect(marked.status == .created, "\(marked.text)")
            let entries = marked.object["nontraditional"] as? [[String: Any]] ?? []
            let id = try #require(entries.first?["id"] as? String)
            #expect(entries.count == 1 && entries.first?["forSex"] as? String == "female")
            let badSource = try await app.send(.POST, "/api/v1/perkins/nontraditional-pathways", token: admin, json: Mark(pathwayCode: "TR.5", forSex: "female", source: ""))
            #expect(badSource.status == .unprocessableEntity && badSource.text.contains("source"))
            #expect(try await app.send(.DELETE, "/api/v1/perkins/nontraditional-pathways/\(id)", token: admin).status == .noContent)
            #expect(try await NontraditionalPathway.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == NontraditionalPathway.schema).count() == 2)
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            #expect(try await app.send(.GET, "/api/v1/perkins/settings", token: coordinator).status == .forbidden)
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/perkins/settings", token: beta).object["concentratorRule"] as? String == ConcentratorRule.twoCourses.rawValue)
        }
    }

    @Test("staff record and remove what a student did after leaving; a bad date is refused by field")
    func activities() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let path = "/people/\(fixture.a.otherStudent)"
            _ = try await coordinator.submit("\(path)/exit", form: ["exitKind": "graduated", "exitedOn": "2026-06-12", "cohortYear": "2022"], from: path)
            let bad = try await coordinator.submit("\(path)/after-exit", form: ["activity": "employed", "activityStartsOn": "2026-07-01", "activityEndsOn": "2026-06-01"], from: path)
            #expect(bad.status == .unprocessableEntity && bad.text.contains("It cannot end before it began."))
            let saved = try await coordinator.submit("\(path)/after-exit", form: ["activity": "military", "activityStartsOn": "2026-07-01", "activityEndsOn": ""], from: path)
            #expect(saved.status == .seeOther)
            #expect(try await coordinator.get(path).text.contains("Military service: from 2026-07-01"))
            let activity = try #require(try await ExitActivity.query(on: app.db).first())
            #expect(try await coordinator.submit("/exit-activities/\(activity.id!)/remove", form: [:], from: path).status == .seeOther)
            #expect(try await ExitActivity.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == ExitActivity.schema).count() == 2)
        }
    }
}
