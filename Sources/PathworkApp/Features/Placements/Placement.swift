import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A student placed at a partner's worksite under a supervisor, from an accepted application.
/// It holds the training agreement's terms; any change to them is a new version that everyone
/// signs again, and the placement runs only while the version in force is signed by all.
final class Placement: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "placements"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "opportunity_id") var opportunity: Opportunity
    @OptionalField(key: "application_id") var applicationID: UUID?
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "partner_id") var partnerID: UUID
    @OptionalField(key: "supervisor_id") var supervisorID: UUID?
    @Field(key: "status") var status: PlacementStatus
    /// The agreement's version in force; signatures count only on it.
    @Field(key: "version") var version: Int
    @Field(key: "learning_objectives") var learningObjectives: String
    @Field(key: "pathway_code") var pathwayCode: String
    @Field(key: "schedule") var schedule: String
    @Field(key: "safety_training") var safetyTraining: String
    @Field(key: "safety_training_completed") var safetyTrainingCompleted: Bool
    @Field(key: "starts_on") var startsOn: String
    @Field(key: "ends_on") var endsOn: String
    @Field(key: "pay") var pay: OpportunityPay
    @OptionalField(key: "hourly_wage_cents") var hourlyWageCents: Int?
    /// The student's reflection on what they learned, written before completion.
    @Field(key: "reflection") var reflection: String
    /// When everyone first signed: from then on the placement counts in outcomes.
    @OptionalField(key: "started_at") var startedAt: Date?
    @OptionalField(key: "completed_at") var completedAt: Date?
    @OptionalField(key: "issued_credential_id") var issuedCredentialID: UUID?
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// A new placement in an opportunity, its agreement at version 1 with the opportunity's
    /// dates, pay and first pathway, and the rest to be written.
    init(in opportunity: Opportunity, studentID: UUID, applicationID: UUID?, supervisorID: UUID?, createdBy: UUID) throws {
        districtID = opportunity.districtID
        $opportunity.id = try opportunity.requireID()
        self.applicationID = applicationID
        self.studentID = studentID
        partnerID = opportunity.$partner.id
        self.supervisorID = supervisorID
        status = .awaitingSignatures
        version = 1
        learningObjectives = ""
        pathwayCode = opportunity.pathways.first ?? ""
        schedule = ""
        safetyTraining = ""
        safetyTrainingCompleted = false
        startsOn = opportunity.startsOn
        endsOn = opportunity.endsOn
        pay = opportunity.pay
        hourlyWageCents = nil
        reflection = ""
        self.createdBy = createdBy
    }

    var terms: TrainingAgreementTerms {
        TrainingAgreementTerms(learningObjectives: learningObjectives, pathwayCode: pathwayCode, schedule: schedule, safetyTraining: safetyTraining,
                               safetyTrainingCompleted: safetyTrainingCompleted, supervisor: supervisorID?.uuidString ?? "",
                               startsOn: CalendarDate(iso: startsOn) ?? .init(dayNumber: 0), endsOn: CalendarDate(iso: endsOn) ?? .init(dayNumber: 0),
                               pay: pay, hourlyWageCents: hourlyWageCents)
    }

    func apply(_ terms: TrainingAgreementTerms) {
        learningObjectives = terms.learningObjectives; pathwayCode = terms.pathwayCode; schedule = terms.schedule
        safetyTraining = terms.safetyTraining; safetyTrainingCompleted = terms.safetyTrainingCompleted
        supervisorID = UUID(uuidString: terms.supervisor); startsOn = terms.startsOn.description; endsOn = terms.endsOn.description
        pay = terms.pay; hourlyWageCents = terms.hourlyWageCents
    }
}

/// One signature on one version of a placement's training agreement: who, as what, when, and
/// the name they typed.
final class PlacementSignature: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "placement_signatures"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "placement_id") var placement: Placement
    @Field(key: "version") var version: Int
    @Field(key: "signer") var signer: AgreementSigner
    @Field(key: "person_id") var personID: UUID
    @Field(key: "signed_name") var signedName: String
    @Field(key: "signed_at") var signedAt: Date

    init() {}
}

/// Hours a student works at the worksite, logged or clocked, waiting for the supervisor.
/// District-paid hours carry the wage once approved and go to payroll with team time; the
/// child-labor engine counts them with team time, whichever the student records first.
final class PlacementHours: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "placement_hours"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "placement_id") var placement: Placement
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "work_date") var workDate: String
    @Field(key: "starts_at") var startsAt: Date
    @OptionalField(key: "ends_at") var endsAt: Date?
    @Field(key: "minutes") var minutes: Int
    @Field(key: "status") var status: TimeEntryStatus
    @Field(key: "source") var source: TimeEntry.Source
    @Field(key: "note") var note: String
    /// Rejection reason.
    @Field(key: "reason") var reason: String
    /// Rules a clock-out was found to pass (recorded as worked, shown to the supervisor).
    @Field(key: "flags") var flags: String
    /// Copied from the placement when logged: payroll takes district-paid hours only.
    @Field(key: "paid_by") var paidBy: OpportunityPay
    @OptionalField(key: "hourly_wage_cents") var hourlyWageCents: Int?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var date: CalendarDate { CalendarDate(iso: workDate) ?? .init(dayNumber: 0) }
}

/// A supervisor's rating of the student at midpoint or end, on the district's rubric as it
/// stood then (kept with the ratings, so a later change to the rubric leaves it readable).
final class PlacementEvaluation: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "placement_evaluations"

    enum Point: String, Codable, CaseIterable, ChoiceCodable, Sendable {
        case midpoint, final

        var title: String { self == .midpoint ? "Midpoint evaluation" : "Final evaluation" }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "placement_id") var placement: Placement
    @Field(key: "point") var point: Point
    @Field(key: "rubric") var rubric: String
    @Field(key: "ratings") var ratings: String
    @Field(key: "mean_tenths") var meanTenths: Int
    @Field(key: "overall_level") var overallLevel: Int
    /// At the rubric's proficient level or above (its top two), for outcomes.
    @Field(key: "proficient") var proficient: Bool
    @Field(key: "comments") var comments: String
    @Field(key: "evaluator_id") var evaluatorID: UUID
    @Field(key: "submitted_at") var submittedAt: Date

    init() {}
}

/// The rubric a district's supervisors rate on; made from the workplace-readiness default on
/// first use.
final class DistrictRubric: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "competency_rubrics"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "definition") var definition: String
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}
