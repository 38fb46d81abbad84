import Fluent
import Foundation
import PathworkDomain
import Vapor

/// What a partner and the district agreed: a term, what each side gives, who signed, and
/// objectives that can be measured.
final class PartnershipAgreement: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "partnership_agreements"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "partner_id") var partner: Client
    @Field(key: "title") var title: String
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "district_gives") var districtGives: String
    @Field(key: "partner_gives") var partnerGives: String
    @Field(key: "signatories") var signatories: String
    @OptionalField(key: "signed_on") var signedOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var term: ClosedRange<CalendarDate>? {
        guard let start = CalendarDate(iso: startsOn), let end = CalendarDate(iso: endsOn), start <= end else { return nil }
        return start...end
    }
}

/// One measurable objective of an agreement: a target, the unit it is counted in, and what
/// counts it.
final class PartnershipObjective: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "partnership_objectives"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "agreement_id") var agreement: PartnershipAgreement
    @Field(key: "description") var details: String
    @Field(key: "target") var target: Int
    @Field(key: "unit") var unit: String
    @Field(key: "measure") var measure: ObjectiveMeasure
    @Field(key: "how_measured") var howMeasured: String
    @OptionalField(key: "recorded_value") var recordedValue: Int?

    init() {}
}

/// A school year's evaluation of an agreement: the partner's answers to the questionnaire, and
/// the coordinator's rating of each objective. Kept year over year.
final class PartnershipEvaluation: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "partnership_evaluations"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "agreement_id") var agreement: PartnershipAgreement
    /// The year the school year starts in: 2026 for 2026–2027.
    @Field(key: "school_year") var schoolYear: Int
    /// The partner's answers, 1–4 per statement of `PartnerQuestionnaire`, comma-separated.
    @OptionalField(key: "answers") var answers: String?
    @OptionalField(key: "comment") var comment: String?
    @OptionalField(key: "answered_by") var answeredBy: UUID?
    @OptionalField(key: "answered_on") var answeredOn: String?
    /// The coordinator's ratings, "objectiveID=1…4" comma-separated.
    @OptionalField(key: "ratings") var ratings: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "rated_by") var ratedBy: UUID?
    @OptionalField(key: "rated_on") var ratedOn: String?

    init() {}

    var answerValues: [Int] { (answers ?? "").split(separator: ",").compactMap { Int($0) } }

    var ratingValues: [UUID: Int] {
        var result: [UUID: Int] = [:]
        for pair in (ratings ?? "").split(separator: ",") {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let id = UUID(uuidString: String(parts[0])), let value = Int(parts[1]) { result[id] = value }
        }
        return result
    }

    static func ratingsText(_ ratings: [UUID: Int]) -> String {
        ratings.sorted { $0.key.uuidString < $1.key.uuidString }.map { "\($0.key.uuidString)=\($0.value)" }.joined(separator: ",")
    }
}
