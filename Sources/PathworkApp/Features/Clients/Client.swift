import Fluent
import Foundation
import PathworkDomain

/// A partner organization: whatever it does with the district — a team's client (a
/// water-treatment plant, a senior-living facility…), a source of mentors, a worksite host —
/// it is this one record. The API's fixed name for it is "client".
final class Client: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "clients"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @Field(key: "sector") var sector: String
    @Field(key: "address") var address: String
    @OptionalField(key: "website") var website: String?
    @OptionalField(key: "description") var details: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(districtID: UUID, name: String, sector: String, address: String) {
        self.districtID = districtID
        self.name = name
        self.sector = sector
        self.address = address
    }
}

/// A person of a partner organization: a client contact (whose reach in Pathwork is their
/// organization's client work only), a mentor or a worksite supervisor from it.
final class ClientContactLink: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "client_contacts"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "client_id") var client: Client
    @Parent(key: "person_id") var person: Person
    @OptionalField(key: "title") var title: String?
    @OptionalField(key: "phone") var phone: String?

    init() {}

    init(districtID: UUID, clientID: UUID, personID: UUID) {
        self.districtID = districtID
        self.$client.id = clientID
        self.$person.id = personID
    }
}

/// What a client asks for: what is wrong, where, by when. Triage turns it into an engagement
/// or declines it with a reason the client sees.
final class ServiceRequest: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "service_requests"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "client_id") var client: Client
    @Field(key: "submitted_by") var submittedBy: UUID
    @Field(key: "title") var title: String
    @Field(key: "description") var details: String
    @Field(key: "location") var location: String
    @OptionalField(key: "needed_by") var neededBy: String?
    @Field(key: "status") var status: ServiceRequestStatus
    @OptionalField(key: "decline_reason") var declineReason: String?
    @OptionalField(key: "engagement_id") var engagementID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// The contract: client, team, scope, pricing, budget and schedule.
final class Engagement: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "engagements"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "client_id") var client: Client
    @Parent(key: "team_id") var team: Team
    @OptionalField(key: "request_id") var requestID: UUID?
    @Field(key: "title") var title: String
    @Field(key: "scope") var scope: String
    @Field(key: "status") var status: EngagementStatus
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @Field(key: "pricing") var pricing: Pricing
    @Field(key: "hourly_rate_cents") var hourlyRateCents: Int
    @OptionalField(key: "fixed_fee_cents") var fixedFeeCents: Int?
    @OptionalField(key: "budget_minutes") var budgetMinutes: Int?
    @OptionalField(key: "budget_cents") var budgetCents: Int?
    @Field(key: "billing_increment_minutes") var billingIncrementMinutes: Int
    @Field(key: "stop_at_budget") var stopAtBudget: Bool
    @OptionalField(key: "po_number") var poNumber: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A scheduled check-up under an engagement, marked done (with a short report) or missed.
final class Visit: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "visits"

    enum Status: String, Codable, CaseIterable, ChoiceCodable, Sendable { case scheduled, done, missed }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "engagement_id") var engagement: Engagement
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: Status
    @OptionalField(key: "report") var report: String?

    init() {}

    init(districtID: UUID, engagementID: UUID, dueOn: CalendarDate) {
        self.districtID = districtID
        self.$engagement.id = engagementID
        self.dueOn = dueOn.description
        self.status = .scheduled
    }
}

/// Something the team owes the client: a report, an architecture, a class, a show.
final class Deliverable: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "deliverables"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "engagement_id") var engagement: Engagement
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: String
    @Field(key: "due_on") var dueOn: String
    @Field(key: "status") var status: DeliverableStatus
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Children(for: \.$deliverable) var events: [DeliverableEvent]

    init() {}
}

/// One step in a deliverable's review, kept so the history stays.
final class DeliverableEvent: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "deliverable_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "deliverable_id") var deliverable: Deliverable
    @Field(key: "actor_id") var actorID: UUID
    @Field(key: "status") var status: DeliverableStatus
    @Field(key: "comment") var comment: String
    @Field(key: "at") var at: Date

    init() {}

    init(districtID: UUID, deliverableID: UUID, actorID: UUID, status: DeliverableStatus, comment: String, at: Date) {
        self.districtID = districtID
        self.$deliverable.id = deliverableID
        self.actorID = actorID
        self.status = status
        self.comment = comment
        self.at = at
    }
}
