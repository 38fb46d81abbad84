import Foundation

/// A district's school year: which dates are school days. Child-labor limits differ on
/// school and non-school days, so this is the calendar those rules consult.
public struct SchoolCalendar: Equatable, Codable, Sendable {
    public var startsOn: CalendarDate
    public var endsOn: CalendarDate
    public var nonSchoolDays: Set<CalendarDate>

    public init(startsOn: CalendarDate, endsOn: CalendarDate, nonSchoolDays: Set<CalendarDate> = []) {
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.nonSchoolDays = nonSchoolDays
    }

    public func isSchoolDay(_ date: CalendarDate) -> Bool {
        date >= startsOn && date <= endsOn && !date.isWeekend && !nonSchoolDays.contains(date)
    }

    public var schoolDayCount: Int {
        (startsOn.dayNumber...endsOn.dayNumber).count { isSchoolDay(CalendarDate(dayNumber: $0)) }
    }

    /// The year a school year starting in summer or autumn is named by: 2026 for 2026–2027.
    public static func schoolYearStart(containing date: CalendarDate) -> Int {
        date.month >= 7 ? date.year : date.year - 1
    }

    /// Every date from `first` to `last` inclusive, for building breaks.
    public static func range(_ first: CalendarDate, _ last: CalendarDate) -> Set<CalendarDate> {
        guard first <= last else { return [] }
        return Set((first.dayNumber...last.dayNumber).map(CalendarDate.init(dayNumber:)))
    }
}

/// Parses the non-school days an admin types, one date or `start..end` range per line, and
/// names the line that is wrong.
public enum NonSchoolDayList {
    public struct LineError: Error, Equatable, Sendable {
        public let line: Int
        public let text: String
    }

    public static func parse(_ text: String) -> Result<Set<CalendarDate>, LineError> {
        var dates: Set<CalendarDate> = []
        // A browser's textarea sends CRLF, one Character in Swift, so split on any newline.
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let ends = line.components(separatedBy: "..").map { $0.trimmingCharacters(in: .whitespaces) }
            guard (1...2).contains(ends.count), let first = CalendarDate(iso: ends[0]),
                  let last = ends.count == 2 ? CalendarDate(iso: ends[1]) : first, first <= last else {
                return .failure(LineError(line: index + 1, text: line))
            }
            dates.formUnion(SchoolCalendar.range(first, last))
        }
        return .success(dates)
    }

    /// Writes dates back compactly, folding consecutive days into ranges.
    public static func format(_ dates: Set<CalendarDate>) -> String {
        var lines: [String] = []
        var run: (CalendarDate, CalendarDate)?
        for date in dates.sorted() {
            if let (first, last) = run, last.adding(days: 1) == date {
                run = (first, date)
            } else {
                if let run { lines.append(render(run)) }
                run = (date, date)
            }
        }
        if let run { lines.append(render(run)) }
        return lines.joined(separator: "\n")
    }

    private static func render(_ run: (CalendarDate, CalendarDate)) -> String {
        run.0 == run.1 ? run.0.description : "\(run.0)..\(run.1)"
    }
}
