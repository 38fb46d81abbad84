import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

struct ClockForm: Content {
    /// `engagement:<id>` or `activity:<team id>:<activity>`.
    var work: String?
}

struct EntryForm: Content {
    var work: String?
    var date: String?
    var from: String?
    var to: String?
    var note: String?
}

/// Runs a page action and returns to `route` with what happened, or why it did not.
extension Request {
    func act(returning route: SiteRoute, _ body: () async throws -> String) async throws -> Response {
        do {
            return redirect(to: route.path(query: [("notice", try await body())]))
        } catch let error as PathworkError {
            return redirect(to: route.path(query: [("notice", error.reason)]))
        }
    }
}

/// The student's phone page: one tap to clock in or out, this week against the legal limit,
/// pay, and the week's entries to fix and submit.
enum TimePages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.time.pattern) { req async throws -> Page in
            try req.viewer.require(.keepOwnTime)
            return try await page(req)
        }
        pages.post(SiteRoute.clock.pattern) { req async throws -> Response in
            let viewer = try req.viewer
            try viewer.require(.keepOwnTime)
            return try await req.act(returning: .time) {
                if let running = try await LaborCheck.running(of: viewer.personID, tenant: req.tenant) {
                    let entry = try await TimeWriter.clockOut(studentID: viewer.personID, running: running, on: req)
                    return "Clocked out: \(entry.minutes) minutes recorded." + (entry.flags.isEmpty ? "" : " Your lead will review it: it passes a limit.")
                }
                let choice = try workChoice(try req.input(ClockForm.self).work)
                _ = try await TimeWriter.clockIn(studentID: viewer.personID, choosing: choice, source: .clock, on: req)
                return "Clocked in."
            }
        }
        pages.post(SiteRoute.time.pattern) { req async throws -> Response in
            let viewer = try req.viewer
            try viewer.require(.keepOwnTime)
            return try await req.act(returning: .time) {
                let form = try req.input(EntryForm.self)
                guard let date = CalendarDate(iso: form.date ?? ""), let start = instant(date, form.from, viewer.timeZone),
                      let end = instant(date, form.to, viewer.timeZone) else {
                    throw PathworkError.invalid([FieldError(field: "date", message: "Enter the date and the start and end times.")])
                }
                let target = try await workTarget(form.work, studentID: viewer.personID, req: req)
                let typed = TimeWriter.Typed(studentID: viewer.personID, target: target, startsAt: start, endsAt: end, note: form.note?.trimmed ?? "")
                let entry = try await TimeWriter.save(typed, replacing: nil, status: .draft, on: req)
                return "Added \(entry.minutes) minutes on \(entry.workDate). Submit the week when it is complete."
            }
        }
        pages.post(SiteRoute.submitWeek.pattern) { req async throws -> Response in
            let viewer = try req.viewer
            try viewer.require(.keepOwnTime)
            return try await req.act(returning: .time) {
                let sent = try await Approvals.submitWeek(studentID: viewer.personID, containing: req.today, on: req)
                return "Sent \(sent.count) entr\(sent.count == 1 ? "y" : "ies") to your lead."
            }
        }
        pages.post(SiteRoute.timeEntryStep(.pattern, step: "delete").pattern) { req async throws -> Response in
            let entry = try await TimeAccess.entry(req.parameters.get("entryID"), req: req)
            return try await req.act(returning: try req.viewer.personID == entry.studentID ? .time : .approvals) {
                try await TimeWriter.delete(entry.requireID(), on: req)
                return "The entry was removed."
            }
        }
    }

    static func instant(_ date: CalendarDate, _ time: String?, _ zone: String) -> Date? {
        guard let minute = TimeFormat.minuteOfDay(time) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? .gmt
        return calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: minute / 60, minute: minute % 60))
    }

    /// The choices a student can clock in to: their teams' active engagements and each team's activities.
    static func choices(studentID: UUID, req: Request) async throws -> [(value: String, title: String)] {
        let tenant = try req.tenant
        let seats = try await tenant.query(Membership.self).filter(\.$student.$id == studentID).with(\.$team).all().filter { $0.isCurrent(on: req.today) }
        var result: [(value: String, title: String)] = []
        for seat in seats {
            let engagements = try await tenant.query(Engagement.self).filter(\.$team.$id == seat.team.requireID()).filter(\.$status == .active)
                .with(\.$client).sort(\.$title).all()
            result += try engagements.map { (value: "engagement:\(try $0.requireID().uuidString)", title: "\($0.title) — \($0.client.name)") }
            result += try WorkActivity.allCases.filter { $0 != .clientWork }
                .map { (value: "activity:\(try seat.team.requireID().uuidString):\($0.rawValue)", title: "\(seat.team.name): \($0.title)") }
        }
        return result
    }

    /// The form's `work` value (one of `choices`) as what the student chose.
    static func workChoice(_ raw: String?) throws -> TimeWriter.WorkChoice {
        let parts = (raw ?? "").split(separator: ":").map(String.init)
        let engagementID = parts.first == "engagement" && parts.count == 2 ? UUID(uuidString: parts[1]) : nil
        let teamID = parts.first == "activity" && parts.count == 3 ? UUID(uuidString: parts[1]) : nil
        let activity = parts.count == 3 ? WorkActivity(rawValue: parts[2]) : nil
        guard engagementID != nil || (teamID != nil && activity != nil) else {
            throw PathworkError.invalid([FieldError(field: "work", message: "Choose what you are working on.")])
        }
        return TimeWriter.WorkChoice(engagementID: engagementID, teamID: teamID, activity: activity)
    }

    static func workTarget(_ raw: String?, studentID: UUID, req: Request) async throws -> WorkTarget {
        let choice = try workChoice(raw)
        return try await TimeWriter.target(studentID: studentID, engagementID: choice.engagementID, teamID: choice.teamID,
                                           activity: choice.activity, on: req.today, tenant: req.tenant)
    }

    static func page(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let summary = try await TimeSummary.load(studentID: viewer.personID, req: req)
        let choices = try await choices(studentID: viewer.personID, req: req)
        let since = (CalendarDate(iso: summary.weekStartsOn) ?? req.today).adding(days: -21).description
        let entries = try await req.tenant.query(TimeEntry.self).filter(\.$studentID == viewer.personID)
            .filter(\.$workDate >= since).sort(\.$startsAt, .descending).all()
        let clockTime = { (date: Date) in TimeFormat.clock(date, zone: viewer.timeZone) }
        let hasPIN = try await req.tenant.query(KioskPIN.self).filter(\.$studentID == viewer.personID).first() != nil
        return Layout.page("My time", viewer: viewer, current: .time, notice: try? req.query.get(String.self, at: "notice"),
            .section(.class("card clock"),
                .p(.class("big"), .text(summary.openEntry.map { "Clocked in since \(clockTime($0.startsAt))" } ?? "Not clocked in")),
                .form(.method(.post), .action(SiteRoute.clock.path), Layout.csrfField(viewer.csrfToken),
                    .if(!summary.clockedIn, FormField.select("Working on", name: "work", options: choices, selected: choices.first?.value)),
                    .button(.type(.submit), .class("big"), .text(summary.clockedIn ? "Clock out" : "Clock in")))),
            .section(.class("card"), .h2(.text("This week")),
                .p(.text("\(TimeFormat.hours(summary.weekMinutes)) worked"
                         + (summary.weeklyLimitMinutes.map { " of your \(TimeFormat.hours($0)) legal limit" } ?? " (no weekly hour limit applies to you)"))),
                .if(summary.periodStartsOn != nil, .p(.text("Pay period \(summary.periodStartsOn ?? "") to \(summary.periodEndsOn ?? ""): \(Money.format(cents: summary.periodPayCents)) approved, \(TimeFormat.hours(summary.periodPendingMinutes)) waiting for approval."))),
                .p(.text("Earned to date: \(Money.format(cents: summary.earningsToDateCents))")),
                .form(.method(.post), .action(SiteRoute.submitWeek.path), Layout.csrfField(viewer.csrfToken),
                    .button(.type(.submit), .class("secondary"), .text("Submit this week for approval")))),
            .section(.class("card"), .h2(.text("Entries")),
                .if(entries.isEmpty, .p(.text("No time recorded in the last few weeks."))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Date")), .th(.text("Time")), .th(.text("Minutes")), .th(.text("Status")), .th(.text("")))),
                    .tbody(try .forEach(entries) { entry in
                        .tr(.td(.text(entry.workDate)),
                            .td(.text(entry.kind == .adjustment ? "Correction: \(entry.reason)" : "\(clockTime(entry.startsAt))–\(entry.endsAt.map(clockTime) ?? "…")")),
                            .td(.text(String(entry.minutes))),
                            .td(.text(entry.status.rawValue), .if(entry.status == .rejected, .span(.class("muted"), .text(" — \(entry.reason)")))),
                            .td(.if(entry.status.isEditable && entry.kind == .work && entry.endsAt != nil,
                                    .a(.href(SiteRoute.timeEntryStep(try entry.requireID(), step: "edit").path), .text("Change"))),
                                .if(entry.status.isEditable, .form(.method(.post), .action(SiteRoute.timeEntryStep(try entry.requireID(), step: "delete").path),
                                                                   Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("secondary"), .text("Remove"))))))
                    })))),
            .section(.class("card"), .h2(.text("Add time you forgot to clock")),
                .form(.method(.post), .action(SiteRoute.time.path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Working on", name: "work", options: choices, selected: nil),
                    FormField.text("Date", name: "date", value: req.today.description, type: .date),
                    FormField.text("From", name: "from", value: nil, type: .time),
                    FormField.text("To", name: "to", value: nil, type: .time),
                    FormField.text("Note (optional)", name: "note", value: nil),
                    .button(.type(.submit), .text("Add entry")))),
            .section(.class("card"), .h2(.text("Kiosk PIN")),
                .p(.text(hasPIN ? "Your PIN is set. At the center's kiosk, type your student number and PIN to clock in or out. Set a new one here to replace it."
                                : "Set a PIN to clock in and out at the center's kiosk with your student number.")),
                .form(.method(.post), .action(SiteRoute.kioskPIN.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("New PIN (4 to 8 digits)", name: "pin", value: nil, type: .password, required: true, autocomplete: "new-password"),
                    FormField.text("The same PIN again", name: "confirmPin", value: nil, type: .password, required: true, autocomplete: "new-password"),
                    .button(.type(.submit), .class("secondary"), .text(hasPIN ? "Change PIN" : "Set PIN")))))
    }
}
