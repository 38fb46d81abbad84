import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// The admin's page for the district's work rules for minors: which state's rules apply on
/// top of the federal ones, the bell schedule, the workweek, and which programs are WECEP or CTE.
enum WorkRulesPage {
    struct Form: Content {
        var overlay: String?
        var schoolStarts: String?
        var schoolEnds: String?
        var weekStartsOn: Int?
        var openFlagMinutes: Int?
    }

    struct ProgramForm: Content { var workProgram: String? }

    static let weekdays = [(1, "Monday"), (2, "Tuesday"), (3, "Wednesday"), (4, "Thursday"), (5, "Friday"), (6, "Saturday"), (7, "Sunday")]

    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.workRules.pattern) { req async throws -> Page in
            try req.viewer.require(.configureLabor)
            return try await render(req, notice: try? req.query.get(String.self, at: "notice"))
        }
        pages.post(SiteRoute.workRules.pattern) { req async throws -> Response in
            let form = try req.input(Form.self)
            let input = WorkRulesInput(overlay: form.overlay, schoolStarts: TimeFormat.minuteOfDay(form.schoolStarts) ?? -1,
                                       schoolEnds: TimeFormat.minuteOfDay(form.schoolEnds) ?? -1, weekStartsOn: form.weekStartsOn,
                                       openFlagMinutes: form.openFlagMinutes)
            do {
                try await WorkRules.save(input, on: req)
            } catch let error as PathworkError where error.status == .unprocessableEntity {
                return try await render(req, form: form, errors: error.fieldErrors).encodeResponse(for: req)
            }
            return req.redirect(to: SiteRoute.workRules.path(query: [("notice", "Work rules saved. They apply to time recorded from now on.")]))
        }
        pages.post(SiteRoute.programWork(.pattern).pattern) { req async throws -> Response in
            try await req.act(returning: .workRules) {
                let marked = try await WorkRules.mark(programID: req.parameters.get("programID", as: UUID.self),
                                                      as: try req.input(ProgramForm.self).workProgram, on: req)
                return "\(marked.name): \(title(marked.workProgram))."
            }
        }
    }

    static func title(_ program: WorkProgram) -> String {
        switch program {
        case .none: "no work program"
        case .wecep: "WECEP (29 CFR 570.36: school-hours work allowed, 23 hours in a school week)"
        case .cte: "CTE work program (Washington SHB 1121: non-school-week hours at 16 and 17, from July 1, 2026)"
        }
    }

    static func render(_ req: Request, form: Form? = nil, errors: [FieldError] = [], notice: String? = nil) async throws -> Page {
        let viewer = try req.viewer
        let rules = try await WorkRules.load(req)
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let overlay = form?.overlay ?? rules.overlay.rawValue
        return Layout.page("Work rules for minors", viewer: viewer, current: .district, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: notice,
            FormField.errorSummary(errors),
            .p(.class("muted"), .text("Federal rules (29 CFR 570.35) always apply to 14- and 15-year-olds. A state's rules apply on top: time must pass both.")),
            .form(.method(.post), .action(SiteRoute.workRules.path), .class("card"), Layout.csrfField(viewer.csrfToken),
                FormField.select("State rules", name: "overlay", options: LaborOverlay.allCases.map { ($0.rawValue, $0.title) }, selected: overlay,
                                 error: error("overlay")),
                FormField.text("School day starts", name: "schoolStarts", value: form?.schoolStarts ?? TimeFormat.field(minuteOfDay: rules.schoolStarts), type: .time,
                               required: true, error: error("schoolStarts")),
                FormField.text("School day ends", name: "schoolEnds", value: form?.schoolEnds ?? TimeFormat.field(minuteOfDay: rules.schoolEnds), type: .time,
                               required: true, error: error("schoolEnds")),
                FormField.select("The workweek starts on", name: "weekStartsOn", options: weekdays.map { (String($0.0), $0.1) },
                                 selected: String(form?.weekStartsOn ?? rules.weekStartsOn), error: error("weekStartsOn")),
                FormField.text("Flag a clock left running after (minutes)", name: "openFlagMinutes",
                               value: String(form?.openFlagMinutes ?? rules.openFlagMinutes), type: .number, required: true,
                               error: error("openFlagMinutes")),
                .button(.type(.submit), .text("Save work rules"))),
            WorkRulesLaw.section(rules.overlay),
            try await WorkAuthorizationPages.districtSection(req),
            .section(.class("card"), .h2(.text("Work programs")),
                .p(.text("Students on a WECEP or CTE program's teams work under that program's limits.")),
                .if(rules.programs.isEmpty, .p(.text("The district has no programs yet; create them on the Teams page."))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Program")), .th(.text("Work program")))),
                    .tbody(.forEach(rules.programs) { program in
                        .tr(.td(.text(program.name)),
                            .td(.form(.method(.post), .action(SiteRoute.programWork(program.programId).path), .class("inline"),
                                      Layout.csrfField(viewer.csrfToken),
                                      FormField.select("Work program for \(program.name)", name: "workProgram",
                                                       options: WorkProgram.allCases.map { ($0.rawValue, title($0)) }, selected: program.workProgram.rawValue),
                                      .button(.type(.submit), .class("secondary"), .text("Save")))))
                    })))))
    }
}
