import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/opportunities`: students browse what is published on their phone, filtered by pathway and
/// by what they may apply to (and why not), and apply; a partner's people propose; the
/// coordinator publishes, closes and reads the applications.
enum OpportunityPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.opportunities.pattern) { req async throws -> Page in try await list(req) }
        pages.get(SiteRoute.newOpportunity.pattern) { req async throws -> Page in
            try requireProposer(req)
            return try await form(req, input: OpportunityInput(form: [:]))
        }
        pages.post(SiteRoute.newOpportunity.pattern) { req async throws -> Response in
            try requireProposer(req)
            let form = try req.content.decode([String: String].self)
            let input = OpportunityInput(form: form)
            do {
                let made = try await OpportunitiesWriter.create(input, publish: form["publish"] == "on", on: req)
                let notice = made.status == .published ? "Published." : "Proposed; the coordinator publishes it."
                return req.redirect(to: SiteRoute.opportunity(try made.requireID()).path(query: [("notice", notice)]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await self.form(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.opportunity(.pattern).pattern) { req async throws -> Page in
            try await page(req, opportunity: try await OpportunityDirectory.find(req.parameters.get("opportunityID"), viewer: try req.viewer, tenant: try req.tenant))
        }
        for (step, status) in [("publish", Opportunity.Status.published), ("close", .closed)] {
            pages.post(SiteRoute.opportunityStep(.pattern, step: step).pattern) { req async throws -> Response in
                try req.viewer.require(.manageClients)
                let opportunity = try await OpportunitiesWriter.set(req.parameters.get("opportunityID"), to: status, on: req)
                return req.redirect(to: SiteRoute.opportunity(try opportunity.requireID()).path(query: [("notice", status == .published ? "Published." : "Closed to new applications.")]))
            }
        }
        pages.post(SiteRoute.opportunityStep(.pattern, step: "apply").pattern) { req async throws -> Response in
            guard try req.viewer.roles.contains(.student) else { throw Abort(.forbidden) }
            let raw = req.parameters.get("opportunityID")
            do {
                _ = try await OpportunitiesWriter.apply(to: raw, try req.input(ApplicationInput.self), on: req)
                return req.redirect(to: SiteRoute.opportunity(try req.parameters.require("opportunityID", as: UUID.self)).path(query: [("notice", "Application sent.")]))
            } catch let error as PathworkError where error.status != .notFound {
                let opportunity = try await OpportunityDirectory.find(raw, viewer: try req.viewer, tenant: try req.tenant)
                return try await page(req, opportunity: opportunity, errors: error.fieldErrors.isEmpty ? [FieldError(field: "answer", message: error.reason)] : error.fieldErrors)
                    .encodeResponse(for: req)
            }
        }
        for action in ApplicationAction.allCases {
            pages.post(SiteRoute.applicationStep(.pattern, step: action.rawValue).pattern) { req async throws -> Response in
                let application = try await ApplicationReview.act(action, on: req.parameters.get("applicationID"), req: req)
                let notice = "\(ApplicationSections.noun(for: application, viewer: try req.viewer)) \(application.status.title.lowercased())."
                return req.redirect(to: SiteRoute.opportunity(application.$opportunity.id).path(query: [("notice", notice)]))
            }
        }
    }

    static func requireProposer(_ req: Request) throws {
        let viewer = try req.viewer
        guard viewer.can(.manageClients) || viewer.roles.contains(.clientContact) || viewer.roles.contains(.supervisor) else { throw Abort(.forbidden) }
    }

    static func filter(_ req: Request) throws -> OpportunityDirectory.Filter {
        let values = try QueryParameter.filterForm(req.url, declared: OpportunityDirectory.queryParameters, checkboxes: ["eligible"])
        return OpportunityDirectory.Filter(pathway: values["pathway"], stage: values["stage"].flatMap(CareerConnectStage.init(rawValue:)),
                                           kind: values["kind"].flatMap(OpportunityKind.init(rawValue:)), eligibleOnly: values["eligible"] == "true")
    }

    static func list(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let filter = try filter(req)
        let filters: Node<HTML.BodyContext> = .form(.class("card"), .method(.get), .action(SiteRoute.opportunities.path), .attribute(named: "role", value: "search"),
            .div(.class("filters"),
                FormField.select("Pathway", name: "pathway", options: [(value: "", title: "Any pathway")] + PathwayLinks.everyChoice, selected: filter.pathway),
                FormField.select("Stage", name: "stage", options: [(value: "", title: "Any stage")] + CareerConnectStage.allCases.map { (value: $0.rawValue, title: $0.title) },
                                 selected: filter.stage?.rawValue),
                .if(viewer.roles.contains(.student), FormField.checkbox("Only those I can apply to", name: "eligible", checked: filter.eligibleOnly)),
                .div(.button(.type(.submit), .text("Filter")), .text(" "), .a(.class("button secondary"), .href(SiteRoute.opportunities.path), .text("Clear")))))
        if viewer.roles.contains(.student) && !viewer.isStaff {
            let rows = try await OpportunityDirectory.forStudent(viewer, filter: filter, tenant: tenant, today: req.today)
            return Layout.page("Opportunities", viewer: viewer, current: .opportunities, notice: try? req.query.get(String.self, at: "notice"),
                filters,
                .p(.attribute(named: "role", value: "status"), .text(rows.count == 1 ? "1 opportunity" : "\(rows.count) opportunities")),
                .forEach(rows) { row in
                    .article(.class("card"),
                        .h2(.a(.href(SiteRoute.opportunity(row.opportunity.id).path), .text(row.opportunity.title))),
                        .p(.class("muted"), .text("\(row.partner) · \(row.opportunity.kind.title) · \(row.opportunity.stage.title) · \(row.opportunity.pay.title)")),
                        .p(.text("\(row.opportunity.startsOn) to \(row.opportunity.endsOn)\(row.opportunity.applyBy.map { " · apply by \($0)" } ?? "")")),
                        .if(row.applicationStatus == .submitted, .p(.span(.class("tag"), .text("You applied"))),
                            else: .if(row.eligible, .p(.span(.class("tag"), .text("You can apply"))),
                                      else: .ul(.forEach(row.reasons) { .li(.text($0)) }))))
                })
        }
        let opportunities = try await OpportunityDirectory.visible(to: viewer, tenant: tenant).filter { OpportunityDirectory.matches($0, filter) }
        let canPropose = viewer.can(.manageClients) || viewer.roles.contains(.clientContact) || viewer.roles.contains(.supervisor)
        return Layout.page("Opportunities", viewer: viewer, current: .opportunities, notice: try? req.query.get(String.self, at: "notice"),
            filters,
            .if(canPropose, .p(.a(.class("button"), .href(SiteRoute.newOpportunity.path), .text(viewer.can(.manageClients) ? "Add an opportunity" : "Propose an opportunity")))),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Opportunity")), .th(.text("Partner")), .th(.class("hide-narrow"), .text("Stage")), .th(.text("Starts")), .th(.text("Status")))),
                .tbody(try .forEach(opportunities) { opportunity in
                    .tr(.td(.a(.href(SiteRoute.opportunity(try opportunity.requireID()).path), .text(opportunity.title))),
                        .td(.text(opportunity.partner.name)), .td(.class("hide-narrow"), .text(opportunity.stage.title)),
                        .td(.text(opportunity.startsOn)), .td(.text(opportunity.status.title)))
                }))))
    }

    static func page(_ req: Request, opportunity: Opportunity, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try opportunity.requireID()
        let partner = try await tenant.find(Client.self, opportunity.$partner.id)
        var credential: String?
        if let required = opportunity.requiredCredentialID { credential = try await tenant.find(Credential.self, required).title }
        let facts: Node<HTML.BodyContext> = .dl(.class("facts"),
            .dt(.text("Partner")), .dd(.text(partner.name)),
            .dt(.text("Kind")), .dd(.text("\(opportunity.kind.title) · \(opportunity.stage.title) · \(opportunity.pay.title)")),
            .dt(.text("Dates")), .dd(.text("\(opportunity.startsOn) to \(opportunity.endsOn)\(opportunity.applyBy.map { "; apply by \($0)" } ?? "")")),
            .dt(.text("Seats")), .dd(.text(String(opportunity.seats))),
            .dt(.text("Where")), .dd(.text(opportunity.location.isEmpty ? "—" : opportunity.location)),
            .dt(.text("Getting there")), .dd(.text(opportunity.transport.isEmpty ? "—" : opportunity.transport)),
            .dt(.text("Pathways")), .dd(.text(opportunity.pathways.isEmpty ? "—" : opportunity.pathways.map(PathwayLinks.title(of:)).joined(separator: "; "))),
            .dt(.text("Who may apply")), .dd(.text(eligibilityText(opportunity, credential: credential))))
        var body: [Node<HTML.BodyContext>] = [FormField.errorSummary(errors), .p(.text(opportunity.details)), facts]
        if viewer.roles.contains(.student) && !viewer.isStaff {
            let reasons = try await OpportunityDirectory.reasons(opportunity, student: viewer.personID, tenant: tenant, today: req.today)
            let application = try await tenant.query(OpportunityApplication.self).filter(\.$opportunity.$id == id).filter(\.$studentID == viewer.personID).first()
            body.append(ApplicationSections.student(opportunity, application: application, reasons: reasons, viewer: viewer, errors: errors))
        }
        if viewer.can(.manageClients) {
            body.append(.div(.class("actions"),
                .if(opportunity.status != .published, .form(.class("inline"), .method(.post), .action(SiteRoute.opportunityStep(id, step: "publish").path),
                    Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .text("Publish")))),
                .if(opportunity.status == .published, .form(.class("inline"), .method(.post), .action(SiteRoute.opportunityStep(id, step: "close").path),
                    Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("secondary"), .text("Close to applications"))))))
        }
        let reviews = try await ApplicationReview.canReview(opportunity, viewer: viewer, tenant: tenant)
        body.append(try await AttendancePages.section(req, opportunity: opportunity, reviews: reviews))
        if reviews {
            body.append(ApplicationSections.review(try await ApplicationReview.reviewed(opportunity, req: req), opportunity: opportunity, viewer: viewer))
        }
        return Layout.page(opportunity.title, viewer: viewer, current: .opportunities, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
                           .p(.class("muted"), .text(opportunity.status.title)), .group(body))
    }

    static func eligibilityText(_ o: Opportunity, credential: String?) -> String {
        var parts: [String] = []
        if let age = o.minimumAge { parts.append("aged \(age) or older") }
        switch (o.minimumGrade, o.maximumGrade) {
        case let (low?, high?): parts.append("grades \(low) to \(high)")
        case let (low?, nil): parts.append("grade \(low) and up")
        case let (nil, high?): parts.append("grade \(high) and below")
        default: break
        }
        if let credential { parts.append("holding \(credential)") }
        return parts.isEmpty ? "Any student" : "Students " + parts.joined(separator: ", ")
    }

    static func form(_ req: Request, input: OpportunityInput, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let partners = viewer.can(.manageClients) ? try await tenant.query(Client.self).sort(\.$name).all() : []
        let credentials = try await tenant.query(Credential.self).sort(\.$title).all()
        func number(_ value: Int?) -> String? { value.map(String.init) }
        return Layout.page(viewer.can(.manageClients) ? "Add an opportunity" : "Propose an opportunity", viewer: viewer, current: .opportunities,
                           status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .form(.class("card"), .method(.post), .action(SiteRoute.newOpportunity.path), Layout.csrfField(viewer.csrfToken),
                .if(viewer.can(.manageClients), FormField.select("Partner", name: "partnerId",
                    options: [(value: "", title: "Choose")] + (try partners.saved().map { (value: $0.id.uuidString, title: $0.name) }),
                    selected: input.partnerId?.uuidString, error: error("partnerId"))),
                FormField.text("Title", name: "title", value: input.title, required: true, error: error("title")),
                FormField.select("Kind", name: "kind", options: [(value: "", title: "Choose")] + OpportunityKind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                 selected: input.kind, error: error("kind")),
                FormField.select("Stage on the Career Connect continuum", name: "stage",
                                 options: [(value: "", title: "As usual for the kind")] + CareerConnectStage.allCases.map { (value: $0.rawValue, title: "\($0.title): \($0.summary)") },
                                 selected: input.stage, error: error("stage")),
                FormField.select("Pay", name: "pay", options: OpportunityPay.allCases.map { (value: $0.rawValue, title: $0.title) }, selected: input.pay ?? OpportunityPay.unpaid.rawValue,
                                 error: error("pay")),
                FormField.textarea("What students do", name: "description", value: input.description, rows: 4, error: error("description")),
                FormField.select("Pathway", name: "pathwayCode", options: [(value: "", title: "None")] + PathwayLinks.everyChoice,
                                 selected: input.pathwayCodes?.first, error: error("pathwayCodes")),
                FormField.text("Minimum age", name: "minimumAge", value: number(input.minimumAge), type: .number, error: error("minimumAge")),
                FormField.text("Lowest grade", name: "minimumGrade", value: number(input.minimumGrade), type: .number, error: error("minimumGrade")),
                FormField.text("Highest grade", name: "maximumGrade", value: number(input.maximumGrade), type: .number, error: error("maximumGrade")),
                FormField.select("Credential required", name: "requiredCredentialId",
                                 options: [(value: "", title: "None")] + (try credentials.saved().map { (value: $0.id.uuidString, title: $0.title) }),
                                 selected: input.requiredCredentialId?.uuidString, error: error("requiredCredentialId")),
                FormField.text("Seats", name: "seats", value: number(input.seats), type: .number, error: error("seats")),
                FormField.text("First day", name: "startsOn", value: input.startsOn, type: .date, required: true, error: error("startsOn")),
                FormField.text("Last day", name: "endsOn", value: input.endsOn, type: .date, error: error("endsOn")),
                FormField.text("Applications close", name: "applyBy", value: input.applyBy, type: .date, error: error("applyBy")),
                FormField.text("Where", name: "location", value: input.location, error: error("location")),
                FormField.text("Getting there (transport)", name: "transport", value: input.transport, error: error("transport")),
                .if(viewer.can(.manageClients), FormField.checkbox("Publish now", name: "publish", checked: false)),
                .button(.type(.submit), .text(viewer.can(.manageClients) ? "Save" : "Propose"))))
    }
}
