import Fluent
import Foundation
import PathworkDomain
import Vapor

/// `/api/v1` for clients, service requests, engagements, visits and deliverables.
enum ClientsAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        defineSchemas(registry)
        api.endpoint(APIOperation(method: .GET, path: ["clients"], summary: "Clients the caller reaches", tag: "Clients",
                                  response: .array(.ref("Client"))), registry: registry) { req in
            let scope = try await req.clientScope
            let query = try req.tenant.query(Client.self).sort(\.$name)
            if let ids = scope.clientIDs { query.filter(\.$id ~~ Array(ids)) }
            return try await query.all().map(ClientJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["clients"], summary: "Add a client", tag: "Clients",
                                  body: .object([("name", .words(maxLength: 160)), ("sector", .text(minLength: 0, maxLength: 160)),
                                                 ("address", .text(minLength: 0, maxLength: 500))],
                                                required: ["name"]),
                                  response: .ref("Client"), success: .created), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let client = try await EngagementsWriter.createClient(try req.input(ClientInput.self), on: req)
            return try await ClientJSON(client).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["service-requests"], summary: "Service requests the caller reaches", tag: "Clients",
                                  response: .array(.ref("ServiceRequest"))), registry: registry) { req in
            try await req.clientScope.requests(try req.tenant).sort(\.$createdAt, .descending).all().map(ServiceRequestJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["service-requests"], summary: "Ask the teams for work", tag: "Clients",
                                  body: .object([("clientId", .string(format: "uuid")), ("title", .words(maxLength: 200)),
                                                 ("description", .words(maxLength: 5000)), ("location", .text(minLength: 0, maxLength: 200)),
                                                 ("neededBy", .string(format: "date"))], required: ["title", "description"]),
                                  response: .ref("ServiceRequest"), success: .created,
                                  rules: [.rule("staff name clientId; a contact of several clients names which")]), registry: registry) { req in
            try req.viewer.require(.submitServiceRequest)
            let request = try await RequestsWriter.submit(try req.input(ServiceRequestInput.self), scope: try await req.clientScope, on: req)
            return try await ServiceRequestJSON(request).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["service-requests", ":requestID", "decline"], summary: "Decline with a reason the client sees",
                                  tag: "Clients", body: .object([("reason", .words(maxLength: 2000))], required: ["reason"]),
                                  response: .ref("ServiceRequest")), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let request = try await req.clientScope.request(req.parameters.get("requestID", as: UUID.self), try req.tenant)
            return try ServiceRequestJSON(try await RequestsWriter.decline(request, reason: try req.field(String.self, at: "reason"), on: req))
        }
        api.endpoint(APIOperation(method: .POST, path: ["service-requests", ":requestID", "accept"], summary: "Turn a request into an engagement",
                                  tag: "Clients", body: .ref("EngagementAcceptance"), response: .ref("Engagement"), success: .created,
                                  rules: EngagementsWriter.rules),
                     registry: registry) { req in
            try req.viewer.require(.manageClients)
            let request = try await req.clientScope.request(req.parameters.get("requestID", as: UUID.self), try req.tenant)
            let engagement = try await RequestsWriter.accept(request, as: try req.input(EngagementInput.self), on: req)
            return try await engagementJSON(engagement, req: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["engagements"], summary: "Engagements the caller reaches", tag: "Engagements",
                                  response: .array(.ref("Engagement"))), registry: registry) { req in
            try await req.clientScope.engagements(try req.tenant).sort(\.$startsOn, .descending).all().map { try EngagementJSON($0) }
        }
        api.endpoint(APIOperation(method: .POST, path: ["engagements"], summary: "Contract a team for a client", tag: "Engagements",
                                  body: .ref("EngagementInput"), response: .ref("Engagement"), success: .created, rules: EngagementsWriter.rules),
                     registry: registry) { req in
            try req.viewer.require(.manageClients)
            let engagement = try await EngagementsWriter.create(try req.input(EngagementInput.self), on: req)
            return try await engagementJSON(engagement, req: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["engagements", ":engagementID"], summary: "An engagement with its visits and deliverables",
                                  tag: "Engagements", response: .ref("Engagement")), registry: registry) { req in
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            return try await engagementJSON(engagement, req: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["engagements", ":engagementID"], summary: "Change an engagement's terms",
                                  tag: "Engagements", body: .ref("EngagementChange"), response: .ref("Engagement"), rules: EngagementsWriter.rules),
                     registry: registry) { req in
            try req.viewer.require(.manageClients)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            try await EngagementsWriter.update(engagement, with: try req.input(EngagementInput.self), on: req)
            return try await engagementJSON(engagement, req: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["engagements", ":engagementID", "status"], summary: "Move an engagement to a new status",
                                  tag: "Engagements", body: .object([("status", .enumeration(EngagementStatus.allCases.map(\.rawValue)))], required: ["status"]),
                                  response: .ref("Engagement")), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            let moved = try await EngagementsWriter.move(engagement, to: try req.field(EngagementStatus.self, at: "status"), on: req)
            return try await engagementJSON(moved, req: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["engagements", ":engagementID", "deliverables"], summary: "Add a deliverable",
                                  tag: "Engagements", body: .object([("title", .words(maxLength: 200)), ("dueOn", .string(format: "date")),
                                                                     ("kind", .text(minLength: 0, maxLength: 60))], required: ["title", "dueOn"]),
                                  response: .ref("Deliverable"), success: .created), registry: registry) { req in
            try req.viewer.require(.deliverWork)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            let deliverable = try await RequestsWriter.addDeliverable(try req.input(DeliverableInput.self), to: engagement, on: req)
            return try await DeliverableJSON(deliverable, events: []).encodeResponse(status: .created, for: req)
        }
        for (verb, status, action) in [("submit", DeliverableStatus.submitted, Action.deliverWork),
                                       ("accept", .accepted, .reviewDeliverable), ("request-revision", .revisionRequested, .reviewDeliverable)] {
            api.endpoint(APIOperation(method: .POST, path: ["deliverables", ":deliverableID", .constant(verb)],
                                      summary: "Deliverable: \(status.title.lowercased())", tag: "Engagements",
                                      body: status == .revisionRequested ? .object([("comment", .words(maxLength: 2000))], required: ["comment"])
                                          : .object([("comment", .text(minLength: 0, maxLength: 2000))], required: []),
                                      response: .ref("Deliverable")),
                         registry: registry) { req in
                try req.viewer.require(action)
                let (deliverable, _) = try await req.clientScope.deliverable(req.parameters.get("deliverableID", as: UUID.self), try req.tenant)
                let moved = try await RequestsWriter.move(deliverable, to: status, comment: try req.field(String.self, at: "comment"), on: req)
                let events = try await req.tenant.query(DeliverableEvent.self).filter(\.$deliverable.$id == moved.requireID()).all()
                return try DeliverableJSON(moved, events: events)
            }
        }
        api.endpoint(APIOperation(method: .POST, path: ["engagements", ":engagementID", "feedback"], summary: "The client's feedback on a completed engagement",
                                  tag: "Engagements", body: .object([("satisfaction", .bounded(minimum: 1, maximum: 5)), ("wouldHireAgain", .boolean),
                                                                     ("comment", .text(minLength: 0, maxLength: 2000))], required: ["satisfaction"]),
                                  response: .object([("satisfaction", .integer()), ("wouldHireAgain", .boolean), ("comment", .string())],
                                                    required: ["satisfaction", "wouldHireAgain", "comment"]), success: .created),
                     registry: registry) { req in
            try req.viewer.require(.reviewDeliverable)
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID", as: UUID.self), try req.tenant)
            let feedback = try await FeedbackWriter.leave(try req.input(FeedbackInput.self), on: engagement, req: req)
            return try await FeedbackJSON(feedback).encodeResponse(status: .created, for: req)
        }
        registry.add(APIOperation(method: .POST, path: ["api", "v1", "deliverables", ":deliverableID", "attachments"],
                                  summary: "Attach a file (multipart field 'file'; PDF, PNG, JPEG, text, CSV or Office; up to 10 MB)",
                                  tag: "Engagements", body: .object([("file", .string(format: "binary"))], required: ["file"]),
                                  response: .object([("id", .string(format: "uuid")), ("filename", .string()),
                                                     ("contentType", .string()), ("sizeBytes", .integer())],
                                                    required: ["id", "filename", "contentType", "sizeBytes"]), success: .created,
                                  consumes: "multipart/form-data",
                                  rules: [OperationRule(code: "attachment.rejected", says: "the file is not empty, at most 10 MB, and its name and content are one of the accepted kinds")]))
        api.on(.POST, ["deliverables", ":deliverableID", "attachments"], body: .collect(maxSize: "12mb")) { req async throws -> Response in
            try req.viewer.require(.deliverWork)
            let (deliverable, _) = try await req.clientScope.deliverable(req.parameters.get("deliverableID", as: UUID.self), try req.tenant)
            let attachment = try await AttachmentStore.attach(try AttachmentStore.Upload.read(req).file, to: deliverable, on: req)
            return try await AttachmentJSON(attachment).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["attachments", ":attachmentID"], summary: "Download an attachment", tag: "Engagements",
                                  response: .string(format: "binary"), produces: "application/octet-stream",
                                  alsoProduces: [AttachmentRules.Kind.pdf, .png, .jpeg, .text, .csv].map { (type: String($0.contentType.prefix { $0 != ";" }), schema: .string(format: "binary")) }),
                     registry: registry) { req in
            try AttachmentStore.download(try await AttachmentStore.find(req.parameters.get("attachmentID", as: UUID.self), req: req), on: req)
        }
        for (verb, status) in [("done", Visit.Status.done), ("missed", .missed)] {
            api.endpoint(APIOperation(method: .POST, path: ["visits", ":visitID", .constant(verb)], summary: "Record a visit as \(verb)",
                                      tag: "Engagements", body: verb == "done" ? .object([("report", .words(maxLength: 2000))], required: ["report"])
                                          : .object([("report", .text(minLength: 0, maxLength: 2000))], required: []),
                                      response: .ref("Visit")),
                         registry: registry) { req in
                try req.viewer.require(.deliverWork)
                let visit = try await req.tenant.find(Visit.self, req.parameters.get("visitID"))
                _ = try await req.clientScope.engagement(visit.$engagement.id, try req.tenant)
                return try VisitJSON(try await EngagementsWriter.record(visit, as: status, report: try req.field(String.self, at: "report"), on: req))
            }
        }
    }

    static func engagementJSON(_ engagement: Engagement, req: Request) async throws -> EngagementJSON {
        let tenant = try req.tenant
        let visits = try await tenant.query(Visit.self).filter(\.$engagement.$id == engagement.requireID()).sort(\.$dueOn).all()
        let staff = try req.viewer.isStaff
        let deliverables = try await tenant.query(Deliverable.self).filter(\.$engagement.$id == engagement.requireID()).sort(\.$dueOn).all()
            .filter { staff || $0.status != .planned }
        return try EngagementJSON(engagement, visits: visits, deliverables: deliverables)
    }

    static func defineSchemas(_ registry: APIRegistry) {
        registry.define("Client", .object([("id", .string(format: "uuid")), ("name", .string()), ("sector", .string()), ("address", .string())],
                                          required: ["id", "name", "sector", "address"]))
        registry.define("ServiceRequest", .object([
            ("id", .string(format: "uuid")), ("clientId", .string(format: "uuid")), ("title", .string()), ("description", .string()),
            ("location", .string()), ("neededBy", .string(format: "date")), ("status", .enumeration(ServiceRequestStatus.allCases.map(\.rawValue))),
            ("declineReason", .string()), ("engagementId", .string(format: "uuid")), ("submittedAt", .string(format: "date-time")),
        ], required: ["id", "clientId", "title", "description", "status"]))
        registry.define("Visit", .object([("id", .string(format: "uuid")), ("dueOn", .string(format: "date")),
                                         ("status", .enumeration(Visit.Status.allCases.map(\.rawValue))), ("report", .string())],
                                        required: ["id", "dueOn", "status"]))
        registry.define("Deliverable", .object([
            ("id", .string(format: "uuid")), ("engagementId", .string(format: "uuid")), ("title", .string()), ("kind", .string()),
            ("dueOn", .string(format: "date")), ("status", .enumeration(DeliverableStatus.allCases.map(\.rawValue))),
            ("history", .array(.object([("status", .string()), ("comment", .string()), ("at", .string(format: "date-time"))], required: ["status", "comment", "at"]))),
        ], required: ["id", "engagementId", "title", "kind", "dueOn", "status"]))
        let engagementFields: [(String, Schema)] = [
            ("clientId", .string(format: "uuid")), ("teamId", .string(format: "uuid")), ("title", .words(maxLength: 200)),
            ("scope", .text(minLength: 0, maxLength: 5000)), ("startsOn", .string(format: "date")), ("endsOn", .string(format: "date")),
            ("pricing", .enumeration(Pricing.allCases.map(\.rawValue))), ("hourlyRateCents", .bounded(minimum: 1, maximum: 1_000_000)),
            ("fixedFeeCents", .bounded(minimum: 1, maximum: 100_000_000)), ("budgetMinutes", .bounded(minimum: 1, maximum: 100_000_000)),
            ("budgetCents", .bounded(minimum: 1, maximum: 1_000_000_000)), ("billingIncrementMinutes", .bounded(minimum: 1, maximum: 60)),
            ("stopAtBudget", .boolean), ("poNumber", .text(minLength: 0, maxLength: 60)),
            ("visits", .object([("firstOn", .string(format: "date")), ("cadence", .enumeration(VisitSchedule.Cadence.allCases.map(\.rawValue))),
                                ("count", .bounded(minimum: 1, maximum: VisitSchedule.maximumVisits))], required: ["firstOn", "cadence", "count"])),
        ]
        registry.define("EngagementInput", .object(engagementFields, required: ["clientId", "teamId", "title", "startsOn"]))
        registry.define("EngagementAcceptance", .object(engagementFields.filter { $0.0 != "clientId" }, required: ["teamId", "startsOn"]))
        registry.define("EngagementChange", .object(engagementFields.filter { $0.0 != "clientId" }, required: []))
        registry.define("Engagement", .object([
            ("id", .string(format: "uuid")), ("clientId", .string(format: "uuid")), ("teamId", .string(format: "uuid")),
            ("requestId", .string(format: "uuid")), ("title", .string()), ("scope", .string()),
            ("status", .enumeration(EngagementStatus.allCases.map(\.rawValue))), ("startsOn", .string(format: "date")),
            ("endsOn", .string(format: "date")), ("pricing", .enumeration(Pricing.allCases.map(\.rawValue))),
            ("hourlyRateCents", .integer()), ("fixedFeeCents", .integer()), ("budgetMinutes", .integer()), ("budgetCents", .integer()),
            ("billingIncrementMinutes", .integer()), ("stopAtBudget", .boolean), ("poNumber", .string()),
            ("visits", .array(.ref("Visit"))), ("deliverables", .array(.ref("Deliverable"))),
        ], required: ["id", "clientId", "teamId", "title", "status", "startsOn", "pricing", "hourlyRateCents", "billingIncrementMinutes"]))
    }
}
