import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Surveys: built, sent to an audience, answered (once, while open, only by those sent it),
/// results by group from hand-counted answers, anonymity, comparison and a network's view.
@Suite("Surveys")
struct SurveyAppTests {
    /// Twelve grade-11 students who can sign in, S-4000 … S-4011: the first six English learners.
    static func students(_ app: Application, _ fixture: Fixture) async throws {
        let hash = try Bcrypt.hash(Fixture.password, cost: 4)
        try await AuditLog.change(on: app.db, by: .system("test"), services: app.pathwork) { db, audit in
            let tenant = Tenant(districtID: fixture.a.id, db: db)
            for index in 0..<12 {
                let draft = PersonDraft(givenName: "Voice\(index)", familyName: "Numbered", email: "voice\(index)@alpha.test", roles: [.student],
                                        student: StudentDraft(studentNumber: "S-40\(String(format: "%02d", index))", birthDate: "2009-01-01", grade: 11,
                                                              raceEthnicity: .white, sex: index % 2 == 0 ? .female : .male,
                                                              flags: index < 6 ? [.englishLearner] : []))
                _ = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: fixture.a.school, password: nil), email: draft.email,
                                                  passwordHash: hash, tenant: tenant, audit: audit)
            }
        }
    }

    /// Creates and sends a survey from a template to grade 11; its id.
    static func send(_ app: Application, _ fixture: Fixture, title: String, anonymous: Bool, closesOn: String = "2026-11-30") async throws -> String {
        let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
        var form = ["template": "studentExperience", "title": title, "closesOn": closesOn, "audience": "students", "grade": "11"]
        if anonymous { form["anonymous"] = "on" }
        let created = try await coordinator.submit("/surveys", form: form, from: "/surveys")
        let path = try #require(created.location)
        let sent = try await coordinator.submit("\(path)/send", form: [:], from: path)
        #expect(sent.location?.contains("Sent%20to%2012%20people") == true || sent.location?.contains("Sent+to+12+people") == true, "\(sent.location ?? "")")
        return path
    }

    static func answer(_ app: Application, _ index: Int, _ path: String, belong: Int, text: String = "") async throws -> Reply {
        let student = try await app.browser(signedInAs: "voice\(index)@alpha.test")
        return try await student.submit("\(path)/answer", form: ["q_belong": String(belong), "q_adult": "4", "q_skills": "5", "q_plan": index < 8 ? "0" : "1",
                                                                 "q_better": text], from: "\(path)/answer")
    }

    @Test("twelve students answer; the results are the hand counts, suppressed by group; an anonymous response names no one anywhere")
    func anonymousResults() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.students(app, fixture)
            let path = try await Self.send(app, fixture, title: "Fall pulse", anonymous: true)
            let first = try await app.browser(signedInAs: "voice0@alpha.test")
            #expect(try await first.get("/").text.contains("Answer the survey “Fall pulse”"))
            let missing = try await first.submit("\(path)/answer", form: ["q_belong": "4"], from: "\(path)/answer")
            #expect(missing.status == .unprocessableEntity && missing.text.contains("Answer this question."))
            for index in 0..<12 {
                let reply = try await Self.answer(app, index, path, belong: index < 9 ? 4 : 2, text: "Idea number \(index)")
                #expect(reply.status == .seeOther)
            }
            let again = try await Self.answer(app, 0, path, belong: 1)
            #expect(again.status == .conflict)
            #expect(try await first.get("/").text.contains("Fall pulse") == false)

            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await coordinator.get(path).text.contains("12 of 12 answered."))
            let results = try await coordinator.get("\(path)/results?by=flag.englishLearner")
            // 12 answered; 9 agree (4) and 3 disagree (2): 3 is under the minimum of 10, and so
            // is everything by group (six a group).
            #expect(results.text.contains("<td>All respondents</td><td>12</td>"), "\(results.text)")
            #expect(results.text.contains("<td>English learner</td><td>suppressed</td>"))
            #expect(results.text.contains("Open answers: all respondents"))
            #expect(results.text.contains("<li>Idea number 0</li>"))
            #expect(!results.text.contains("Open answers: English learner"))
            let csv = try await coordinator.get("\(path)/results.csv?by=flag.englishLearner")
            #expect(csv.text.hasPrefix("Question,Group,Answered,Answer,Count,Percent,Mean"))
            #expect(!csv.text.contains("voice") && !csv.text.contains("Voice") && !csv.text.contains("S-40"))

            // Nothing stored or logged joins a response to a person.
            let sql = try app.db.sql()
            let rows = try await sql.raw("SELECT person_id, submitted_at FROM survey_responses").all()
            #expect(rows.count == 12)
            for row in rows {
                #expect(try row.decode(column: "person_id", as: UUID?.self) == nil)
                #expect(try row.decode(column: "submitted_at", as: Date?.self) == nil)
            }
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "surveyResponse").count() == 0)
            let logged = try await AuditEntry.query(on: app.db).filter(\.$entity == SurveyInvitation.schema).all()
            #expect(logged.allSatisfy { !$0.after.contains("belong") })
        }
    }

    @Test("answering at once five times is one response; a survey with names keeps them; not sent to you, closed or edited after sending are refused")
    func refusalsAndRaces() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.students(app, fixture)
            let path = try await Self.send(app, fixture, title: "Named check-in", anonymous: false)
            let student = try await app.browser(signedInAs: "voice3@alpha.test")
            let form = ["q_belong": "5", "q_adult": "4", "q_skills": "5", "q_plan": "2"]
            try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<5 { group.addTask { try await student.submit("\(path)/answer", form: form, from: "\(path)/answer").status } }
                var statuses: [HTTPResponseStatus] = []
                for try await status in group { statuses.append(status) }
                #expect(statuses.filter { $0 == .seeOther }.count == 1)
            }
            let stored = try await app.db.sql().raw("SELECT person_id FROM survey_responses").all()
            let storedPerson = try stored.first?.decode(column: "person_id", as: UUID?.self)
            #expect(stored.count == 1 && storedPerson != nil)
            let cells = try await app.db.sql().raw("SELECT value FROM survey_cells WHERE question_key = 'belong' AND measure = 'n' AND group_token = 'all'").first()
            #expect(try cells?.decode(column: "value", as: Int.self) == 1)

            let outsider = try await app.browser(signedInAs: fixture.a.email("student"))
            #expect(try await outsider.get("\(path)/answer").status == .notFound)
            #expect(try await outsider.submit("\(path)/answer", form: form, from: "/").status == .forbidden)
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await coordinator.submit("\(path)/questions", form: ["prompt": "Late?", "kind": "likert"], from: path).status == .conflict)
            _ = try await coordinator.submit("\(path)/close", form: [:], from: path)
            #expect(try await Self.answer(app, 4, path, belong: 3).status == .conflict)
            let other = try await app.browser(signedInAs: fixture.b.email("coordinator"))
            #expect(try await other.get(path).status == .notFound)
            #expect(try await other.get("\(path)/results").status == .notFound)
            #expect(try await student.get("\(path)/results").status == .forbidden)
        }
    }

    @Test("a blank survey is built question by question, refused by field where wrong, and cannot be sent empty or to nobody")
    func builder() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let bad = try await coordinator.submit("/surveys", form: ["title": "", "closesOn": "2026-01-01", "audience": "students"], from: "/surveys")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Give the survey a title") && bad.text.contains("The closing date has passed."))
            let created = try await coordinator.submit("/surveys", form: ["title": "Supervisors", "closesOn": "2026-12-01", "audience": "supervisors"], from: "/surveys")
            let path = try #require(created.location)
            let empty = try await coordinator.submit("\(path)/send", form: [:], from: path)
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Add at least one question."))
            let refused = try await coordinator.submit("\(path)/questions", form: ["prompt": "Pick one", "kind": "singleChoice", "choices": "Only"], from: path)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Give from 2 to 20 choices, one a line."))
            _ = try await coordinator.submit("\(path)/questions", form: ["section": "About you", "prompt": "Hours a week?", "kind": "number", "minimum": "0",
                                                                         "maximum": "60", "required": "on"], from: path)
            _ = try await coordinator.submit("\(path)/questions", form: ["section": "About you", "prompt": "Anything else?", "kind": "openText"], from: path)
            let page = try await coordinator.get(path)
            #expect(page.text.contains("Hours a week? (A number, required)") && page.text.contains("Anything else? (Open text)"))
            let survey = try #require(try await Survey.query(on: app.db).filter(\.$title == "Supervisors").first())
            #expect(survey.definition.questions.map(\.key) == ["q1", "q2"])
            _ = try await coordinator.submit("\(path)/remove-question", form: ["key": "q2"], from: path)
            #expect(try await Survey.find(survey.id, on: app.db)?.definition.questions.map(\.key) == ["q1"])
            let sent = try await coordinator.submit("\(path)/send", form: [:], from: path)
            #expect(sent.status == .seeOther)   // the fixture's supervisor
            let supervisor = try await app.browser(signedInAs: fixture.a.email("supervisor"))
            let answered = try await supervisor.submit("\(path)/answer", form: ["q_q1": "61"], from: "\(path)/answer")
            #expect(answered.status == .unprocessableEntity && answered.text.contains("Enter a whole number from 0 to 60."))
            #expect(try await supervisor.submit("\(path)/answer", form: ["q_q1": "12"], from: "\(path)/answer").status == .seeOther)
            let nobody = try await coordinator.submit("/surveys", form: ["title": "Grade 6", "closesOn": "2026-12-01", "audience": "students", "grade": "6",
                                                                         "template": "partner"], from: "/surveys")
            let refusedSend = try await coordinator.submit("\(nobody.location!)/send", form: [:], from: nobody.location!)
            #expect(refusedSend.text.contains("No one is in this audience."))
        }
    }

    @Test("two surveys of one template compare question by question; a network's analyst sees the template across districts")
    func compareAndNetwork() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.students(app, fixture)
            let before = try await Self.send(app, fixture, title: "Fall", anonymous: true)
            for index in 0..<12 { _ = try await Self.answer(app, index, before, belong: 2) }
            let after = try await Self.send(app, fixture, title: "Spring", anonymous: true, closesOn: "2027-04-30")
            for index in 0..<12 { _ = try await Self.answer(app, index, after, belong: index < 11 ? 4 : 5) }
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let fall = try #require(try await Survey.query(on: app.db).filter(\.$title == "Fall").first()?.id)
            let compared = try await coordinator.get("\(after)/results?compare=\(fall)")
            #expect(compared.text.contains("Compared with Fall: answered 12"), "\(compared.text)")
            // A mean shows only where nothing in its row is hidden: 12 of 12 at 2 then is a row
            // with hidden zeros, so "—".
            #expect(compared.text.contains("mean — then"))
            _ = try await Networks.create(slug: "metro", name: "Metro", districtSlugs: [fixture.a.slug, fixture.b.slug], app: app)
            let network = try #require(try await Network.query(on: app.db).first()?.id)
            let analyst = try await app.browser(signedInAs: fixture.a.email("analyst"))
            let across = try await analyst.get("\(after)/results?scope=network:\(network)")
            // The spring administration only: the fall's survey closed in the other half of the year.
            #expect(across.status == .ok && across.text.contains("<td>All respondents</td><td>12</td>"), "\(across.text)")
            #expect(!across.text.contains("Open answers"))
        }
    }

    @Test("the API lists surveys and gives a survey's results by group, equal from the counts and from the responses; anonymous surveys refuse the recount; bad parameters are named")
    func api() async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.students(app, fixture)
            let named = try await Self.send(app, fixture, title: "Named pulse", anonymous: false)
            for index in 0..<12 { _ = try await Self.answer(app, index, named, belong: index < 9 ? 4 : 2) }
            let hidden = try await Self.send(app, fixture, title: "Hidden pulse", anonymous: true)
            for index in 0..<3 { _ = try await Self.answer(app, index, hidden, belong: 3) }
            let token = try await app.token(fixture.a.email("coordinator"))
            let list = try await app.send(.GET, "/api/v1/surveys", token: token)
            #expect(list.status == .ok && list.array.count == 2)
            #expect(list.array.first { $0["title"] as? String == "Named pulse" }?["answered"] as? Int == 12)
            let id = try #require(named.split(separator: "/").last)
            let rollups = try await app.send(.GET, "/api/v1/surveys/\(id)/results?by=flag.englishLearner", token: token)
            let records = try await app.send(.GET, "/api/v1/surveys/\(id)/results?by=flag.englishLearner&source=records", token: token)
            #expect(rollups.status == .ok && rollups.text == records.text, "\(rollups.text)\n\(records.text)")
            let belong = (rollups.object["questions"] as? [[String: Any]])?.first { $0["key"] as? String == "belong" }
            let rows = belong?["rows"] as? [[String: Any]] ?? []
            // 9 answered "agree" and 3 "disagree": the 3 is under the minimum and the 9 would give it away, so both are null.
            #expect(rows.count == 3 && rows.first?["respondents"] as? Int == 12)
            #expect((rows.first?["counts"] as? [String: Any])?["4"] is NSNull)
            #expect(rows.contains { $0["group"] as? String == "flag.englishLearner:yes" })
            let hiddenID = try #require(hidden.split(separator: "/").last)
            let refused = try await app.send(.GET, "/api/v1/surveys/\(hiddenID)/results?source=records", token: token)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("\"source\""))
            let bad = try await app.send(.GET, "/api/v1/surveys/\(id)/results?by=shoeSize", token: token)
            #expect(bad.status == .unprocessableEntity || bad.status == .badRequest)
            #expect(bad.text.contains("\"by\""))
            // Not for mentors; not across districts.
            #expect(try await app.send(.GET, "/api/v1/surveys", token: try await app.token(fixture.a.email("mentor"))).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/surveys/\(id)/results", token: try await app.token(fixture.b.email("coordinator"))).status == .notFound)
        }
    }
}
