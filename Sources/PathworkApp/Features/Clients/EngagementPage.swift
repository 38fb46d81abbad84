import Fluent
import PathworkDomain
import Plot
import Vapor

/// One engagement: the terms, its status, visits and deliverables with the actions the viewer may take.
enum EngagementPage {
    static func render(_ req: Request, engagement: Engagement, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let client = try await tenant.find(Client.self, engagement.$client.id)
        let team = try await tenant.find(Team.self, engagement.$team.id)
        let engagementID = try engagement.requireID()
        let visits = try await tenant.query(Visit.self).filter(\.$engagement.$id == engagementID).sort(\.$dueOn).all().saved()
        let staff = viewer.isStaff
        // The client sees what the team has submitted; planned work stays with the team.
        let deliverables = try await tenant.query(Deliverable.self).filter(\.$engagement.$id == engagement.requireID())
            .with(\.$events).sort(\.$dueOn).all().filter { staff || $0.status != .planned }.saved()
        let attachments = try await tenant.query(DeliverableAttachment.self).filter(\.$deliverableID ~~ deliverables.map(\.id))
            .sort(\.$createdAt).all().saved()
        let feedback = try await tenant.query(EngagementFeedback.self).filter(\.$engagementID == engagement.requireID()).first()
        let moves = EngagementStatus.allCases.filter { engagement.status.canMove(to: $0) }
        let later = try await req.application.engagementSections.render(req, engagement)
        let terms = engagement.pricing == .fixedFee
            ? "Fixed fee \(Money.format(cents: engagement.fixedFeeCents ?? 0))"
            : "\(Money.format(cents: engagement.hourlyRateCents)) per hour, billed in \(engagement.billingIncrementMinutes)-minute increments"
        return Layout.page(engagement.title, viewer: viewer, current: .engagements, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .div(.class("card"), .dl(.class("facts"),
                .dt(.text("Client")), .dd(.text(client.name)),
                .dt(.text("Team")), .dd(staff ? .a(.href(SiteRoute.team(try team.requireID()).path), .text(team.name)) : .text(team.name)),
                .dt(.text("Status")), .dd(.text(engagement.status.title)),
                .dt(.text("Dates")), .dd(.text("from \(engagement.startsOn)\(engagement.endsOn.map { " to \($0)" } ?? "")")),
                .dt(.text("Terms")), .dd(.text(terms)),
                .unwrap(engagement.poNumber) { .group(.dt(.text("PO number")), .dd(.text($0))) },
                .if(!engagement.scope.isEmpty, .group(.dt(.text("Scope")), .dd(.text(engagement.scope)))))),
            later,
            .if(viewer.can(.manageClients) && !moves.isEmpty, .div(.class("actions"), .forEach(moves) { next in
                .form(.method(.post), .action(SiteRoute.engagementStatus(engagementID).path), Layout.csrfField(viewer.csrfToken),
                      .input(.type(.hidden), .name("status"), .value(next.rawValue)),
                      .button(.type(.submit), .class(next == .cancelled ? "danger" : "secondary"), .text("Mark \(next.title.lowercased())")))
            })),
            .p(.a(.href(SiteRoute.contract(engagementID).path), .text("Printable contract")),
               .if(viewer.can(.manageClients) && engagement.status != .completed && engagement.status != .cancelled,
                   .group(.text(" · "), .a(.href(SiteRoute.editEngagement(engagementID).path), .text("Edit the terms"))))),
            try FeedbackWriter.section(feedback, engagement: engagement, viewer: viewer),
            .h2(.text("Deliverables")),
            .if(deliverables.isEmpty, .p(.text("No deliverables yet."))),
            .forEach(deliverables) { deliverable in
                deliverableCard(deliverable, viewer: viewer, attachments: attachments.filter { $0.deliverableID == deliverable.id })
            },
            .if(viewer.can(.deliverWork), .section(.class("card"), .h2(.text("Add a deliverable")),
                .form(.method(.post), .action(SiteRoute.addDeliverable(engagementID).path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Title", name: "title", value: nil, error: errors.first { $0.field == "title" }?.message),
                    FormField.select("Kind", name: "kind", options: ["report", "system architecture", "user manual", "training class", "show", "data analysis"]
                                        .map { (value: $0, title: $0.capitalized) }, selected: "report"),
                    FormField.text("Due on", name: "dueOn", value: nil, type: .date, error: errors.first { $0.field == "dueOn" }?.message),
                    .button(.type(.submit), .text("Add deliverable"))))),
            .h2(.text("Visits")),
            .if(visits.isEmpty, .p(.text("No visits scheduled."))),
            .ul(.forEach(visits) { visit in
                .li(.text("\(visit.dueOn) — \(visit.status.rawValue)"), .unwrap(visit.report) { .span(.class("muted"), .text(": \($0)")) },
                    .if(viewer.can(.deliverWork) && visit.status == .scheduled,
                        .form(.method(.post), .action(SiteRoute.visitRecord(visit.id, outcome: "done").path), Layout.csrfField(viewer.csrfToken),
                              FormField.text("Report for \(visit.dueOn)", name: "report", value: nil),
                              .div(.class("actions"),
                                   .button(.type(.submit), .class("secondary"), .text("Mark done")),
                                   .button(.type(.submit), .class("link"), .attribute(named: "formaction", value: SiteRoute.visitRecord(visit.id, outcome: "missed").path),
                                           .text("Mark \(visit.dueOn) missed"))))))
            }))
    }

    static func deliverableCard(_ deliverable: Saved<Deliverable>, viewer: Viewer, attachments: [Saved<DeliverableAttachment>]) -> Node<HTML.BodyContext> {
        let id = deliverable.id
        return .div(.class("card"),
            .h3(.text(deliverable.title)),
            .p(.text("\(deliverable.kind.capitalized) · due \(deliverable.dueOn) · "), .strong(.text(deliverable.status.title))),
            .ul(.forEach(deliverable.events.sorted { $0.at < $1.at }) { event in
                .li(.class("muted"), .text("\(event.at.formatted(in: viewer.timeZone)): \(event.status.title)\(event.comment.isEmpty ? "" : " — \(event.comment)")"))
            }),
            .if(!attachments.isEmpty, .ul(.forEach(attachments) { file in
                .li(.a(.href(SiteRoute.attachment(file.id).path), .text(file.filename)), .span(.class("muted"), .text(" · \(max(1, file.sizeBytes / 1024)) KB")))
            })),
            .if(viewer.can(.deliverWork) && deliverable.status != .accepted,
                .form(.method(.post), .action(SiteRoute.attachFile(id).path), .enctype(.multipartData), Layout.csrfField(viewer.csrfToken),
                      .div(.class("field"), .label(.for("file-\(id)"), .text("Attach a file (PDF, image, text, CSV or Office; up to 10 MB)")),
                           .input(.type(.file), .name("file"), .id("file-\(id)"))),
                      .button(.type(.submit), .class("secondary"), .text("Attach")))),
            .if(viewer.can(.deliverWork) && deliverable.status.canMove(to: .submitted),
                .form(.method(.post), .action(SiteRoute.deliverableStep(id, step: "submit").path), Layout.csrfField(viewer.csrfToken),
                      .button(.type(.submit), .text("Submit \(deliverable.title) to the client")))),
            .if(viewer.can(.reviewDeliverable) && deliverable.status == .submitted, .div(.class("actions"),
                .form(.method(.post), .action(SiteRoute.deliverableStep(id, step: "accept").path), Layout.csrfField(viewer.csrfToken),
                      .button(.type(.submit), .text("Accept \(deliverable.title)"))),
                .form(.method(.post), .action(SiteRoute.deliverableStep(id, step: "request-revision").path), Layout.csrfField(viewer.csrfToken),
                      FormField.text("What should change?", name: "comment", value: nil),
                      .button(.type(.submit), .class("secondary"), .text("Request a revision"))))))
    }
}
