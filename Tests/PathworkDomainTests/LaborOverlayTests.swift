@testable import PathworkDomain
import Foundation
import Testing

/// State overlays and work programs, each limit on both sides of its boundary.
@Suite("Child-labor overlays: Washington, Colorado, WECEP")
struct LaborOverlayTests {
    static let calendar = SchoolCalendar(
        startsOn: CalendarDate(iso: "2026-08-17")!, endsOn: CalendarDate(iso: "2027-06-04")!,
        nonSchoolDays: SchoolCalendar.range(CalendarDate(iso: "2026-12-21")!, CalendarDate(iso: "2027-01-01")!))
    static let fifteen = CalendarDate(iso: "2011-03-10")!
    static let seventeen = CalendarDate(iso: "2009-01-10")!

    func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
    func work(_ date: String, _ start: Int, _ end: Int) -> WorkInterval { WorkInterval(date: d(date), start: start, end: end) }
    func codes(_ overlay: LaborOverlay, birth: CalendarDate, program: WorkProgram = .none, _ proposed: [WorkInterval],
               existing: [WorkInterval] = []) -> [String] {
        let context = LaborContext(ruleSets: overlay.ruleSets, program: program, calendar: Self.calendar, birthDate: birth,
                                   schoolHours: (8 * 60, 15 * 60))
        return ChildLabor.violations(of: proposed, existing: existing, context: context).map(\.code)
    }

    @Test("Washington 14–15: 16 hours in a school week, not 16 h 1 min (federal allows 18)")
    func washingtonSchoolWeek() {
        // Mon–Thu 3 h each = 12 h, then Saturday.
        let week = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"].map { work($0, 15 * 60, 18 * 60) }
        #expect(codes(.washington, birth: Self.fifteen, [work("2026-12-05", 9 * 60, 13 * 60)], existing: week).isEmpty)
        #expect(codes(.washington, birth: Self.fifteen, [work("2026-12-05", 9 * 60, 13 * 60 + 1)], existing: week) == ["labor.school-week-hours"])
        #expect(codes(.federalOnly, birth: Self.fifteen, [work("2026-12-05", 9 * 60, 13 * 60 + 1)], existing: week).isEmpty)
    }

    @Test("Washington 16–17: 4 hours on a school night, 8 before a non-school day; 10 p.m. before school, midnight otherwise")
    func washingtonOlder() {
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-01", 15 * 60, 19 * 60)]).isEmpty)
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-01", 15 * 60, 19 * 60 + 1)]) == ["labor.school-day-hours"])
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-04", 15 * 60, 23 * 60)]).isEmpty)  // Friday
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-01", 18 * 60, 22 * 60 + 1)]).contains("labor.time-of-day"))
        #expect(codes(.federalOnly, birth: Self.seventeen, [work("2026-12-01", 15 * 60, 22 * 60 + 1)]).isEmpty)
    }

    @Test("Washington: six working days a week, not seven")
    func washingtonDays() {
        let six = ["2026-12-06", "2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"].map { work($0, 16 * 60, 17 * 60) }
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-12", 9 * 60, 10 * 60)], existing: six) == ["labor.days-per-week"])
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-12", 9 * 60, 10 * 60)], existing: Array(six.dropFirst())).isEmpty)
    }

    @Test("Washington CTE students work non-school-week hours all year (SHB 1121), federal limits still apply at 15")
    func washingtonCTE() {
        #expect(codes(.washington, birth: Self.seventeen, program: .cte, [work("2026-12-01", 15 * 60, 22 * 60)]).isEmpty)
        #expect(codes(.washington, birth: Self.fifteen, program: .cte, [work("2026-12-01", 15 * 60, 18 * 60 + 1)]) == ["labor.school-day-hours"])
    }

    @Test("Colorado: 8 hours a day and 40 a week for 16–17, which federal law does not limit")
    func colorado() {
        #expect(codes(.colorado, birth: Self.seventeen, [work("2026-12-05", 9 * 60, 17 * 60)]).isEmpty)
        #expect(codes(.colorado, birth: Self.seventeen, [work("2026-12-05", 9 * 60, 17 * 60 + 1)]) == ["labor.non-school-day-hours"])
        let week = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"].map { work($0, 15 * 60, 22 * 60) }
        #expect(codes(.colorado, birth: Self.seventeen, [work("2026-12-05", 9 * 60, 14 * 60)], existing: week).isEmpty)
        #expect(codes(.colorado, birth: Self.seventeen, [work("2026-12-05", 9 * 60, 14 * 60 + 1)], existing: week) == ["labor.school-week-hours"])
    }

    @Test("WECEP: work in school hours allowed, 23 hours in a school week, not more")
    func wecep() {
        #expect(codes(.federalOnly, birth: Self.fifteen, program: .wecep, [work("2026-12-01", 10 * 60, 13 * 60)]).isEmpty)
        #expect(codes(.federalOnly, birth: Self.fifteen, [work("2026-12-01", 10 * 60, 13 * 60)]) == ["labor.school-hours"])
        let week = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"].map { work($0, 10 * 60, 13 * 60) }
        // Five school days of 3 h and a Saturday of 8 h make 23 h exactly.
        #expect(codes(.federalOnly, birth: Self.fifteen, program: .wecep, [work("2026-12-05", 9 * 60, 17 * 60)], existing: week).isEmpty)
        #expect(codes(.federalOnly, birth: Self.fifteen, program: .wecep, [work("2026-12-05", 9 * 60, 17 * 60)],
                      existing: week + [work("2026-11-29", 9 * 60, 9 * 60 + 1)])
                == ["labor.school-week-hours"])
    }

    @Test("work across midnight splits into two local days; overlap is half-open")
    func splitting() {
        let zone = TimeZone(identifier: "America/Denver")!
        let start = Date(timeIntervalSince1970: 1_796_536_800)  // 2026-12-05 23:00 MST
        let parts = TimeRules.intervals(from: start, to: start + 2 * 3600, in: zone)
        #expect(parts == [work("2026-12-05", 23 * 60, 24 * 60), work("2026-12-06", 0, 60)])
        #expect(!TimeRules.overlaps((start, start + 60), (start + 60, start + 120)))
        #expect(TimeRules.overlaps((start, start + 61), (start + 60, start + 120)))
        #expect(TimeRules.check(startsAt: start, endsAt: start + 12 * 3600, now: start + 13 * 3600).isEmpty)
        #expect(TimeRules.check(startsAt: start, endsAt: start + 12 * 3600 + 60, now: start + 13 * 3600).map(\.code) == ["time.too-long"])
    }
}
