/// Who signs a placement's training agreement.
public enum AgreementSigner: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case student, guardian, supervisor, coordinator

    public var title: String {
        switch self {
        case .student: "Student"
        case .guardian: "Parent or guardian"
        case .supervisor: "Worksite supervisor"
        case .coordinator: "Program coordinator"
        }
    }
}

/// Where a placement stands: it starts only when the agreement in force is signed by all.
public enum PlacementStatus: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case awaitingSignatures, active, completed, ended

    public var title: String {
        switch self {
        case .awaitingSignatures: "Awaiting signatures"
        case .active: "Active"
        case .completed: "Completed"
        case .ended: "Ended early"
        }
    }
}

/// The terms of a training agreement: what the student will learn (tied to a pathway), when
/// they work, the safety training done, who supervises, and the wage and who pays it. Any
/// change to these makes a new version that everyone signs again.
public struct TrainingAgreementTerms: Codable, Equatable, Sendable {
    public var learningObjectives: String
    public var pathwayCode: String
    public var schedule: String
    public var safetyTraining: String
    public var safetyTrainingCompleted: Bool
    /// The worksite supervisor, by their person id as text (empty until chosen).
    public var supervisor: String
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate
    public var pay: OpportunityPay
    public var hourlyWageCents: Int?

    public init(learningObjectives: String, pathwayCode: String, schedule: String, safetyTraining: String, safetyTrainingCompleted: Bool,
                supervisor: String, startsOn: CalendarDate, endsOn: CalendarDate, pay: OpportunityPay, hourlyWageCents: Int?) {
        self.learningObjectives = learningObjectives
        self.pathwayCode = pathwayCode
        self.schedule = schedule
        self.safetyTraining = safetyTraining
        self.safetyTrainingCompleted = safetyTrainingCompleted
        self.supervisor = supervisor
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.pay = pay
        self.hourlyWageCents = hourlyWageCents
    }

    /// The federal minimum wage (29 U.S.C. § 206(a)(1)(C)), in cents an hour: a paid placement
    /// pays at least this; a state's higher minimum is the district's to enter.
    public static let federalMinimumWageCents = 725

    /// What keeps the agreement from being signed, each naming its field. An agreement with
    /// problems can be saved as a draft; nobody signs it until they are gone.
    public func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if learningObjectives.isEmpty { problems.append(("learningObjectives", "Write what the student will learn at the worksite.")) }
        if pathwayCode.isEmpty { problems.append(("pathwayCode", "Tie the learning objectives to the student's pathway.")) }
        if schedule.isEmpty { problems.append(("schedule", "Give the days and hours the student works.")) }
        if safetyTraining.isEmpty { problems.append(("safetyTraining", "Name the safety training for this worksite.")) }
        else if !safetyTrainingCompleted { problems.append(("safetyTrainingCompleted", "The safety training is completed before the placement starts.")) }
        if supervisor.isEmpty { problems.append(("supervisorId", "Name the worksite supervisor.")) }
        if endsOn < startsOn { problems.append(("endsOn", "The placement ends on or after the day it starts.")) }
        switch (pay, hourlyWageCents) {
        case (.unpaid, .some): problems.append(("hourlyWageCents", "An unpaid placement has no wage; choose who pays, or clear the wage."))
        case (.districtPaid, nil), (.partnerPaid, nil): problems.append(("hourlyWageCents", "Give the hourly wage of a paid placement."))
        case (_, let cents?) where cents < Self.federalMinimumWageCents:
            problems.append(("hourlyWageCents", "The wage is at least the federal minimum of $7.25 an hour."))
        default: break
        }
        return problems
    }

    /// The terms that differ from `old`, by field: any of them means new signatures.
    public func changes(from old: TrainingAgreementTerms) -> [String] {
        var changed: [String] = []
        if learningObjectives != old.learningObjectives { changed.append("learningObjectives") }
        if pathwayCode != old.pathwayCode { changed.append("pathwayCode") }
        if schedule != old.schedule { changed.append("schedule") }
        if safetyTraining != old.safetyTraining || safetyTrainingCompleted != old.safetyTrainingCompleted { changed.append("safetyTraining") }
        if supervisor != old.supervisor { changed.append("supervisorId") }
        if startsOn != old.startsOn || endsOn != old.endsOn { changed.append("dates") }
        if pay != old.pay || hourlyWageCents != old.hourlyWageCents { changed.append("pay") }
        return changed
    }
}

/// Who must sign, and what a set of signatures on the version in force means.
public enum TrainingAgreementSigning {
    /// A parent or guardian signs for a student under 18 on the first day.
    public static func required(studentAge: Int) -> [AgreementSigner] {
        studentAge < 18 ? [.student, .guardian, .supervisor, .coordinator] : [.student, .supervisor, .coordinator]
    }

    /// The signers still missing on the version in force; signatures on earlier versions do
    /// not count.
    public static func missing(required: [AgreementSigner], signatures: [(signer: AgreementSigner, version: Int)], version: Int) -> [AgreementSigner] {
        let signed = Set(signatures.filter { $0.version == version }.map(\.signer))
        return required.filter { !signed.contains($0) }
    }

    /// The status after a signature or an edit: active once every signer has signed the
    /// version in force (and its terms have no problems), waiting otherwise. A completed or
    /// ended placement stays so.
    public static func status(current: PlacementStatus, missing: [AgreementSigner], hasProblems: Bool) -> PlacementStatus {
        switch current {
        case .completed, .ended: current
        default: missing.isEmpty && !hasProblems ? .active : .awaitingSignatures
        }
    }
}
