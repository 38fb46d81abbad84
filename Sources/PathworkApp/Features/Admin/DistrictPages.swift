import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/district`: the district's name, time zone and school calendar.
enum DistrictPages {
    struct Form: Content {
        var name: String?
        var timeZone: String?
        var schoolYearStartsOn: String?
        var schoolYearEndsOn: String?
        var nonSchoolDays: String?
    }

    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.district.pattern) { req async throws -> Page in
            let viewer = try req.viewer
            try viewer.require(.createPerson)
            let district = try await current(req)
            let form = Form(name: district.name, timeZone: district.timeZone, schoolYearStartsOn: district.schoolYearStartsOn,
                            schoolYearEndsOn: district.schoolYearEndsOn,
                            nonSchoolDays: NonSchoolDayList.format(district.calendar.nonSchoolDays))
            return render(viewer, district: district, form: form, notice: try? req.query.get(String.self, at: "notice"))
        }
        pages.post(SiteRoute.district.pattern) { req async throws -> Response in
            let viewer = try req.viewer
            try viewer.require(.createPerson)
            let district = try await current(req)
            let form = try req.input(Form.self)
            var errors: [FieldError] = []
            let name = form.name?.nonEmpty ?? ""
            if name.isEmpty { errors.append(FieldError(field: "name", message: "Enter the district's name.")) }
            let zone = form.timeZone?.trimmed ?? ""
            if !District.isValidTimeZone(zone) { errors.append(FieldError(field: "timeZone", message: "Enter an IANA time zone such as America/Denver.")) }
            let start = CalendarDate(iso: form.schoolYearStartsOn ?? "")
            let end = CalendarDate(iso: form.schoolYearEndsOn ?? "")
            if start == nil { errors.append(FieldError(field: "schoolYearStartsOn", message: "Enter the first school day as YYYY-MM-DD.")) }
            if end == nil { errors.append(FieldError(field: "schoolYearEndsOn", message: "Enter the last school day as YYYY-MM-DD.")) }
            if let start, let end, end <= start || end.dayNumber - start.dayNumber > 400 {
                errors.append(FieldError(field: "schoolYearEndsOn", message: "The last school day must come after the first, within about a year."))
            }
            let parsed = NonSchoolDayList.parse(form.nonSchoolDays ?? "")
            let days = (try? parsed.get()) ?? []
            if case .failure(let error) = parsed {
                errors.append(FieldError(field: "nonSchoolDays", message: "Line \(error.line) (\"\(error.text)\") is not a date or a range like 2026-12-21..2027-01-01."))
            }
            guard errors.isEmpty, let start, let end else {
                return try await render(viewer, district: district, form: form, errors: errors).encodeResponse(for: req)
            }
            let districtID = try district.requireID()
            try await req.change { tenant, audit in
                guard let district = try await District.find(districtID, on: tenant.db) else { throw Abort(.notFound) }
                let before = DistrictSnapshot(district)
                district.name = name
                district.timeZone = zone
                district.calendar = SchoolCalendar(startsOn: start, endsOn: end, nonSchoolDays: days)
                try await district.save(on: tenant.db)
                audit.updated("district", id: districtID, from: before, to: DistrictSnapshot(district))
            }
            return req.redirect(to: SiteRoute.district.path(query: [("notice", "District settings saved.")]))
        }
    }

    static func current(_ req: Request) async throws -> District {
        guard let district = try await District.find(try req.viewer.districtID, on: req.db) else { throw Abort(.notFound) }
        return district
    }

    static func render(_ viewer: Viewer, district: District, form: Form, errors: [FieldError] = [], notice: String? = nil) -> Page {
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("District settings", viewer: viewer, current: .district,
                           status: errors.isEmpty ? .ok : .unprocessableEntity, notice: notice,
            FormField.errorSummary(errors),
            .p(.class("muted"), .text("Slug: \(district.slug). \(district.calendar.schoolDayCount) school days this year. "),
               .if(viewer.can(.configureLabor), .a(.href(SiteRoute.workRules.path), .text("Work rules for minors"))),
               .if(viewer.can(.manageSigningKeys), .group(.text(" · "), .a(.href(SiteRoute.signingKeys.path), .text("Credential signing keys")))),
               .if(viewer.can(.importRoster), .group(.text(" · "), .a(.href(SiteRoute.rosterImport.path), .text("Import from the student information system"))))),
            .form(.method(.post), .action(SiteRoute.district.path), Layout.csrfField(viewer.csrfToken),
                FormField.text("Name", name: "name", value: form.name, required: true, error: error("name")),
                FormField.text("Time zone", name: "timeZone", value: form.timeZone, required: true, error: error("timeZone")),
                FormField.text("First school day", name: "schoolYearStartsOn", value: form.schoolYearStartsOn, type: .date,
                               required: true, error: error("schoolYearStartsOn")),
                FormField.text("Last school day", name: "schoolYearEndsOn", value: form.schoolYearEndsOn, type: .date,
                               required: true, error: error("schoolYearEndsOn")),
                FormField.textarea("Non-school days on weekdays: one date or range (2026-12-20..2027-01-04) per line", name: "nonSchoolDays",
                                   value: form.nonSchoolDays, rows: 8, error: error("nonSchoolDays")),
                .button(.type(.submit), .text("Save settings"))))
    }
}
