import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// Linking a parent or guardian to a student by hand, on the student's page.
@Suite("Guardian links by hand")
struct GuardianLinkPageTests {
    /// A parent added through the people form, with a password to sign in with.
    func addGuardian(_ app: Application, _ browser: Browser, email: String) async throws -> Person {
        let added = try await browser.submit("/people", form: ["givenName": "Gia", "familyName": "Moreno", "email": email],
                                             from: "/people/new", pairs: [("roles[]", "guardian")])
        #expect(added.status == .seeOther)
        let guardian = try #require(try await Person.query(on: app.db).filter(\.$email == email).first())
        guardian.passwordHash = try Bcrypt.hash(Fixture.password, cost: 4)
        try await guardian.save(on: app.db)
        return guardian
    }

    @Test("an admin links a parent by email and removes the link, each audited; the parent reaches that child only while linked")
    func linkAndRemove() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let gia = try await addGuardian(app, admin, email: fixture.a.email("gia"))
            let giaID = try gia.requireID()
            let student = "/people/\(fixture.a.student)"
            #expect(try await admin.get(student).text.contains("No parent or guardian is linked."))

            let linked = try await admin.submit("\(student)/guardians", form: ["email": " " + fixture.a.email("gia").uppercased() + " "], from: student)
            #expect(linked.status == .seeOther)
            let page = try await admin.get(try #require(linked.location))
            #expect(page.text.contains("Gia Moreno is linked as a parent or guardian.") && page.text.contains(fixture.a.email("gia")))
            #expect(try await admin.get("/people/\(giaID)").text.contains("Children"))

            let parent = try await app.browser(signedInAs: fixture.a.email("gia"))
            #expect(try await parent.get(student).status == .ok)
            #expect(try await parent.get("/people/\(fixture.a.otherStudent)").status == .notFound)

            let removed = try await admin.submit("\(student)/guardians/\(giaID)/remove", form: [:], from: student)
            #expect(removed.status == .seeOther)
            #expect(try await GuardianLink.query(on: app.db).count() == 0)
            #expect(try await parent.get(student).status == .notFound)
            let entries = try await AuditEntry.query(on: app.db).sort(\.$sequence, .descending).limit(2).all().map { "\($0.action) \($0.entity)" }
            #expect(entries == ["delete guardian_links", "create guardian_links"])
        }
    }

    @Test("an email no one has, or a person who is not a parent or guardian, is refused on the email field; nothing is written")
    func refused() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let student = "/people/\(fixture.a.student)"
            for (email, message) in [("", "Enter the parent"), (fixture.a.email("nobody"), "No one in the district has the email \(fixture.a.email("nobody"))"),
                                     (fixture.a.email("coordinator"), "does not have the parent or guardian role")] {
                let reply = try await admin.submit("\(student)/guardians", form: ["email": email], from: student)
                #expect(reply.status == .unprocessableEntity)
                #expect(reply.text.contains(message), "\(reply.text)")
                // The student's page again, with the problem beside the field and what was typed kept.
                #expect(reply.text.contains("id=\"email-error\"") && (email.isEmpty || reply.text.contains("value=\"\(email)\"")))
            }
            // A guardian is linked to students only.
            let gia = try await addGuardian(app, admin, email: fixture.a.email("gia"))
            #expect(try await admin.submit("/people/\(fixture.a.coordinator)/guardians", form: ["email": gia.email], from: student).status == .badRequest)
            // A coordinator sees the section but cannot link: that is the admin's, as editing a person is.
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await coordinator.get(student).text.contains("Parents and guardians"))
            #expect(try await coordinator.submit("\(student)/guardians", form: ["email": gia.email], from: student).status == .forbidden)
            #expect(try await GuardianLink.query(on: app.db).count() == 0)
        }
    }

    @Test("the same link fired at once makes one link and one audit row")
    func concurrent() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let gia = try await addGuardian(app, admin, email: fixture.a.email("gia"))
            let student = "/people/\(fixture.a.student)"
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await admin.submit("\(student)/guardians", form: ["email": gia.email], from: student).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther })
            #expect(try await GuardianLink.query(on: app.db).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == GuardianLink.schema).count() == 1)
        }
    }

    @Test("one district's admin can neither reach another's student nor link another district's parent")
    func tenants() async throws {
        try await withPathwork { app, fixture, _ in
            let adminA = try await app.browser(signedInAs: fixture.a.email("admin"))
            let gia = try await addGuardian(app, adminA, email: fixture.a.email("gia"))
            let adminB = try await app.browser(signedInAs: fixture.b.email("admin"))
            let studentA = "/people/\(fixture.a.student)", studentB = "/people/\(fixture.b.student)"
            #expect(try await adminB.submit("\(studentA)/guardians", form: ["email": gia.email], from: studentB).status == .notFound)
            let foreign = try await adminB.submit("\(studentB)/guardians", form: ["email": gia.email], from: studentB)
            #expect(foreign.status == .unprocessableEntity)
            #expect(try await GuardianLink.query(on: app.db).count() == 0)
        }
    }
}
