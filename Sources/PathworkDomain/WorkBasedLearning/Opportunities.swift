/// Washington's Career Connect continuum (Career Connect Washington, "Career Launch"
/// program framework): Explore, Prep and Launch. Every work-based-learning opportunity sits on
/// it, so a district can see where its students are along it.
public enum CareerConnectStage: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case explore, prep, launch

    public var title: String {
        switch self {
        case .explore: "Career Explore"
        case .prep: "Career Prep"
        case .launch: "Career Launch"
        }
    }

    public var summary: String {
        switch self {
        case .explore: "Learning about careers: job fairs, guest speakers, job shadows, worksite tours."
        case .prep: "Building skills for a career: internships, pre-apprenticeships, skills centers."
        case .launch: "Paid, supervised work with aligned classroom learning and a credential beyond the diploma."
        }
    }
}

/// The kinds of work-based learning a district offers with its partners.
public enum OpportunityKind: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case careerFair, guestSpeaker, worksiteTour, jobShadow, internship, preApprenticeship, coop

    public var title: String {
        switch self {
        case .careerFair: "Career fair"
        case .guestSpeaker: "Guest speaker"
        case .worksiteTour: "Worksite tour"
        case .jobShadow: "Job shadow"
        case .internship: "Internship"
        case .preApprenticeship: "Pre-apprenticeship"
        case .coop: "Co-op"
        }
    }

    /// Where the continuum usually places this kind; a paid internship with a credential may
    /// be placed at Launch instead.
    public var usualStage: CareerConnectStage {
        switch self {
        case .careerFair, .guestSpeaker, .worksiteTour, .jobShadow: .explore
        case .internship, .preApprenticeship: .prep
        case .coop: .launch
        }
    }

    /// Whether a student is placed at a worksite under a supervisor (and keeps hours there),
    /// rather than attending an event.
    public var isPlacement: Bool { self == .internship || self == .preApprenticeship || self == .coop }
}

/// Who pays a student for the hours of an opportunity.
public enum OpportunityPay: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case districtPaid, partnerPaid, unpaid

    public var title: String {
        switch self {
        case .districtPaid: "Paid by the district"
        case .partnerPaid: "Paid by the partner"
        case .unpaid: "Unpaid"
        }
    }
}

/// Who may take an opportunity: an age, a grade band, a credential held. Each rule not met
/// gives the student its reason, so "not eligible" always says why.
public struct OpportunityEligibility: Sendable, Equatable {
    public var minimumAge: Int?
    public var minimumGrade: Int?
    public var maximumGrade: Int?
    /// The title of a credential the student must hold, e.g. "FAA Part 107 Remote Pilot".
    public var requiredCredential: String?

    public init(minimumAge: Int? = nil, minimumGrade: Int? = nil, maximumGrade: Int? = nil, requiredCredential: String? = nil) {
        self.minimumAge = minimumAge
        self.minimumGrade = minimumGrade
        self.maximumGrade = maximumGrade
        self.requiredCredential = requiredCredential
    }

    /// Why a student cannot take it, empty when they can. An unknown age or grade fails a rule
    /// that needs it. `credentials` are the titles the student holds, compared ignoring case.
    public func reasons(age: Int?, grade: Int?, credentials: Set<String>) -> [String] {
        var reasons: [String] = []
        if let minimumAge {
            if let age { if age < minimumAge { reasons.append("You must be \(minimumAge) or older.") } }
            else { reasons.append("Your birth date is not on record; ask your counselor.") }
        }
        if minimumGrade != nil || maximumGrade != nil {
            if let grade {
                if let minimumGrade, grade < minimumGrade { reasons.append("It is for grade \(minimumGrade) and up.") }
                if let maximumGrade, grade > maximumGrade { reasons.append("It is for grade \(maximumGrade) and below.") }
            } else {
                reasons.append("Your grade is not on record; ask your counselor.")
            }
        }
        if let requiredCredential, !requiredCredential.isEmpty,
           !credentials.contains(where: { $0.caseInsensitiveCompare(requiredCredential) == .orderedSame }) {
            reasons.append("You need the credential \"\(requiredCredential)\".")
        }
        return reasons
    }
}

/// The rules an opportunity keeps before it is published, each naming its field.
public enum OpportunityRules {
    public static let maximumSeats = 500

    public static func problems(stage: CareerConnectStage, pay: OpportunityPay, seats: Int, startsOn: CalendarDate, endsOn: CalendarDate,
                                applyBy: CalendarDate?, minimumGrade: Int?, maximumGrade: Int?) -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if stage == .launch && pay == .unpaid {
            problems.append(("pay", "Career Launch is paid work; choose who pays, or place it at Prep."))
        }
        if !(1...maximumSeats).contains(seats) { problems.append(("seats", "Offer from 1 to \(maximumSeats) seats.")) }
        if endsOn < startsOn { problems.append(("endsOn", "It ends on or after the day it starts.")) }
        if let applyBy, applyBy > startsOn { problems.append(("applyBy", "Applications close on or before the first day.")) }
        if let minimumGrade, let maximumGrade, maximumGrade < minimumGrade {
            problems.append(("maximumGrade", "The highest grade is at least the lowest."))
        }
        return problems
    }
}
