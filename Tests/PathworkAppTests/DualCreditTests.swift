import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor
import VaporTesting

/// Courses flagged with their dual credit, college credit recorded by staff or imported, and
/// the share of students earning any, by group.
@Suite("Dual credit")
struct DualCreditTests {
    @Test("a course names its dual credit on the page and over the API; a wrong kind is refused by field")
    func courseKind() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let added = try await coordinator.submit("/courses", form: ["code": "ENG101", "title": "College English", "credits": "1",
                                                                        "dualCreditKind": "collegeInTheHighSchool", "dualCreditPartner": "Bellevue College"], from: "/courses")
            #expect(added.status == .seeOther)
            #expect(try await coordinator.get("/courses").text.contains("College in the High School, Bellevue College"))
            let token = try await app.token(fixture.a.email("coordinator"))
            let course = try #require(try await Course.query(on: app.db).filter(\.$code == "ENG101").first())
            let changed = try await app.send(.PATCH, "/api/v1/courses/\(course.id!)", token: token, json: ["dualCreditKind": "runningStart"])
            #expect(changed.status == .ok && changed.object["dualCreditKind"] as? String == "runningStart")
            let wrong = try await app.send(.PATCH, "/api/v1/courses/\(course.id!)", token: token, json: ["dualCreditKind": "summerCamp"])
            #expect(wrong.status == .unprocessableEntity || wrong.status == .badRequest)
            #expect(wrong.text.contains("dualCreditKind"))
            let cleared = try await app.send(.PATCH, "/api/v1/courses/\(course.id!)", token: token, json: ["dualCreditKind": ""])
            #expect(cleared.status == .ok && cleared.object["dualCreditKind"] == nil)
        }
    }

    @Test("staff record and remove a student's college credit; a file replaces only what files gave; the outcome counts it in its year")
    func recordImportAndCount() async throws {
        try await withPathwork { app, fixture, _ in
            let counselor = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let path = "/people/\(fixture.a.student)"
            let bad = try await counselor.submit("\(path)/dual-credit", form: ["dualCreditKind": "runningStart", "dualCredits": "0", "dualCreditEarnedOn": "2026-10-01"], from: path)
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Enter the college credits earned"))
            let saved = try await counselor.submit("\(path)/dual-credit", form: ["dualCreditKind": "advancedPlacement", "dualCredits": "4.5", "dualCreditEarnedOn": "2026-10-01",
                                                                                 "dualCreditCollege": "University of Washington"], from: path)
            #expect(saved.status == .seeOther)
            #expect(try await counselor.get(path).text.contains("4.5 college credits earned in high school."))

            let url = FileManager.default.temporaryDirectory.appendingPathComponent("dual-\(UUID()).csv")
            try "Student Number,Dual Credit,College Credits,Earned On\nA-1001,Running Start,5,2026-09-30\nA-1002,CTE dual credit,3,2026-10-15\n"
                .write(to: url, atomically: true, encoding: .utf8)
            for _ in 0..<2 {
                let report = try await StudentFileImport.apply(path: url.path, kind: .dualCredit, fileName: "dual.csv", districtID: fixture.a.id,
                                                               actor: .system("test"), db: app.db, services: app.pathwork)
                #expect(report.importID != nil)
            }
            // Applied twice: one copy of the file's two rows, and the hand-recorded one kept.
            #expect(try await DualCreditRecord.query(on: app.db).count() == 3)
            #expect(try await counselor.get(path).text.contains("9.5 college credits earned in high school."))
            let reply = try await app.send(.GET, "/api/v1/outcomes?year=2026&groupBy=race", token: try await app.token(fixture.a.email("coordinator")),
                                           headers: ["Accept": "application/json"])
            let rows = reply.object["rows"] as? [[String: Any]] ?? []
            let all = (rows.first?["indicators"] as? [String: Any])?["dualCredit"] as? [String: Any]
            #expect(all?["suppressed"] as? Bool == true)   // 2 students: under the minimum, shown as suppressed
            let records = try await OutcomeRecords.students(districtID: fixture.a.id, year: ReportingYear(start: 2026), scope: .district, currentYear: 2026, db: app.db)
            #expect(OutcomeTallies.tally(records.map(\.outcome)).all.count(.dualCredit) == 2)
            let rollups = try await OutcomeRollups.tallies(districtIDs: [fixture.a.id], year: ReportingYear(start: 2026), schoolID: nil, db: app.db)
            #expect(rollups == OutcomeTallies.tally(records.map(\.outcome)))

            let recorded = try #require(try await DualCreditRecord.query(on: app.db).filter(\.$importID == nil).first())
            let imported = try #require(try await DualCreditRecord.query(on: app.db).filter(\.$importID != nil).first())
            #expect(try await counselor.submit("/dual-credits/\(imported.id!)/remove", form: [:], from: path).status == .conflict)
            #expect(try await counselor.submit("/dual-credits/\(recorded.id!)/remove", form: [:], from: path).status == .seeOther)
            #expect(try await DualCreditRecord.query(on: app.db).count() == 2)
            let after = try await OutcomeRecords.students(districtID: fixture.a.id, year: ReportingYear(start: 2026), scope: .district, currentYear: 2026, db: app.db)
            #expect(try await OutcomeRollups.tallies(districtIDs: [fixture.a.id], year: ReportingYear(start: 2026), schoolID: nil, db: app.db)
                    == OutcomeTallies.tally(after.map(\.outcome)))
            // The student sees their own credit; another district cannot reach it.
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            #expect(try await student.get(path).text.contains("5 college credits earned in high school."))
            let other = try await app.browser(signedInAs: fixture.b.email("coordinator"))
            #expect(try await other.submit("/dual-credits/\(imported.id!)/remove", form: [:], from: "/people").status == .notFound)
        }
    }
}
