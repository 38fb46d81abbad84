import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/partners/{id}`: one organization — what it is, its people, what it does with the district
/// (its requests and engagements as a client, the mentors and supervisors it gives), the
/// pathways it works in, and the log of the district's interactions with it.
enum PartnerPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.client(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageClients)
            return try await page(req, partner: try await partner(req))
        }
        pages.post(SiteRoute.linkClientContact(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let partner = try await partner(req)
            return try await attempt(req, partner) {
                try await PartnersWriter.linkContact(try req.input(PartnerContactInput.self), to: partner, on: req)
                return "Contact saved."
            }
        }
        pages.post(SiteRoute.removePartnerContact(.pattern, contact: .pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let partner = try await partner(req)
            try await PartnersWriter.unlinkContact(req.parameters.get("contactID"), of: partner, on: req)
            return back(req, partner, "Contact removed; the person's account stays.")
        }
        pages.post(SiteRoute.partnerInteractions(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let partner = try await partner(req)
            let input = try req.input(PartnerInteractionInput.self)
            return try await attempt(req, partner, interaction: input) {
                _ = try await PartnersWriter.logInteraction(input, with: partner, on: req)
                return "Interaction logged."
            }
        }
        pages.post(SiteRoute.partnerPathways(.pattern).pattern) { req async throws -> Response in
            let partner = try await partner(req)
            let code = try req.field(String.self, at: "pathwayCode")
            return try await attempt(req, partner) {
                let link = try await PathwayLinks.create(PathwayLinkInput(pathwayCode: code, partnerId: try partner.requireID().uuidString), on: req)
                return "\(partner.name) now works in \(link.pathwayCode)."
            }
        }
        pages.post(SiteRoute.removePartnerPathway(.pattern, link: .pattern).pattern) { req async throws -> Response in
            let partner = try await partner(req)
            try await PathwayLinks.remove(req.parameters.get("linkID"), on: req)
            return back(req, partner, "Pathway removed.")
        }
        pages.post(SiteRoute.nextStep(.pattern, step: "done").pattern) { req async throws -> Response in
            try await markNextStep(req, done: true)
        }
        pages.post(SiteRoute.nextStep(.pattern, step: "reopen").pattern) { req async throws -> Response in
            try await markNextStep(req, done: false)
        }
    }

    static func partner(_ req: Request) async throws -> Client {
        try await req.tenant.find(Client.self, req.parameters.get("clientID"))
    }

    static func back(_ req: Request, _ partner: Client, _ notice: String) -> Response {
        req.redirect(to: (try? SiteRoute.client(partner.requireID()).path(query: [("notice", notice)])) ?? SiteRoute.clients.path)
    }

    /// Runs a change from one of the page's forms: back to the page with a notice, or the page
    /// again with the form's errors beside its fields and what was typed kept.
    static func attempt(_ req: Request, _ partner: Client, interaction: PartnerInteractionInput = PartnerInteractionInput(),
                        _ change: () async throws -> String) async throws -> Response {
        do {
            return back(req, partner, try await change())
        } catch let error as PathworkError where !error.fieldErrors.isEmpty {
            return try await page(req, partner: partner, interaction: interaction, errors: error.fieldErrors).encodeResponse(for: req)
        }
    }

    /// Done or open again, from the partner's page or the owner's home (`back` says which).
    static func markNextStep(_ req: Request, done: Bool) async throws -> Response {
        let viewer = try req.viewer
        // Any member of the staff may own a next step, so any may mark one.
        guard viewer.isStaff else { throw Abort(.forbidden) }
        let interaction = try await PartnersWriter.setNextStep(req.parameters.get("interactionID"), done: done, on: req)
        let notice = done ? "Next step marked done." : "Next step open again."
        if (try? req.content.get(String.self, at: "back")) == "home" {
            return req.redirect(to: SiteRoute.home.path(query: [("notice", notice)]))
        }
        return req.redirect(to: SiteRoute.client(interaction.$partner.id).path(query: [("notice", notice)]))
    }

    static func page(_ req: Request, partner: Client, interaction: PartnerInteractionInput = PartnerInteractionInput(),
                     agreement: AgreementInput = AgreementInput(), errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try partner.requireID()
        let today = req.today
        let people = try await PartnerDirectory.people(of: id, tenant: tenant)
        let candidates = try await TeamForms.people(withRoles: [.clientContact, .mentor, .supervisor], tenant: tenant)
            .filter { person in !people.contains { $0.link.$person.id == person.id } }
        let requests = try await tenant.query(ServiceRequest.self).filter(\.$client.$id == id).sort(\.$createdAt, .descending).all()
        let engagements = try await tenant.query(Engagement.self).filter(\.$client.$id == id).sort(\.$startsOn, .descending).all()
        let links = try await tenant.query(PathwayLink.self).filter(\.$subject == .partner).filter(\.$subjectID == id).sort(\.$pathwayCode).all()
        let interactions = try await tenant.query(PartnerInteraction.self).filter(\.$partner.$id == id)
            .sort(\.$happenedOn, .descending).sort(\.$createdAt, .descending).all()
        let staff = try await PartnerDirectory.staff(tenant)
        let names = Dictionary(try staff.saved().map { ($0.id, $0.fullName) }, uniquingKeysWith: { a, _ in a })
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let about = [partner.sector, partner.address].filter { !$0.isEmpty }.joined(separator: " · ")
        return Layout.page(partner.name, viewer: viewer, current: .clients, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .if(!about.isEmpty, .p(.class("muted"), .text(about))),
            .unwrap(partner.website) { .p(.a(.href($0), .attribute(named: "rel", value: "noopener"), .text($0))) },
            .unwrap(partner.details) { .p(.text($0)) },
            .p(.a(.class("button secondary"), .href(SiteRoute.editPartner(id).path), .text("Edit details"))),
            try await agreements(req, partner: id, input: agreement, error: error),
            .h2(.text("People")),
            .if(people.isEmpty, .p(.text("No one yet. Client contacts request work and review deliverables; mentors and worksite supervisors come from partners too."))),
            .ul(.forEach(people) { link, roles in
                .li(.a(.href(SiteRoute.person(link.$person.id).path), .text(link.person.fullName)),
                    .text(" · " + ([link.title, roles.map(\.title).joined(separator: ", "), link.person.email, link.phone]
                        .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · "))),
                    .form(.class("inline"), .method(.post), .action((try? SiteRoute.removePartnerContact(id, contact: link.requireID()).path) ?? ""),
                          Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("link"), .text("Remove"))))
            }),
            .if(!candidates.isEmpty, .details(.class("card"), .summary(.text("Add a person")),
                .form(.method(.post), .action(SiteRoute.linkClientContact(id).path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Person", name: "personId",
                                     options: try candidates.map { (value: try $0.requireID().uuidString, title: "\($0.fullName) (\($0.email))") },
                                     selected: nil, error: error("personId")),
                    FormField.text("Job title", name: "title", value: nil, error: error("title")),
                    FormField.text("Phone", name: "phone", value: nil, type: .tel, error: error("phone")),
                    .button(.type(.submit), .text("Add person"))))),
            .h2(.text("Pathways")),
            .if(links.isEmpty, .p(.text("Not placed on a Career Clusters pathway yet."))),
            .ul(.forEach(links) { link in
                .li(.text(PathwayLinks.title(of: link.pathwayCode)),
                    .form(.class("inline"), .method(.post), .action((try? SiteRoute.removePartnerPathway(id, link: link.requireID()).path) ?? ""),
                          Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("link"), .text("Remove"))))
            }),
            .form(.class("inline-form"), .method(.post), .action(SiteRoute.partnerPathways(id).path), Layout.csrfField(viewer.csrfToken),
                FormField.select("Add a pathway", name: "pathwayCode", options: [(value: "", title: "Choose")] + PathwayLinks.everyChoice, selected: nil,
                                 error: error("pathwayCode")),
                .button(.type(.submit), .text("Add pathway"))),
            .h2(.text("Interactions")),
            interactionForm(partner: id, input: interaction, staff: try staff.saved(), viewer: viewer, today: today, error: error),
            .if(interactions.isEmpty, .p(.text("Nothing logged yet."))),
            .ul(.class("log"), .forEach(interactions) { item in
                .li(.strong(.text("\(item.happenedOn) · \(item.kind.title)")), .text(" — \(item.summary)"),
                    .unwrap(item.nextStep) { step in
                        .p(.text("Next step: \(step)"),
                           .text(" · \(item.nextStepOwnerID.flatMap { names[$0] } ?? "—"), due \(item.nextStepDueOn ?? "—")"),
                           .unwrap(item.nextStepState(today: today)) { state in .span(.class(state == .overdue ? "tag warn" : "tag"), .text(state.title)) },
                           nextStepButton(item, viewer: viewer, back: nil))
                    })
            }),
            .h2(.text("Requests")),
            try RequestPages.table(requests, clients: [partner]),
            .h2(.text("Engagements")),
            try EngagementPages.table(engagements, clients: [partner]),
            try await req.application.clientSections.render(req, partner))
    }

    /// The partnership's health with the rules it is judged by, its agreements, and a form for
    /// a new one.
    static func agreements(_ req: Request, partner: UUID, input: AgreementInput, error: (String) -> String?) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let (health, reasons) = try await AgreementStanding.health(of: partner, tenant: tenant, today: req.today)
        let agreements = try await tenant.query(PartnershipAgreement.self).filter(\.$partner.$id == partner).sort(\.$endsOn, .descending).all()
        let opened = ["title", "startsOn", "endsOn", "signedOn", "districtGives", "partnerGives", "signatories"].contains { error($0) != nil }
        return .group(
            .section(.class("card"), .h2(.text("Partnership: \(health.title)")),
                .if(reasons.isEmpty, .p(.text("No rule below is broken."))),
                .ul(.forEach(reasons) { .li(.text($0)) }),
                .details(.summary(.text("The rules")), .ul(.forEach(PartnershipHealth.rules) { .li(.text($0)) }))),
            .h2(.text("Agreements")),
            .if(agreements.isEmpty, .p(.text("No agreement yet: objectives, what each side gives, the term and who signed."))),
            .ul(try .forEach(agreements) { agreement in
                .li(.a(.href(SiteRoute.agreement(try agreement.requireID()).path), .text(agreement.title)),
                    .text(" · \(agreement.startsOn) to \(agreement.endsOn)\(agreement.signedOn.map { " · signed \($0)" } ?? " · not signed")"))
            }),
            .details(.class("card"), .attribute(named: "open", value: opened ? "open" : nil), .summary(.text("Add an agreement")),
                AgreementPages.form(action: SiteRoute.newAgreement(partner).path, input: input, viewer: viewer, error: error, button: "Add agreement")))
    }

    static func interactionForm(partner: UUID, input: PartnerInteractionInput, staff: [Saved<Person>], viewer: Viewer, today: CalendarDate,
                                error: (String) -> String?) -> Node<HTML.BodyContext> {
        .details(.class("card"), .attribute(named: "open", value: error("summary") ?? error("kind") ?? error("happenedOn") ?? error("nextStep")
                    ?? error("nextStepOwnerId") ?? error("nextStepDueOn") == nil ? nil : "open"),
            .summary(.text("Log an interaction")),
            .form(.method(.post), .action(SiteRoute.partnerInteractions(partner).path), Layout.csrfField(viewer.csrfToken),
                FormField.select("Kind", name: "kind", options: InteractionKind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                 selected: input.kind, error: error("kind")),
                FormField.text("Date", name: "happenedOn", value: input.happenedOn ?? today.description, type: .date, required: true, error: error("happenedOn")),
                FormField.textarea("What was discussed or done", name: "summary", value: input.summary, rows: 3, error: error("summary")),
                FormField.text("Next step (optional)", name: "nextStep", value: input.nextStep, error: error("nextStep")),
                FormField.select("Owner", name: "nextStepOwnerId",
                                 options: [(value: "", title: "Nobody yet")] + staff.map { (value: $0.id.uuidString, title: $0.fullName) },
                                 selected: input.nextStepOwnerId ?? viewer.personID.uuidString, error: error("nextStepOwnerId")),
                FormField.text("Due", name: "nextStepDueOn", value: input.nextStepDueOn, type: .date, error: error("nextStepDueOn")),
                .button(.type(.submit), .text("Log interaction"))))
    }

    /// "Done" for an open next step, "Reopen" for a done one; `back` "home" returns there.
    static func nextStepButton<C: HTML.BodyContext>(_ item: PartnerInteraction, viewer: Viewer, back: String?) -> Node<C> {
        guard let id = item.id else { return .empty }
        let done = item.nextStepDoneOn != nil
        return .form(.class("inline"), .method(.post), .action(SiteRoute.nextStep(id, step: done ? "reopen" : "done").path),
                     Layout.csrfField(viewer.csrfToken), .unwrap(back) { .input(.type(.hidden), .name("back"), .value($0)) },
                     .button(.type(.submit), .class("link"), .text(done ? "Reopen" : "Mark done")))
    }
}
