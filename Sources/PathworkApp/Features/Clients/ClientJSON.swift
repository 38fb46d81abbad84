import Foundation
import PathworkDomain
import Vapor

struct ClientJSON: Content {
    var id: UUID
    var name: String
    var sector: String
    var address: String
    init(_ c: Client) throws { id = try c.requireID(); name = c.name; sector = c.sector; address = c.address }
}

struct ClientInput: Content {
    var name: String?
    var sector: String?
    var address: String?
}

struct ServiceRequestJSON: Content {
    var id: UUID
    var clientId: UUID
    var title: String
    var description: String
    var location: String
    var neededBy: String?
    var status: ServiceRequestStatus
    var declineReason: String?
    var engagementId: UUID?
    var submittedAt: Date?

    init(_ r: ServiceRequest) throws {
        id = try r.requireID(); clientId = r.$client.id; title = r.title; description = r.details; location = r.location
        neededBy = r.neededBy; status = r.status; declineReason = r.declineReason; engagementId = r.engagementID; submittedAt = r.createdAt
    }
}

struct ServiceRequestInput: Content {
    var clientId: UUID?
    var title: String?
    var description: String?
    var location: String?
    var neededBy: String?
}

struct VisitJSON: Content {
    var id: UUID
    var dueOn: String
    var status: Visit.Status
    var report: String?
    init(_ v: Visit) throws { id = try v.requireID(); dueOn = v.dueOn; status = v.status; report = v.report }
}

struct DeliverableJSON: Content {
    var id: UUID
    var engagementId: UUID
    var title: String
    var kind: String
    var dueOn: String
    var status: DeliverableStatus
    var history: [Event]?

    struct Event: Content {
        var status: DeliverableStatus
        var comment: String
        var at: Date
    }

    init(_ d: Deliverable, events: [DeliverableEvent]? = nil) throws {
        id = try d.requireID(); engagementId = d.$engagement.id; title = d.title; kind = d.kind; dueOn = d.dueOn; status = d.status
        history = events?.sorted { $0.at < $1.at }.map { Event(status: $0.status, comment: $0.comment, at: $0.at) }
    }
}

struct DeliverableInput: Content {
    var title: String?
    var dueOn: String?
    var kind: String?
}

struct EngagementJSON: Content {
    var id: UUID
    var clientId: UUID
    var teamId: UUID
    var requestId: UUID?
    var title: String
    var scope: String
    var status: EngagementStatus
    var startsOn: String
    var endsOn: String?
    var pricing: Pricing
    var hourlyRateCents: Int
    var fixedFeeCents: Int?
    var budgetMinutes: Int?
    var budgetCents: Int?
    var billingIncrementMinutes: Int
    var stopAtBudget: Bool
    var poNumber: String?
    var visits: [VisitJSON]?
    var deliverables: [DeliverableJSON]?

    init(_ e: Engagement, visits: [Visit]? = nil, deliverables: [Deliverable]? = nil) throws {
        id = try e.requireID(); clientId = e.$client.id; teamId = e.$team.id; requestId = e.requestID; title = e.title; scope = e.scope
        status = e.status; startsOn = e.startsOn; endsOn = e.endsOn; pricing = e.pricing; hourlyRateCents = e.hourlyRateCents
        fixedFeeCents = e.fixedFeeCents; budgetMinutes = e.budgetMinutes; budgetCents = e.budgetCents
        billingIncrementMinutes = e.billingIncrementMinutes; stopAtBudget = e.stopAtBudget; poNumber = e.poNumber
        self.visits = try visits?.map(VisitJSON.init); self.deliverables = try deliverables?.map { try DeliverableJSON($0) }
    }
}

struct VisitPlanInput: Content {
    var firstOn: String?
    var cadence: VisitSchedule.Cadence?
    var count: Int?
}

struct EngagementInput: Content {
    var clientId: UUID?
    var teamId: UUID?
    var title: String?
    var scope: String?
    var startsOn: String?
    var endsOn: String?
    var pricing: Pricing?
    var hourlyRateCents: Int?
    var fixedFeeCents: Int?
    var budgetMinutes: Int?
    var budgetCents: Int?
    var billingIncrementMinutes: Int?
    var stopAtBudget: Bool?
    var poNumber: String?
    var visits: VisitPlanInput?
}

/// Snapshots for the audit log.
struct EngagementSnapshot: Codable {
    var clientID: UUID, teamID: UUID, title: String, scope: String, status: EngagementStatus, startsOn: String, endsOn: String?
    var pricing: Pricing, hourlyRateCents: Int, fixedFeeCents: Int?, budgetMinutes: Int?, budgetCents: Int?
    var billingIncrementMinutes: Int, stopAtBudget: Bool, poNumber: String?

    init(_ e: Engagement) {
        clientID = e.$client.id; teamID = e.$team.id; title = e.title; scope = e.scope; status = e.status; startsOn = e.startsOn
        endsOn = e.endsOn; pricing = e.pricing; hourlyRateCents = e.hourlyRateCents; fixedFeeCents = e.fixedFeeCents
        budgetMinutes = e.budgetMinutes; budgetCents = e.budgetCents; billingIncrementMinutes = e.billingIncrementMinutes
        stopAtBudget = e.stopAtBudget; poNumber = e.poNumber
    }
}
