import Fluent
import Foundation
import PathworkDomain
import Vapor

/// What a student sees at a glance: whether the clock runs, this week's minutes against the
/// legal limit, this pay period's pay and earnings to date.
struct TimeSummary: Content {
    var clockedIn: Bool
    var openEntry: TimeEntryJSON?
    var weekStartsOn: String
    var weekMinutes: Int
    var weeklyLimitMinutes: Int?
    var periodStartsOn: String?
    var periodEndsOn: String?
    /// Approved time in the current pay period, paid at its wages.
    var periodPayCents: Int
    /// Minutes in the current pay period still waiting for approval.
    var periodPendingMinutes: Int
    var earningsToDateCents: Int

    static let schema = Schema.object([
        ("clockedIn", .boolean), ("openEntry", .nullable(.ref("TimeEntry"))), ("weekStartsOn", .string(format: "date")),
        ("weekMinutes", .integer()), ("weeklyLimitMinutes", .nullable(.integer())), ("periodStartsOn", .string(format: "date")),
        ("periodEndsOn", .string(format: "date")), ("periodPayCents", .integer()), ("periodPendingMinutes", .integer()),
        ("earningsToDateCents", .integer()),
    ], required: ["clockedIn", "weekStartsOn", "weekMinutes", "periodPayCents", "periodPendingMinutes", "earningsToDateCents"])

    static func load(studentID: UUID, req: Request) async throws -> TimeSummary {
        let tenant = try req.tenant
        let today = req.today
        let entries = try await tenant.query(TimeEntry.self).filter(\.$studentID == studentID).filter(\.$status != .rejected).all()
        let open = entries.first { $0.status == .open }
        let settings = try await LaborCheck.settings(tenant)
        let weekStart = ChildLabor.weekStart(of: today, startsOn: settings.weekStartsOn)
        let week = weekStart.description...weekStart.adding(days: 6).description
        let now = req.now
        let weekMinutes = entries.filter { week.contains($0.workDate) }.reduce(0) { total, entry in
            total + (entry.status == .open ? TimeRules.minutes(from: entry.startsAt, to: now) : entry.minutes)
        }
        var limit: Int?
        if let team = open?.teamID ?? entries.first?.teamID,
           let labor = try? await LaborCheck.load(studentID: studentID, teamID: team, tenant: tenant) {
            limit = ChildLabor.weeklyLimit(on: today, context: labor.context)
        }
        let period = try await tenant.query(PayPeriod.self).filter(\.$startsOn <= today.description)
            .filter(\.$endsOn >= today.description).first()
        func pay(_ selected: [TimeEntry]) -> Int {
            PayArithmetic.grossPayCents(selected.map { PayArithmetic.PaidEntry(minutes: $0.minutes, hourlyWageCents: $0.hourlyWageCents ?? 0) })
        }
        let approved = entries.filter { $0.status == .approved }
        let inPeriod = { (entry: TimeEntry) in period.map { $0.startsOn <= entry.workDate && entry.workDate <= $0.endsOn } ?? false }
        return TimeSummary(
            clockedIn: open != nil, openEntry: open.map(TimeEntryJSON.init), weekStartsOn: weekStart.description,
            weekMinutes: weekMinutes, weeklyLimitMinutes: limit, periodStartsOn: period?.startsOn, periodEndsOn: period?.endsOn,
            periodPayCents: pay(approved.filter(inPeriod)),
            periodPendingMinutes: entries.filter { $0.status != .approved && $0.status != .open && inPeriod($0) }.reduce(0) { $0 + $1.minutes },
            earningsToDateCents: pay(approved))
    }
}
