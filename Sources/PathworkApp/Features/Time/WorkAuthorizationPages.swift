import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// Where people record the papers a state requires: a student's on the student's page, the
/// district's endorsement on the work rules page. Both post here and return where they came from.
enum WorkAuthorizationPages {
    struct Form: Content {
        var kind: String?
        var studentId: String?
        var validFrom: String?
        var validUntil: String?
        var reference: String?
    }

    static func register(_ app: Application, pages: any RoutesBuilder) {
        app.personSections.add { req, record in
            let viewer = try req.viewer
            guard record.roles.contains(.student), viewer.can(.superviseTime) || viewer.can(.recordWorkAuthorizations) else { return .empty }
            return try await studentSection(req, studentID: record.id)
        }
        pages.post(SiteRoute.workAuthorizations.pattern) { req async throws -> Response in
            let form = try req.input(Form.self)
            let studentID = form.studentId.flatMap(UUID.init(uuidString:))
            let back: SiteRoute = studentID.map(SiteRoute.person) ?? .workRules
            return try await req.act(returning: back) {
                let input = WorkAuthorizationInput(kind: form.kind, studentId: studentID, validFrom: form.validFrom,
                                                   validUntil: form.validUntil, reference: form.reference)
                let paper = try await WorkAuthorizations.record(input, on: req)
                return "\(paper.kind.title) recorded, current \(paper.validFrom) to \(paper.validUntil ?? "")."
            }
        }
        pages.post(SiteRoute.revokeWorkAuthorization(.pattern).pattern) { req async throws -> Response in
            let paper = try await req.tenant.find(WorkAuthorization.self, req.parameters.get("authorizationID"))
            return try await req.act(returning: paper.studentID.map(SiteRoute.person) ?? .workRules) {
                let revoked = try await WorkAuthorizations.revoke(req.parameters.get("authorizationID"), on: req)
                return "\(revoked.kind.title) revoked."
            }
        }
    }

    static func status(_ paper: WorkAuthorization, today: CalendarDate) -> String {
        if paper.revokedAt != nil { return "revoked" }
        guard let held = paper.held else { return "unreadable" }
        if held.covers(today) { return "current" }
        return held.validFrom > today ? "not yet current" : "lapsed"
    }

    static func list(_ papers: [WorkAuthorization], viewer: Viewer, canRevoke: Bool, today: CalendarDate) -> Node<HTML.BodyContext> {
        .div(.class("table-wrap"), .table(
            .thead(.tr(.th(.text("Paper")), .th(.text("Current")), .th(.text("Reference")), .th(.text("Status")), .th(.text("")))),
            .tbody(.forEach(papers) { paper in
                .tr(.td(.text(paper.kind.title)), .td(.text("\(paper.validFrom) to \(paper.validUntil ?? "—")")), .td(.text(paper.reference)),
                    .td(.text(status(paper, today: today))),
                    .td(.if(canRevoke && paper.revokedAt == nil, .unwrap(paper.id) { id in
                        .form(.method(.post), .action(SiteRoute.revokeWorkAuthorization(id).path), .class("inline"), Layout.csrfField(viewer.csrfToken),
                              .button(.type(.submit), .class("secondary"), .attribute(named: "aria-label", value: "Revoke \(paper.kind.title) from \(paper.validFrom)"),
                                      .text("Revoke")))
                    })))
            })))
    }

    /// A form for one of `kinds`; `studentID` travels hidden, so the answer returns to the student.
    static func form(kinds: [WorkAuthorizationKind], studentID: UUID?, viewer: Viewer, hint: String) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(SiteRoute.workAuthorizations.path), Layout.csrfField(viewer.csrfToken),
              .unwrap(studentID) { .input(.type(.hidden), .name("studentId"), .value($0.uuidString)) },
              FormField.select("Paper", name: "kind", options: kinds.map { ($0.rawValue, $0.title) }, selected: kinds.first?.rawValue),
              FormField.text("Current from", name: "validFrom", value: nil, type: .date, required: true),
              FormField.text("Current until", name: "validUntil", value: nil, type: .date),
              .p(.class("muted"), .text(hint)),
              FormField.text("Reference (form number, who signed, where it is kept)", name: "reference", value: nil),
              .button(.type(.submit), .text("Record")))
    }

    static func studentSection(_ req: Request, studentID: UUID) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        let papers = try await WorkAuthorizations.list(studentID: studentID, tenant: req.tenant)
        let overlay = try await LaborCheck.settings(try req.tenant).overlay
        let asked = overlay.ruleSets.flatMap(\.authorizations).map(\.kind).filter { !$0.isEmployers }
            + (overlay.ruleSets.contains { $0.bands.contains { $0.schoolHoursWith == .schoolRelease } } ? [.schoolRelease] : [])
        let canRecord = viewer.can(.recordWorkAuthorizations)
        return .section(.class("card"), .h2(.text("Work authorizations")),
            .p(.class("muted"), .text(asked.isEmpty
                ? "The district's rules (\(overlay.title)) ask for no papers; any recorded here are kept for the record."
                : "\(overlay.title) ask for: \(asked.map(\.title).joined(separator: ", ")). Time is refused on days none is current.")),
            .if(papers.isEmpty, .p(.text("None recorded."))),
            .if(!papers.isEmpty, list(papers, viewer: viewer, canRevoke: canRecord, today: req.today)),
            .if(canRecord, form(kinds: WorkAuthorizationKind.allCases.filter { !$0.isEmployers }, studentID: studentID, viewer: viewer,
                                hint: "Leave the end empty for a Parent/School Authorization: it is current until September 30 after its school year.")))
    }

    /// The district's own endorsements, on the work rules page (the admin's).
    static func districtSection(_ req: Request) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        let papers = try await WorkAuthorizations.list(studentID: nil, tenant: req.tenant)
        return .section(.class("card"), .h2(.text("The district's minor work permit endorsement")),
            .p(.class("muted"), .text("Washington employers need it on their business license to employ minors (RCW 49.12.121(2), WAC 296-125-0210). Record each one with the day it expires.")),
            .if(papers.isEmpty, .p(.text("None recorded."))),
            .if(!papers.isEmpty, list(papers, viewer: viewer, canRevoke: viewer.can(.configureLabor), today: req.today)),
            form(kinds: [.employerEndorsement], studentID: nil, viewer: viewer, hint: "The last day is the endorsement's expiry."))
    }
}
