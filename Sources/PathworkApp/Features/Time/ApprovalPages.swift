import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// The lead's queue: submitted time to approve in bulk or reject with a reason, entries that
/// broke a rule when clocked out, clocks left running past a limit, and budget alerts.
enum ApprovalPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.approvals.pattern) { req async throws -> Page in
            try req.viewer.require(.superviseTime)
            return try await page(req)
        }
        pages.post(SiteRoute.approvals.pattern) { req async throws -> Response in
            try req.viewer.require(.superviseTime)
            return try await req.act(returning: .approvals) {
                let ids = ((try req.field([String].self, at: "ids")) ?? []).compactMap(UUID.init(uuidString:))
                guard !ids.isEmpty else { throw PathworkError.invalid([FieldError(field: "ids", message: "Tick the entries to approve.")]) }
                let approved = try await Approvals.approve(ids, on: req)
                return "Approved \(approved.count) entr\(approved.count == 1 ? "y" : "ies")."
            }
        }
        pages.post(SiteRoute.timeEntryStep(.pattern, step: "reject").pattern) { req async throws -> Response in
            try req.viewer.require(.superviseTime)
            return try await req.act(returning: .approvals) {
                let entry = try await req.tenant.find(TimeEntry.self, req.parameters.get("entryID"))
                _ = try await Approvals.reject(entry.requireID(), reason: (try req.field(String.self, at: "reason")) ?? "", on: req)
                return "Sent back to the student with your reason."
            }
        }
    }

    /// A flag as the lead reads it; a meal period names the rules that ask for it.
    static func describe(flag code: String, overlay: LaborOverlay) -> String {
        guard code == "labor.meal-period" else { return code }
        let sources = overlay.ruleSets.flatMap(\.mealPeriods).map(\.source)
        return "meal period due (\(sources.isEmpty ? "no meal rule applies now" : sources.joined(separator: "; ")))"
    }

    static func page(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        // Only undecided entries: a busy district's approved history never crowds the queue out.
        let entries = try await TimeAccess.visible(req).filter(\.$status ~~ [.open, .draft, .submitted])
            .sort(\.$startsAt, .descending).limit(1000).all()
        let waiting = entries.filter { $0.status == .submitted || ($0.status == .draft && !$0.flags.isEmpty) }
        let running = entries.filter { $0.status == .open }
        let settings = try await LaborCheck.settings(tenant)
        let now = req.now
        let names = Dictionary(try await tenant.query(Person.self).filter(\.$id ~~ Array(Set(entries.map(\.studentID)))).all().map { (try $0.requireID(), $0.fullName) },
                               uniquingKeysWith: { a, _ in a })
        let teams = try await TimeAccess.supervisedTeams(viewer, tenant: tenant)
        let alerts = try await tenant.query(BudgetAlert.self).sort(\.$reachedAt, .descending).limit(50).all()
        let scoped = tenant.query(Engagement.self)
        if let teams { scoped.filter(\.$team.$id ~~ Array(teams)) }
        let engagements = Dictionary(try await scoped.all().map { (try $0.requireID(), $0) },
                                     uniquingKeysWith: { a, _ in a })
        let clock = { (date: Date) in TimeFormat.clock(date, zone: viewer.timeZone) }
        return Layout.page("Approvals", viewer: viewer, current: .approvals, notice: try? req.query.get(String.self, at: "notice"),
            .if(!running.isEmpty, .section(.class("card"), .h2(.text("Still clocked in")),
                .ul(.forEach(running) { entry in
                    let minutes = TimeRules.minutes(from: entry.startsAt, to: now)
                    return .li(.text("\(names[entry.studentID] ?? "") since \(clock(entry.startsAt)) on \(entry.workDate) (\(TimeFormat.hours(minutes)))"),
                               .if(minutes > settings.openFlagMinutes, .strong(.class("flag"), .text(" — running past \(TimeFormat.hours(settings.openFlagMinutes)); check with the student"))))
                }))),
            .if(!alerts.filter({ engagements[$0.engagementID] != nil }).isEmpty, .section(.class("card"), .h2(.text("Budget alerts")),
                .ul(.forEach(alerts.compactMap { alert in engagements[alert.engagementID].map { (alert, $0) } }) { alert, engagement in
                    .li(.a(.href(SiteRoute.engagement(alert.engagementID).path), .text(engagement.title)),
                        .text(" reached \(alert.percent)% of its budget on \(CalendarDate.on(alert.reachedAt, timeZone: viewer.timeZone))"))
                }))),
            .section(.class("card"), .h2(.text("Waiting for approval")),
                .if(waiting.isEmpty, .p(.text("Nothing is waiting."))),
                .if(!waiting.isEmpty, .form(.method(.post), .action(SiteRoute.approvals.path), .id("approve-form"), Layout.csrfField(viewer.csrfToken),
                    .div(.class("table-wrap"), .table(
                        .thead(.tr(.th(.text("Approve")), .th(.text("Student")), .th(.text("Date")), .th(.text("Time")), .th(.text("Minutes")), .th(.text("Work")), .th(.text("Flags")), .th(.text("")))),
                        .tbody(try .forEach(waiting) { entry in
                            .tr(.td(.input(.type(.checkbox), .name("ids[]"), .value(try entry.requireID().uuidString), .attribute(named: "aria-label", value: "Approve \(names[entry.studentID] ?? "") \(entry.workDate)"))),
                                .td(.text(names[entry.studentID] ?? "")), .td(.text(entry.workDate)),
                                .td(.text(entry.kind == .adjustment ? "Correction: \(entry.reason)" : "\(clock(entry.startsAt))–\(entry.endsAt.map(clock) ?? "")")),
                                .td(.text(String(entry.minutes))),
                                .td(.text(entry.engagementID.flatMap { engagements[$0]?.title } ?? entry.activity.title)),
                                .td(.text(entry.flagCodes.map { describe(flag: $0, overlay: settings.overlay) }.joined(separator: "; "))),
                                .td(.if(entry.status.isEditable && entry.kind == .work && entry.endsAt != nil,
                                        .a(.href(SiteRoute.timeEntryStep(try entry.requireID(), step: "edit").path), .text("Change")))))
                        }))),
                    .button(.type(.submit), .text("Approve ticked entries")))),
                try .forEach(waiting) { entry in
                    .form(.method(.post), .action(SiteRoute.timeEntryStep(try entry.requireID(), step: "reject").path), .class("inline"), Layout.csrfField(viewer.csrfToken),
                        FormField.text("Reason to send back \(names[entry.studentID] ?? "")’s \(entry.workDate) entry", name: "reason", value: nil),
                        .button(.type(.submit), .class("secondary"), .text("Reject")))
                }))
    }
}
