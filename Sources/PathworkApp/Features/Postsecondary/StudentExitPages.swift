import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// On a student's page, for district staff: how the student left (or graduated) and their
/// grade-9 cohort, recorded by hand where no exits file covers them, and what the
/// Clearinghouse and the state's financial-aid file say of them.
enum StudentExitPages {
    /// What was typed and why it was refused, for the page shown again.
    enum Typed: StorageKey { typealias Value = (kind: String, exitedOn: String, cohortYear: String, errors: [FieldError]) }
    /// Why an activity was refused.
    enum RefusedActivity: StorageKey { typealias Value = [FieldError] }

    static func register(_ app: Application, pages: any RoutesBuilder) {
        pages.post(SiteRoute.studentExit(.pattern).pattern) { req async throws -> Response in
            let student = try await PeoplePages.load(req)
            try req.viewer.require(.recordExits)
            guard student.roles.contains(.student) else { throw Abort(.badRequest, reason: "Only students have an exit.") }
            let kind = try req.field(String.self, at: "exitKind") ?? "", on = try req.field(String.self, at: "exitedOn") ?? ""
            let cohort = try req.field(String.self, at: "cohortYear") ?? ""
            do {
                let notice = try await record(student.id, kind: kind, exitedOn: on, cohortYear: cohort, on: req)
                return req.redirect(to: SiteRoute.person(student.id).path(query: [("notice", notice)]) + "#exit")
            } catch let refused as PathworkError where !refused.fieldErrors.isEmpty {
                req.storage[Typed.self] = (kind, on, cohort, refused.fieldErrors)
                var page = try await PersonPage.handle(req)
                page.status = refused.status
                return try await page.encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.exitActivities(.pattern).pattern) { req async throws -> Response in
            let student = try await PeoplePages.load(req)
            try req.viewer.require(.recordExits)
            guard student.roles.contains(.student) else { throw Abort(.badRequest, reason: "Only students have activities after high school.") }
            let kind = (try req.field(String.self, at: "activity")) ?? "", starts = (try req.field(String.self, at: "activityStartsOn")) ?? ""
            let ends = (try req.field(String.self, at: "activityEndsOn")) ?? ""
            do {
                let notice = try await recordActivity(student.id, kind: kind, startsOn: starts, endsOn: ends, on: req)
                return req.redirect(to: SiteRoute.person(student.id).path(query: [("notice", notice)]) + "#exit")
            } catch let refused as PathworkError where !refused.fieldErrors.isEmpty {
                req.storage[RefusedActivity.self] = refused.fieldErrors
                var page = try await PersonPage.handle(req)
                page.status = refused.status
                return try await page.encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.removeExitActivity(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.recordExits)
            let activity = try await req.tenant.find(ExitActivity.self, req.parameters.get("activityID"))
            guard activity.importID == nil else { throw Abort(.conflict, reason: "An activity from a file is replaced by the next file, not removed by hand.") }
            try await req.change { tenant, audit in
                guard let current = try await tenant.query(ExitActivity.self).filter(\.$id == activity.id!).first() else { return }
                try await current.delete(on: tenant.db)
                audit.deleted(ExitActivity.schema, id: current.id, current.snapshot)
                audit.emit(.students([current.studentID]))
            }
            return req.redirect(to: SiteRoute.person(activity.studentID).path(query: [("notice", "The activity is removed.")]) + "#exit")
        }
        app.personSections.add { req, record in try await section(req, record) }
    }

    /// Records what a student did after leaving: employment, service, training.
    static func recordActivity(_ studentID: UUID, kind: String, startsOn: String, endsOn: String, on req: Request) async throws -> String {
        var errors: [FieldError] = []
        let activity = ExitActivityKind(rawValue: kind)
        if activity == nil { errors.append(FieldError(field: "activity", message: "Choose what the student did.")) }
        let starts = CalendarDate(iso: startsOn.trimmed)
        if starts == nil { errors.append(FieldError(field: "activityStartsOn", message: "Enter the date it began as YYYY-MM-DD.")) }
        let ends = endsOn.trimmed.isEmpty ? nil : CalendarDate(iso: endsOn.trimmed)
        if !endsOn.trimmed.isEmpty, ends == nil { errors.append(FieldError(field: "activityEndsOn", message: "Enter the date it ended as YYYY-MM-DD, or leave it blank.")) }
        if let starts, let ends, ends < starts { errors.append(.rule(field: "activityEndsOn", message: "It cannot end before it began.")) }
        guard let activity, let starts, errors.isEmpty else { throw PathworkError.invalid(errors) }
        try await req.change { tenant, audit in
            let record = ExitActivity()
            record.districtID = tenant.districtID
            record.studentID = studentID
            record.kind = activity.rawValue
            record.startsOn = starts.description
            record.endsOn = ends?.description
            try await record.create(on: tenant.db)
            audit.created(ExitActivity.schema, id: record.id, record.snapshot)
            audit.emit(.students([studentID]))
        }
        return "Recorded: \(activity.title.lowercased()) from \(starts)."
    }

    /// Records the exit (a blank kind removes it), checked and written in one change.
    static func record(_ studentID: UUID, kind: String, exitedOn: String, cohortYear: String, on req: Request) async throws -> String {
        if kind.isEmpty {
            return try await req.change { tenant, audit in
                guard let existing = try await tenant.query(StudentExitRecord.self).filter(\.$studentID == studentID).first() else { return "No exit was recorded." }
                try await existing.delete(on: tenant.db)
                audit.deleted(StudentExitRecord.schema, id: existing.id, existing.snapshot)
                audit.emit(.students([studentID]))
                return "The exit is removed."
            }
        }
        var errors: [FieldError] = []
        let exitKind = StudentExitKind(rawValue: kind)
        if exitKind == nil { errors.append(FieldError(field: "exitKind", message: "Choose how the student left.")) }
        let date = CalendarDate(iso: exitedOn.trimmed)
        if date == nil { errors.append(FieldError(field: "exitedOn", message: "Enter the date as YYYY-MM-DD.")) }
        let year = Int(cohortYear.trimmed).flatMap { (1990...2100).contains($0) ? $0 : nil }
        if year == nil { errors.append(FieldError(field: "cohortYear", message: "Enter the year the student first entered grade 9, e.g. 2022.")) }
        guard let exitKind, let date, let year else { throw PathworkError.invalid(errors) }
        let exit = StudentExit(cohortYear: year, exitedOn: date, kind: exitKind)
        if let problem = exit.problem { throw PathworkError.invalid([FieldError(field: "exitedOn", message: problem)]) }
        return try await req.change { tenant, audit in
            let existing = try await tenant.query(StudentExitRecord.self).filter(\.$studentID == studentID).first()
            let record = existing ?? StudentExitRecord()
            let before = existing?.snapshot
            record.districtID = tenant.districtID
            record.studentID = studentID
            record.cohortYear = year
            record.exitedOn = date.description
            record.kind = exitKind.rawValue
            record.importID = nil
            try await record.save(on: tenant.db)
            // Whether the student counts as enrolled in a year turns on the exit.
            audit.emit(.students([studentID]))
            if let before { audit.updated(StudentExitRecord.schema, id: record.id, from: before, to: record.snapshot) } else {
                audit.created(StudentExitRecord.schema, id: record.id, record.snapshot)
            }
            return "Recorded: \(exitKind.title.lowercased()) on \(date), class of \(exit.classOf)."
        }
    }

    static func section(_ req: Request, _ record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        guard viewer.reach == .wholeDistrict, record.roles.contains(.student) else { return .empty }
        let tenant = try req.tenant
        let exit = try await tenant.query(StudentExitRecord.self).filter(\.$studentID == record.id).first()
        let sql = try tenant.db.sql()
        let colleges = try await sql.raw("""
            SELECT kind, college_name, level, begins_on, ends_on, graduated_on, degree_title FROM postsecondary_records
            WHERE district_id = \(bind: tenant.districtID) AND student_id = \(bind: record.id) AND \(StudentFileStage.visible("postsecondary_records"))
            ORDER BY COALESCE(begins_on, graduated_on)
            """).all()
        let search = try await sql.raw("""
            SELECT searched_on, found FROM postsecondary_searches WHERE district_id = \(bind: tenant.districtID) AND student_id = \(bind: record.id)
            """).first()
        let aid = try await sql.raw("""
            SELECT class_of, application, completed_on FROM financial_aid_applications
            WHERE district_id = \(bind: tenant.districtID) AND student_id = \(bind: record.id) ORDER BY class_of, application
            """).all()
        let activities = try await tenant.query(ExitActivity.self).filter(\.$studentID == record.id).sort(\.$startsOn).all()
        let typed = req.storage[Typed.self]
        let current = exit?.exit
        let defaultCohort = record.profile.map { ReportingYear.containing(req.today).start - ($0.grade - 9) }
        func error(_ field: String) -> String? { (typed?.errors ?? req.storage[RefusedActivity.self] ?? []).first { $0.field == field }?.message }
        return .section(.class("card"), .id("exit"),
            .h2(.text("Graduation and after")),
            .p(.text(current.map { "\($0.kind.title) on \($0.exitedOn) (class of \($0.classOf); entered grade 9 in \($0.cohortYear))." }
                     ?? "No graduation or exit is recorded.")),
            .unwrap(search) { row in
                .p(.text((try? row.decode(column: "found", as: Bool.self)) == true
                    ? "The Clearinghouse found college records\((try? row.decode(column: "searched_on", as: String?.self)).flatMap { $0 }.map { " (searched \($0))" } ?? ""):"
                    : "The Clearinghouse found no college record\((try? row.decode(column: "searched_on", as: String?.self)).flatMap { $0 }.map { " (searched \($0))" } ?? "")."))
            },
            .if(!colleges.isEmpty, .ul(.forEach(colleges) { row in
                let name = (try? row.decode(column: "college_name", as: String.self)) ?? ""
                let level = (try? row.decode(column: "level", as: String.self)).flatMap(InstitutionLevel.init(rawValue:))?.title ?? ""
                if (try? row.decode(column: "kind", as: String.self)) == "degree" {
                    return .li(.text("\(name): \((try? row.decode(column: "degree_title", as: String?.self)) ?? nil ?? "degree") on \((try? row.decode(column: "graduated_on", as: String?.self)) ?? nil ?? "")"))
                }
                return .li(.text("\(name) (\(level)): \((try? row.decode(column: "begins_on", as: String?.self)) ?? nil ?? "") to \((try? row.decode(column: "ends_on", as: String?.self)) ?? nil ?? "")"))
            })),
            .if(!aid.isEmpty, .p(.text("Financial aid: " + aid.map { row in
                let kind = (try? row.decode(column: "application", as: String.self)).flatMap(FinancialAidApplicationKind.init(rawValue:))?.title ?? ""
                let completed = (try? row.decode(column: "completed_on", as: String?.self)) ?? nil
                return "\(kind) for the class of \((try? row.decode(column: "class_of", as: Int.self)) ?? 0): " + (completed.map { "completed \($0)" } ?? "not complete")
            }.joined(separator: "; ") + "."))),
            .if(!activities.isEmpty, .ul(.forEach(activities) { activity in
                .li(.text("\(ExitActivityKind(rawValue: activity.kind)?.title ?? activity.kind): from \(activity.startsOn)\(activity.endsOn.map { " to \($0)" } ?? "")"
                          + (activity.importID == nil ? "" : " (from a file)")),
                    .if(viewer.can(.recordExits) && activity.importID == nil, .unwrap(activity.id) { id in
                        .form(.method(.post), .action(SiteRoute.removeExitActivity(id).path), .class("inline"), Layout.csrfField(viewer.csrfToken),
                              .button(.type(.submit), .class("link"), .text("Remove")))
                    }))
            })),
            .if(viewer.can(.recordExits) && current != nil,
                .form(.method(.post), .action(SiteRoute.exitActivities(record.id).path), .id("after-exit"), Layout.csrfField(viewer.csrfToken),
                      FormField.select("After high school", name: "activity",
                                       options: [(value: "", title: "Choose…")] + ExitActivityKind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                       selected: nil, error: error("activity")),
                      FormField.text("From", name: "activityStartsOn", value: nil, type: .date, error: error("activityStartsOn")),
                      FormField.text("To (blank if still going)", name: "activityEndsOn", value: nil, type: .date, error: error("activityEndsOn")),
                      .button(.type(.submit), .class("secondary"), .text("Record activity")))),
            .if(viewer.can(.recordExits),
                .form(.method(.post), .action(SiteRoute.studentExit(record.id).path), Layout.csrfField(viewer.csrfToken),
                      FormField.select("How the student left", name: "exitKind",
                                       options: [(value: "", title: "Still enrolled (no exit)")] + StudentExitKind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                       selected: typed?.kind ?? current?.kind.rawValue ?? "", error: error("exitKind")),
                      FormField.text("Exit or graduation date", name: "exitedOn", value: typed?.exitedOn ?? current?.exitedOn.description, type: .date,
                                     error: error("exitedOn")),
                      FormField.text("Year first in grade 9 (the cohort)", name: "cohortYear",
                                     value: typed?.cohortYear ?? (current?.cohortYear ?? defaultCohort).map(String.init), type: .number, error: error("cohortYear")),
                      .button(.type(.submit), .text("Save")))))
    }
}
