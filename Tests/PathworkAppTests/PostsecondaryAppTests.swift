import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Student files (exits, the Clearinghouse's detail file, financial-aid completions) and the
/// postsecondary dashboard computed from them, by hand.
@Suite("Postsecondary outcomes")
struct PostsecondaryAppTests {
    /// Thirty graduates-to-be of district A, A-3000 … A-3029: twenty white, ten Hispanic.
    static func graduates(_ app: Application, _ fixture: Fixture) async throws {
        try await AuditLog.change(on: app.db, by: .system("test"), services: app.pathwork) { db, audit in
            let tenant = Tenant(districtID: fixture.a.id, db: db)
            for index in 0..<30 {
                let draft = PersonDraft(givenName: "Senior\(index)", familyName: "Numbered", email: "senior\(index)@alpha.test", roles: [.student],
                                        student: StudentDraft(studentNumber: "A-30\(String(format: "%02d", index))", birthDate: "2008-01-01", grade: 12,
                                                              raceEthnicity: index < 20 ? .white : .hispanicOrLatino, sex: index % 2 == 0 ? .female : .male))
                _ = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: fixture.a.school, password: nil), email: draft.email,
                                                  passwordHash: "x", tenant: tenant, audit: audit)
            }
        }
    }

    static func number(_ index: Int) -> String { "A-30\(String(format: "%02d", index))" }

    static var exitsFile: String {
        "Student Number,Cohort Year,Exit Date,Exit\n" + (0..<30).map { "\(number($0)),2022,2026-06-12,graduated\n" }.joined()
            + "A-1002,2022,2025-11-03,transferredOut\n"
    }

    /// Eighteen found in the fall (the first twelve at a 4-year, six at a 2-year), twelve not
    /// found, and one number nobody has.
    static var clearinghouseFile: String {
        let header = "Your Unique Identifier,First Name,Last Name,Record Found Y/N,Search Date,College Code/Branch,College Name,College State,2-year / 4-year,Public / Private,Enrollment Begin,Enrollment End,Enrollment Status,Graduated?,Graduation Date,Degree Title\n"
        return header + (0..<30).map { index in
            switch index {
            case 0..<12: "\(number(index)),S,N,Y,20261102,003798-00,UNIVERSITY OF WASHINGTON,WA,4,Public,20260924,20261212,F,N,,\n"
            case 12..<18: "\(number(index)),S,N,Y,20261102,003784-00,BELLEVUE COLLEGE,WA,2,Public,20260922,20261210,H,N,,\n"
            default: "\(number(index)),S,N,N,20261102,,,,,,,,,,,\n"
            }
        }.joined() + "ZZ-9999,X,Y,N,20261102,,,,,,,,,,,\n"
    }

    static var aidFile: String {
        "Student Number,Class Of,Application,Submitted,Completed\n" + (0..<30).map { index in
            "\(number(index)),2026,\(index % 5 == 0 ? "WASFA" : "FAFSA"),2025-11-01,\(index < 20 ? "2025-12-01" : "")\n"
        }.joined()
    }

    /// Posts a file as the page's form does: to the form's address, which carries the kind and the token.
    static func upload(_ app: Application, _ browser: Browser, kind: String, _ text: String) async throws -> (status: HTTPResponseStatus, text: String) {
        let page = try await browser.get("/district/student-files").text
        let action = try #require(page.firstMatch(of: try Regex("action=\"(/district/student-files\\?kind=\(kind)&_csrf=[^\"]+)\""))?.output[1].substring)
        let upload = multipartUpload(field: "file", "\(kind).csv", Array(text.utf8))
        var headers = upload.0
        headers.add(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let reply = try await app.testing().sendRequest(.POST, String(action), headers: headers, body: upload.1)
        return (reply.status, reply.body.string)
    }

    static func apply(_ app: Application, _ browser: Browser, kind: String, _ text: String) async throws -> String {
        let preview = try await upload(app, browser, kind: kind, text)
        let token = try #require(preview.text.firstMatch(of: #/name="upload" value="([^"]+)"/#)?.1, "\(preview.text)")
        let applied = try await browser.submit("/district/student-files/apply", form: ["upload": String(token), "fileName": "\(kind).csv", "kind": kind],
                                               from: "/district/student-files")
        #expect(applied.status == .seeOther)
        return try #require(applied.headers.first(name: .location))
    }

    /// Applies a file as the command does: written to disk, then `StudentFileImport.apply`.
    static func applyFile(_ text: String, _ kind: StudentFileKind, _ app: Application, _ fixture: Fixture) async throws -> StudentFileReport {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(kind.rawValue)-\(UUID()).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try await StudentFileImport.apply(path: url.path, kind: kind, fileName: "\(kind.rawValue).csv", districtID: fixture.a.id,
                                                 actor: .system("test"), db: app.db, services: app.pathwork)
    }

    static func count(_ table: String, _ app: Application) async throws -> Int {
        try await app.db.sql().raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
    }

    @Test("an admin previews and applies exits, a StudentTracker file and financial aid; the dashboard's figures are the hand-counted ones")
    func importAndDashboard() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.graduates(app, fixture)
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            _ = try await Self.apply(app, admin, kind: "exits", Self.exitsFile)
            let preview = try await Self.upload(app, admin, kind: "clearinghouse", Self.clearinghouseFile)
            #expect(preview.text.contains("No errors (1 warnings): it can be applied."), "\(preview.text)")
            #expect(preview.text.contains("<td><code>ZZ-9999</code></td>"))
            #expect(try await Self.count("postsecondary_records", app) == 0)
            let record = try await Self.apply(app, admin, kind: "clearinghouse", Self.clearinghouseFile)
            let shown = try await admin.get(record).text
            #expect(shown.contains("Applied: 30 students"), "\(shown)")
            #expect(try await Self.count("postsecondary_records", app) == 18)
            #expect(try await Self.count("postsecondary_searches", app) == 30)
            _ = try await Self.apply(app, admin, kind: "financial-aid", Self.aidFile)

            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let page = try await coordinator.get("/outcomes/postsecondary?classOf=2026&by=race")
            #expect(page.status == .ok)
            #expect(page.text.contains("<td>All students</td><td>30</td><td>18 (60.0%)</td><td>12 (40.0%)</td><td>suppressed</td><td>18 (60.0%)</td>"), "\(page.text)")
            #expect(page.text.contains("The Clearinghouse searched 30 of the class's graduates, most recently on 2026-11-02."))
            #expect(page.text.contains("Not yet final"))

            let analyst = try await app.token(fixture.a.email("analyst"))
            let json = try await app.send(.GET, "/api/v1/postsecondary?classOf=2026&groupBy=race", token: analyst)
            #expect(json.status == .ok)
            let report = try json.json(PostsecondaryPages.Report.self)
            let all = try #require(report.rows.first)
            #expect(all.graduates == 30)
            #expect(all.indicators["enrolledFall"]?.count == 18 && all.indicators["financialAidCompleted"]?.count == 20)
            #expect(all.indicators["financialAidCompleted"]?.rateTenths == 667)
            // Six of thirty at a 2-year college: under ten, hidden. Twenty white graduates of whom
            // 18 enrolled: within 10 of the group, so hidden, and the ten Hispanic graduates' zero with it.
            #expect(all.indicators["enrolledFallTwoYear"]?.suppressed == true && all.indicators["enrolledFallTwoYear"]?.count == nil)
            let white = try #require(report.rows.first { $0.group == "race:white" })
            #expect(white.graduates == 20 && white.indicators["enrolledFall"]?.suppressed == true)
            #expect(report.rows.first { $0.group == "race:hispanicOrLatino" }?.indicators["enrolledFall"]?.suppressed == true)

            let csv = try await coordinator.get("/outcomes/postsecondary.csv?classOf=2026&by=took.paidWork")
            #expect(csv.text.hasPrefix("Group,Graduates,Enrolled the fall after graduating"))
            #expect(csv.text.contains("All students,30,18,60.0,12,40.0"))
            #expect(csv.text.contains("No paid work,30,18,60.0"))

            // A wrong parameter is an error, never a default.
            #expect(try await app.send(.GET, "/api/v1/postsecondary?classOf=twenty", token: analyst).status == .badRequest)
            #expect(try await app.send(.GET, "/api/v1/postsecondary?groupBy=shoeSize", token: analyst).status == .badRequest)
            #expect(try await app.send(.GET, "/api/v1/postsecondary?clasOf=2026", token: analyst).status == .badRequest)
        }
    }

    @Test("a file with an error is refused whole at its line; an empty file and a file of strangers cannot be applied")
    func refusals() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.graduates(app, fixture)
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let broken = Self.exitsFile + "A-3001,2022,2026-06-13,graduated\nA-3002,2022,June 12,graduated\n"
            let preview = try await Self.upload(app, admin, kind: "exits", broken)
            #expect(preview.text.contains("2 errors: fix the file and check it again. Nothing was changed."), "\(preview.text)")
            #expect(preview.text.contains("This student&#39;s exit is already on line 3.") || preview.text.contains("This student's exit is already on line 3."))
            #expect(preview.text.contains("<td>34</td><td>Exit Date</td>"))
            #expect(!preview.text.contains("name=\"upload\""))
            let empty = try await Self.upload(app, admin, kind: "financial-aid", "\n")
            #expect(empty.text.contains("The file is empty"))
            #expect(try await Self.upload(app, admin, kind: "financial-aid", "").text.contains("Choose the file (.csv)."))
            let strangers = try await Self.upload(app, admin, kind: "financial-aid", "Student Number,Class Of,Application,Completed\nQ-1,2026,FAFSA,\n")
            #expect(strangers.text.contains("No line names a student of this district"))
            #expect(try await Self.count("student_exits", app) == 0)
            // Applying a broken file directly (as the command does) writes nothing either.
            let report = try await Self.applyFile(broken, .exits, app, fixture)
            #expect(report.importID == nil && report.issues.errorCount == 2)
            #expect(try await Self.count("student_exits", app) == 0)
            #expect(try await Self.count("stage_student_exits", app) == 0)
        }
    }

    @Test("the same file applied four times at once leaves one copy of each record; a later file replaces only its students'")
    func replaceAndRace() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.graduates(app, fixture)
            try await withThrowingTaskGroup(of: StudentFileReport.self) { group in
                for _ in 0..<4 { group.addTask { try await Self.applyFile(Self.aidFile, .financialAid, app, fixture) } }
                for try await report in group { #expect(report.importID != nil) }
            }
            #expect(try await Self.count("financial_aid_applications", app) == 30)
            #expect(try await StudentFileImportRecord.query(on: app.db).count() == 4)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == StudentFileImportRecord.schema).count() == 4)
            // A second file for two students replaces theirs: one now complete, one withdrawn from the file.
            let later = "Student Number,Class Of,Application,Completed\nA-3025,2026,FAFSA,2026-02-01\nA-3000,2026,WASFA,\n"
            _ = try await Self.applyFile(later, .financialAid, app, fixture)
            let graduates = try await PostsecondaryRecords.graduates(districtID: fixture.a.id, classOf: 2026, db: app.db)
            #expect(graduates.isEmpty)   // no exits yet: nobody is in the class
            #expect(try await Self.count("financial_aid_applications", app) == 30)
            let complete = try await app.db.sql().raw("SELECT COUNT(*) AS n FROM financial_aid_applications WHERE completed_on IS NOT NULL").first()!
                .decode(column: "n", as: Int.self)
            #expect(complete == 20)   // A-3000 lost its completion, A-3025 gained one
        }
    }

    @Test("only admins import; another district sees nothing of it; analysts read the dashboard, students do not")
    func reach() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.graduates(app, fixture)
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let record = try await Self.apply(app, admin, kind: "exits", Self.exitsFile)
            let other = try await app.browser(signedInAs: fixture.b.email("admin"))
            #expect(try await other.get(record).status == .notFound)
            #expect(try await other.get("/outcomes/postsecondary?classOf=2026").text.contains("No graduates are recorded for this class."))
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await coordinator.get("/district/student-files").status == .forbidden)
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            #expect(try await student.get("/outcomes/postsecondary").status == .forbidden)
            let analyst = try await app.browser(signedInAs: fixture.a.email("analyst"))
            #expect(try await analyst.get("/outcomes/postsecondary?classOf=2026").text.contains("<td>All students</td><td>30</td>"))
            #expect(try await analyst.get("/people/\(fixture.a.otherStudent)").status != .ok)
        }
    }

    @Test("staff record, change and remove a student's exit on their page, with the audit saying so")
    func recordExit() async throws {
        try await withPathwork { app, fixture, _ in
            let counselorless = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let path = "/people/\(fixture.a.otherStudent)"
            #expect(try await counselorless.get(path).text.contains("No graduation or exit is recorded."))
            let bad = try await counselorless.submit("\(path)/exit", form: ["exitKind": "graduated", "exitedOn": "June", "cohortYear": "2022"], from: path)
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Enter the date as YYYY-MM-DD."))
            let saved = try await counselorless.submit("\(path)/exit", form: ["exitKind": "graduated", "exitedOn": "2026-06-12", "cohortYear": "2022"], from: path)
            #expect(saved.status == .seeOther)
            #expect(try await counselorless.get(path).text.contains("Graduated with a regular diploma on 2026-06-12 (class of 2026; entered grade 9 in 2022)."))
            _ = try await counselorless.submit("\(path)/exit", form: ["exitKind": "", "exitedOn": "", "cohortYear": ""], from: path)
            #expect(try await StudentExitRecord.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == StudentExitRecord.schema).count() == 2)
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            #expect(try await student.submit("/people/\(fixture.a.student)/exit", form: ["exitKind": "graduated", "exitedOn": "2026-06-12", "cohortYear": "2022"],
                                             from: "/").status == .forbidden)
        }
    }

    @Test("the command checks and applies a file")
    func command() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.graduates(app, fixture)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("exits-\(UUID()).csv")
            try Self.exitsFile.write(to: url, atomically: true, encoding: .utf8)
            func run(_ arguments: [String]) async throws {
                var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["pathwork"] + arguments))
                context.application = app
                try await ImportCommand().run(using: &context)
            }
            try await run(["exits", url.path, "--district", fixture.a.slug, "--dry-run"])
            #expect(try await Self.count("student_exits", app) == 0)
            try await run(["exits", url.path, "--district", fixture.a.slug])
            #expect(try await Self.count("student_exits", app) == 31)
            await #expect(throws: (any Error).self) { try await run(["transcripts", url.path, "--district", fixture.a.slug]) }
        }
    }
}
