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
    /// Every paper any overlay asks for, on file since 2020: most tests are about limits.
    static let allPapers = WorkAuthorizationKind.allCases.map { HeldAuthorization(kind: $0, validFrom: CalendarDate(iso: "2020-01-01")!, validUntil: nil) }

    func context(_ overlay: LaborOverlay, birth: CalendarDate, program: WorkProgram = .none, calendar: SchoolCalendar = Self.calendar,
                 held: [HeldAuthorization] = Self.allPapers) -> LaborContext {
        var context = LaborContext(ruleSets: overlay.ruleSets, program: program, calendar: calendar, birthDate: birth,
                                   schoolHours: (8 * 60, 15 * 60))
        context.authorizations = held
        return context
    }

    func codes(_ overlay: LaborOverlay, birth: CalendarDate, program: WorkProgram = .none, calendar: SchoolCalendar = Self.calendar,
               held: [HeldAuthorization] = Self.allPapers, _ proposed: [WorkInterval], existing: [WorkInterval] = []) -> [String] {
        ChildLabor.violations(of: proposed, existing: existing,
                              context: context(overlay, birth: birth, program: program, calendar: calendar, held: held)).map(\.code)
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

    @Test("Washington CTE students of 16 and 17 work non-school-week hours all year from July 1, 2026 (SHB 1121); not at 15")
    func washingtonCTE() {
        #expect(codes(.washington, birth: Self.seventeen, program: .cte, [work("2026-12-01", 15 * 60, 22 * 60)]).isEmpty)
        #expect(codes(.washington, birth: Self.seventeen, program: .cte, [work("2026-12-01", 15 * 60, 22 * 60 + 1)]) == ["labor.time-of-day"])
        // At 15 the allowance does not reach: Washington's own 3 hours and 16 a week stay.
        #expect(codes(.washington, birth: Self.fifteen, program: .cte, [work("2026-12-01", 15 * 60, 18 * 60 + 1)]) == ["labor.school-day-hours"])
        let week = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"].map { work($0, 15 * 60, 18 * 60) }
        #expect(codes(.washington, birth: Self.fifteen, program: .cte, [work("2026-12-05", 9 * 60, 13 * 60 + 1)], existing: week)
                == ["labor.school-week-hours"])
    }

    @Test("the CTE allowance is checked by the work date: June 30, 2026 under the old limits, July 1 under the new")
    func washingtonCTEEffectiveDate() {
        // A summer session with school on both days, so only the date differs.
        let summer = SchoolCalendar(startsOn: d("2026-06-01"), endsOn: d("2026-07-31"), nonSchoolDays: [])
        let before = codes(.washington, birth: Self.seventeen, program: .cte, calendar: summer, [work("2026-06-30", 15 * 60, 21 * 60)])
        let after = codes(.washington, birth: Self.seventeen, program: .cte, calendar: summer, [work("2026-07-01", 15 * 60, 21 * 60)])
        #expect(before == ["labor.school-day-hours"])
        #expect(after.isEmpty)
        let allowance = LaborRuleSet.washington.allowances.first { $0.program == .cte }
        #expect(allowance?.effectiveFrom == d("2026-07-01") && allowance?.bands.map(\.youngest) == [16])
    }

    @Test("a band is in force from its first day to its last, both inclusive; WECEP's 23 hours since July 19, 2010")
    func bandDates() {
        let band = LaborRuleSet.Band(youngest: 14, oldest: 15, source: "test", effectiveFrom: d("2026-07-01"), effectiveUntil: d("2026-12-31"))
        #expect(!band.inForce(on: d("2026-06-30")) && band.inForce(on: d("2026-07-01")) && band.inForce(on: d("2026-12-31")) && !band.inForce(on: d("2027-01-01")))
        let rules = LaborRuleSet(name: "test", source: "test", minimumAge: 14, bands: [band])
        #expect(rules.band(forAge: 15, program: .none, on: d("2027-01-01")) == nil)
        #expect(LaborRuleSet.federal.band(forAge: 15, program: .wecep, on: d("2010-07-19"))?.schoolWeekMaxMinutes == 23 * 60)
        #expect(LaborRuleSet.federal.band(forAge: 15, program: .wecep, on: d("2010-07-18")) == nil)
        for overlay in LaborOverlay.allCases {
            for ruleSet in overlay.ruleSets {
                #expect((ruleSet.bands + ruleSet.allowances.flatMap(\.bands)).allSatisfy { !$0.source.isEmpty }, "\(ruleSet.name)")
            }
        }
    }

    @Test("Washington 16–17 in a week without school: 5 a.m. to midnight; in a school week not before 7")
    func washingtonNonSchoolWeek() {
        // 2026-12-20 to 12-26 has no school day (winter break from 12-21).
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-22", 5 * 60, 9 * 60)]).isEmpty)
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-22", 5 * 60 - 1, 9 * 60)]) == ["labor.time-of-day"])
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-22", 16 * 60, 24 * 60)]).isEmpty)
        #expect(codes(.washington, birth: Self.seventeen, [work("2026-12-05", 6 * 60, 9 * 60)]) == ["labor.time-of-day"])
    }

    @Test("Washington refuses a minor's work without a current Parent/School Authorization and the employer's endorsement")
    func washingtonAuthorizations() {
        let endorsement = HeldAuthorization(kind: .employerEndorsement, validFrom: d("2026-01-01"), validUntil: d("2026-12-31"))
        let parent = HeldAuthorization(kind: .parentSchool, validFrom: d("2026-09-01"),
                                       validUntil: WorkAuthorizationKind.parentSchool.defaultValidUntil(signedOn: d("2026-09-01")))
        let saturday = [work("2026-12-05", 9 * 60, 10 * 60)]
        #expect(codes(.washington, birth: Self.seventeen, held: [endorsement, parent], saturday).isEmpty)
        let neither = ChildLabor.violations(of: saturday, existing: [], context: context(.washington, birth: Self.seventeen, held: []))
        #expect(neither.map(\.code) == ["labor.authorization-missing"])
        #expect(neither.first?.detail.contains("Parent/School Authorization") == true && neither.first?.detail.contains("endorsement") == true)
        #expect(codes(.washington, birth: Self.seventeen, held: [parent], saturday) == ["labor.authorization-missing"])
        // The endorsement ends on December 31; January's work needs a renewed one.
        #expect(codes(.washington, birth: Self.seventeen, held: [endorsement, parent], [work("2027-01-09", 9 * 60, 10 * 60)])
                == ["labor.authorization-missing"])
        // Federal rules and Colorado ask for no papers.
        #expect(codes(.federalOnly, birth: Self.seventeen, held: [], saturday).isEmpty)
        #expect(codes(.colorado, birth: Self.seventeen, held: [], saturday).isEmpty)
    }

    @Test("a Parent/School Authorization serves its school year and lapses after September 30 of the next")
    func parentSchoolRenewal() {
        #expect(WorkAuthorizationKind.parentSchool.defaultValidUntil(signedOn: d("2026-08-20")) == d("2027-09-30"))
        #expect(WorkAuthorizationKind.parentSchool.defaultValidUntil(signedOn: d("2026-06-30")) == d("2026-09-30"))
        #expect(WorkAuthorizationKind.parentSchool.defaultValidUntil(signedOn: d("2026-07-01")) == d("2027-09-30"))
        #expect(WorkAuthorizationKind.schoolRelease.defaultValidUntil(signedOn: d("2026-08-20")) == nil)
    }

    @Test("Colorado: work in school hours under 16 only with a school release permit (and WECEP, for federal law)")
    func coloradoReleasePermit() {
        let permit = HeldAuthorization(kind: .schoolRelease, validFrom: d("2026-11-30"), validUntil: d("2026-12-04"))
        let lesson = [work("2026-12-01", 10 * 60, 13 * 60)]
        #expect(codes(.colorado, birth: Self.fifteen, program: .wecep, held: [], lesson) == ["labor.school-hours"])
        #expect(codes(.colorado, birth: Self.fifteen, program: .wecep, held: [permit], lesson).isEmpty)
        #expect(codes(.colorado, birth: Self.fifteen, program: .wecep, held: [permit], [work("2026-12-07", 10 * 60, 13 * 60)]) == ["labor.school-hours"])
        // Without WECEP, federal law still keeps a 15-year-old out of school hours.
        #expect(codes(.colorado, birth: Self.fifteen, held: [permit], lesson) == ["labor.school-hours"])
    }

    @Test("meal periods are flagged: Washington after 4 h at 15 and 5 h at 17, Colorado after 5 h; breaks under 30 minutes join")
    func mealPeriods() {
        func flags(_ overlay: LaborOverlay, birth: CalendarDate, _ proposed: [WorkInterval], existing: [WorkInterval] = []) -> [Int?] {
            ChildLabor.mealPeriodFlags(of: proposed, existing: existing, context: context(overlay, birth: birth)).map(\.limitMinutes)
        }
        let saturday = "2026-12-05"
        #expect(flags(.washington, birth: Self.fifteen, [work(saturday, 9 * 60, 13 * 60)]).isEmpty)
        #expect(flags(.washington, birth: Self.fifteen, [work(saturday, 9 * 60, 13 * 60 + 1)]) == [240])
        #expect(flags(.washington, birth: Self.fifteen, [work(saturday, 11 * 60 + 20, 13 * 60 + 30)], existing: [work(saturday, 9 * 60, 11 * 60)]) == [240])
        #expect(flags(.washington, birth: Self.fifteen, [work(saturday, 11 * 60 + 30, 14 * 60)], existing: [work(saturday, 9 * 60, 11 * 60)]).isEmpty)
        #expect(flags(.washington, birth: Self.seventeen, [work(saturday, 9 * 60, 14 * 60)]).isEmpty)
        #expect(flags(.washington, birth: Self.seventeen, [work(saturday, 9 * 60, 14 * 60 + 1)]) == [300])
        #expect(flags(.colorado, birth: Self.seventeen, [work(saturday, 9 * 60, 14 * 60 + 1)]) == [300])
        #expect(flags(.federalOnly, birth: Self.seventeen, [work(saturday, 9 * 60, 17 * 60)]).isEmpty)
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
