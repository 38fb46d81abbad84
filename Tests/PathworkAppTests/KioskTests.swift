import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("The kiosk: opened by staff, student number and PIN, throttled, one-time passes")
struct KioskTests {
    /// Staff open a kiosk in a fresh browser; it comes back signed out, holding the kiosk cookie.
    static func openKiosk(_ app: Application, as email: String, password: String = Fixture.password, name: String = "Front desk") async throws -> Browser {
        let staff = try await app.browser(signedInAs: email, password: password)
        let opened = try await staff.submit("/kiosks", form: ["name": name], from: "/kiosks")
        try #require(opened.status == .seeOther && opened.location == "/kiosk", "\(opened.status) \(opened.location ?? "")")
        return staff
    }

    static func setPIN(_ app: Application, _ email: String, _ pin: String) async throws -> String {
        let student = try await app.browser(signedInAs: email)
        let reply = try await student.submit("/time/pin", form: ["pin": pin, "confirmPin": pin], from: "/time")
        return try await student.get(try #require(reply.location)).text
    }

    @Test("a student sets a PIN, clocks in and out at the kiosk; the entry is the kiosk's and the audit names the student")
    func clockInAndOut() async throws {
        try await withPathwork { app, fixture, clock in
            _ = try await TimeSetup.make(app, fixture)
            #expect(try await Self.setPIN(app, fixture.a.email("student"), "1234").contains("run of digits"))
            #expect(try await Self.setPIN(app, fixture.a.email("student"), "4817").contains("Your kiosk PIN is set"))
            let audit = try await AuditEntry.query(on: app.db).filter(\.$entity == "kioskPin").first()
            #expect(audit?.after == #"{"set":true}"#)

            let kiosk = try await Self.openKiosk(app, as: "lead@alpha.test", password: "a-long-lead-password")
            #expect(try await kiosk.get("/people").status == .seeOther, "opening the kiosk ends the staff session")
            #expect(try await kiosk.get("/kiosk").text.contains("Front desk"))
            clock.advance(minutes: 70)  // 15:30, after school
            let wrong = try await kiosk.submit("/kiosk", form: ["studentNumber": "A-1001", "pin": "4818"], from: "/kiosk")
            #expect(wrong.status == .unauthorized && wrong.text.contains("do not match"))
            let hello = try await kiosk.submit("/kiosk", form: ["studentNumber": "a-1001", "pin": "4817"], from: "/kiosk")
            #expect(hello.status == .ok && hello.text.contains("Hello, Student A.") && hello.text.contains("Intake inspection"))
            let pass = try #require(Self.field("pass", in: hello.text))
            let token = try #require(Self.field("_csrf", in: hello.text))
            let fields = [("pass", pass), ("work", "activity:\(try await Self.teamID(app)):training"), ("_csrf", token)]
            let clockedIn = try await kiosk.post("/kiosk/clock", fields: fields)
            #expect(try await kiosk.get(try #require(clockedIn.location)).text.contains("Student, you are clocked in since 15:30."))
            let reused = try await kiosk.post("/kiosk/clock", fields: fields)
            #expect(try await kiosk.get(try #require(reused.location)).text.contains("That screen timed out"))

            clock.advance(minutes: 30)
            let again = try await kiosk.submit("/kiosk", form: ["studentNumber": "A-1001", "pin": "4817"], from: "/kiosk")
            #expect(again.text.contains("Clocked in since 15:30") && again.text.contains("Clock out"))
            let out = try await kiosk.post("/kiosk/clock", fields: [("pass", try #require(Self.field("pass", in: again.text))),
                                                                    ("_csrf", try #require(Self.field("_csrf", in: again.text)))])
            #expect(try await kiosk.get(try #require(out.location)).text.contains("clocked out: 30 minutes recorded"))
            let entry = try #require(try await TimeEntry.query(on: app.db).first())
            #expect(entry.source == .kiosk && entry.minutes == 30 && entry.studentID == fixture.a.student)
            let created = try #require(try await AuditEntry.query(on: app.db).filter(\.$entity == "timeEntry").filter(\.$action == "create").first())
            #expect(created.actorID == fixture.a.student.uuidString)
        }
    }

    @Test("wrong PINs are throttled per student: the sixth try waits, even with the right PIN")
    func throttled() async throws {
        try await withPathwork { app, fixture, _ in
            _ = try await TimeSetup.make(app, fixture)
            _ = try await Self.setPIN(app, fixture.a.email("student"), "4817")
            let kiosk = try await Self.openKiosk(app, as: fixture.a.email("coordinator"))
            for _ in 0..<5 {
                let wrong = try await kiosk.submit("/kiosk", form: ["studentNumber": "A-1001", "pin": "9999"], from: "/kiosk")
                #expect(wrong.status == .unauthorized)
            }
            let blocked = try await kiosk.submit("/kiosk", form: ["studentNumber": "A-1001", "pin": "4817"], from: "/kiosk")
            #expect(blocked.status == .tooManyRequests && blocked.headers.first(name: .retryAfter) != nil && blocked.text.contains("Too many wrong PINs"))
            let other = try await kiosk.submit("/kiosk", form: ["studentNumber": "A-1002", "pin": "0000"], from: "/kiosk")
            #expect(other.status == .unauthorized, "another student's tries are counted apart")
        }
    }

    @Test("a closed kiosk stops working; only staff open and close kiosks; another district's students are unknown")
    func closingAndScope() async throws {
        try await withPathwork { app, fixture, _ in
            _ = try await TimeSetup.make(app, fixture)
            _ = try await Self.setPIN(app, fixture.a.email("student"), "4817")
            #expect(try await app.browser(signedInAs: fixture.a.email("student")).get("/kiosks").status == .forbidden)
            #expect(try await app.browser(signedInAs: fixture.a.email("mentor")).get("/kiosks").status == .forbidden)
            #expect(try await Browser(app: app).get("/kiosk").text.contains("not open as a kiosk"))

            let elsewhere = try await Self.openKiosk(app, as: fixture.b.email("coordinator"), name: "Beta lobby")
            let unknown = try await elsewhere.submit("/kiosk", form: ["studentNumber": "A-1001", "pin": "4817"], from: "/kiosk")
            #expect(unknown.status == .unauthorized)

            let kiosk = try await Self.openKiosk(app, as: fixture.a.email("coordinator"))
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let list = try await coordinator.get("/kiosks")
            #expect(list.text.contains("Front desk") && !list.text.contains("Beta lobby"))
            let device = try #require(try await KioskDevice.query(on: app.db).filter(\.$name == "Front desk").first())
            let betaDevice = try #require(try await KioskDevice.query(on: app.db).filter(\.$name == "Beta lobby").first())
            let foreign = try await coordinator.submit("/kiosks/\(betaDevice.id!.uuidString.lowercased())/close", form: [:], from: "/kiosks")
            #expect(foreign.status == .notFound)
            let closed = try await coordinator.submit("/kiosks/\(device.id!.uuidString.lowercased())/close", form: [:], from: "/kiosks")
            #expect(try await coordinator.get(try #require(closed.location)).text.contains("Front desk is closed"))
            #expect(try await kiosk.get("/kiosk").text.contains("not open as a kiosk"))
            let refused = try await kiosk.post("/kiosk", fields: [("studentNumber", "A-1001"), ("pin", "4817")])
            #expect(refused.status == .forbidden)
        }
    }

    @Test("the API sets a PIN: the rule names the field; only students keep a PIN")
    func pinAPI() async throws {
        try await withPathwork { app, fixture, _ in
            let student = try await app.token(fixture.a.email("student"))
            let weak = try await app.send(.POST, "/api/v1/me/kiosk-pin", token: student, json: ["pin": "1111"])
            #expect(weak.status == .unprocessableEntity && weak.text.contains(#""field":"pin""#))
            #expect(try await app.send(.POST, "/api/v1/me/kiosk-pin", token: student, json: ["pin": "50817"]).status == .noContent)
            let stored = try #require(try await KioskPIN.query(on: app.db).first())
            #expect(stored.studentID == fixture.a.student && !stored.pinHash.contains("50817"))
            let staff = try await app.token(fixture.a.email("coordinator"))
            #expect(try await app.send(.POST, "/api/v1/me/kiosk-pin", token: staff, json: ["pin": "50817"]).status == .forbidden)
        }
    }

    static func field(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: #"name="\#(name)" value="([^"]*)""#, options: .regularExpression) else { return nil }
        return String(html[range].split(separator: "\"")[3])
    }

    static func teamID(_ app: Application) async throws -> String {
        try #require(try await Team.query(on: app.db).filter(\.$name == "Aquatic Robotics").first()?.id?.uuidString)
    }
}
