/// Child-labor limits as data, and the check every time entry passes before it is written.
///
/// The federal rule set follows the Fair Labor Standards Act's child-labor regulations for
/// 14- and 15-year-olds outside agriculture, 29 CFR 570.35(a): outside school hours only; at
/// most 3 hours on a school day, 18 hours in a school week, 8 hours on a non-school day and
/// 40 hours in a non-school week; only between 7 a.m. and 7 p.m., except from June 1 through
/// Labor Day, when the evening limit is 9 p.m. Ages 16 and 17 have no federal hour limits.
/// States add stricter rules; a state's rule set is another value of the same type.
public struct LaborRuleSet: Codable, Equatable, Sendable {
    public struct Band: Codable, Equatable, Sendable {
        public var youngest: Int
        public var oldest: Int
        public var schoolDayMaxMinutes: Int?
        public var schoolWeekMaxMinutes: Int?
        public var nonSchoolDayMaxMinutes: Int?
        public var nonSchoolWeekMaxMinutes: Int?
        /// Minutes after midnight, local time.
        public var earliestStart: Int?
        public var latestEnd: Int?
        /// The evening limit from June 1 through Labor Day, when the rule set has one.
        public var summerLatestEnd: Int?
        public var outsideSchoolHoursOnly: Bool
        /// A school day followed by a non-school day may have its own daily limit and evening
        /// hour (Washington lets 16- and 17-year-olds work 8 hours, until midnight, then).
        public var beforeNonSchoolDayMaxMinutes: Int?
        public var beforeNonSchoolDayLatestEnd: Int?
        /// Whether the summer evening hour needs the next day to be free of school too.
        public var summerEveningNeedsFreeNextDay: Bool
        public var maxDaysPerWeek: Int?
        /// Hours of the day in a week without school, when they differ (Washington: 5 a.m. to
        /// midnight for 16- and 17-year-olds).
        public var nonSchoolWeekEarliestStart: Int?
        public var nonSchoolWeekLatestEnd: Int?
        /// A recorded authorization that lifts `outsideSchoolHoursOnly` under this rule set
        /// (Colorado's school release permit).
        public var schoolHoursWith: WorkAuthorizationKind?
        /// Where these figures come from, and the days they are in force (both inclusive; nil
        /// `effectiveFrom` means in force before any date Pathwork checks).
        public var source: String
        public var effectiveFrom: CalendarDate?
        public var effectiveUntil: CalendarDate?

        public init(youngest: Int, oldest: Int, schoolDayMaxMinutes: Int? = nil, schoolWeekMaxMinutes: Int? = nil,
                    nonSchoolDayMaxMinutes: Int? = nil, nonSchoolWeekMaxMinutes: Int? = nil, earliestStart: Int? = nil,
                    latestEnd: Int? = nil, summerLatestEnd: Int? = nil, outsideSchoolHoursOnly: Bool = false,
                    beforeNonSchoolDayMaxMinutes: Int? = nil, beforeNonSchoolDayLatestEnd: Int? = nil,
                    summerEveningNeedsFreeNextDay: Bool = false, maxDaysPerWeek: Int? = nil,
                    nonSchoolWeekEarliestStart: Int? = nil, nonSchoolWeekLatestEnd: Int? = nil,
                    schoolHoursWith: WorkAuthorizationKind? = nil, source: String = "",
                    effectiveFrom: CalendarDate? = nil, effectiveUntil: CalendarDate? = nil) {
            self.youngest = youngest
            self.oldest = oldest
            self.schoolDayMaxMinutes = schoolDayMaxMinutes
            self.schoolWeekMaxMinutes = schoolWeekMaxMinutes
            self.nonSchoolDayMaxMinutes = nonSchoolDayMaxMinutes
            self.nonSchoolWeekMaxMinutes = nonSchoolWeekMaxMinutes
            self.earliestStart = earliestStart
            self.latestEnd = latestEnd
            self.summerLatestEnd = summerLatestEnd
            self.outsideSchoolHoursOnly = outsideSchoolHoursOnly
            self.beforeNonSchoolDayMaxMinutes = beforeNonSchoolDayMaxMinutes
            self.beforeNonSchoolDayLatestEnd = beforeNonSchoolDayLatestEnd
            self.summerEveningNeedsFreeNextDay = summerEveningNeedsFreeNextDay
            self.maxDaysPerWeek = maxDaysPerWeek
            self.nonSchoolWeekEarliestStart = nonSchoolWeekEarliestStart
            self.nonSchoolWeekLatestEnd = nonSchoolWeekLatestEnd
            self.schoolHoursWith = schoolHoursWith
            self.source = source
            self.effectiveFrom = effectiveFrom
            self.effectiveUntil = effectiveUntil
        }

        func covers(age: Int) -> Bool { (youngest...oldest).contains(age) }
        public func inForce(on date: CalendarDate) -> Bool { InForce.on(date, from: effectiveFrom, until: effectiveUntil) }
    }

    /// Limits a recognised school work program replaces the bands with, for the ages it names
    /// and the days it is in force; students of other ages, or on other days, keep the bands.
    public struct ProgramAllowance: Codable, Equatable, Sendable {
        public var program: WorkProgram
        public var source: String
        public var effectiveFrom: CalendarDate?
        public var effectiveUntil: CalendarDate?
        public var bands: [Band]

        public init(program: WorkProgram, source: String, effectiveFrom: CalendarDate? = nil, effectiveUntil: CalendarDate? = nil, bands: [Band]) {
            self.program = program
            self.source = source
            self.effectiveFrom = effectiveFrom
            self.effectiveUntil = effectiveUntil
            self.bands = bands
        }

        public func inForce(on date: CalendarDate) -> Bool { InForce.on(date, from: effectiveFrom, until: effectiveUntil) }
    }

    public var name: String
    public var source: String
    public var bands: [Band]
    public var allowances: [ProgramAllowance]
    /// The youngest age at which students may work at all under the rule set.
    public var minimumAge: Int
    /// Papers the state requires on file before a minor works.
    public var authorizations: [RequiredAuthorization]
    public var mealPeriods: [MealPeriodRule]

    public init(name: String, source: String, minimumAge: Int, bands: [Band], allowances: [ProgramAllowance] = [],
                authorizations: [RequiredAuthorization] = [], mealPeriods: [MealPeriodRule] = []) {
        self.name = name
        self.source = source
        self.minimumAge = minimumAge
        self.bands = bands
        self.allowances = allowances
        self.authorizations = authorizations
        self.mealPeriods = mealPeriods
    }

    /// The band in force for this age on this date: a program's allowance when it covers the
    /// student then, the rule set's own band otherwise.
    public func band(forAge age: Int, program: WorkProgram, on date: CalendarDate) -> Band? {
        for allowance in allowances where allowance.program == program && allowance.inForce(on: date) {
            if let band = allowance.bands.first(where: { $0.covers(age: age) && $0.inForce(on: date) }) { return band }
        }
        return bands.first { $0.covers(age: age) && $0.inForce(on: date) }
    }
}

/// Whether a date falls within a rule's days in force, both ends inclusive.
enum InForce {
    static func on(_ date: CalendarDate, from: CalendarDate?, until: CalendarDate?) -> Bool {
        (from.map { date >= $0 } ?? true) && (until.map { date <= $0 } ?? true)
    }
}

/// A stretch of work on one local calendar date, in minutes after midnight. Work that crosses
/// midnight is two intervals.
public struct WorkInterval: Equatable, Sendable {
    public var date: CalendarDate
    public var start: Int
    public var end: Int

    public init(date: CalendarDate, start: Int, end: Int) {
        self.date = date
        self.start = start
        self.end = end
    }

    public var minutes: Int { end - start }
}

public struct LaborViolation: Equatable, Sendable, CustomStringConvertible {
    public var code: String
    public var date: CalendarDate
    public var limitMinutes: Int?
    public var totalMinutes: Int?
    public var detail: String
    public var description: String { "\(code): \(detail)" }
}

/// A school-run work program that a rule set treats differently.
public enum WorkProgram: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case none
    /// A Work Experience and Career Exploration Program approved under 29 CFR 570.36.
    case wecep
    /// A career and technical education program whose employer the program approved
    /// (Washington's SHB 1121, chapter 79, Laws of 2025).
    case cte
}

/// What the engine needs to know about the district and the student.
public struct LaborContext: Sendable {
    /// Every rule set that applies: federal law always, plus the district's state overlay.
    /// Work must satisfy all of them.
    public var ruleSets: [LaborRuleSet]
    public var program: WorkProgram
    public var calendar: SchoolCalendar
    public var birthDate: CalendarDate
    /// The bell schedule of school days, minutes after midnight.
    public var schoolHours: (start: Int, end: Int)?
    /// ISO weekday the employer's workweek starts on (7 = Sunday), per 29 CFR 570.35(b)'s
    /// reference to the workweek of 29 CFR 778.105.
    public var weekStartsOn: Int
    /// The authorizations on file for the student, and the district's own as employer.
    public var authorizations: [HeldAuthorization] = []

    public init(ruleSet: LaborRuleSet, calendar: SchoolCalendar, birthDate: CalendarDate,
                schoolHours: (start: Int, end: Int)?, weekStartsOn: Int = 7) {
        self.init(ruleSets: [ruleSet], calendar: calendar, birthDate: birthDate, schoolHours: schoolHours, weekStartsOn: weekStartsOn)
    }

    public init(ruleSets: [LaborRuleSet], program: WorkProgram = .none, calendar: SchoolCalendar, birthDate: CalendarDate,
                schoolHours: (start: Int, end: Int)?, weekStartsOn: Int = 7) {
        self.ruleSets = ruleSets
        self.program = program
        self.calendar = calendar
        self.birthDate = birthDate
        self.schoolHours = schoolHours
        self.weekStartsOn = weekStartsOn
    }
}

public enum ChildLabor {
    /// The first Monday of September.
    public static func laborDay(_ year: Int) -> CalendarDate {
        let first = CalendarDate(year: year, month: 9, day: 1)!
        return first.adding(days: (8 - first.isoWeekday) % 7)
    }

    public static func isSummer(_ date: CalendarDate) -> Bool {
        date >= CalendarDate(year: date.year, month: 6, day: 1)! && date <= laborDay(date.year)
    }

    public static func weekStart(of date: CalendarDate, startsOn weekday: Int) -> CalendarDate {
        date.adding(days: -((date.isoWeekday - weekday + 7) % 7))
    }

    /// Every rule `proposed` would break, given the student's `existing` work (all teams),
    /// under every rule set in the context. Weekly totals count only minutes worked on dates
    /// the band applied to the student, so a student who turns 16 mid-week is limited for the
    /// days before the birthday only.
    public static func violations(of proposed: [WorkInterval], existing: [WorkInterval], context: LaborContext) -> [LaborViolation] {
        var found: [LaborViolation] = []
        for ruleSet in context.ruleSets {
            found += violations(of: proposed, existing: existing, ruleSet: ruleSet, context: context)
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.code + $0.date.description).inserted }
    }

    private static func violations(of proposed: [WorkInterval], existing: [WorkInterval], ruleSet: LaborRuleSet,
                                   context: LaborContext) -> [LaborViolation] {
        var found: [LaborViolation] = []
        let all = existing + proposed
        let calendar = context.calendar
        for interval in proposed {
            let date = interval.date
            let age = context.birthDate.age(on: date)
            func add(_ code: String, limit: Int? = nil, total: Int? = nil, _ detail: String) {
                found.append(LaborViolation(code: code, date: date, limitMinutes: limit, totalMinutes: total,
                                            detail: detail + " (\(ruleSet.name))"))
            }
            if age < ruleSet.minimumAge {
                add("labor.minimum-age", "Students must be \(ruleSet.minimumAge) to work; this student is \(age) on \(date).")
                continue
            }
            let missing = missingAuthorizations(ruleSet, age: age, on: date, held: context.authorizations)
            if !missing.isEmpty { add("labor.authorization-missing", missing.joined(separator: " ")) }
            guard let band = ruleSet.band(forAge: age, program: context.program, on: date) else { continue }
            let schoolDay = calendar.isSchoolDay(date)
            let beforeFreeDay = schoolDay && !calendar.isSchoolDay(date.adding(days: 1))
            let weekStart = weekStart(of: date, startsOn: context.weekStartsOn)
            let week = Set((0..<7).map { weekStart.adding(days: $0) })
            let schoolWeek = week.contains(where: calendar.isSchoolDay)
            if let earliest = schoolWeek ? band.earliestStart : (band.nonSchoolWeekEarliestStart ?? band.earliestStart), interval.start < earliest {
                add("labor.time-of-day", "Work may start at \(clock(earliest)) at the earliest; this starts at \(clock(interval.start)).")
            }
            let summerEvening = isSummer(date) && (!band.summerEveningNeedsFreeNextDay || !calendar.isSchoolDay(date.adding(days: 1)))
            var latest = summerEvening ? (band.summerLatestEnd ?? band.latestEnd) : band.latestEnd
            if !calendar.isSchoolDay(date.adding(days: 1)), let later = band.beforeNonSchoolDayLatestEnd { latest = max(latest ?? later, later) }
            if !schoolWeek, let later = band.nonSchoolWeekLatestEnd { latest = max(latest ?? later, later) }
            if let latest, interval.end > latest {
                add("labor.time-of-day", "Work must end by \(clock(latest)) on \(date); this ends at \(clock(interval.end)).")
            }
            let permitted = band.schoolHoursWith.map { kind in context.authorizations.contains { $0.kind == kind && $0.covers(date) } } ?? false
            if band.outsideSchoolHoursOnly, !permitted, schoolDay, let hours = context.schoolHours,
               interval.start < hours.end, interval.end > hours.start {
                let permit = band.schoolHoursWith.map { " unless a \($0.title.lowercased()) is recorded for the day" } ?? ""
                add("labor.school-hours", "No work during school hours (\(clock(hours.start))–\(clock(hours.end))) on a school day\(permit).")
            }
            let dayTotal = all.filter { $0.date == date }.reduce(0) { $0 + $1.minutes }
            let dayLimit = schoolDay ? (beforeFreeDay ? (band.beforeNonSchoolDayMaxMinutes ?? band.schoolDayMaxMinutes) : band.schoolDayMaxMinutes)
                : band.nonSchoolDayMaxMinutes
            if let limit = dayLimit, dayTotal > limit {
                add(schoolDay ? "labor.school-day-hours" : "labor.non-school-day-hours", limit: limit, total: dayTotal,
                    "\(hours(limit)) a \(schoolDay ? "school" : "non-school") day at most; this makes \(hours(dayTotal)) on \(date).")
            }
            let inBand = all.filter { week.contains($0.date) && band.covers(age: context.birthDate.age(on: $0.date)) }
            let weekTotal = inBand.reduce(0) { $0 + $1.minutes }
            if let limit = schoolWeek ? band.schoolWeekMaxMinutes : band.nonSchoolWeekMaxMinutes, weekTotal > limit {
                add(schoolWeek ? "labor.school-week-hours" : "labor.non-school-week-hours", limit: limit, total: weekTotal,
                    "\(hours(limit)) a \(schoolWeek ? "school" : "non-school") week at most; this makes \(hours(weekTotal)) in the week of \(weekStart).")
            }
            let days = Set(inBand.filter { $0.minutes > 0 }.map(\.date)).count
            if let limit = band.maxDaysPerWeek, days > limit {
                add("labor.days-per-week", limit: limit, total: days,
                    "\(limit) working days a week at most; this makes \(days) in the week of \(weekStart).")
            }
        }
        return found
    }

    public static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        let hour12 = h % 12 == 0 ? 12 : h % 12
        return "\(hour12):\(m < 10 ? "0" : "")\(m) \(h < 12 || h == 24 ? "a.m." : "p.m.")"
    }

    /// "3 h", "2 h 30 min": how refusals, pathway progress and portfolios write a duration.
    public static func hours(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return m == 0 ? "\(h) h" : "\(h) h \(m) min"
    }
}
