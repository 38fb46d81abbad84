import Fluent
import Foundation
@testable import PathworkApp
import Testing
import Vapor

@Suite("Sign-in and sessions")
struct SignInPageTests {
    @Test("each role lands on a home made for it", arguments: [
        ("admin", "Audit log"), ("coordinator", "Active students"), ("mentor", "Students you work with"),
        ("client", "Students you work with"), ("supervisor", "Students you work with"), ("student", "Your record"),
        ("analyst", "Cells with fewer than 10"),
    ])
    func homes(who: String, expected: String) async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email(who))
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.text.contains(expected))
            #expect(home.text.contains("Sign out"))
        }
    }

    @Test("a signed-out visitor is sent to sign in and back")
    func redirect() async throws {
        try await withPathwork { app, fixture, _ in
            let reply = try await app.send(.GET, "/people?role=student")
            #expect(reply.status == .seeOther)
            #expect(reply.location == "/sign-in?next=/people%3Frole%3Dstudent")
            let browser = Browser(app: app)
            let signedIn = try await browser.submit("/sign-in", form: ["email": fixture.a.email("admin"), "password": Fixture.password,
                                                                       "next": "/people?role=student"], from: "/sign-in")
            #expect(signedIn.location == "/people?role=student")
            let offsite = try await Browser(app: app).submit("/sign-in", form: ["email": fixture.a.email("admin"), "password": Fixture.password,
                                                                                "next": "//evil.example/"], from: "/sign-in")
            #expect(offsite.location == "/")
        }
    }

    @Test("a wrong password shows an error and no session")
    func wrongPassword() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = Browser(app: app)
            let reply = try await browser.submit("/sign-in", form: ["email": fixture.a.email("admin"), "password": "wrong-one-here"], from: "/sign-in")
            #expect(reply.status == .unauthorized)
            #expect(reply.text.contains("The email or password is not right."))
            #expect(browser.cookies[CookieName.session] == nil)
            #expect(try await WebSession.query(on: app.db).count() == 0)
        }
    }

    @Test("sessions are server-side: a new id at each sign-in, cookie flags, sign-out ends it")
    func sessionLifecycle() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = Browser(app: app)
            browser.cookies[CookieName.session] = "planted-by-an-attacker"
            let token = try await browser.csrfToken(on: "/sign-in")
            let reply = try await browser.post("/sign-in", fields: [("email", fixture.a.email("admin")), ("password", Fixture.password),
                                                                   (CSRF.fieldName, token)])
            let cookie = try #require(reply.headers.setCookie?[CookieName.session])
            #expect(cookie.isHTTPOnly)
            #expect(cookie.sameSite == .lax)
            #expect(!cookie.isSecure)
            #expect(cookie.string != "planted-by-an-attacker")
            let stored = try await WebSession.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].tokenHash == SecretToken.hash(cookie.string))

            let session = browser.cookies[CookieName.session]
            #expect(try await browser.submit("/sign-out", form: [:], from: "/").status == .seeOther)
            #expect(try await WebSession.query(on: app.db).count() == 0)
            let replay = Browser(app: app)
            replay.cookies[CookieName.session] = session
            #expect(try await replay.get("/").status == .seeOther)
        }
    }

    @Test("Secure cookies behind HTTPS")
    func secureBehindProxy() async throws {
        try await withPathwork { app, fixture, _ in
            var headers = HTTPHeaders()
            headers.add(name: "X-Forwarded-Proto", value: "https")
            let page = try await app.send(.GET, "/sign-in", headers: headers)
            #expect(page.headers.setCookie?[CookieName.csrf]?.isSecure == true)
        }
    }

    @Test("idle and absolute timeouts end sessions")
    func timeouts() async throws {
        try await withPathwork { app, fixture, clock in
            let browser = try await app.browser(signedInAs: fixture.a.email("admin"))
            clock.advance(minutes: 29)
            #expect(try await browser.get("/").status == .ok)
            clock.advance(minutes: 31)
            #expect(try await browser.get("/").status == .seeOther)
            #expect(try await WebSession.query(on: app.db).count() == 0)

            let busy = try await app.browser(signedInAs: fixture.a.email("admin"))
            for _ in 0..<26 {  // active every 28 minutes for over 12 hours
                clock.advance(minutes: 28)
                _ = try await busy.get("/")
            }
            #expect(try await busy.get("/").status == .seeOther)
        }
    }

    @Test("a form without its anti-forgery token is refused")
    func csrf() async throws {
        try await withPathwork { app, fixture, _ in
            let browser = try await app.browser(signedInAs: fixture.a.email("admin"))
            let reply = try await browser.post("/people/\(fixture.a.student)/disable", fields: [])
            #expect(reply.status == .forbidden)
            let forged = try await browser.post("/people/\(fixture.a.student)/disable", fields: [(CSRF.fieldName, "guess")])
            #expect(forged.status == .forbidden)
            let signIn = try await Browser(app: app).post("/sign-in", fields: [("email", fixture.a.email("admin")), ("password", Fixture.password)])
            #expect(signIn.status == .forbidden)
            let person = try await Person.find(fixture.a.student, on: app.db)
            #expect(person?.isDisabled == false)
        }
    }

    @Test("disabling an account ends its browser sessions; a password change signs out everywhere")
    func disableEndsSessions() async throws {
        try await withPathwork { app, fixture, _ in
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            #expect(try await admin.submit("/people/\(fixture.a.student)/disable", form: [:], from: "/").status == .seeOther)
            #expect(try await student.get("/").status == .seeOther)

            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let weak = try await coordinator.submit("/account", form: ["currentPassword": Fixture.password, "newPassword": "password1"], from: "/account")
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.text.contains("most common"))
            let changed = try await coordinator.submit("/account", form: ["currentPassword": Fixture.password,
                                                                          "newPassword": "a-much-better-passphrase"], from: "/account")
            #expect(changed.status == .seeOther)
            #expect(try await coordinator.get("/").status == .seeOther)
            _ = try await app.browser(signedInAs: fixture.a.email("coordinator"), password: "a-much-better-passphrase")
        }
    }
}
