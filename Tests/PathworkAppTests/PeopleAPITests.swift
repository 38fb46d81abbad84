import Fluent
import Foundation
@testable import PathworkApp
import Testing
import Vapor

@Suite("People API")
struct PeopleAPITests {
    static let newStudent: [String: any Sendable] = [
        "givenName": "Rosa", "familyName": "Quintero", "email": "rosa.q@alpha.test", "roles": ["student"],
        "student": ["studentNumber": "A-2001", "birthDate": "2010-09-30", "grade": 11, "raceEthnicity": "hispanicOrLatino",
                    "sex": "female", "flags": ["englishLearner", "newToCountry"]] as [String: any Sendable],
    ]

    func post(_ app: Application, _ path: String, token: String, body: [String: any Sendable], method: HTTPMethod = .POST) async throws -> Reply {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.bearerAuthorization = BearerAuthorization(token: token)
        let data = try JSONSerialization.data(withJSONObject: body)
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(data: data))
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    @Test("an admin creates a student with demographics, and the change is audited")
    func createStudent() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("admin"))
            var body = Self.newStudent
            var student = body["student"] as! [String: any Sendable]
            student["schoolId"] = fixture.a.school.uuidString
            body["student"] = student
            let auditBefore = try await AuditEntry.query(on: app.db).count()
            let reply = try await post(app, "/api/v1/people", token: token, body: body)
            #expect(reply.status == .created)
            let person = try reply.json(PersonJSON.self)
            #expect(person.student?.studentNumber == "A-2001")
            #expect(person.student?.flags == [.englishLearner, .newToCountry])
            #expect(person.student?.schoolName == "Alpha High")
            #expect(person.student?.schoolLocale == .rural)
            let entries = try await AuditEntry.query(on: app.db).sort(\.$sequence).all()
            #expect(entries.count == auditBefore + 1)
            let entry = try #require(entries.last)
            #expect(entry.action == "create")
            #expect(entry.entity == "person")
            #expect(entry.entityID == person.id.uuidString)
            #expect(entry.actorID == fixture.a.admin.uuidString)
            #expect(entry.after.contains("A-2001"))
            #expect(entry.before.isEmpty)
        }
    }

    @Test("bad input names every field and writes nothing")
    func validation() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("admin"))
            let people = try await Person.query(on: app.db).count()
            let audit = try await AuditEntry.query(on: app.db).count()
            let reply = try await post(app, "/api/v1/people", token: token, body: [
                "givenName": " ", "familyName": "Q", "email": "not-an-email", "roles": ["student"], "password": "password",
                "student": ["studentNumber": "A-1001", "birthDate": "2010-02-30", "grade": 3] as [String: any Sendable],
            ])
            #expect(reply.status == .unprocessableEntity)
            #expect(reply.headers.first(name: .contentType) == "application/problem+json")
            let fields = Set((reply.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(fields.isSuperset(of: ["givenName", "student.birthDate", "student.grade"]))
            let wellFormed = try await post(app, "/api/v1/people", token: token, body: [
                "givenName": "Q", "familyName": "Q", "email": "not-an-email", "roles": ["student"], "password": "password",
                "student": ["studentNumber": "A-1001", "birthDate": "2010-02-28", "grade": 9] as [String: any Sendable],
            ])
            #expect(wellFormed.status == .unprocessableEntity, "\(wellFormed.text)")
            let checked = Set((wellFormed.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
            #expect(checked.isSuperset(of: ["email", "password"]))
            let missing = try await post(app, "/api/v1/people", token: token, body: ["givenName": "Solo"])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("familyName: Required."))
            let unknownRole = try await post(app, "/api/v1/people", token: token, body: ["givenName": "A", "familyName": "B",
                                                                                       "email": "ab@alpha.test", "roles": ["wizard"]])
            #expect(unknownRole.status == .unprocessableEntity && unknownRole.text.contains(#""field":"roles[0]""#))
            #expect(unknownRole.text.contains("roles"))
            let duplicate = try await post(app, "/api/v1/people", token: token, body: [
                "givenName": "Dup", "familyName": "Licate", "email": fixture.b.email("admin"), "roles": ["coordinator"]])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.text.contains("email"))
            #expect(try await Person.query(on: app.db).count() == people)
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
        }
    }

    @Test("find and filter by text, role, school, grade and student group")
    func filters() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            func ids(_ query: String) async throws -> Set<UUID> {
                let reply = try await app.send(.GET, "/api/v1/people?\(query)", token: token)
                try #require(reply.status == .ok, "\(query): \(reply.text)")
                return Set(try reply.json(PeoplePage.self).items.map(\.id))
            }
            #expect(try await ids("role=student") == [fixture.a.student, fixture.a.otherStudent])
            #expect(try await ids("role=mentor") == [fixture.a.mentor])
            #expect(try await ids("grade=12") == [fixture.a.otherStudent])
            #expect(try await ids("school=\(fixture.a.school)&subgroup=flag:englishLearner") == [fixture.a.student])
            #expect(try await ids("subgroup=race:white") == [fixture.a.otherStudent])
            #expect(try await ids("subgroup=sex:female") == [fixture.a.student])
            #expect(try await ids("subgroup=locale:rural").count == 2)
            #expect(try await ids("subgroup=locale:city").isEmpty)
            #expect(try await ids("q=A-1002") == [fixture.a.otherStudent])
            #expect(try await ids("q=COORDINATOR") == [fixture.a.coordinator])
            let page = try await app.send(.GET, "/api/v1/people?limit=3&offset=3", token: token).json(PeoplePage.self)
            #expect(page.total == 8)
            #expect(page.items.count == 3)
            let bad = try await app.send(.GET, "/api/v1/people?grade=99&subgroup=nope", token: token)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("grade"))
            #expect(bad.text.contains("subgroup"))
        }
    }

    @Test("PATCH changes only what it names; disabling ends every token")
    func updateAndDisable() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.token(fixture.a.email("admin"))
            let studentToken = try await app.token(fixture.a.email("student"))
            let patched = try await post(app, "/api/v1/people/\(fixture.a.student)", token: admin,
                                         body: ["student": ["grade": 11] as [String: any Sendable]], method: .PATCH)
            #expect(patched.status == .ok)
            let person = try patched.json(PersonJSON.self)
            #expect(person.student?.grade == 11)
            #expect(person.student?.studentNumber == "A-1001")
            #expect(person.student?.raceEthnicity == .asian)
            let entry = try #require(try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).first())
            #expect(entry.action == "update")
            #expect(entry.before.contains("\"grade\":10"))
            #expect(entry.after.contains("\"grade\":11"))

            #expect(try await app.send(.POST, "/api/v1/people/\(fixture.a.student)/disable", token: admin).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me", token: studentToken).status == .unauthorized)
            let refused = try await app.send(.POST, "/api/v1/auth/token", json: ["email": fixture.a.email("student"), "password": Fixture.password])
            #expect(refused.status == .unauthorized)
            #expect(try await app.send(.POST, "/api/v1/people/\(fixture.a.admin)/disable", token: admin).status == .conflict)
            #expect(try await app.send(.POST, "/api/v1/people/\(fixture.a.student)/enable", token: admin).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/auth/token", json: ["email": fixture.a.email("student"), "password": Fixture.password]).status == .ok)
        }
    }

    @Test("only admins create and change people; schools list and create")
    func permissionsAndSchools() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let reply = try await post(app, "/api/v1/people", token: coordinator, body: Self.newStudent)
            #expect(reply.status == .forbidden)
            #expect(try await post(app, "/api/v1/people/\(fixture.a.student)", token: coordinator,
                                   body: ["givenName": "X"], method: .PATCH).status == .forbidden)
            let schools = try await app.send(.GET, "/api/v1/schools", token: coordinator)
            #expect(try schools.json([SchoolJSON].self).map(\.name) == ["Alpha High"])
            let admin = try await app.token(fixture.a.email("admin"))
            let created = try await post(app, "/api/v1/schools", token: admin, body: ["name": "Alpha Middle", "locale": "town"])
            #expect(created.status == .created)
            let moon = try await post(app, "/api/v1/schools", token: admin, body: ["name": "Alpha Middle", "locale": "moon"])
            #expect(moon.status == .unprocessableEntity && moon.text.contains("locale"))
            let again = try await post(app, "/api/v1/schools", token: admin, body: ["name": "Alpha Middle", "locale": "town"])
            #expect(again.status == .conflict && again.text.contains("already has a school"))
        }
    }
}
