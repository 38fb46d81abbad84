import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/partners`: the district's partner organizations — clients of its teams, sources of
/// mentors, worksite hosts — found by name, sector, pathway and what they do; added; edited.
enum PartnerPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.clients.pattern) { req async throws -> Page in
            try req.viewer.require(.manageClients)
            return try await list(req, input: ClientInput())
        }
        pages.post(SiteRoute.clients.pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let input = try req.input(ClientInput.self)
            do {
                let client = try await EngagementsWriter.createClient(input, on: req)
                return req.redirect(to: SiteRoute.client(try client.requireID()).path(query: [("notice", "\(client.name) was added.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await list(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.editPartner(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageClients)
            let partner = try await req.tenant.find(Client.self, req.parameters.get("clientID"))
            return try edit(req, partner: partner, input: PartnerInput(name: partner.name, sector: partner.sector, address: partner.address,
                                                                       website: partner.website, description: partner.details))
        }
        pages.post(SiteRoute.editPartner(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let partner = try await req.tenant.find(Client.self, req.parameters.get("clientID"))
            let input = try req.input(PartnerInput.self)
            do {
                let saved = try await PartnersWriter.update(partner, input, on: req)
                return req.redirect(to: SiteRoute.client(try saved.requireID()).path(query: [("notice", "Saved.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await edit(req, partner: partner, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        // Partners were "clients" before they were more; old links still arrive.
        pages.get(SiteRoute.formerClients.pattern) { req -> Response in req.redirect(to: SiteRoute.clients.path, redirectType: .permanent) }
        pages.get(SiteRoute.formerClient(.pattern).pattern) { req -> Response in
            let id = try req.parameters.require("clientID", as: UUID.self)
            return req.redirect(to: SiteRoute.client(id).path, redirectType: .permanent)
        }
    }

    static func filter(_ url: URI) throws -> PartnerDirectory.Filter {
        let values = try QueryParameter.filterForm(url, declared: PartnerDirectory.queryParameters)
        return PartnerDirectory.Filter(text: values["q"], sector: values["sector"], pathway: values["pathway"],
                                       kind: values["kind"].flatMap(PartnerActivity.Kind.init(rawValue:)))
    }

    static func list(_ req: Request, input: ClientInput, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let filter = try filter(req.url)
        let partners = try await PartnerDirectory.list(filter, tenant: tenant)
        let sectors = try await PartnerDirectory.sectors(tenant)
        let kindTitles = Dictionary(uniqueKeysWithValues: PartnerActivity.Kind.allCases.map { ($0.rawValue, $0.title) })
        return Layout.page("Partners", viewer: viewer, current: .clients, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .form(.class("card"), .method(.get), .action(SiteRoute.clients.path), .attribute(named: "role", value: "search"),
                .div(.class("filters"),
                    FormField.text("Name", name: "q", value: filter.text, type: .search),
                    FormField.select("Sector", name: "sector", options: [(value: "", title: "Any sector")] + sectors.map { (value: $0, title: $0) },
                                     selected: filter.sector),
                    FormField.select("Pathway", name: "pathway", options: [(value: "", title: "Any pathway")] + PathwayLinks.everyChoice,
                                     selected: filter.pathway),
                    FormField.select("Works with us as", name: "kind",
                                     options: [(value: "", title: "Anything")] + PartnerActivity.Kind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                     selected: filter.kind?.rawValue),
                    .div(.button(.type(.submit), .text("Filter")), .text(" "), .a(.class("button secondary"), .href(SiteRoute.clients.path), .text("Clear"))))),
            .p(.attribute(named: "role", value: "status"), .text(partners.count == 1 ? "1 partner" : "\(partners.count) partners")),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Partner")), .th(.text("Works with us as")), .th(.class("hide-narrow"), .text("Sector")),
                           .th(.class("hide-narrow"), .text("Pathways")), .th(.text("Last contact")))),
                .tbody(.forEach(partners) { row in
                    .tr(.td(.a(.href(SiteRoute.client(row.partner.id).path), .text(row.partner.name))),
                        .td(.text(row.kinds.compactMap { kindTitles[$0] }.joined(separator: ", "))),
                        .td(.class("hide-narrow"), .text(row.partner.sector)),
                        .td(.class("hide-narrow"), .text(row.pathwayCodes.map(PathwayLinks.title(of:)).joined(separator: "; "))),
                        .td(.text(row.lastContactOn ?? "—"), .if(row.openNextSteps > 0, .span(.class("tag"), .text("\(row.openNextSteps) open")))))
                }))),
            .section(.class("card"), .h2(.text("Add a partner")),
                .form(.method(.post), .action(SiteRoute.clients.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Name", name: "name", value: input.name, required: true, error: errors.first { $0.field == "name" }?.message),
                    FormField.text("Sector", name: "sector", value: input.sector),
                    FormField.text("Address", name: "address", value: input.address),
                    .button(.type(.submit), .text("Add partner")))))
    }

    static func edit(_ req: Request, partner: Client, input: PartnerInput, errors: [FieldError] = []) throws -> Page {
        let viewer = try req.viewer
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Edit \(partner.name)", viewer: viewer, current: .clients, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .form(.class("card"), .method(.post), .action(SiteRoute.editPartner(try partner.requireID()).path), Layout.csrfField(viewer.csrfToken),
                FormField.text("Name", name: "name", value: input.name, required: true, error: error("name")),
                FormField.text("Sector", name: "sector", value: input.sector, error: error("sector")),
                FormField.text("Address", name: "address", value: input.address, error: error("address")),
                FormField.text("Website", name: "website", value: input.website, type: .url, error: error("website")),
                FormField.textarea("What the partner does, and what it and the district give each other", name: "description",
                                   value: input.description, rows: 5, error: error("description")),
                .button(.type(.submit), .text("Save")), .text(" "),
                .a(.class("button secondary"), .href(SiteRoute.client(try partner.requireID()).path), .text("Cancel"))))
    }
}
