/// Papers a state requires on file before a minor works, and meal periods it requires during
/// work: the parts of the law that are records and flags rather than limits.
public enum WorkAuthorizationKind: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    /// Washington's Parent/School Authorization form, signed by a parent and the school.
    case parentSchool = "parent-school"
    /// The minor work permit endorsement on the employer's Washington business license.
    case employerEndorsement = "employer-endorsement"
    /// Colorado's school release permit for work during school hours.
    case schoolRelease = "school-release"

    public var title: String {
        switch self {
        case .parentSchool: "Parent/School Authorization"
        case .employerEndorsement: "Minor work permit endorsement"
        case .schoolRelease: "School release permit"
        }
    }

    /// Whether it is the district's as employer (one for everyone) or a student's own.
    public var isEmployers: Bool { self == .employerEndorsement }

    /// The last day an authorization signed on `date` is current when nobody says otherwise:
    /// a Parent/School Authorization serves its school year (from July 1) and must be renewed
    /// by September 30 of the next. Others carry the end date written on them.
    public func defaultValidUntil(signedOn date: CalendarDate) -> CalendarDate? {
        guard self == .parentSchool else { return nil }
        let schoolYear = date.month >= 7 ? date.year : date.year - 1
        return CalendarDate(year: schoolYear + 1, month: 9, day: 30)
    }
}

/// An authorization on file, current from its first to its last day (inclusive).
public struct HeldAuthorization: Equatable, Sendable {
    public var kind: WorkAuthorizationKind
    public var validFrom: CalendarDate
    public var validUntil: CalendarDate?

    public init(kind: WorkAuthorizationKind, validFrom: CalendarDate, validUntil: CalendarDate?) {
        self.kind = kind
        self.validFrom = validFrom
        self.validUntil = validUntil
    }

    public func covers(_ date: CalendarDate) -> Bool { InForce.on(date, from: validFrom, until: validUntil) }
}

/// A rule set's demand that an authorization be current on every day a minor of these ages works.
public struct RequiredAuthorization: Codable, Equatable, Sendable {
    public var kind: WorkAuthorizationKind
    public var youngest: Int
    public var oldest: Int
    public var source: String
    public var effectiveFrom: CalendarDate?
    public var effectiveUntil: CalendarDate?
    /// Where in Pathwork it is recorded, for the refusal.
    public var howToRecord: String

    public init(kind: WorkAuthorizationKind, youngest: Int, oldest: Int, source: String, effectiveFrom: CalendarDate? = nil,
                effectiveUntil: CalendarDate? = nil, howToRecord: String) {
        self.kind = kind
        self.youngest = youngest
        self.oldest = oldest
        self.source = source
        self.effectiveFrom = effectiveFrom
        self.effectiveUntil = effectiveUntil
        self.howToRecord = howToRecord
    }
}

/// A meal period the state requires once work runs long: a stretch of work (entries less than
/// `mealMinutes` apart count as one) longer than `afterMinutes` needs a break of `mealMinutes`.
/// Pathwork sees clocked time, not breaks taken on the clock, so it flags; it never refuses.
public struct MealPeriodRule: Codable, Equatable, Sendable {
    public var youngest: Int
    public var oldest: Int
    public var afterMinutes: Int
    public var mealMinutes: Int
    public var source: String
    public var effectiveFrom: CalendarDate?
    public var effectiveUntil: CalendarDate?

    public init(youngest: Int, oldest: Int, afterMinutes: Int, mealMinutes: Int, source: String,
                effectiveFrom: CalendarDate? = nil, effectiveUntil: CalendarDate? = nil) {
        self.youngest = youngest
        self.oldest = oldest
        self.afterMinutes = afterMinutes
        self.mealMinutes = mealMinutes
        self.source = source
        self.effectiveFrom = effectiveFrom
        self.effectiveUntil = effectiveUntil
    }
}

extension ChildLabor {
    /// What the rule set requires on file for this age and day that `held` lacks, each as a
    /// sentence saying what is missing, under which rule, and where to record it.
    static func missingAuthorizations(_ ruleSet: LaborRuleSet, age: Int, on date: CalendarDate, held: [HeldAuthorization]) -> [String] {
        ruleSet.authorizations.filter { required in
            (required.youngest...required.oldest).contains(age)
                && InForce.on(date, from: required.effectiveFrom, until: required.effectiveUntil)
                && !held.contains { $0.kind == required.kind && $0.covers(date) }
        }.map { "No current \($0.kind.title) on file for \(date) (\($0.source)): \($0.howToRecord)" }
    }

    /// Every paper the rule sets in force want on file for the student on `date` and lack:
    /// what a placement needs before its first hour.
    public static func missingAuthorizations(on date: CalendarDate, context: LaborContext) -> [String] {
        let age = context.birthDate.age(on: date)
        return context.ruleSets.flatMap { missingAuthorizations($0, age: age, on: date, held: context.authorizations) }
    }

    /// Meal periods the student's work on the proposed days skipped, as flags for the lead
    /// (code `labor.meal-period`), under every rule set in the context.
    public static func mealPeriodFlags(of proposed: [WorkInterval], existing: [WorkInterval], context: LaborContext) -> [LaborViolation] {
        var found: [LaborViolation] = []
        let all = existing + proposed
        for date in Set(proposed.map(\.date)).sorted() {
            let age = context.birthDate.age(on: date)
            let stretches = Self.stretches(all.filter { $0.date == date && $0.minutes > 0 })
            for ruleSet in context.ruleSets {
                for rule in ruleSet.mealPeriods where (rule.youngest...rule.oldest).contains(age)
                    && InForce.on(date, from: rule.effectiveFrom, until: rule.effectiveUntil) {
                    guard let long = stretches(rule.mealMinutes).first(where: { $0.end - $0.start > rule.afterMinutes }) else { continue }
                    found.append(LaborViolation(code: "labor.meal-period", date: date, limitMinutes: rule.afterMinutes,
                                                totalMinutes: long.end - long.start,
                                                detail: "A \(rule.mealMinutes)-minute meal period is due after \(hours(rule.afterMinutes)) of work; "
                                                    + "this worked \(hours(long.end - long.start)) without one on \(date) (\(ruleSet.name), \(rule.source))."))
                }
            }
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.date.description).inserted }
    }

    /// A day's work as unbroken stretches: intervals less than `gap` minutes apart join.
    static func stretches(_ intervals: [WorkInterval]) -> (Int) -> [(start: Int, end: Int)] {
        let sorted = intervals.sorted { $0.start < $1.start }
        return { gap in
            var result: [(start: Int, end: Int)] = []
            for interval in sorted {
                if let last = result.last, interval.start - last.end < gap {
                    result[result.count - 1].end = max(last.end, interval.end)
                } else {
                    result.append((interval.start, interval.end))
                }
            }
            return result
        }
    }
}
