import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// A bulk approval is decided beside the writer and checked again inside it: the check must see
/// every change to what the decision read (the entries, the seats and their wages, the
/// engagements' billing steps) and nothing else.
@Suite("Bulk approval's recheck")
struct ApprovalPlanTests {
    @Test("the plan still holds when nothing moved, and not when an entry, a wage or a billing step changed")
    func recheck() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            var ids: [UUID] = []
            for (student, hour) in [(fixture.a.student, 15), (fixture.a.otherStudent, 16)] {
                let reply = try await s.entry(app, token: s.coordinator, student: student, "2026-11-02", from: (hour, 15), to: (hour, 45))
                try #require(reply.status == .created, "\(reply.text)")
                ids.append(UUID(uuidString: reply.object["id"] as! String)!)
            }
            let tenant = Tenant(districtID: fixture.a.id, db: app.db)
            func plan() async throws -> ApprovalPlan {
                try await ApprovalPlan.make(ids, teams: nil, decider: s.leadID, now: Date(), tenant: tenant)
            }
            let first = try await plan()
            #expect(first.entries.count == 2)
            #expect(try await first.stillHolds(ids, tenant: tenant))

            let entry = try #require(try await TimeEntry.find(ids[0], on: app.db))
            entry.minutes += 5
            try await entry.save(on: app.db)
            #expect(try await !first.stillHolds(ids, tenant: tenant))

            let second = try await plan()
            let wage = try #require(try await MembershipWage.query(on: app.db).first())
            wage.hourlyCents += 100
            try await wage.save(on: app.db)
            #expect(try await !second.stillHolds(ids, tenant: tenant))

            let third = try await plan()
            let engagement = try #require(try await Engagement.find(s.engagement.id, on: app.db))
            engagement.billingIncrementMinutes = 30
            try await engagement.save(on: app.db)
            #expect(try await !third.stillHolds(ids, tenant: tenant))
            #expect(try await plan().stillHolds(ids, tenant: tenant))
        }
    }
}
