import Foundation

/// What a team role asks of the student who fills it. A drone pilot must be 16 or older and
/// hold an FAA Part 107 certificate; work with power-driven equipment is barred under 16.
public struct RoleRequirement: Equatable, Codable, Sendable {
    public var minimumAge: Int?
    /// The title of a credential the student must hold, e.g. "FAA Part 107 Remote Pilot".
    public var requiredCredential: String?
    /// Hazardous work the federal rules bar for 14- and 15-year-olds (29 CFR 570.33), such as
    /// operating power-driven machinery or maintaining equipment.
    public var barredUnder16: Bool

    public init(minimumAge: Int? = nil, requiredCredential: String? = nil, barredUnder16: Bool = false) {
        self.minimumAge = minimumAge
        self.requiredCredential = requiredCredential
        self.barredUnder16 = barredUnder16
    }

    /// The reasons a student cannot take the role, empty when they can. `credentials` holds the
    /// titles of credentials the student holds, compared case-insensitively.
    public func refusals(age: Int, credentials: Set<String>) -> [String] {
        var reasons: [String] = []
        if let minimumAge, age < minimumAge {
            reasons.append("The role needs a student aged \(minimumAge) or older; this student is \(age).")
        }
        if barredUnder16, age < 16 {
            reasons.append("Federal child-labor rules bar this work for students under 16; this student is \(age).")
        }
        if let requiredCredential, !requiredCredential.isEmpty,
           !credentials.contains(where: { $0.caseInsensitiveCompare(requiredCredential) == .orderedSame }) {
            reasons.append("The role needs the credential \"\(requiredCredential)\", which this student does not hold.")
        }
        return reasons
    }
}

/// A wage that changes over time. Each rate applies from its date forward until the next one;
/// a change may not start before today, so hours already worked keep the wage they were worked at.
public struct WageHistory: Equatable, Sendable {
    public struct Rate: Equatable, Sendable {
        public let effectiveFrom: CalendarDate
        public let hourlyCents: Int

        public init(effectiveFrom: CalendarDate, hourlyCents: Int) {
            self.effectiveFrom = effectiveFrom
            self.hourlyCents = hourlyCents
        }
    }

    public private(set) var rates: [Rate]

    public init(rates: [Rate]) { self.rates = rates.sorted { $0.effectiveFrom < $1.effectiveFrom } }

    /// The wage in force on `date`, or nil before the first rate.
    public func hourlyCents(on date: CalendarDate) -> Int? {
        rates.last { $0.effectiveFrom <= date }?.hourlyCents
    }

    public enum ChangeError: Error, Equatable, Sendable {
        case backdated(earliest: CalendarDate)
        case notPositive
    }

    /// A new rate from `effectiveFrom`; one on the same date replaces the earlier change made for
    /// that date, as long as that date has not begun.
    public mutating func change(to hourlyCents: Int, from effectiveFrom: CalendarDate, today: CalendarDate) throws(ChangeError) {
        guard hourlyCents > 0 else { throw .notPositive }
        guard effectiveFrom >= today else { throw .backdated(earliest: today) }
        rates.removeAll { $0.effectiveFrom == effectiveFrom }
        rates.append(Rate(effectiveFrom: effectiveFrom, hourlyCents: hourlyCents))
        rates.sort { $0.effectiveFrom < $1.effectiveFrom }
    }
}

/// The stages of a contract with a client.
public enum EngagementStatus: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case proposed, active, onHold, completed, cancelled

    public var title: String {
        switch self {
        case .proposed: "Proposed"
        case .active: "Active"
        case .onHold: "On hold"
        case .completed: "Completed"
        case .cancelled: "Cancelled"
        }
    }

    /// Completed and cancelled are final; everything else moves forward or pauses.
    public func canMove(to next: EngagementStatus) -> Bool {
        switch (self, next) {
        case (.proposed, .active), (.proposed, .cancelled): true
        case (.active, .onHold), (.active, .completed), (.active, .cancelled): true
        case (.onHold, .active), (.onHold, .cancelled): true
        default: false
        }
    }
}

/// Recurring visits under a contract: "every quarter from March 1, four times".
public struct VisitSchedule: Equatable, Codable, Sendable {
    public enum Cadence: String, Codable, CaseIterable, ChoiceCodable, Sendable {
        case weekly, monthly, quarterly, yearly

        var months: Int? {
            switch self {
            case .weekly: nil
            case .monthly: 1
            case .quarterly: 3
            case .yearly: 12
            }
        }
    }

    public var firstOn: CalendarDate
    public var cadence: Cadence
    public var count: Int

    public init(firstOn: CalendarDate, cadence: Cadence, count: Int) {
        self.firstOn = firstOn
        self.cadence = cadence
        self.count = count
    }

    public static let maximumVisits = 60

    /// The visit dates. Months are counted from the first date, so a schedule from January 31
    /// visits on the last day of shorter months and returns to the 31st when it can.
    public var dates: [CalendarDate] {
        (0..<max(0, min(count, Self.maximumVisits))).map { index in
            guard let months = cadence.months else { return firstOn.adding(days: 7 * index) }
            return firstOn.adding(months: months * index)
        }
    }
}

/// A deliverable's review cycle: the team submits, the client accepts or asks for a revision,
/// and a revised deliverable is submitted again. Accepted is final.
public enum DeliverableStatus: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case planned, submitted, revisionRequested, accepted

    public var title: String {
        switch self {
        case .planned: "Planned"
        case .submitted: "Submitted for review"
        case .revisionRequested: "Revision requested"
        case .accepted: "Accepted"
        }
    }

    public func canMove(to next: DeliverableStatus) -> Bool {
        switch (self, next) {
        case (.planned, .submitted), (.revisionRequested, .submitted): true
        case (.submitted, .accepted), (.submitted, .revisionRequested): true
        default: false
        }
    }
}

/// How a client's request stands.
public enum ServiceRequestStatus: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case submitted, accepted, declined

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// How an engagement is priced: by the hour, or one fixed fee.
public enum Pricing: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case hourly, fixedFee
}
