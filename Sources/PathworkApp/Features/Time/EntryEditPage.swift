import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// Changing a draft or a sent-back entry: the student their own, a lead or coordinator the
/// entries of students they supervise (a submitted entry is sent back first, so the student
/// sees why). The same checks as a new entry apply; approved time is locked and corrected by
/// adjustment instead.
enum EntryEditPage {
    static func register(_ pages: any RoutesBuilder) {
        let route = SiteRoute.timeEntryStep(.pattern, step: "edit").pattern
        pages.get(route) { req async throws -> Response in
            let entry = try await TimeAccess.entry(req.parameters.get("entryID"), req: req)
            do {
                try await TimeWriter.requireEditable(entry, tenant: req.tenant)
            } catch let error as PathworkError {
                return req.redirect(to: try back(for: entry, req).path(query: [("notice", error.reason)]))
            }
            return try await render(req, entry: entry, form: nil).encodeResponse(for: req)
        }
        pages.post(route) { req async throws -> Response in
            let viewer = try req.viewer
            let entry = try await TimeAccess.entry(req.parameters.get("entryID"), req: req)
            let form = try req.input(EntryForm.self)
            do {
                try await TimeWriter.requireEditable(entry, tenant: req.tenant)
                guard let date = CalendarDate(iso: form.date ?? ""), let start = TimePages.instant(date, form.from, viewer.timeZone),
                      let end = TimePages.instant(date, form.to, viewer.timeZone) else {
                    throw PathworkError.invalid([FieldError(field: "date", message: "Enter the date and the start and end times.")])
                }
                let target = try await TimePages.workTarget(form.work, studentID: entry.studentID, req: req)
                let typed = TimeWriter.Typed(studentID: entry.studentID, target: target, startsAt: start, endsAt: end, note: form.note?.trimmed ?? "")
                // The student's own change waits for them to submit it; a lead's stays in the queue.
                let status: TimeEntryStatus = viewer.personID == entry.studentID ? .draft : .submitted
                let saved = try await TimeWriter.save(typed, replacing: entry.id, status: status, on: req)
                return req.redirect(to: try back(for: entry, req).path(query: [("notice", "Saved: \(saved.minutes) minutes on \(saved.workDate).")]))
            } catch let error as PathworkError where [.unprocessableEntity, .conflict].contains(error.status) {
                let errors = error.fieldErrors.isEmpty ? [FieldError(field: "from", message: error.reason)] : error.fieldErrors
                return try await render(req, entry: entry, form: form, errors: errors).encodeResponse(for: req)
            }
        }
    }

    static func back(for entry: TimeEntry, _ req: Request) throws -> SiteRoute {
        try req.viewer.personID == entry.studentID ? .time : .approvals
    }

    static func render(_ req: Request, entry: TimeEntry, form: EntryForm?, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let choices = try await TimePages.choices(studentID: entry.studentID, req: req)
        let current = entry.engagementID.map { "engagement:\($0.uuidString)" } ?? "activity:\(entry.teamID.uuidString):\(entry.activity.rawValue)"
        let student = try await req.tenant.find(Person.self, entry.studentID)
        return Layout.page("Change an entry", viewer: viewer, current: try back(for: entry, req), status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .p(.class("muted"), .text("\(student.fullName), \(entry.workDate), \(entry.minutes) minutes, \(entry.status.rawValue).")),
            .form(.method(.post), .action(SiteRoute.timeEntryStep(try entry.requireID(), step: "edit").path), .class("card"), Layout.csrfField(viewer.csrfToken),
                FormField.select("Working on", name: "work", options: choices, selected: form?.work ?? current, error: error("work")),
                FormField.text("Date", name: "date", value: form?.date ?? entry.workDate, type: .date, required: true, error: error("date")),
                FormField.text("From", name: "from", value: form?.from ?? TimeFormat.field(entry.startsAt, zone: viewer.timeZone), type: .time,
                               required: true, error: error("from") ?? error("startsAt")),
                FormField.text("To", name: "to", value: form?.to ?? entry.endsAt.map { TimeFormat.field($0, zone: viewer.timeZone) }, type: .time,
                               required: true, error: error("to") ?? error("endsAt")),
                FormField.text("Note (optional)", name: "note", value: form?.note ?? entry.note, error: error("note")),
                .button(.type(.submit), .text("Save entry"))),
            .p(.a(.href(try back(for: entry, req).path), .text("Back without saving"))))
    }
}
