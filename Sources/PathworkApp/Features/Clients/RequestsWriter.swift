import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Service requests from clients and their triage, and the deliverable review cycle.
enum RequestsWriter {
    static func submit(_ input: ServiceRequestInput, scope: ClientScope, on req: Request) async throws -> ServiceRequest {
        var errors: [FieldError] = []
        let title = input.title?.nonEmpty ?? "", details = input.description?.nonEmpty ?? ""
        if title.isEmpty || title.count > 200 { errors.append(FieldError(field: "title", message: "Say in a line what you need (up to 200 characters).")) }
        if details.isEmpty { errors.append(FieldError(field: "description", message: "Describe what is wrong or what you need.")) }
        if let raw = input.neededBy?.nonEmpty, CalendarDate(iso: raw) == nil {
            errors.append(FieldError(field: "neededBy", message: "Enter the date as YYYY-MM-DD."))
        }
        // A contact with one organization need not name it.
        let clientID = input.clientId ?? (scope.clientIDs?.count == 1 ? scope.clientIDs!.first : nil)
        if clientID == nil { errors.append(.rule(field: "clientId", message: "Choose the client.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let client = try await scope.client(clientID, try req.tenant)
        let viewer = try req.viewer
        return try await req.change { tenant, audit in
            let request = ServiceRequest()
            request.districtID = tenant.districtID
            request.$client.id = try client.requireID()
            request.submittedBy = viewer.personID
            request.title = title
            request.details = details
            request.location = input.location?.nonEmpty ?? ""
            request.neededBy = input.neededBy?.nonEmpty
            request.status = .submitted
            try await request.create(on: tenant.db)
            audit.created("serviceRequest", id: request.id, try ServiceRequestJSON(request))
            return request
        }
    }

    @discardableResult
    static func decline(_ loaded: ServiceRequest, reason: String?, on req: Request) async throws -> ServiceRequest {
        guard loaded.status == .submitted else { throw triaged }
        guard let reason = reason?.nonEmpty else {
            throw PathworkError.invalid([FieldError(field: "reason", message: "Give the client a reason.")])
        }
        return try await req.change { tenant, audit in
            // Checked again on the row as it stands: two people triaging at once make one decision.
            let request = try await tenant.fresh(loaded)
            guard request.status == .submitted else { throw triaged }
            let before = try ServiceRequestJSON(request)
            request.status = .declined
            request.declineReason = reason
            try await request.save(on: tenant.db)
            audit.updated("serviceRequest", id: request.id, from: before, to: try ServiceRequestJSON(request))
            return request
        }
    }

    /// Turns a request into a proposed engagement for a team, in one change.
    static var triaged: PathworkError { PathworkError.conflict("request.triaged", "This request was triaged already.") }

    static func accept(_ loaded: ServiceRequest, as input: EngagementInput, on req: Request) async throws -> Engagement {
        guard loaded.status == .submitted else { throw triaged }
        let request = loaded
        var input = input
        input.clientId = request.$client.id
        if input.title?.nonEmpty == nil { input.title = request.title }
        if input.scope?.nonEmpty == nil { input.scope = request.details }
        let dates = try await EngagementsWriter.validate(input, tenant: try req.tenant)
        let requestInput = input
        return try await req.change { tenant, audit in
            let request = try await tenant.fresh(loaded)
            guard request.status == .submitted else { throw triaged }
            let before = try ServiceRequestJSON(request)
            let engagement = try await EngagementsWriter.insert(requestInput, dates: dates, requestID: request.id, tenant: tenant, audit: audit)
            request.status = .accepted
            request.engagementID = engagement.id
            try await request.save(on: tenant.db)
            audit.updated("serviceRequest", id: request.id, from: before, to: try ServiceRequestJSON(request))
            return engagement
        }
    }

    static func addDeliverable(_ input: DeliverableInput, to engagement: Engagement, on req: Request) async throws -> Deliverable {
        var errors: [FieldError] = []
        let title = input.title?.nonEmpty ?? ""
        if title.isEmpty || title.count > 200 { errors.append(FieldError(field: "title", message: "Enter the deliverable's title.")) }
        if CalendarDate(iso: input.dueOn ?? "") == nil { errors.append(FieldError(field: "dueOn", message: "Enter the due date as YYYY-MM-DD.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let deliverable = Deliverable()
            deliverable.districtID = tenant.districtID
            deliverable.$engagement.id = try engagement.requireID()
            deliverable.title = title
            deliverable.kind = input.kind?.nonEmpty ?? "report"
            deliverable.dueOn = input.dueOn!
            deliverable.status = .planned
            try await deliverable.create(on: tenant.db)
            audit.created("deliverable", id: deliverable.id, try DeliverableJSON(deliverable))
            return deliverable
        }
    }

    /// Moves a deliverable through review, keeping each step with its comment.
    @discardableResult
    static func move(_ loaded: Deliverable, to status: DeliverableStatus, comment: String?, on req: Request) async throws -> Deliverable {
        @Sendable func refusal(_ from: DeliverableStatus) -> PathworkError {
            PathworkError(status: .conflict, code: "deliverable.status",
                          reason: "A deliverable that is \(from.title.lowercased()) cannot become \(status.title.lowercased()).")
        }
        guard loaded.status.canMove(to: status) else { throw refusal(loaded.status) }
        if status == .revisionRequested, (comment?.nonEmpty ?? "").isEmpty {
            throw PathworkError.invalid([FieldError(field: "comment", message: "Say what needs to change.")])
        }
        let actor = try req.viewer.personID
        let now = req.now
        return try await req.change { tenant, audit in
            let deliverable = try await tenant.fresh(loaded)
            guard deliverable.status.canMove(to: status) else { throw refusal(deliverable.status) }
            let before = try DeliverableJSON(deliverable)
            deliverable.status = status
            try await deliverable.save(on: tenant.db)
            try await DeliverableEvent(districtID: tenant.districtID, deliverableID: deliverable.requireID(), actorID: actor, status: status,
                                       comment: comment?.nonEmpty ?? "", at: now).create(on: tenant.db)
            audit.updated("deliverable", id: deliverable.id, from: before, to: try DeliverableJSON(deliverable))
            if before.status == .accepted || deliverable.status == .accepted { audit.emit(.deliverableAcceptance(try deliverable.requireID())) }
            return deliverable
        }
    }
}
