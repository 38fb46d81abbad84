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

        public init(youngest: Int, oldest: Int, schoolDayMaxMinutes: Int? = nil, schoolWeekMaxMinutes: Int? = nil,
                    nonSchoolDayMaxMinutes: Int? = nil, nonSchoolWeekMaxMinutes: Int? = nil, earliestStart: Int? = nil,
                    latestEnd: Int? = nil, summerLatestEnd: Int? = nil, outsideSchoolHoursOnly: Bool = false) {
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
        }

        func covers(age: Int) -> Bool { (youngest...oldest).contains(age) }
    }

    public var name: String
    public var source: String
    public var bands: [Band]
    /// The youngest age at which students may work at all under the rule set.
    public var minimumAge: Int

    public init(name: String, source: String, minimumAge: Int, bands: [Band]) {
        self.name = name
        self.source = source
        self.minimumAge = minimumAge
        self.bands = bands
    }

    public static let federal = LaborRuleSet(
        name: "Federal (FLSA)",
        source: "29 CFR 570.2 (minimum age 14) and 570.35(a) (hours and times for 14- and 15-year-olds)",
        minimumAge: 14,
        bands: [Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * 60, schoolWeekMaxMinutes: 18 * 60,
                     nonSchoolDayMaxMinutes: 8 * 60, nonSchoolWeekMaxMinutes: 40 * 60,
                     earliestStart: 7 * 60, latestEnd: 19 * 60, summerLatestEnd: 21 * 60, outsideSchoolHoursOnly: true)])

    func band(forAge age: Int) -> Band? { bands.first { $0.covers(age: age) } }
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

/// What the engine needs to know about the district and the student.
public struct LaborContext: Sendable {
    public var ruleSet: LaborRuleSet
    public var calendar: SchoolCalendar
    public var birthDate: CalendarDate
    /// The bell schedule of school days, minutes after midnight.
    public var schoolHours: (start: Int, end: Int)?
    /// ISO weekday the employer's workweek starts on (7 = Sunday), per 29 CFR 570.35(b)'s
    /// reference to the workweek of 29 CFR 778.105.
    public var weekStartsOn: Int

    public init(ruleSet: LaborRuleSet, calendar: SchoolCalendar, birthDate: CalendarDate,
                schoolHours: (start: Int, end: Int)?, weekStartsOn: Int = 7) {
        self.ruleSet = ruleSet
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

    /// Every rule `proposed` would break, given the student's `existing` work (all teams).
    /// Weekly totals count only minutes worked on dates the band applied to the student, so a
    /// student who turns 16 mid-week is limited for the days before the birthday only.
    public static func violations(of proposed: [WorkInterval], existing: [WorkInterval], context: LaborContext) -> [LaborViolation] {
        var found: [LaborViolation] = []
        let all = existing + proposed
        for interval in proposed {
            let date = interval.date
            let age = context.birthDate.age(on: date)
            if age < context.ruleSet.minimumAge {
                found.append(LaborViolation(code: "labor.minimum-age", date: date, limitMinutes: nil, totalMinutes: nil,
                                            detail: "Students must be \(context.ruleSet.minimumAge) to work; this student is \(age) on \(date)."))
                continue
            }
            guard let band = context.ruleSet.band(forAge: age) else { continue }
            let schoolDay = context.calendar.isSchoolDay(date)
            if let earliest = band.earliestStart, interval.start < earliest {
                found.append(LaborViolation(code: "labor.time-of-day", date: date, limitMinutes: nil, totalMinutes: nil,
                                            detail: "Work may start at \(clock(earliest)) at the earliest; this starts at \(clock(interval.start))."))
            }
            let latest = isSummer(date) ? (band.summerLatestEnd ?? band.latestEnd) : band.latestEnd
            if let latest, interval.end > latest {
                found.append(LaborViolation(code: "labor.time-of-day", date: date, limitMinutes: nil, totalMinutes: nil,
                                            detail: "Work must end by \(clock(latest)) on \(date); this ends at \(clock(interval.end))."))
            }
            if band.outsideSchoolHoursOnly, schoolDay, let hours = context.schoolHours,
               interval.start < hours.end, interval.end > hours.start {
                found.append(LaborViolation(code: "labor.school-hours", date: date, limitMinutes: nil, totalMinutes: nil,
                                            detail: "No work during school hours (\(clock(hours.start))–\(clock(hours.end))) on a school day."))
            }
            let dayTotal = all.filter { $0.date == date }.reduce(0) { $0 + $1.minutes }
            if let limit = schoolDay ? band.schoolDayMaxMinutes : band.nonSchoolDayMaxMinutes, dayTotal > limit {
                found.append(LaborViolation(code: schoolDay ? "labor.school-day-hours" : "labor.non-school-day-hours", date: date,
                                            limitMinutes: limit, totalMinutes: dayTotal,
                                            detail: "\(hours(limit)) a \(schoolDay ? "school" : "non-school") day at most; this makes \(hours(dayTotal)) on \(date)."))
            }
            let weekStart = weekStart(of: date, startsOn: context.weekStartsOn)
            let week = (0..<7).map { weekStart.adding(days: $0) }
            let schoolWeek = week.contains(where: context.calendar.isSchoolDay)
            let weekTotal = all.filter { week.contains($0.date) && band.covers(age: context.birthDate.age(on: $0.date)) }
                .reduce(0) { $0 + $1.minutes }
            if let limit = schoolWeek ? band.schoolWeekMaxMinutes : band.nonSchoolWeekMaxMinutes, weekTotal > limit {
                found.append(LaborViolation(code: schoolWeek ? "labor.school-week-hours" : "labor.non-school-week-hours", date: date,
                                            limitMinutes: limit, totalMinutes: weekTotal,
                                            detail: "\(hours(limit)) a \(schoolWeek ? "school" : "non-school") week at most; this makes \(hours(weekTotal)) in the week of \(weekStart)."))
            }
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.code + $0.date.description).inserted }
    }

    static func clock(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        let hour12 = h % 12 == 0 ? 12 : h % 12
        return "\(hour12):\(m < 10 ? "0" : "")\(m) \(h < 12 || h == 24 ? "a.m." : "p.m.")"
    }

    static func hours(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return m == 0 ? "\(h) h" : "\(h) h \(m) min"
    }
}
