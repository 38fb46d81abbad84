@testable import PathworkDomain
import Testing

/// Every federal limit for 14- and 15-year-olds, on both sides of each boundary.
@Suite("Child-labor engine (federal)")
struct ChildLaborTests {
    static let calendar = SchoolCalendar(
        startsOn: CalendarDate(iso: "2026-08-17")!, endsOn: CalendarDate(iso: "2027-06-04")!,
        nonSchoolDays: SchoolCalendar.range(CalendarDate(iso: "2026-12-21")!, CalendarDate(iso: "2027-01-01")!))
    /// Fifteen throughout the 2026–27 school year; turns 16 on 2027-03-10.
    static let birth = CalendarDate(iso: "2011-03-10")!
    let context = LaborContext(ruleSet: .federal, calendar: calendar, birthDate: birth, schoolHours: (start: 8 * 60, end: 15 * 60))

    func d(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
    func work(_ date: String, _ start: Int, _ end: Int) -> WorkInterval { WorkInterval(date: d(date), start: start, end: end) }
    func codes(_ proposed: [WorkInterval], existing: [WorkInterval] = []) -> [String] {
        ChildLabor.violations(of: proposed, existing: existing, context: context).map(\.code)
    }

    @Test("school day: 3 hours, not 3 hours and 1 minute")
    func schoolDay() {
        #expect(codes([work("2026-11-23", 15 * 60, 18 * 60)]).isEmpty)
        #expect(codes([work("2026-11-23", 15 * 60, 18 * 60 + 1)]) == ["labor.school-day-hours"])
        // Across teams: an existing hour counts toward the day.
        #expect(codes([work("2026-11-23", 16 * 60, 18 * 60 + 1)], existing: [work("2026-11-23", 15 * 60, 16 * 60)]) == ["labor.school-day-hours"])
    }

    @Test("school week: 18 hours, not 18 hours and 1 minute — in a week that crosses a month")
    func schoolWeek() {
        // Sunday 2026-11-29 to Saturday 2026-12-05: five school days of 3 h plus 3 h on Saturday.
        let weekdays = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"].map { work($0, 15 * 60, 18 * 60) }
        #expect(codes([work("2026-12-05", 9 * 60, 12 * 60)], existing: weekdays).isEmpty)
        let result = ChildLabor.violations(of: [work("2026-12-05", 9 * 60, 12 * 60 + 1)], existing: weekdays, context: context)
        #expect(result.map(\.code) == ["labor.school-week-hours"])
        #expect(result.first?.limitMinutes == 18 * 60 && result.first?.totalMinutes == 18 * 60 + 1)
        #expect(result.first?.detail.contains("18 h a school week at most; this makes 18 h 1 min") == true)
    }

    @Test("non-school day: 8 hours on a Saturday, not more")
    func nonSchoolDay() {
        #expect(codes([work("2026-11-28", 9 * 60, 17 * 60)]).isEmpty)
        #expect(codes([work("2026-11-28", 9 * 60, 17 * 60 + 1)]) == ["labor.non-school-day-hours"])
    }

    @Test("non-school week: 40 hours over winter break, not more")
    func nonSchoolWeek() {
        // Sunday 2026-12-20 to Saturday 2026-12-26 has no school day.
        let days = ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24"].map { work($0, 9 * 60, 17 * 60) }
        #expect(codes([work("2026-12-26", 9 * 60, 17 * 60)], existing: days).isEmpty)
        #expect(codes([work("2026-12-27", 9 * 60, 10 * 60)], existing: days + [work("2026-12-26", 9 * 60, 17 * 60)]).isEmpty)  // next week
        #expect(codes([work("2026-12-26", 9 * 60, 17 * 60)], existing: days + [work("2026-12-25", 9 * 60, 9 * 60 + 1)])
                == ["labor.non-school-week-hours"])
    }

    @Test("7 a.m. to 7 p.m. during the school year")
    func timeOfDay() {
        #expect(codes([work("2026-11-28", 7 * 60, 9 * 60)]).isEmpty)
        #expect(codes([work("2026-11-28", 7 * 60 - 1, 9 * 60)]) == ["labor.time-of-day"])
        #expect(codes([work("2026-11-28", 17 * 60, 19 * 60)]).isEmpty)
        #expect(codes([work("2026-11-28", 17 * 60, 19 * 60 + 1)]) == ["labor.time-of-day"])
    }

    @Test("9 p.m. from June 1 through Labor Day")
    func summerEvenings() {
        let younger = LaborContext(ruleSet: .federal, calendar: Self.calendar, birthDate: d("2012-01-01"), schoolHours: nil)
        func summer(_ date: String, _ end: Int) -> [String] {
            ChildLabor.violations(of: [work(date, end - 120, end)], existing: [], context: younger).map(\.code)
        }
        #expect(ChildLabor.laborDay(2027) == d("2027-09-06"))
        #expect(ChildLabor.laborDay(2026) == d("2026-09-07"))
        #expect(summer("2027-05-31", 19 * 60 + 1) == ["labor.time-of-day"])
        #expect(summer("2027-06-01", 21 * 60).isEmpty)
        #expect(summer("2027-07-15", 21 * 60 + 1) == ["labor.time-of-day"])
        #expect(summer("2027-09-06", 21 * 60).isEmpty)
        #expect(summer("2027-09-07", 21 * 60) == ["labor.time-of-day"])
    }

    @Test("no work during school hours on a school day; any time allowed on weekends")
    func schoolHours() {
        #expect(codes([work("2026-11-23", 15 * 60, 17 * 60)]).isEmpty)
        #expect(codes([work("2026-11-23", 14 * 60 + 59, 17 * 60)]) == ["labor.school-hours"])
        #expect(codes([work("2026-11-23", 7 * 60, 8 * 60)]).isEmpty)
        #expect(codes([work("2026-11-28", 10 * 60, 12 * 60)]).isEmpty)
    }

    @Test("a 15-year-old turning 16 mid-week is limited only for the days before the birthday")
    func birthday() {
        // Week of Sunday 2027-03-07; the birthday is Wednesday 2027-03-10.
        let before = ["2027-03-08", "2027-03-09"].map { work($0, 15 * 60, 18 * 60) }  // 6 h at 15
        #expect(codes([work("2027-03-10", 15 * 60, 23 * 60)], existing: before).isEmpty)  // 16: no federal limits
        #expect(codes([work("2027-03-09", 15 * 60, 18 * 60 + 1)], existing: [work("2027-03-08", 15 * 60, 18 * 60)]) == ["labor.school-day-hours"])
        let week = ["2027-03-10", "2027-03-11", "2027-03-12"].map { work($0, 15 * 60, 23 * 60) }  // 24 h at 16
        #expect(codes([work("2027-03-07", 9 * 60, 17 * 60)], existing: before + week).isEmpty)  // 6 + 8 = 14 h counted at 15
    }

    @Test("under 14 nobody works; 16 and 17 have no federal hour limits")
    func ages() {
        let thirteen = LaborContext(ruleSet: .federal, calendar: Self.calendar, birthDate: d("2013-06-01"), schoolHours: (8 * 60, 15 * 60))
        #expect(ChildLabor.violations(of: [work("2026-11-28", 9 * 60, 10 * 60)], existing: [], context: thirteen).map(\.code) == ["labor.minimum-age"])
        let seventeen = LaborContext(ruleSet: .federal, calendar: Self.calendar, birthDate: d("2009-06-01"), schoolHours: (8 * 60, 15 * 60))
        #expect(ChildLabor.violations(of: [work("2026-11-23", 10 * 60, 22 * 60)], existing: [], context: seventeen).isEmpty)
    }

    @Test("the workweek start is the district's")
    func workweek() {
        #expect(ChildLabor.weekStart(of: d("2026-12-02"), startsOn: 7) == d("2026-11-29"))
        #expect(ChildLabor.weekStart(of: d("2026-12-02"), startsOn: 1) == d("2026-11-30"))
        #expect(ChildLabor.weekStart(of: d("2026-11-29"), startsOn: 7) == d("2026-11-29"))
    }
}
