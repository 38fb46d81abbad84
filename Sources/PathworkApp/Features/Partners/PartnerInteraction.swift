import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A meeting, call, email, visit or event with a partner organization, with the next step it
/// led to: what, who on the district's side owns it, and by when.
final class PartnerInteraction: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "partner_interactions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "partner_id") var partner: Client
    @Field(key: "kind") var kind: InteractionKind
    @Field(key: "happened_on") var happenedOn: String
    @Field(key: "summary") var summary: String
    @Field(key: "logged_by") var loggedBy: UUID
    @OptionalField(key: "next_step") var nextStep: String?
    @OptionalField(key: "next_step_owner_id") var nextStepOwnerID: UUID?
    @OptionalField(key: "next_step_due_on") var nextStepDueOn: String?
    @OptionalField(key: "next_step_done_on") var nextStepDoneOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// Where its next step stands today; nil when it has none.
    func nextStepState(today: CalendarDate) -> NextStepState? {
        guard nextStep != nil, let due = nextStepDueOn.flatMap(CalendarDate.init(iso:)) else { return nil }
        return NextStepState.of(dueOn: due, doneOn: nextStepDoneOn.flatMap(CalendarDate.init(iso:)), today: today)
    }
}

struct PartnerInteractionInput: Content {
    var kind: String?
    var happenedOn: String?
    var summary: String?
    var nextStep: String?
    var nextStepOwnerId: String?
    var nextStepDueOn: String?
}

struct PartnerInteractionJSON: Content {
    var id: UUID
    var partnerId: UUID
    var kind: InteractionKind
    var happenedOn: String
    var summary: String
    var loggedBy: UUID
    var nextStep: String?
    var nextStepOwnerId: UUID?
    var nextStepDueOn: String?
    var nextStepDoneOn: String?
    var nextStepState: NextStepState?

    init(_ i: PartnerInteraction, today: CalendarDate) throws {
        id = try i.requireID(); partnerId = i.$partner.id; kind = i.kind; happenedOn = i.happenedOn; summary = i.summary
        loggedBy = i.loggedBy; nextStep = i.nextStep; nextStepOwnerId = i.nextStepOwnerID; nextStepDueOn = i.nextStepDueOn
        nextStepDoneOn = i.nextStepDoneOn; nextStepState = i.nextStepState(today: today)
    }
}
