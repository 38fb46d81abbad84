import Fluent
import Foundation
import PathworkDomain
import Plot
import SQLKit
import Vapor

/// A threshold (50, 75, 90, 100 %) an engagement's approved billable time has reached; shown
/// to the coordinator and the team lead.
final class BudgetAlert: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "budget_alerts"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "engagement_id") var engagementID: UUID
    @Field(key: "percent") var percent: Int
    @Field(key: "reached_at") var reachedAt: Date

    init() {}
}

/// An engagement's use of its budget, from approved billable entries.
struct BudgetUse: Sendable, Equatable {
    var usedMinutes: Int
    var usedCents: Int
    var budgetMinutes: Int?
    var budgetCents: Int?

    /// The larger share of whichever budgets are set, in whole percent.
    var percent: Int? {
        let shares = [budgetMinutes.map { BudgetThresholds.percentUsed(used: usedMinutes, budget: $0) },
                      budgetCents.map { BudgetThresholds.percentUsed(used: usedCents, budget: $0) }].compactMap { $0 }
        return shares.max()
    }

    var reached: [Int] {
        Array(Set((budgetMinutes.map { BudgetThresholds.reached(used: usedMinutes, budget: $0) } ?? [])
            + (budgetCents.map { BudgetThresholds.reached(used: usedCents, budget: $0) } ?? []))).sorted()
    }
}

enum BudgetGuard {
    /// Billed minutes of the engagement's entries: approved ones as billed, and — when
    /// `pending` — unapproved ones as they would be billed. The database sums what is already
    /// billed and counts the rest by length; the rounding to the increment is
    /// `PayArithmetic.billedMinutes`, the one the approval stamps. This runs inside the writer
    /// for every billable entry on an engagement that stops at its budget.
    static func billedMinutes(of engagement: Engagement, pending: Bool, excluding: UUID? = nil, tenant: Tenant) async throws -> Int {
        let sql = try tenant.db.sql()
        let statuses: SQLQueryString = pending ? "status <> \(bind: TimeEntryStatus.rejected.rawValue)"
                                               : "status = \(bind: TimeEntryStatus.approved.rawValue)"
        let exclusion: SQLQueryString = excluding.map { "AND id <> \(bind: $0)" } ?? ""
        // One row for what is billed or a correction (summed as it is), then one per length of
        // unapproved work with how many entries have it.
        let rows = try await sql.raw("""
            SELECT CASE WHEN billed_minutes IS NULL AND kind = 'work' THEN minutes END AS length,
                   CAST(COUNT(*) AS BIGINT) AS entries, CAST(COALESCE(SUM(COALESCE(billed_minutes, minutes)), 0) AS BIGINT) AS billed
            FROM time_entries
            WHERE district_id = \(bind: tenant.districtID) AND engagement_id = \(bind: try engagement.requireID())
              AND activity = \(bind: WorkActivity.clientWork.rawValue) AND \(statuses) \(exclusion)
            GROUP BY CASE WHEN billed_minutes IS NULL AND kind = 'work' THEN minutes END
            """).all()
        var total = 0
        for row in rows {
            if let length = try row.decode(column: "length", as: Int?.self) {
                total += try row.decode(column: "entries", as: Int.self) * PayArithmetic.billedMinutes(length, increment: engagement.billingIncrementMinutes)
            } else {
                total += try row.decode(column: "billed", as: Int.self)
            }
        }
        return total
    }

    static func use(of engagement: Engagement, tenant: Tenant) async throws -> BudgetUse {
        let minutes = try await billedMinutes(of: engagement, pending: false, tenant: tenant)
        return BudgetUse(usedMinutes: minutes, usedCents: PayArithmetic.amountCents(billedMinutes: minutes, hourlyRateCents: engagement.hourlyRateCents),
                         budgetMinutes: engagement.budgetMinutes, budgetCents: engagement.budgetCents)
    }

    /// Refuses billable time on an engagement set to stop at its budget once the time already
    /// recorded (approved or waiting) and this entry would pass it.
    static func requireRoom(for target: WorkTarget, addingMinutes: Int, excluding: UUID? = nil, tenant: Tenant) async throws {
        guard let engagement = target.engagement, engagement.stopAtBudget,
              engagement.budgetMinutes != nil || engagement.budgetCents != nil else { return }
        let recorded = try await billedMinutes(of: engagement, pending: true, excluding: excluding, tenant: tenant)
        let total = recorded + PayArithmetic.billedMinutes(addingMinutes, increment: engagement.billingIncrementMinutes)
        let overMinutes = engagement.budgetMinutes.map { total > $0 } ?? false
        let overCents = engagement.budgetCents.map { PayArithmetic.amountCents(billedMinutes: total, hourlyRateCents: engagement.hourlyRateCents) > $0 } ?? false
        if overMinutes || overCents {
            let budget = engagement.budgetMinutes.map { "\($0) minutes" } ?? "\(engagement.budgetCents ?? 0) cents"
            throw PathworkError.conflict("engagement.over-budget",
                                         "“\(engagement.title)” stops at its budget of \(budget); \(recorded) billed minutes are already recorded.")
        }
    }

    /// Records each threshold newly reached by approved time.
    static func raiseAlerts(engagementID: UUID, at now: Date, tenant: Tenant, audit: AuditRecorder) async throws {
        let engagement = try await tenant.find(Engagement.self, engagementID)
        let reached = try await use(of: engagement, tenant: tenant).reached
        let known = Set(try await tenant.query(BudgetAlert.self).filter(\.$engagementID == engagementID).all().map(\.percent))
        for percent in reached where !known.contains(percent) {
            let alert = BudgetAlert()
            alert.districtID = tenant.districtID
            alert.engagementID = engagementID
            alert.percent = percent
            alert.reachedAt = now
            try await alert.create(on: tenant.db)
            audit.created("budgetAlert", id: alert.id, ["engagementID": engagementID.uuidString, "percent": String(percent)])
        }
    }
}

/// The engagement page's budget line, added by Time (which keeps the billed time) to Clients'
/// page through `engagementSections`.
enum BudgetSection {
    static func register(_ app: Application) {
        app.engagementSections.add { req, engagement in try await section(req, engagement: engagement) }
    }

    /// "12 h 30 min of 40 h (31% used, approved time), $562.50 of $1,800.00", from approved time.
    static func line(_ use: BudgetUse, stops: Bool) -> String {
        var parts: [String] = []
        if let minutes = use.budgetMinutes { parts.append("\(TimeFormat.hours(use.usedMinutes)) of \(TimeFormat.hours(minutes))") }
        if let cents = use.budgetCents { parts.append("\(Money.format(cents: use.usedCents)) of \(Money.format(cents: cents))") }
        return parts.joined(separator: ", ") + " (\(use.percent ?? 0)% used, approved time)" + (stops ? "; billable time stops at the budget" : "")
    }

    static func section(_ req: Request, engagement: Engagement) async throws -> Node<HTML.BodyContext> {
        let use = try await BudgetGuard.use(of: engagement, tenant: try req.tenant)
        let budgeted = use.budgetMinutes != nil || use.budgetCents != nil
        return .div(.class("card"), .dl(.class("facts"),
            .if(budgeted, .group(.dt(.text("Budget used")),
                                 .dd(.class(use.percent ?? 0 >= 90 ? "warning" : ""), .text(line(use, stops: engagement.stopAtBudget))))),
            .if(!budgeted, .group(.dt(.text("Billed so far")),
                                  .dd(.text("\(TimeFormat.hours(use.usedMinutes)), \(Money.format(cents: use.usedCents))"))))))
    }
}
