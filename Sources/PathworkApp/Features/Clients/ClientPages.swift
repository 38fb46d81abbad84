import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/clients`: the district's clients, each with contacts, requests and engagements.
enum ClientPages {
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
        pages.get(SiteRoute.client(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageClients)
            let tenant = try req.tenant
            let client = try await tenant.find(Client.self, req.parameters.get("clientID"))
            let contacts = try await tenant.query(ClientContactLink.self).filter(\.$client.$id == client.requireID()).with(\.$person).all()
            let candidates = try await TeamForms.people(withRoles: [.clientContact], tenant: tenant)
                .filter { person in !contacts.contains { $0.$person.id == person.id } }
            let requests = try await tenant.query(ServiceRequest.self).filter(\.$client.$id == client.requireID()).sort(\.$createdAt, .descending).all()
            let engagements = try await tenant.query(Engagement.self).filter(\.$client.$id == client.requireID()).sort(\.$startsOn, .descending).all()
            let viewer = try req.viewer
            return Layout.page(client.name, viewer: viewer, current: .clients, notice: try? req.query.get(String.self, at: "notice"),
                .p(.class("muted"), .text([client.sector, client.address].filter { !$0.isEmpty }.joined(separator: " · "))),
                .h2(.text("Contacts")),
                .if(contacts.isEmpty, .p(.text("No contacts yet. A contact can request work and review deliverables in the client portal."))),
                .ul(.forEach(contacts) { .li(.a(.href(SiteRoute.person($0.$person.id).path), .text($0.person.fullName)), .text(" · \($0.person.email)")) }),
                .if(!candidates.isEmpty, .form(.method(.post), .action(SiteRoute.linkClientContact(try client.requireID()).path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Add a contact", name: "personId",
                                     options: try candidates.map { (value: try $0.requireID().uuidString, title: "\($0.fullName) (\($0.email))") }, selected: nil),
                    .button(.type(.submit), .text("Add contact")))),
                .h2(.text("Requests")),
                try RequestPages.table(requests, clients: [client]),
                .h2(.text("Engagements")),
                try EngagementPages.table(engagements, clients: [client]),
                try await req.application.clientSections.render(req, client))
        }
        pages.post(SiteRoute.linkClientContact(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let client = try await req.tenant.find(Client.self, req.parameters.get("clientID"))
            try await EngagementsWriter.linkContact(try req.field(UUID.self, at: "personId"), to: client, on: req)
            return req.redirect(to: SiteRoute.client(try client.requireID()).path(query: [("notice", "Contact added.")]))
        }
    }

    static func list(_ req: Request, input: ClientInput, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let clients = try await req.tenant.query(Client.self).sort(\.$name).all()
        return Layout.page("Clients", viewer: viewer, current: .clients, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Client")), .th(.text("Sector")))),
                .tbody(try .forEach(clients) { .tr(.td(.a(.href(SiteRoute.client(try $0.requireID()).path), .text($0.name))), .td(.text($0.sector))) }))),
            .section(.class("card"), .h2(.text("Add a client")),
                .form(.method(.post), .action(SiteRoute.clients.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Name", name: "name", value: input.name, required: true, error: errors.first { $0.field == "name" }?.message),
                    FormField.text("Sector", name: "sector", value: input.sector),
                    FormField.text("Address", name: "address", value: input.address),
                    .button(.type(.submit), .text("Add client")))))
    }
}

extension Application {
    private struct ClientSectionsKey: StorageKey { typealias Value = PageSections<Client> }

    /// Sections later features add to a client's page (whether portfolios may name the client).
    var clientSections: PageSections<Client> {
        if let sections = storage[ClientSectionsKey.self] { return sections }
        let sections = PageSections<Client>()
        storage[ClientSectionsKey.self] = sections
        return sections
    }

    private struct EngagementSectionsKey: StorageKey { typealias Value = PageSections<Engagement> }

    /// Sections later features add to an engagement's page (its budget and billed time, from Time).
    var engagementSections: PageSections<Engagement> {
        if let sections = storage[EngagementSectionsKey.self] { return sections }
        let sections = PageSections<Engagement>()
        storage[EngagementSectionsKey.self] = sections
        return sections
    }
}
