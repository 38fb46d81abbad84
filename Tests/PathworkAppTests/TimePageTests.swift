import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Time and billing pages")
struct TimePageTests {
    @Test("the student's page: clock in and out with one button, the week against the limit, a typed entry, submit")
    func studentPage() async throws {
        try await withPathwork { app, fixture, clock in
            let s = try await TimeSetup.make(app, fixture)
            var student = try await app.browser(signedInAs: fixture.a.email("student"))
            let page = try await student.get("/time")
            #expect(page.status == .ok && page.text.contains("Not clocked in") && page.text.contains("Intake inspection — Valley Water Treatment"))
            let refused = try await student.submit("/time/clock", form: ["work": "engagement:\(s.engagement.id.uuidString)"], from: "/time")
            #expect(try await student.get(try #require(refused.location)).text.contains("No work during school hours"))
            clock.advance(minutes: 70)  // sessions idle out after 30 minutes: sign in again
            student = try await app.browser(signedInAs: fixture.a.email("student"))
            _ = try await student.submit("/time/clock", form: ["work": "engagement:\(s.engagement.id.uuidString)"], from: "/time")
            let running = try await student.get("/time")
            #expect(running.text.contains("Clocked in since 15:30"), "\(running.status) \(running.text.suffix(600))")
            clock.advance(minutes: 25)
            _ = try await student.get("/time")
            clock.advance(minutes: 20)
            let out = try await student.submit("/time/clock", form: [:], from: "/time")
            #expect(try await student.get(try #require(out.location)).text.contains("Clocked out: 45 minutes recorded."))
            let typed = try await student.submit("/time", form: ["work": "activity:\(s.team.id.uuidString):training", "date": "2026-11-04",
                                                                "from": "15:00", "to": "16:00"], from: "/time")
            #expect(try await student.get(try #require(typed.location)).text.contains("Added 60 minutes on 2026-11-04"))
            #expect(try await student.get("/time").text.contains("1 h 45 min worked of your 18 h 00 min legal limit"))
            let sent = try await student.submit("/time/submit", form: [:], from: "/time")
            #expect(try await student.get(try #require(sent.location)).text.contains("Sent 2 entries to your lead."))
            #expect(try await app.browser(signedInAs: fixture.a.email("mentor")).get("/time").status == .forbidden)
        }
    }

    @Test("the lead's approvals: reject with a reason, approve ticked entries; payroll and invoice pages; the client sees issued invoices")
    func approvalsAndBilling() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let first = try await s.entry(app, token: s.coordinator, student: fixture.a.student, "2026-11-04", from: (15, 0), to: (16, 0)).json(TimeEntryJSON.self)
            let second = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-04", from: (15, 0), to: (17, 0)).json(TimeEntryJSON.self)
            let lead = try await app.browser(signedInAs: "lead@alpha.test", password: "a-long-lead-password")
            let queue = try await lead.get("/approvals")
            #expect(queue.text.contains("Student Alphason") && queue.text.contains("Other Alphason"))
            let rejected = try await lead.submit("/time/\(first.id!.uuidString.lowercased())/reject", form: ["reason": "Wrong day"], from: "/approvals")
            #expect(try await lead.get(try #require(rejected.location)).text.contains("Sent back to the student"))
            let approved = try await lead.submit("/approvals", form: [:], from: "/approvals", pairs: [("ids[]", second.id!.uuidString)])
            #expect(try await lead.get(try #require(approved.location)).text.contains("Approved 1 entry."))

            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            _ = try await coordinator.submit("/payroll", form: ["startsOn": "2026-11-01", "endsOn": "2026-11-14"], from: "/payroll")
            let period = try await PayPeriod.query(on: app.db).first()!
            let blocked = try await coordinator.submit("/payroll/\(period.id!.uuidString.lowercased())/close", form: [:], from: "/payroll")
            #expect(try await coordinator.get(try #require(blocked.location)).text.contains("1 entry in this period still need"))
            let csv = try await coordinator.get("/payroll/\(period.id!.uuidString.lowercased())/payroll.csv")
            #expect(csv.text.contains("A-1002,Alphason,Other,120,1800,3600"))
            let drafted = try await coordinator.submit("/invoices", form: ["clientId": s.plant.id.uuidString, "periodStart": "2026-11-01",
                                                                          "periodEnd": "2026-11-14"], from: "/invoices")
            let invoicePath = try #require(drafted.location).components(separatedBy: "?")[0]
            #expect(try await coordinator.get(invoicePath).text.contains("$90.00"))
            #expect(try await app.browser(signedInAs: fixture.a.email("client")).get(invoicePath).status == .notFound)
            let issued = try await coordinator.submit(invoicePath + "/issue", form: [:], from: invoicePath)
            #expect(try await coordinator.get(try #require(issued.location)).text.contains("Invoice INV-00001 is issued."))
            let portal = try await app.browser(signedInAs: fixture.a.email("client"))
            #expect(try await portal.get("/invoices").text.contains("INV-00001"))
            #expect(try await portal.get(invoicePath).text.contains("Intake inspection"))
        }
    }
}
