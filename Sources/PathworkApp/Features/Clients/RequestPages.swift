import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/requests`: clients ask for work here; coordinators triage it into engagements.
enum RequestPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.requests.pattern) { req async throws -> Page in
            let viewer = try req.viewer
            let scope = try await req.clientScope
            let tenant = try req.tenant
            let requests = try await scope.requests(tenant).sort(\.$createdAt, .descending).all()
            let clients = try await tenant.query(Client.self).all()
            return Layout.page(viewer.can(.manageClients) ? "Service requests" : "Your requests", viewer: viewer, current: .requests,
                               notice: try? req.query.get(String.self, at: "notice"),
                .if(viewer.can(.submitServiceRequest), .p(.a(.class("button"), .href(SiteRoute.newRequest.path), .text("Request work")))),
                try table(requests, clients: clients))
        }
        pages.get(SiteRoute.newRequest.pattern) { req async throws -> Page in
            try req.viewer.require(.submitServiceRequest)
            return try await form(req, input: ServiceRequestInput())
        }
        pages.post(SiteRoute.requests.pattern) { req async throws -> Response in
            try req.viewer.require(.submitServiceRequest)
            let input = try req.input(ServiceRequestInput.self)
            do {
                _ = try await RequestsWriter.submit(input, scope: try await req.clientScope, on: req)
                return req.redirect(to: SiteRoute.requests.path(query: [("notice", "Your request was sent. The program coordinator will reply here.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await form(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.request(.pattern).pattern) { req async throws -> Page in
            let request = try await req.clientScope.request(req.parameters.get("requestID", as: UUID.self), try req.tenant)
            return try await TriagePage.render(req, request: request)
        }
        pages.post(SiteRoute.declineRequest(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let request = try await req.clientScope.request(req.parameters.get("requestID", as: UUID.self), try req.tenant)
            do {
                try await RequestsWriter.decline(request, reason: try req.field(String.self, at: "reason"), on: req)
                return req.redirect(to: SiteRoute.requests.path(query: [("notice", "The request was declined; the client sees your reason.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await TriagePage.render(req, request: request, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.acceptRequest(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let request = try await req.clientScope.request(req.parameters.get("requestID", as: UUID.self), try req.tenant)
            let form = try req.input(TriagePage.EngagementForm.self)
            do {
                let engagement = try await RequestsWriter.accept(request, as: form.input, on: req)
                return req.redirect(to: SiteRoute.engagement(try engagement.requireID()).path(query: [("notice", "The engagement was proposed.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await TriagePage.render(req, request: request, form: form, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
    }

    static func form(_ req: Request, input: ServiceRequestInput, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let scope = try await req.clientScope
        let clients = try await req.tenant.query(Client.self).sort(\.$name).all().filter { scope.contains(try $0.requireID()) }
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Request work", viewer: viewer, current: .requests, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .form(.method(.post), .action(SiteRoute.requests.path), Layout.csrfField(viewer.csrfToken),
                .if(clients.count != 1, FormField.select("Client", name: "clientId",
                    options: [(value: "", title: "Choose")] + (try clients.saved().map { (value: $0.id.uuidString, title: $0.name) }),
                    selected: input.clientId?.uuidString, error: error("clientId"))),
                FormField.text("What do you need?", name: "title", value: input.title, required: true, error: error("title")),
                FormField.textarea("What is wrong, in a few sentences", name: "description", value: input.description, rows: 5, error: error("description")),
                FormField.text("Where", name: "location", value: input.location),
                FormField.text("Needed by", name: "neededBy", value: input.neededBy, type: .date, error: error("neededBy")),
                .button(.type(.submit), .text("Send request"))))
    }

    static func table(_ requests: [ServiceRequest], clients: [Client]) throws -> Node<HTML.BodyContext> {
        let names = Dictionary(try clients.saved().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return .if(requests.isEmpty, .p(.text("No requests.")), else: .div(.class("table-wrap"), .table(
            .thead(.tr(.th(.text("Request")), .th(.text("Client")), .th(.text("Needed by")), .th(.text("Status")))),
            .tbody(.forEach(try requests.saved()) { request in
                .tr(.td(.a(.href(SiteRoute.request(request.id).path), .text(request.title))),
                    .td(.text(names[request.$client.id] ?? "")), .td(.text(request.neededBy ?? "—")),
                    .td(.text(request.status.title), .unwrap(request.declineReason) { .span(.class("muted"), .text(": \($0)")) }))
            }))))
    }
}
