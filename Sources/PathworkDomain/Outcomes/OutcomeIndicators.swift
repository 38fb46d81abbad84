/// The student-level indicators of a school year, each a count of students and a rate over the
/// students enrolled in the scope.
public enum OutcomeIndicator: String, CaseIterable, Codable, Sendable {
    /// Any approved hours, an accepted deliverable, a credential, or a placement on a team.
    case participants
    /// Approved paid hours; carries the paid minutes and earnings of the group.
    case paidWork
    /// Worked on an engagement with a deliverable the client accepted.
    case acceptedDeliverables
    case credentialsEarned
    /// Perkins V: two or more completed courses in one CTE program.
    case concentrators
    /// Paid project work, a mentored team, a worksite placement or an Explore event.
    case workBasedLearning
    /// Career Connect Washington's continuum: attended an event or held a placement at each stage.
    case careerExplore, careerPrep, careerLaunch
    /// Placed at a partner's worksite (an internship, pre-apprenticeship or co-op) running in the year.
    case worksitePlacement
    /// Placements paid (by the district or the partner) and unpaid: the equity gap programs
    /// most need to see is who gets which.
    case paidPlacement, unpaidPlacement
    /// Rated at the rubric's proficient level or above (its top two) on a final evaluation.
    case evaluatedProficient
    /// On a venture of the entrepreneurship pathway that did something dated in the year (an
    /// interview, a prototype, a pitch).
    case entrepreneurship
    /// Pitched a venture at an event that closed in the year.
    case pitchGiven
    /// On a venture that completed a stage of the pathway in the year.
    case ventureStageCompleted
    /// Earned college credit in the year (dual credit: Running Start, College in the High
    /// School, AP, IB, CTE dual credit).
    case dualCredit
    /// Washington: a High School and Beyond Plan a counselor signed off in the year (RCW
    /// 28A.230.212(3): updated annually, with staff support).
    case beyondPlan

    public var title: String {
        switch self {
        case .participants: "Participants"
        case .paidWork: "Paid work"
        case .acceptedDeliverables: "Work a client accepted"
        case .credentialsEarned: "Credentials earned"
        case .concentrators: "CTE concentrators"
        case .workBasedLearning: "Work-based learning"
        case .careerExplore: "Career Explore"
        case .careerPrep: "Career Prep"
        case .careerLaunch: "Career Launch"
        case .worksitePlacement: "Worksite placements"
        case .paidPlacement: "Paid placements"
        case .unpaidPlacement: "Unpaid placements"
        case .evaluatedProficient: "Rated proficient at the end of a placement"
        case .entrepreneurship: "Entrepreneurship pathway"
        case .pitchGiven: "Pitched to a real audience"
        case .ventureStageCompleted: "Completed a stage of the entrepreneurship pathway"
        case .dualCredit: "Earned dual credit"
        case .beyondPlan: "Current High School and Beyond Plan"
        }
    }
}

/// What the records say about one student in one school year; the rollups keep these per
/// student and add them up per group.
public struct StudentYearOutcome: Sendable, Equatable {
    public var attributes: StudentAttributes
    public var approvedMinutes: Int
    public var earningsCents: Int
    public var acceptedDeliverable: Bool
    public var credentialsEarned: Int
    public var placed: Bool
    public var mentored: Bool
    public var concentrator: Bool
    /// Continuum stages reached in the year: events attended and placements held.
    public var stages: Set<CareerConnectStage>
    /// Who paid for each worksite placement running in the year.
    public var placementPay: Set<OpportunityPay>
    /// Approved hours at worksites, paid or not.
    public var placementMinutes: Int
    public var ratedProficient: Bool
    public var ventureWork: Bool
    public var pitched: Bool
    public var stageCompleted: Bool
    public var dualCredit: Bool
    public var beyondPlan: Bool
    /// The year's part in each Perkins V indicator.
    public var perkins: PerkinsStatus

    public init(attributes: StudentAttributes = StudentAttributes(), approvedMinutes: Int = 0, earningsCents: Int = 0, acceptedDeliverable: Bool = false,
                credentialsEarned: Int = 0, placed: Bool = false, mentored: Bool = false, concentrator: Bool = false,
                stages: Set<CareerConnectStage> = [], placementPay: Set<OpportunityPay> = [], placementMinutes: Int = 0, ratedProficient: Bool = false,
                ventureWork: Bool = false, pitched: Bool = false, stageCompleted: Bool = false, dualCredit: Bool = false,
                beyondPlan: Bool = false, perkins: PerkinsStatus = PerkinsStatus()) {
        self.attributes = attributes; self.approvedMinutes = approvedMinutes; self.earningsCents = earningsCents
        self.acceptedDeliverable = acceptedDeliverable; self.credentialsEarned = credentialsEarned; self.placed = placed
        self.mentored = mentored; self.concentrator = concentrator
        self.stages = stages; self.placementPay = placementPay; self.placementMinutes = placementMinutes; self.ratedProficient = ratedProficient
        self.ventureWork = ventureWork; self.pitched = pitched; self.stageCompleted = stageCompleted; self.dualCredit = dualCredit
        self.beyondPlan = beyondPlan; self.perkins = perkins
    }

    public func meets(_ indicator: OutcomeIndicator) -> Bool {
        switch indicator {
        case .participants: approvedMinutes > 0 || acceptedDeliverable || credentialsEarned > 0 || placed || !stages.isEmpty || ventureWork
        case .paidWork: approvedMinutes > 0
        case .acceptedDeliverables: acceptedDeliverable
        case .credentialsEarned: credentialsEarned > 0
        case .concentrators: concentrator
        case .workBasedLearning: approvedMinutes > 0 || mentored || !stages.isEmpty
        case .careerExplore: stages.contains(.explore)
        case .careerPrep: stages.contains(.prep)
        case .careerLaunch: stages.contains(.launch)
        case .worksitePlacement: !placementPay.isEmpty
        case .paidPlacement: placementPay.contains(.districtPaid) || placementPay.contains(.partnerPaid)
        case .unpaidPlacement: placementPay.contains(.unpaid)
        case .evaluatedProficient: ratedProficient
        case .entrepreneurship: ventureWork || pitched || stageCompleted
        case .pitchGiven: pitched
        case .ventureStageCompleted: stageCompleted
        case .dualCredit: dualCredit
        case .beyondPlan: beyondPlan
        }
    }
}

/// The sums for one group (or for all students): enrolled, students meeting each indicator, and
/// the paid-work amounts. Adding tallies is how rollups combine schools into a district.
public struct GroupTally: Sendable, Equatable {
    public var enrolled = 0
    public var counts: [OutcomeIndicator: Int] = [:]
    public var paidMinutes = 0
    public var earningsCents = 0
    public var placementMinutes = 0
    /// Perkins V: students in each indicator's denominator, and in its numerator.
    public var perkinsCounted: [PerkinsIndicator: Int] = [:]
    public var perkinsMet: [PerkinsIndicator: Int] = [:]

    public init(enrolled: Int = 0, counts: [OutcomeIndicator: Int] = [:], paidMinutes: Int = 0, earningsCents: Int = 0, placementMinutes: Int = 0,
                perkinsCounted: [PerkinsIndicator: Int] = [:], perkinsMet: [PerkinsIndicator: Int] = [:]) {
        self.enrolled = enrolled; self.counts = counts; self.paidMinutes = paidMinutes; self.earningsCents = earningsCents
        self.placementMinutes = placementMinutes; self.perkinsCounted = perkinsCounted; self.perkinsMet = perkinsMet
    }

    public func count(_ indicator: OutcomeIndicator) -> Int { counts[indicator] ?? 0 }
    public func counted(_ indicator: PerkinsIndicator) -> Int { perkinsCounted[indicator] ?? 0 }
    public func met(_ indicator: PerkinsIndicator) -> Int { perkinsMet[indicator] ?? 0 }

    /// Equal sums are equal tallies, whether a zero count is stored or absent.
    public static func == (a: GroupTally, b: GroupTally) -> Bool {
        a.enrolled == b.enrolled && a.paidMinutes == b.paidMinutes && a.earningsCents == b.earningsCents && a.placementMinutes == b.placementMinutes
            && OutcomeIndicator.allCases.allSatisfy { a.count($0) == b.count($0) }
            && PerkinsIndicator.allCases.allSatisfy { a.counted($0) == b.counted($0) && a.met($0) == b.met($0) }
    }

    public mutating func add(_ student: StudentYearOutcome) {
        enrolled += 1
        for indicator in OutcomeIndicator.allCases where student.meets(indicator) { counts[indicator, default: 0] += 1 }
        paidMinutes += max(student.approvedMinutes, 0)
        earningsCents += max(student.earningsCents, 0)
        placementMinutes += max(student.placementMinutes, 0)
        for indicator in student.perkins.counted { perkinsCounted[indicator, default: 0] += 1 }
        for indicator in student.perkins.met { perkinsMet[indicator, default: 0] += 1 }
    }

    public static func + (a: GroupTally, b: GroupTally) -> GroupTally {
        GroupTally(enrolled: a.enrolled + b.enrolled, counts: a.counts.merging(b.counts, uniquingKeysWith: +),
                   paidMinutes: a.paidMinutes + b.paidMinutes, earningsCents: a.earningsCents + b.earningsCents,
                   placementMinutes: a.placementMinutes + b.placementMinutes,
                   perkinsCounted: a.perkinsCounted.merging(b.perkinsCounted, uniquingKeysWith: +), perkinsMet: a.perkinsMet.merging(b.perkinsMet, uniquingKeysWith: +))
    }
}

/// All students' tally and each group's, for one scope and year.
public struct OutcomeTallies: Sendable, Equatable {
    public var all: GroupTally
    public var groups: [StudentGroup: GroupTally]

    public init(all: GroupTally = GroupTally(), groups: [StudentGroup: GroupTally] = [:]) { self.all = all; self.groups = groups }

    /// The straightforward way: every student added to all students and to each of their groups.
    public static func tally(_ students: [StudentYearOutcome]) -> OutcomeTallies {
        var result = OutcomeTallies()
        for student in students {
            result.all.add(student)
            for group in student.attributes.groups { result.groups[group, default: GroupTally()].add(student) }
        }
        return result
    }

    public func group(_ group: StudentGroup) -> GroupTally { groups[group] ?? GroupTally() }

    /// Equal in every group of every dimension; a group stored as zeros equals one not stored.
    public static func == (a: OutcomeTallies, b: OutcomeTallies) -> Bool {
        a.all == b.all && GroupDimension.allCases.flatMap(\.groups).allSatisfy { a.group($0) == b.group($0) }
    }

    public static func + (a: OutcomeTallies, b: OutcomeTallies) -> OutcomeTallies {
        OutcomeTallies(all: a.all + b.all, groups: a.groups.merging(b.groups, uniquingKeysWith: +))
    }
}

/// Rates, gaps and the representation index, from exact integer counts. Each is the exact
/// fraction rounded once, half away from zero, at the end: a rate to a tenth of a percent, a gap
/// to a tenth of a percentage point (from the exact rates, not the rounded ones), an index to a
/// hundredth.
public enum OutcomeArithmetic {
    public static let roundingRule = "Rates are exact fractions of whole-number counts, rounded half up to one decimal place; gaps are computed from the exact rates before rounding; the representation index is rounded to two decimal places."

    /// `numerator / denominator`, in units of `1/scale`, rounded half away from zero.
    public static func rounded(_ numerator: Int, over denominator: Int, scale: Int) -> Int {
        precondition(denominator > 0)
        let scaled = numerator * scale
        let magnitude = (2 * abs(scaled) + denominator) / (2 * denominator)
        return scaled < 0 ? -magnitude : magnitude
    }

    /// Percent in tenths: 1 of 3 is 333 (33.3 %). Nil when nobody is enrolled.
    public static func rateTenths(_ count: Int, of enrolled: Int) -> Int? {
        enrolled > 0 ? rounded(count, over: enrolled, scale: 1000) : nil
    }

    /// The group's rate minus all students' rate, in tenths of a percentage point.
    public static func gapTenths(group: (count: Int, enrolled: Int), all: (count: Int, enrolled: Int)) -> Int? {
        guard group.enrolled > 0, all.enrolled > 0 else { return nil }
        return rounded(group.count * all.enrolled - all.count * group.enrolled, over: group.enrolled * all.enrolled, scale: 1000)
    }

    /// (group's share of the students meeting the indicator) ÷ (group's share of enrolled), in
    /// hundredths: 100 means represented in proportion, below 100 under-served.
    public static func representationHundredths(group: (count: Int, enrolled: Int), all: (count: Int, enrolled: Int)) -> Int? {
        guard group.enrolled > 0, all.count > 0 else { return nil }
        return rounded(group.count * all.enrolled, over: all.count * group.enrolled, scale: 100)
    }

    /// "33.3%", "-4.5", "0.87": tenths or hundredths written out.
    public static func decimal(_ value: Int, places: Int) -> String {
        let unit = places == 1 ? 10 : 100
        let sign = value < 0 ? "-" : ""
        let fraction = String(abs(value) % unit)
        return "\(sign)\(abs(value) / unit).\(String(repeating: "0", count: places - fraction.count))\(fraction)"
    }
}
