import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/engagements`: the contracts, each with its visits and deliverables. Staff run them; the
/// client contact follows them and reviews what the team submits.
enum EngagementPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.engagements.pattern) { req async throws -> Page in
            let viewer = try req.viewer
            let tenant = try req.tenant
            let engagements = try await req.clientScope.engagements(tenant).sort(\.$startsOn, .descending).all()
            let clients = try await tenant.query(Client.self).all()
            return Layout.page("Engagements", viewer: viewer, current: .engagements, try table(engagements, clients: clients))
        }
        pages.get(SiteRoute.engagement(.pattern).pattern) { req async throws -> Page in
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            return try await EngagementPage.render(req, engagement: engagement)
        }
        pages.post(SiteRoute.engagementStatus(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageClients)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            let moved = try await EngagementsWriter.move(engagement, to: try req.field(EngagementStatus.self, at: "status"), on: req)
            return back(req, try moved.requireID(), "The engagement is now \(moved.status.title.lowercased()).")
        }
        pages.post(SiteRoute.addDeliverable(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.deliverWork)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            let input = try req.input(DeliverableInput.self)
            do {
                let deliverable = try await RequestsWriter.addDeliverable(input, to: engagement, on: req)
                return back(req, try engagement.requireID(), "\(deliverable.title) was added.")
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await EngagementPage.render(req, engagement: engagement, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.feedback(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.reviewDeliverable)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            let form = try req.input(FeedbackForm.self)
            do {
                _ = try await FeedbackWriter.leave(FeedbackInput(satisfaction: form.satisfaction.flatMap { Int($0) },
                                                                 wouldHireAgain: form.wouldHireAgain == "on", comment: form.comment),
                                                   on: engagement, req: req)
                return back(req, try engagement.requireID(), "Thank you for your feedback.")
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await EngagementPage.render(req, engagement: engagement, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.on(.POST, SiteRoute.attachFile(.pattern).pattern, body: .collect(maxSize: "12mb")) { req async throws -> Response in
            try req.viewer.require(.deliverWork)
            let (deliverable, engagement) = try await req.clientScope.deliverable(req.parameters.get("deliverableID", as: UUID.self), try req.tenant)
            do {
                let upload = try AttachmentStore.Upload.read(req)
                let attachment = try await AttachmentStore.attach(upload.file, to: deliverable, on: req)
                return back(req, try engagement.requireID(), "\(attachment.filename) is attached to \(deliverable.title).")
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await EngagementPage.render(req, engagement: engagement, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.attachment(.pattern).pattern) { req async throws -> Response in
            try AttachmentStore.download(try await AttachmentStore.find(req.parameters.get("attachmentID", as: UUID.self), req: req), on: req)
        }
        pages.get(SiteRoute.contract(.pattern).pattern) { req async throws -> Page in
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            return try await ContractPage.render(req, engagement: engagement)
        }
        for (step, status, action) in [("submit", DeliverableStatus.submitted, Action.deliverWork),
                                       ("accept", .accepted, .reviewDeliverable), ("request-revision", .revisionRequested, .reviewDeliverable)] {
            pages.post(SiteRoute.deliverableStep(.pattern, step: step).pattern) { req async throws -> Response in
                try req.viewer.require(action)
                let (deliverable, engagement) = try await req.clientScope.deliverable(req.parameters.get("deliverableID", as: UUID.self), try req.tenant)
                do {
                    try await RequestsWriter.move(deliverable, to: status, comment: try req.field(String.self, at: "comment"), on: req)
                    return back(req, try engagement.requireID(), "\(deliverable.title): \(status.title.lowercased()).")
                } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                    return try await EngagementPage.render(req, engagement: engagement, errors: error.fieldErrors).encodeResponse(for: req)
                }
            }
        }
        for (outcome, status) in [("done", Visit.Status.done), ("missed", .missed)] {
            pages.post(SiteRoute.visitRecord(.pattern, outcome: outcome).pattern) { req async throws -> Response in
                try req.viewer.require(.deliverWork)
                let visit = try await req.tenant.find(Visit.self, req.parameters.get("visitID"))
                let engagement = try await req.clientScope.engagement(visit.$engagement.id, try req.tenant)
                do {
                    try await EngagementsWriter.record(visit, as: status, report: try req.field(String.self, at: "report"), on: req)
                    return back(req, try engagement.requireID(), "The \(visit.dueOn) visit is recorded as \(outcome).")
                } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                    return try await EngagementPage.render(req, engagement: engagement, errors: error.fieldErrors).encodeResponse(for: req)
                }
            }
        }
    }

    struct FeedbackForm: Content {
        var satisfaction: String?
        var wouldHireAgain: String?
        var comment: String?
    }

    static func back(_ req: Request, _ id: UUID, _ notice: String) -> Response {
        req.redirect(to: SiteRoute.engagement(id).path(query: [("notice", notice)]))
    }

    static func table(_ engagements: [Engagement], clients: [Client]) throws -> Node<HTML.BodyContext> {
        let names = Dictionary(try clients.saved().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return .if(engagements.isEmpty, .p(.text("No engagements.")), else: .div(.class("table-wrap"), .table(
            .thead(.tr(.th(.text("Engagement")), .th(.text("Client")), .th(.text("Starts")), .th(.text("Status")))),
            .tbody(.forEach(try engagements.saved()) { engagement in
                .tr(.td(.a(.href(SiteRoute.engagement(engagement.id).path), .text(engagement.title))),
                    .td(.text(names[engagement.$client.id] ?? "")), .td(.text(engagement.startsOn)), .td(.text(engagement.status.title)))
            }))))
    }
}
