import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Work-based learning a partner offers: from a career fair to a paid internship, placed on the
/// Career Connect continuum and on pathways, with who may take it, seats, dates and place.
/// A partner's people propose; the coordinator publishes; students see what is published.
final class Opportunity: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "opportunities"

    enum Status: String, Codable, CaseIterable, ChoiceCodable, Sendable {
        case proposed, published, closed

        var title: String {
            switch self {
            case .proposed: "Proposed"
            case .published: "Published"
            case .closed: "Closed"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "partner_id") var partner: Client
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: OpportunityKind
    @Field(key: "stage") var stage: CareerConnectStage
    @Field(key: "pay") var pay: OpportunityPay
    @Field(key: "description") var details: String
    /// Career Clusters pathway codes, comma-separated.
    @Field(key: "pathway_codes") var pathwayCodes: String
    @OptionalField(key: "minimum_age") var minimumAge: Int?
    @OptionalField(key: "minimum_grade") var minimumGrade: Int?
    @OptionalField(key: "maximum_grade") var maximumGrade: Int?
    @OptionalField(key: "required_credential_id") var requiredCredentialID: UUID?
    @Field(key: "seats") var seats: Int
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @OptionalField(key: "apply_by") var applyBy: String?
    @Field(key: "location") var location: String
    @Field(key: "transport") var transport: String
    @Field(key: "status") var status: Status
    @Field(key: "proposed_by") var proposedBy: UUID
    /// The code students check in to an event with, while check-in is open.
    @OptionalField(key: "check_in_code") var checkInCode: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var pathways: [String] { pathwayCodes.split(separator: ",").map(String.init) }
}

/// A student's application to an opportunity, with their answer to "why this?".
final class OpportunityApplication: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "opportunity_applications"

    typealias Status = ApplicationStatus

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "opportunity_id") var opportunity: Opportunity
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "answer") var answer: String
    @Field(key: "status") var status: Status
    /// When it last moved: the waitlist is served in the order students joined it.
    @OptionalField(key: "status_changed_at") var statusChangedAt: Date?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
