import Foundation

/// Where a time entry stands. Open entries are clocked in and still running; drafts and
/// rejected entries can be edited; submitted ones wait for the lead; approved ones are locked
/// for good — a correction is a new adjustment entry.
public enum TimeEntryStatus: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case open, draft, submitted, approved, rejected

    public var isEditable: Bool { self == .draft || self == .rejected }
}

/// What the student was doing: client work bills the engagement; the others are paid, not billed.
public enum WorkActivity: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case clientWork = "client-work"
    case training
    case teamMeeting = "team-meeting"
    case other

    public var title: String {
        switch self {
        case .clientWork: "Client work"
        case .training: "Training"
        case .teamMeeting: "Team meeting"
        case .other: "Other team work"
        }
    }
}

public enum TimeRules {
    /// No single entry runs longer than this; a longer stretch is a forgotten clock-out.
    public static let longestEntryMinutes = 12 * 60

    public struct Problem: Equatable, Sendable {
        public var code: String
        public var field: String
        public var message: String
    }

    /// What is wrong with a stretch of work before any law is consulted.
    public static func check(startsAt: Date, endsAt: Date, now: Date) -> [Problem] {
        var problems: [Problem] = []
        if endsAt <= startsAt {
            problems.append(Problem(code: "time.order", field: "endsAt", message: "The end must be after the start."))
        } else if minutes(from: startsAt, to: endsAt) > longestEntryMinutes {
            problems.append(Problem(code: "time.too-long", field: "endsAt", message: "An entry runs 12 hours at most; split longer work."))
        }
        if endsAt > now {
            problems.append(Problem(code: "time.future", field: "endsAt", message: "An entry cannot end in the future."))
        }
        return problems
    }

    /// Whole minutes worked; seconds are dropped, so a tap at 3:00:59 and one at 3:01:01 make one minute.
    public static func minutes(from start: Date, to end: Date) -> Int {
        Int(end.timeIntervalSince1970 / 60) - Int(start.timeIntervalSince1970 / 60)
    }

    /// Half-open: an entry ending at 4:00 and one starting at 4:00 do not overlap.
    public static func overlaps(_ a: (start: Date, end: Date), _ b: (start: Date, end: Date)) -> Bool {
        a.start < b.end && b.start < a.end
    }
}

extension ChildLabor {
    /// The strictest weekly limit any rule set puts on the student in the week holding `date`,
    /// or nil when none does (most 16- and 17-year-olds under federal law alone).
    public static func weeklyLimit(on date: CalendarDate, context: LaborContext) -> Int? {
        let age = context.birthDate.age(on: date)
        let start = weekStart(of: date, startsOn: context.weekStartsOn)
        let schoolWeek = (0..<7).contains { context.calendar.isSchoolDay(start.adding(days: $0)) }
        return context.ruleSets.compactMap { set -> Int? in
            guard let band = set.band(forAge: age, program: context.program, on: date) else { return nil }
            return schoolWeek ? band.schoolWeekMaxMinutes : band.nonSchoolWeekMaxMinutes
        }.min()
    }
}

/// Budget alerts: coordinators and leads hear when an engagement passes each of these shares.
public enum BudgetThresholds {
    public static let percents = [50, 75, 90, 100]

    /// Every threshold `used` has reached, in exact integers.
    public static func reached(used: Int, budget: Int) -> [Int] {
        guard budget > 0 else { return [] }
        return percents.filter { used * 100 >= $0 * budget }
    }

    /// Whole percent used, rounded down, so "100%" is never shown before the budget is spent.
    public static func percentUsed(used: Int, budget: Int) -> Int {
        budget > 0 ? used * 100 / budget : 0
    }
}

/// Invoice states: drafts have no number; issuing assigns the next of the district's
/// gap-free sequence and freezes the invoice; a void invoice keeps its number.
public enum InvoiceStatus: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case draft, issued, paid, void

    public func canMove(to next: InvoiceStatus) -> Bool {
        switch (self, next) {
        case (.draft, .issued), (.issued, .paid), (.issued, .void), (.paid, .void): true
        default: false
        }
    }
}
