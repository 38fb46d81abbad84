/// What an agreement's objective is counted by. Strong partnerships have "clear objectives" that
/// are "evaluated and continuously improved" (seed 001): where Pathwork holds the records, it
/// counts them; where it does not, the coordinator records the figure.
public enum ObjectiveMeasure: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    /// Hours the teams worked on the partner's engagements in the agreement's term, approved.
    case engagementHours
    /// Mentoring sessions the partner's mentors logged in the term.
    case mentoringSessions
    /// Meetings, calls, visits and events with the partner logged in the term.
    case interactions
    /// Students placed at its worksite whose placement started and runs in the term.
    case studentsHosted
    /// Hours its supervisors approved at its worksite in the term.
    case worksiteHours
    /// Supervisors' final evaluations of students at its worksite, in the term.
    case evaluations
    /// Students who attended its events (fairs, talks, tours, shadows) in the term.
    case eventAttendance
    /// A figure the coordinator records.
    case recorded

    public var title: String {
        switch self {
        case .engagementHours: "Approved hours on its engagements (counted)"
        case .mentoringSessions: "Mentoring sessions by its mentors (counted)"
        case .interactions: "Interactions logged with it (counted)"
        case .studentsHosted: "Students it hosted on placements (counted)"
        case .worksiteHours: "Approved hours at its worksite (counted)"
        case .evaluations: "Final evaluations by its supervisors (counted)"
        case .eventAttendance: "Students at its events (counted)"
        case .recorded: "Recorded by hand"
        }
    }
}

/// An objective's standing: how far its figure is toward its target.
public struct ObjectiveProgress: Sendable, Equatable {
    public let value: Int
    public let target: Int

    public init(value: Int, target: Int) { (self.value, self.target) = (value, target) }

    public var isMet: Bool { value >= target }
    /// Whole percent toward the target, at most 100, rounded down so "100%" means met.
    public var percent: Int { target <= 0 ? 100 : min(100, value * 100 / target) }
}

/// Whether a partnership is healthy, by rules the partner page states. Each rule that fires
/// gives its reason; the worst level among them is the partnership's.
public enum PartnershipHealth: Int, Sendable, Comparable, CaseIterable {
    case healthy, needsAttention, atRisk

    public var title: String {
        switch self {
        case .healthy: "Healthy"
        case .needsAttention: "Needs attention"
        case .atRisk: "At risk"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The facts the rules read.
    public struct Facts: Sendable {
        public var today: CalendarDate
        public var lastContact: CalendarDate?
        public var overdueNextSteps: Int
        /// The current agreement's end, when there is one.
        public var agreementEnds: CalendarDate?
        public var lastEvaluation: CalendarDate?
        /// The coordinator's ratings (1–4) of the objectives in the latest evaluation.
        public var latestRatings: [Int]

        public init(today: CalendarDate, lastContact: CalendarDate? = nil, overdueNextSteps: Int = 0, agreementEnds: CalendarDate? = nil,
                    lastEvaluation: CalendarDate? = nil, latestRatings: [Int] = []) {
            self.today = today
            self.lastContact = lastContact
            self.overdueNextSteps = overdueNextSteps
            self.agreementEnds = agreementEnds
            self.lastEvaluation = lastEvaluation
            self.latestRatings = latestRatings
        }
    }

    /// The rules as the page states them, in order.
    public static let rules = [
        "No contact logged for 90 days needs attention; for 180 days, the partnership is at risk.",
        "A next step past its due date needs attention.",
        "An agreement ending within 60 days needs attention (renew it or let it end on purpose); one ended is at risk.",
        "No yearly evaluation in the last 12 months needs attention.",
        "Objectives rated 1 or 2 of 4 on average in the latest evaluation are at risk.",
    ]

    public static func assess(_ facts: Facts) -> (health: PartnershipHealth, reasons: [String]) {
        var found: [(PartnershipHealth, String)] = []
        let today = facts.today.dayNumber
        if let last = facts.lastContact {
            let days = today - last.dayNumber
            if days >= 180 { found.append((.atRisk, "No contact logged for \(days) days.")) }
            else if days >= 90 { found.append((.needsAttention, "No contact logged for \(days) days.")) }
        } else if facts.agreementEnds != nil {
            found.append((.needsAttention, "No contact logged yet."))
        }
        if facts.overdueNextSteps > 0 {
            found.append((.needsAttention, facts.overdueNextSteps == 1 ? "A next step is overdue." : "\(facts.overdueNextSteps) next steps are overdue."))
        }
        if let ends = facts.agreementEnds {
            let days = ends.dayNumber - today
            if days < 0 { found.append((.atRisk, "The agreement ended on \(ends).")) }
            else if days <= 60 { found.append((.needsAttention, "The agreement ends on \(ends), in \(days) days.")) }
        }
        if let evaluated = facts.lastEvaluation {
            if today - evaluated.dayNumber > 365 { found.append((.needsAttention, "Last evaluated on \(evaluated), over a year ago.")) }
        } else if facts.agreementEnds != nil {
            found.append((.needsAttention, "Not evaluated yet."))
        }
        if !facts.latestRatings.isEmpty {
            let total = facts.latestRatings.reduce(0, +)
            // Below 2.5 on average, in whole numbers: 2 × total < 5 × count.
            if total * 2 < 5 * facts.latestRatings.count {
                found.append((.atRisk, "The latest evaluation rated its objectives below 2.5 of 4 on average."))
            }
        }
        return (found.map(\.0).max() ?? .healthy, found.map(\.1))
    }
}

/// The yearly questionnaire a partner's contact answers: four statements on a four-point scale
/// and a comment. Kept short so that it is answered.
public enum PartnerQuestionnaire {
    public static let statements = [
        "The partnership's objectives are clear to us.",
        "We get what we hoped for from working with the district's students.",
        "The district keeps in touch often enough, and answers when we ask.",
        "We want to continue, and to do more, next year.",
    ]
    public static let scale = ["Disagree", "Somewhat disagree", "Somewhat agree", "Agree"]
}
