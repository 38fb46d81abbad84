import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// On a student's page: the college credit they earned in high school, from files or recorded
/// by staff (admins, coordinators, counselors), who can also remove what they recorded.
enum DualCreditPages {
    enum Typed: StorageKey { typealias Value = (form: [String: String], errors: [FieldError]) }

    static func register(_ app: Application, pages: any RoutesBuilder) {
        pages.post(SiteRoute.dualCredits(.pattern).pattern) { req async throws -> Response in
            let student = try await PeoplePages.load(req)
            try req.viewer.require(.manageCredentials)
            guard student.roles.contains(.student) else { throw Abort(.badRequest, reason: "Only students earn dual credit.") }
            let form = ["dualCreditKind", "dualCredits", "dualCreditEarnedOn", "dualCreditCourse", "dualCreditCollege"].reduce(into: [String: String]()) { $0[$1] = (try? req.field(String.self, at: $1)) ?? nil ?? "" }
            do {
                let credit = try await record(student.id, form, on: req)
                return req.redirect(to: SiteRoute.person(student.id).path(query: [("notice", "Recorded \(DualCreditEarned.text(credit.creditTenths)) college credits (\(credit.kind.title)).")]) + "#dual-credit")
            } catch let refused as PathworkError where !refused.fieldErrors.isEmpty {
                req.storage[Typed.self] = (form, refused.fieldErrors)
                var page = try await PersonPage.handle(req)
                page.status = refused.status
                return try await page.encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.removeDualCredit(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageCredentials)
            let credit = try await req.tenant.find(DualCreditRecord.self, req.parameters.get("dualCreditID"))
            guard credit.importID == nil else { throw Abort(.conflict, reason: "Credit from a file is replaced by the next file, not removed by hand.") }
            try await req.change { tenant, audit in
                guard let current = try await tenant.query(DualCreditRecord.self).filter(\.$id == credit.id!).first() else { return }
                try await current.delete(on: tenant.db)
                audit.deleted(DualCreditRecord.schema, id: current.id, current.snapshot)
                audit.emit(.students([current.studentID]))
            }
            return req.redirect(to: SiteRoute.person(credit.studentID).path(query: [("notice", "The dual credit is removed.")]) + "#dual-credit")
        }
        app.personSections.add { req, record in try await section(req, record) }
    }

    static func record(_ studentID: UUID, _ form: [String: String], on req: Request) async throws -> DualCreditEarned {
        var errors: [FieldError] = []
        let kind = DualCreditKind(rawValue: form["dualCreditKind"] ?? "")
        if kind == nil { errors.append(FieldError(field: "dualCreditKind", message: "Choose the kind of dual credit.")) }
        let tenths = DualCreditEarned.tenths((form["dualCredits"] ?? "").trimmed)
        if tenths == nil { errors.append(FieldError(field: "dualCredits", message: "Enter the college credits earned, above 0 and at most 100, e.g. 5 or 4.5.")) }
        let on = CalendarDate(iso: (form["dualCreditEarnedOn"] ?? "").trimmed)
        if on == nil { errors.append(FieldError(field: "dualCreditEarnedOn", message: "Enter the date as YYYY-MM-DD.")) }
        let code = (form["dualCreditCourse"] ?? "").trimmed.uppercased().nonEmpty
        if let code, try await req.tenant.query(Course.self).filter(\.$code == code).first() == nil {
            errors.append(.reference(field: "dualCreditCourse", message: "\(code) is not in the catalog."))
        }
        guard let kind, let tenths, let on, errors.isEmpty else { throw PathworkError.invalid(errors) }
        let credit = DualCreditEarned(kind: kind, creditTenths: tenths, earnedOn: on, courseCode: code, college: (form["dualCreditCollege"] ?? "").nonEmpty)
        try await req.change { tenant, audit in
            let record = DualCreditRecord()
            record.districtID = tenant.districtID
            record.studentID = studentID
            record.kind = kind.rawValue
            record.creditTenths = tenths
            record.earnedOn = on.description
            record.courseCode = credit.courseCode
            record.college = credit.college
            try await record.create(on: tenant.db)
            audit.created(DualCreditRecord.schema, id: record.id, record.snapshot)
            audit.emit(.students([studentID]))
        }
        return credit
    }

    static func section(_ req: Request, _ record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        guard record.roles.contains(.student), viewer.reach == .wholeDistrict || viewer.personID == record.id || viewer.reach == .ownChildren else { return .empty }
        let credits = try await req.tenant.query(DualCreditRecord.self).filter(\.$studentID == record.id).sort(\.$earnedOn).all()
        let manages = viewer.can(.manageCredentials)
        guard manages || !credits.isEmpty else { return .empty }
        let typed = req.storage[Typed.self]
        func error(_ field: String) -> String? { typed?.errors.first { $0.field == field }?.message }
        let total = credits.reduce(0) { $0 + $1.creditTenths }
        return .section(.class("card"), .id("dual-credit"),
            .h2(.text("Dual credit")),
            .p(.text(credits.isEmpty ? "No college credit is recorded." : "\(DualCreditEarned.text(total)) college credits earned in high school.")),
            .ul(.forEach(credits) { credit in
                .li(.text("\(DualCreditKind(rawValue: credit.kind)?.title ?? credit.kind): \(DualCreditEarned.text(credit.creditTenths)) credits, \(credit.earnedOn)"
                          + [credit.courseCode, credit.college].compactMap { $0 }.map { ", \($0)" }.joined() + (credit.importID == nil ? "" : " (from a file)")),
                    .if(manages && credit.importID == nil, .unwrap(credit.id) { id in
                        .form(.method(.post), .action(SiteRoute.removeDualCredit(id).path), .class("inline"), Layout.csrfField(viewer.csrfToken),
                              .button(.type(.submit), .class("link"), .text("Remove")))
                    }))
            }),
            .if(manages,
                .form(.method(.post), .action(SiteRoute.dualCredits(record.id).path), Layout.csrfField(viewer.csrfToken),
                      FormField.select("Kind of dual credit", name: "dualCreditKind", options: [(value: "", title: "Choose…")] + DualCreditKind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                       selected: typed?.form["dualCreditKind"], error: error("dualCreditKind")),
                      FormField.text("College credits", name: "dualCredits", value: typed?.form["dualCredits"], error: error("dualCredits")),
                      FormField.text("Earned on", name: "dualCreditEarnedOn", value: typed?.form["dualCreditEarnedOn"], type: .date, error: error("dualCreditEarnedOn")),
                      FormField.text("Course code (optional)", name: "dualCreditCourse", value: typed?.form["dualCreditCourse"], error: error("dualCreditCourse")),
                      FormField.text("College (optional)", name: "dualCreditCollege", value: typed?.form["dualCreditCollege"]),
                      .button(.type(.submit), .text("Record dual credit")))))
    }
}
