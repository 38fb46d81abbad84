import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Pay periods, payroll, invoices and budgets")
struct BillingAPITests {
    /// Approves typed entries for both students and returns their ids.
    func approvedWork(_ app: Application, _ s: TimeSetup, _ fixture: Fixture) async throws -> [UUID] {
        var ids: [UUID] = []
        for (student, date, from, to) in [(fixture.a.student, "2026-11-03", (15, 0), (16, 7)), (fixture.a.student, "2026-11-04", (15, 0), (15, 50)),
                                          (fixture.a.otherStudent, "2026-11-04", (16, 0), (18, 0))] {
            let reply = try await s.entry(app, token: s.coordinator, student: student, date, from: from, to: to)
            try #require(reply.status == .created, "\(reply.text)")
            ids.append(try reply.json(TimeEntryJSON.self).id!)
        }
        let approved = try await app.send(.POST, "/api/v1/time-entries/approvals", token: s.lead, json: ["ids": ids])
        try #require(approved.status == .ok, "\(approved.text)")
        return ids
    }

    @Test("a period closes only when its time is decided; payroll pays each student exactly; closed time is locked")
    func payroll() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            _ = try await approvedWork(app, s, fixture)
            let draft = try await s.entry(app, token: s.student, student: fixture.a.student, "2026-11-02", from: (15, 0), to: (15, 30)).json(TimeEntryJSON.self)
            let period = try await app.send(.POST, "/api/v1/pay-periods", token: s.coordinator, json: ["startsOn": "2026-11-01", "endsOn": "2026-11-14"])
            #expect(period.status == .created)
            let id = try period.json(PayPeriodJSON.self).id
            let overlap = try await app.send(.POST, "/api/v1/pay-periods", token: s.coordinator, json: ["startsOn": "2026-11-14", "endsOn": "2026-11-20"])
            #expect(overlap.object["code"] as? String == "pay-period.overlap")
            let early = try await app.send(.POST, "/api/v1/pay-periods/\(id)/close", token: s.coordinator)
            #expect(early.object["code"] as? String == "pay-period.undecided")
            #expect(try await app.send(.DELETE, "/api/v1/time-entries/\(draft.id!)", token: s.student).status == .noContent)
            #expect(try await app.send(.POST, "/api/v1/pay-periods/\(id)/close", token: s.coordinator).status == .ok)
            let csv = try await app.send(.GET, "/api/v1/pay-periods/\(id)/payroll.csv", token: s.coordinator)
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.text.split(separator: "\r\n").map(String.init)
            #expect(lines[0] == "studentNumber,familyName,givenName,approvedMinutes,hourlyWageCents,grossPayCents")
            // 67 + 50 minutes at $15.00 = 117 × 1500 / 60 = 2925; 120 minutes at $18.00 = 3600.
            #expect(lines.contains("A-1002,Alphason,Other,120,1800,3600"))
            #expect(lines.contains("A-1001,Alphason,Student,117,1500,2925"))
            let late = try await s.entry(app, token: s.coordinator, student: fixture.a.student, "2026-11-02", from: (15, 0), to: (15, 30))
            #expect(late.object["code"] as? String == "time.locked")
            #expect(try await app.send(.GET, "/api/v1/pay-periods/\(id)/payroll.csv", token: s.student).status == .forbidden)
        }
    }

    @Test("invoices: one line per engagement, billed in increments, gap-free numbers on issue, void keeps its number, the client sees issued ones")
    func invoices() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            _ = try await approvedWork(app, s, fixture)
            let body = InvoiceInput(clientId: s.plant.id, periodStart: "2026-11-01", periodEnd: "2026-11-14")
            let created = try await app.send(.POST, "/api/v1/invoices", token: s.coordinator, json: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.object.keys.contains("number") && created.object["number"] is NSNull)
            let draft = try created.json(InvoiceJSON.self)
            // 67 → 75, 50 → 60, 120 → 120 billed minutes: 255 × 4500 / 60 = 19125.
            #expect(draft.lines.count == 1 && draft.lines[0].actualMinutes == 237 && draft.lines[0].billedMinutes == 255)
            #expect(draft.totalCents == 19125 && draft.status == .draft)
            #expect(try await app.send(.GET, "/api/v1/invoices/\(draft.id!)", token: s.client).status == .notFound)
            let empty = try await app.send(.POST, "/api/v1/invoices", token: s.coordinator, json: body)
            #expect(empty.object["code"] as? String == "invoice.empty")
            let issued = try await app.send(.POST, "/api/v1/invoices/\(draft.id!)/issue", token: s.coordinator).json(InvoiceJSON.self)
            #expect(issued.number == 1 && issued.status == .issued)
            #expect(try await app.send(.POST, "/api/v1/invoices/\(draft.id!)/issue", token: s.coordinator).object["code"] as? String == "invoice.status")
            let portal = try await app.send(.GET, "/api/v1/invoices", token: s.client).json([InvoiceJSON].self)
            #expect(portal.map(\.number) == [1])
            let csv = try await app.send(.GET, "/api/v1/invoices/\(draft.id!)/invoice.csv", token: s.client)
            #expect(csv.text.contains("INV-00001,Valley Water Treatment,2026-11-01,2026-11-14,Intake inspection,237,255,4500,19125"))
            let void = try await app.send(.POST, "/api/v1/invoices/\(draft.id!)/void", token: s.coordinator, json: ["reason": "Wrong PO"])
            #expect(try void.json(InvoiceJSON.self).number == 1)
            let again = try await app.send(.POST, "/api/v1/invoices", token: s.coordinator, json: body).json(InvoiceJSON.self)
            #expect(again.totalCents == 19125)
            let second = try await app.send(.POST, "/api/v1/invoices/\(again.id!)/issue", token: s.coordinator).json(InvoiceJSON.self)
            #expect(second.number == 2)
            #expect(try await app.send(.POST, "/api/v1/invoices/\(again.id!)/paid", token: s.coordinator).json(InvoiceJSON.self).status == .paid)
        }
    }

    @Test("budget: alerts at 50/75/90/100 % of approved time; an engagement set to stop refuses more billable time")
    func budgets() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture, budgetMinutes: 200, stopAtBudget: true)
            func approve(_ student: UUID, _ date: String, _ from: (Int, Int), _ to: (Int, Int)) async throws -> [Int] {
                let entry = try await s.entry(app, token: s.coordinator, student: student, date, from: from, to: to)
                try #require(entry.status == .created, "\(entry.text)")
                _ = try await app.send(.POST, "/api/v1/time-entries/\(try entry.json(TimeEntryJSON.self).id!)/approve", token: s.lead)
                return try await app.send(.GET, "/api/v1/engagements/\(s.engagement.id)/budget", token: s.coordinator).json(BudgetJSON.self).alerts
            }
            #expect(try await approve(fixture.a.student, "2026-11-03", (15, 0), (16, 7)) == [])       // 75 of 200 billed minutes
            #expect(try await approve(fixture.a.student, "2026-11-04", (15, 0), (15, 50)) == [50])    // 135
            #expect(try await approve(fixture.a.otherStudent, "2026-11-04", (16, 0), (17, 0)) == [50, 75, 90])  // 195
            let page = try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/engagements/\(s.engagement.id.uuidString.lowercased())")
            #expect(page.text.contains("3 h 15 min of 3 h 20 min (97% used, approved time); billable time stops at the budget"), "\(page.text)")
            let refused = try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-03", from: (16, 0), to: (16, 10))
            #expect(refused.object["code"] as? String == "engagement.over-budget")
            // Non-billable time is still recorded.
            #expect(try await s.entry(app, token: s.coordinator, student: fixture.a.otherStudent, "2026-11-03", from: (16, 0), to: (17, 0),
                                      engagement: false).status == .created)
        }
    }

    @Test("another district's time, periods and invoices are not found")
    func tenancy() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let ids = try await approvedWork(app, s, fixture)
            let invoice = try await app.send(.POST, "/api/v1/invoices", token: s.coordinator,
                                             json: InvoiceInput(clientId: s.plant.id, periodStart: "2026-11-01", periodEnd: "2026-11-14")).json(InvoiceJSON.self)
            let period = try await app.send(.POST, "/api/v1/pay-periods", token: s.coordinator, json: ["startsOn": "2026-11-01", "endsOn": "2026-11-14"]).json(PayPeriodJSON.self)
            let beta = try await app.token(fixture.b.email("coordinator"))
            for (method, path) in [(HTTPMethod.GET, "/api/v1/time-entries/\(ids[0])"), (.POST, "/api/v1/time-entries/\(ids[0])/approve"),
                                   (.PATCH, "/api/v1/time-entries/\(ids[0])"), (.GET, "/api/v1/invoices/\(invoice.id!)"),
                                   (.POST, "/api/v1/invoices/\(invoice.id!)/issue"), (.POST, "/api/v1/pay-periods/\(period.id)/close"),
                                   (.GET, "/api/v1/pay-periods/\(period.id)/payroll.csv"), (.GET, "/api/v1/engagements/\(s.engagement.id)/budget")] {
                let reply = try await app.send(method, path, token: beta, json: method == .GET ? nil : ["note": "x"])
                #expect(reply.status == .notFound, "\(method) \(path)")
            }
            #expect(try await app.send(.GET, "/api/v1/time-entries", token: beta).json([TimeEntryJSON].self).isEmpty)
            #expect(try await app.send(.GET, "/api/v1/invoices", token: beta).json([InvoiceJSON].self).isEmpty)
        }
    }
}
