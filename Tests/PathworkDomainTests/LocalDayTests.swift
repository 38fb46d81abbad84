@testable import PathworkDomain
import Foundation
import Testing

/// The offset arithmetic that splits work into local days must say exactly what `Calendar` says,
/// in zones with half-hour and quarter-hour offsets, daylight saving at 2 a.m. and at midnight.
@Suite("Local days: offsets agree with Calendar")
struct LocalDayTests {
    static let zones = ["America/Denver", "America/New_York", "America/Los_Angeles", "UTC", "Asia/Kolkata", "Asia/Kathmandu",
                        "Australia/Lord_Howe", "America/Santiago", "Pacific/Chatham", "America/Havana"]

    func calendarDate(_ instant: Date, _ zone: TimeZone) -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    @Test("random stretches of work over four years, fractions of seconds included")
    func randomStretches() {
        var random = SeededRandom(seed: 23)
        let from = 1_704_067_200.0  // 2024-01-01
        for name in Self.zones {
            let zone = TimeZone(identifier: name)!
            for _ in 0..<2_000 {
                let start = Date(timeIntervalSince1970: from + Double(Int.random(in: 0..<(4 * 366 * 86_400), using: &random))
                                 + Double(Int.random(in: 0..<1_000, using: &random)) / 1_000)
                let end = start + Double(Int.random(in: 1..<(13 * 3_600), using: &random))
                #expect(TimeRules.intervals(from: start, to: end, in: zone) == TimeRules.intervalsByCalendar(from: start, to: end, in: zone),
                        "\(name) \(start) – \(end)")
                #expect(TimeRules.localDate(of: start, in: zone) == calendarDate(start, zone), "\(name) \(start)")
            }
        }
    }

    @Test("every minute around each 2026 clock change, and work that spans it")
    func aroundClockChanges() {
        for name in Self.zones {
            let zone = TimeZone(identifier: name)!
            var instant = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
            let yearEnd = Date(timeIntervalSince1970: 1_798_761_600)
            while let change = zone.nextDaylightSavingTimeTransition(after: instant), change < yearEnd {
                for minute in stride(from: -26 * 60, through: 26 * 60, by: 7) {
                    let start = change + Double(minute * 60)
                    for hours in [1, 3, 9, 12] {
                        let end = start + Double(hours * 3_600)
                        #expect(TimeRules.intervals(from: start, to: end, in: zone) == TimeRules.intervalsByCalendar(from: start, to: end, in: zone),
                                "\(name) \(start) + \(hours) h")
                    }
                    #expect(TimeRules.localDate(of: start, in: zone) == calendarDate(start, zone), "\(name) \(start)")
                }
                instant = change + 1
            }
        }
    }
}
