import Foundation

/// Instants as the district's clock reads them: which local date, how many minutes after
/// midnight. The law is checked against every neighbouring entry of a clock event, inside the
/// shared writer, so this is on the hottest path there is: the zone's offset and integer
/// arithmetic answer it, and `Calendar` (measured several times slower) only where the offset
/// changes within the stretch, which happens twice a year.
extension TimeRules {
    /// The local dates and minutes after midnight a stretch of work covers, split at midnight,
    /// as the child-labor engine reads it.
    public static func intervals(from start: Date, to end: Date, in timeZone: TimeZone) -> [WorkInterval] {
        var result: [WorkInterval] = []
        var cursor = start
        while cursor < end {
            guard let (interval, stop) = piece(from: cursor, to: end, in: timeZone) else {
                return intervalsByCalendar(from: start, to: end, in: timeZone)
            }
            result.append(interval)
            cursor = stop
        }
        return result
    }

    public static func localDate(of instant: Date, in timeZone: TimeZone) -> CalendarDate {
        let local = instant.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: instant))
        return CalendarDate(dayNumber: Int((local / 86_400).rounded(.down)))
    }

    /// The part of the stretch on `cursor`'s local day, and where it stops; nil when the zone's
    /// offset at the next midnight differs from the offset at `cursor`.
    private static func piece(from cursor: Date, to end: Date, in timeZone: TimeZone) -> (WorkInterval, Date)? {
        let offset = timeZone.secondsFromGMT(for: cursor)
        let localMinute = Int(((cursor.timeIntervalSince1970 + Double(offset)) / 60).rounded(.down))
        let day = localMinute >= 0 ? localMinute / 1_440 : (localMinute - 1_439) / 1_440
        let midnight = Date(timeIntervalSince1970: Double((day + 1) * 86_400 - offset))
        guard timeZone.secondsFromGMT(for: midnight) == offset else { return nil }
        let startMinute = localMinute - day * 1_440
        let stop = min(end, midnight)
        let endMinute = stop == midnight ? 24 * 60 : startMinute + minutes(from: cursor, to: stop)
        return (WorkInterval(date: CalendarDate(dayNumber: day), start: startMinute, end: endMinute), stop)
    }

    /// The same split by `Calendar`, which knows what a day that gains or loses an hour looks like.
    static func intervalsByCalendar(from start: Date, to end: Date, in timeZone: TimeZone) -> [WorkInterval] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var result: [WorkInterval] = []
        var cursor = start
        while cursor < end {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: cursor)
            let date = CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
            let startMinute = parts.hour! * 60 + parts.minute!
            let midnight = calendar.startOfDay(for: calendar.date(byAdding: .day, value: 1, to: cursor)!)
            let stop = min(end, midnight)
            let endMinute = stop == midnight ? 24 * 60 : startMinute + minutes(from: cursor, to: stop)
            result.append(WorkInterval(date: date, start: startMinute, end: endMinute))
            cursor = stop
        }
        return result
    }
}
