import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// The arithmetic the payroll CSV and the invoice answer with, on random timesheets sent
/// through the API as a coordinator would, against a reference that shares no code with it:
/// Foundation's Decimal, rounded half up to whole cents.
@Suite("Pay and invoice figures through the endpoints")
struct PayPropertyTests {
    static func reference(_ numerator: Int, over denominator: Int) -> Int {
        var exact = Decimal(numerator) / Decimal(denominator)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    struct Typed {
        var student: UUID
        var minutes: Int
        var billable: Bool
    }

    @Test("random timesheets: each student's gross pay in the payroll CSV and the invoice's line and total are exact", arguments: [2_026, 570_35, 1_121])
    func randomTimesheets(seed: UInt64) async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            var random = SeededRandom(seed: seed)
            let days = ["2026-10-26", "2026-10-27", "2026-10-28", "2026-10-29", "2026-10-30", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]
            var typed: [Typed] = []
            var ids: [String] = []
            for day in days {
                // The 17-year-old may take two slots a day, the 15-year-old one (3 hours on a school day).
                for (student, slots) in [(fixture.a.otherStudent, [15, 17]), (fixture.a.student, [15])] {
                    for hour in slots where Int.random(in: 0...3, using: &random) > 0 {
                        let minutes = Int.random(in: 1...120, using: &random)
                        let billable = Bool.random(using: &random)
                        let reply = try await s.entry(app, token: s.coordinator, student: student, day, from: (hour, 0),
                                                      to: (hour + minutes / 60, minutes % 60), engagement: billable)
                        try #require(reply.status == .created, "\(day) \(hour):00 +\(minutes): \(reply.text)")
                        ids.append(try #require(reply.object["id"] as? String))
                        typed.append(Typed(student: student, minutes: minutes, billable: billable))
                    }
                }
            }
            let approved = try await app.send(.POST, "/api/v1/time-entries/approvals", token: s.coordinator, json: ["ids": ids])
            try #require(approved.status == .ok, "\(approved.text)")

            let period = try await app.send(.POST, "/api/v1/pay-periods", token: s.coordinator, json: ["startsOn": "2026-10-25", "endsOn": "2026-11-07"])
            let periodID = try #require(period.object["id"] as? String)
            let csv = try await app.send(.GET, "/api/v1/pay-periods/\(periodID)/payroll.csv", token: s.coordinator)
            let rows = csv.text.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            for (student, number, wage) in [(fixture.a.otherStudent, "A-1002", 1800), (fixture.a.student, "A-1001", 1500)] {
                let minutes = typed.filter { $0.student == student }.reduce(0) { $0 + $1.minutes }
                let row = try #require(rows.first { $0.first == number })
                #expect(row[3] == String(minutes) && row[5] == String(Self.reference(minutes * wage, over: 60)), "\(row)")
            }

            let invoice = try await app.send(.POST, "/api/v1/invoices", token: s.coordinator,
                                             json: InvoiceInput(clientId: s.plant.id, periodStart: "2026-10-25", periodEnd: "2026-11-07"))
            try #require(invoice.status == .created, "\(invoice.text)")
            let lines = try #require(invoice.object["lines"] as? [[String: Any]])
            let work = typed.filter(\.billable)
            let billed = work.reduce(0) { $0 + ($1.minutes + 14) / 15 * 15 }
            let amount = Self.reference(billed * s.engagement.hourlyRateCents, over: 60)
            #expect(lines.count == 1 && lines[0]["actualMinutes"] as? Int == work.reduce(0) { $0 + $1.minutes })
            #expect(lines[0]["billedMinutes"] as? Int == billed && lines[0]["amountCents"] as? Int == amount)
            #expect(invoice.object["totalCents"] as? Int == amount)
        }
    }
}
