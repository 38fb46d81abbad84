import Fluent
import Foundation
@testable import PathworkApp
import Testing
import Vapor

/// With two districts, district A's credentials reach none of district B's people.
@Suite("Tenancy")
struct TenantTests {
    @Test("every person-reading and person-writing API operation on district B's records answers 404 and changes nothing")
    func apiCannotCrossDistricts() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("admin"))
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            let snapshotBefore = try await snapshot(of: fixture.b, app)
            for target in [fixture.b.student, fixture.b.admin, fixture.b.mentor] {
                let id = target.uuidString
                let attempts: [(HTTPMethod, String, [String: String]?)] = [
                    (.GET, "/api/v1/people/\(id)", nil),
                    (.PATCH, "/api/v1/people/\(id)", ["givenName": "Hijacked"]),
                    (.POST, "/api/v1/people/\(id)/disable", nil),
                    (.POST, "/api/v1/people/\(id)/enable", nil),
                    (.GET, "/api/v1/people/\(id)/disclosures", nil),
                ]
                for (method, path, body) in attempts {
                    let reply = try await app.send(method, path, token: token, json: body)
                    #expect(reply.status == .notFound, "\(method) \(path) answered \(reply.status)")
                    #expect(!reply.text.contains("Betason"))
                }
            }
            let intoB = try await app.send(.POST, "/api/v1/people", token: token, json: PersonInput(
                givenName: "Cross", familyName: "Over", email: "cross@alpha.test", roles: [.student],
                student: .init(studentNumber: "X-1", birthDate: "2011-01-01", grade: 10, schoolId: fixture.b.school)))
            #expect(intoB.status == .unprocessableEntity)
            #expect(intoB.text.contains("schoolId"))
            let list = try await app.send(.GET, "/api/v1/people?limit=500", token: token)
            #expect(list.status == .ok)
            #expect(!list.text.contains("beta.test"))
            #expect(list.text.contains("alpha.test"))
            #expect(try await AuditEntry.query(on: app.db).count() == auditBefore)
            #expect(try await snapshot(of: fixture.b, app) == snapshotBefore)
        }
    }

    @Test("pages and form actions on district B's records answer 404 and change nothing")
    func pagesCannotCrossDistricts() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("admin"))
            let before = try await snapshot(of: fixture.b, app)
            let id = fixture.b.student
            for path in [SiteRoute.person(id), .editPerson(id), .disclosures(id), .editSchool(fixture.b.school)] {
                #expect(try await browser.get(path.path).status == .notFound, "GET \(path.path)")
            }
            let token = try await browser.csrfToken(on: "/")
            let posts: [(SiteRoute, [(String, String)])] = [
                (.editPerson(id), [("givenName", "Hijacked"), ("familyName", "X"), ("email", "x@x.test"), ("roles[]", "student")]),
                (.disablePerson(id), []), (.enablePerson(id), []),
                (.addConnection(id), [("contactId", fixture.b.mentor.uuidString)]),
                (.addConnection(fixture.a.student), [("contactId", fixture.b.mentor.uuidString)]),
                (.editSchool(fixture.b.school), [("name", "Taken"), ("locale", "city")]),
            ]
            for (route, fields) in posts {
                let reply = try await browser.post(route.path, fields: fields + [(CSRF.fieldName, token)])
                #expect(reply.status == .notFound, "POST \(route.path) answered \(reply.status)")
            }
            #expect(try await snapshot(of: fixture.b, app) == before)
            let list = try await browser.get("/people?q=student")
            #expect(!list.text.contains("Betason"))
        }
    }

    /// Everything about district B's people, as text, to compare before and after.
    private func snapshot(of district: Fixture.District, _ app: Application) async throws -> String {
        let tenant = Tenant(districtID: district.id, db: app.db)
        let people = try await tenant.query(Person.self).sort(\.$email).all()
        let records = try await PeopleDirectory.records(for: people, tenant: tenant)
        let connections = try await tenant.query(StudentConnection.self).count()
        let schools = try await tenant.query(School.self).all().map(\.name).sorted()
        return records.map { AuditJSON.encode(PersonSnapshot($0)) }.joined(separator: "\n") + "\(connections)\(schools)"
    }
}

/// Mentors and client contacts never receive demographics, birth dates or student numbers.
@Suite("Fields shown to partners")
struct FieldTests {
    static let forbidden = ["A-1001", "2011-03-14", "studentNumber", "birthDate", "raceEthnicity", "englishLearner",
                            "English learner", "Asian", "economically", "Economically", "\"sex\"", "Female", "flags",
                            "student@alpha.test", "Student Alphason"]

    @Test("as mentor, client contact and supervisor", arguments: ["mentor", "client", "supervisor"])
    func partnersSeeOnlyTheLimitedForm(who: String) async throws {
        try await withPathwork { app, fixture, _ in
            let email = fixture.a.email(who)
            let token = try await app.token(email)
            let student = fixture.a.student
            var replies = [
                try await app.send(.GET, "/api/v1/people", token: token),
                try await app.send(.GET, "/api/v1/people/\(student)", token: token),
                try await app.send(.GET, "/api/v1/people?role=student", token: token),
            ]
            #expect(replies[1].status == .ok)
            #expect(replies[1].object["displayName"] as? String == "Student A.")
            let browser = try await app.browser(signedInAs: email)
            replies += [try await browser.get("/"), try await browser.get("/people"), try await browser.get("/people/\(student)")]
            for reply in replies {
                #expect(reply.status == .ok)
                for text in Self.forbidden {
                    #expect(!reply.text.contains(text), "\(who) received '\(text)'")
                }
            }
            // Filters on student-only columns would disclose them through counts.
            #expect(try await app.send(.GET, "/api/v1/people?subgroup=flag:englishLearner", token: token).status == .forbidden)
            // A student they are not connected to does not exist for them.
            #expect(try await app.send(.GET, "/api/v1/people/\(fixture.a.otherStudent)", token: token).status == .notFound)
            #expect(try await browser.get("/people/\(fixture.a.otherStudent)").status == .notFound)
        }
    }

    @Test("each partner view of a student's record is a disclosure the district can read")
    func disclosuresAreLogged() async throws {
        try await withPathwork { app, fixture, _ in
            let mentor = try await app.token(fixture.a.email("mentor"))
            _ = try await app.send(.GET, "/api/v1/people/\(fixture.a.student)", token: mentor)
            let browser = try await app.browser(signedInAs: fixture.a.email("client"))
            _ = try await browser.get("/people/\(fixture.a.student)")
            let admin = try await app.token(fixture.a.email("admin"))
            _ = try await app.send(.GET, "/api/v1/people/\(fixture.a.student)", token: admin)  // staff: not a disclosure

            let history = try await app.send(.GET, "/api/v1/people/\(fixture.a.student)/disclosures", token: admin)
            #expect(history.status == .ok)
            let rows = try history.json([DisclosureJSON].self)
            #expect(rows.count == 2)
            #expect(Set(rows.map(\.viewerRole)) == ["mentor", "clientContact"])
            let page = try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/people/\(fixture.a.student)/disclosures")
            #expect(page.status == .ok)
            #expect(page.text.contains("Mentor Alphason"))
            // Partners cannot read the disclosure history.
            #expect(try await app.send(.GET, "/api/v1/people/\(fixture.a.student)/disclosures", token: mentor).status == .forbidden)
        }
    }

    @Test("analysts see no individual records; students see only themselves")
    func analystsAndStudents() async throws {
        try await withPathwork { app, fixture, _ in
            let analyst = try await app.token(fixture.a.email("analyst"))
            #expect(try await app.send(.GET, "/api/v1/people", token: analyst).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/people/\(fixture.a.student)", token: analyst).status == .notFound)
            let home = try await app.browser(signedInAs: fixture.a.email("analyst")).get("/")
            #expect(home.text.contains("&lt;10"))
            #expect(!home.text.contains("Student Alphason"))

            let student = try await app.token(fixture.a.email("student"))
            let me = try await app.send(.GET, "/api/v1/people/\(fixture.a.student)", token: student)
            #expect(me.status == .ok)
            #expect(me.object["email"] as? String == fixture.a.email("student"))
            #expect(try await app.send(.GET, "/api/v1/people/\(fixture.a.otherStudent)", token: student).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/people", token: student).status == .forbidden)
        }
    }
}
