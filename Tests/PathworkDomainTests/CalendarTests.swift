@testable import PathworkDomain
import Testing

@Suite("Calendar dates")
struct CalendarDateTests {
    @Test("parses only YYYY-MM-DD", arguments: ["2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-01T00:00", "", "２０２６-01-01"])
    func rejects(_ text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test("round-trips through day numbers across centuries")
    func roundTrip() {
        for day in stride(from: -719_162, through: 2_932_896, by: 997) {  // 0001-01-01 to 9999-12-31
            let date = CalendarDate(dayNumber: day)
            #expect(date.dayNumber == day)
            #expect(CalendarDate(iso: date.description) == date)
        }
        #expect(CalendarDate(iso: "1970-01-01")!.dayNumber == 0)
        #expect(CalendarDate(iso: "2000-03-01")!.dayNumber == 11_017)
    }

    @Test("knows the weekday")
    func weekday() {
        #expect(CalendarDate(iso: "2026-11-22")!.isoWeekday == 7)  // a Sunday
        #expect(CalendarDate(iso: "2026-11-23")!.isoWeekday == 1)
        #expect(CalendarDate(iso: "1969-12-31")!.isoWeekday == 3)
        #expect(CalendarDate(iso: "2024-02-29")!.isWeekend == false)
    }

    @Test("age counts whole years; leap-day birthdays turn over on March 1")
    func age() {
        let birth = CalendarDate(iso: "2011-03-14")!
        #expect(birth.age(on: CalendarDate(iso: "2026-03-13")!) == 14)
        #expect(birth.age(on: CalendarDate(iso: "2026-03-14")!) == 15)
        let leap = CalendarDate(iso: "2008-02-29")!
        #expect(leap.age(on: CalendarDate(iso: "2022-02-28")!) == 13)
        #expect(leap.age(on: CalendarDate(iso: "2022-03-01")!) == 14)
        #expect(leap.age(on: CalendarDate(iso: "2024-02-29")!) == 16)
    }
}

@Suite("School calendar")
struct SchoolCalendarTests {
    let calendar = SchoolCalendar(
        startsOn: CalendarDate(iso: "2026-08-15")!, endsOn: CalendarDate(iso: "2027-06-05")!,
        nonSchoolDays: SchoolCalendar.range(CalendarDate(iso: "2026-12-20")!, CalendarDate(iso: "2027-01-04")!))

    @Test("school days are weekdays in the year, outside breaks")
    func schoolDays() {
        #expect(calendar.isSchoolDay(CalendarDate(iso: "2026-11-23")!))
        #expect(!calendar.isSchoolDay(CalendarDate(iso: "2026-11-22")!))  // Sunday
        #expect(!calendar.isSchoolDay(CalendarDate(iso: "2026-12-21")!))  // winter break
        #expect(!calendar.isSchoolDay(CalendarDate(iso: "2027-01-04")!))
        #expect(calendar.isSchoolDay(CalendarDate(iso: "2027-01-05")!))
        #expect(!calendar.isSchoolDay(CalendarDate(iso: "2026-08-14")!))
        #expect(!calendar.isSchoolDay(CalendarDate(iso: "2027-06-07")!))
        // 42 full weeks (Aug 17 to Jun 4) are 210 weekdays, less 11 weekdays of winter break.
        #expect(calendar.schoolDayCount == 199)
    }

    @Test("the school year is named by the year it starts")
    func schoolYear() {
        #expect(SchoolCalendar.schoolYearStart(containing: CalendarDate(iso: "2026-11-22")!) == 2026)
        #expect(SchoolCalendar.schoolYearStart(containing: CalendarDate(iso: "2027-03-01")!) == 2026)
        #expect(SchoolCalendar.schoolYearStart(containing: CalendarDate(iso: "2027-07-01")!) == 2027)
    }

    @Test("non-school day lists parse, name the bad line, and fold back into ranges")
    func lists() throws {
        let parsed = try NonSchoolDayList.parse("2026-11-26..2026-11-27\n\n  2026-10-12 \n").get()
        #expect(parsed.count == 3)
        #expect(NonSchoolDayList.format(parsed) == "2026-10-12\n2026-11-26..2026-11-27")
        #expect(throws: NonSchoolDayList.LineError(line: 2, text: "2026-12-31..2026-12-01")) {
            try NonSchoolDayList.parse("2026-10-12\n2026-12-31..2026-12-01").get()
        }
        #expect(throws: NonSchoolDayList.LineError(line: 1, text: "Labor Day")) { try NonSchoolDayList.parse("Labor Day").get() }
        // What a browser sends from a textarea.
        #expect(try NonSchoolDayList.parse("2026-10-12\r\n2026-11-26..2026-11-27\r\n").get() == parsed)
        #expect(throws: NonSchoolDayList.LineError(line: 2, text: "Thanksgiving")) { try NonSchoolDayList.parse("2026-10-12\r\nThanksgiving").get() }
    }
}

@Suite("Month arithmetic")
struct MonthArithmeticTests {
    @Test("adding months clamps to the month's end and crosses years")
    func months() {
        #expect(CalendarDate(iso: "2027-01-31")!.adding(months: 1).description == "2027-02-28")
        #expect(CalendarDate(iso: "2028-01-31")!.adding(months: 1).description == "2028-02-29")
        #expect(CalendarDate(iso: "2026-11-15")!.adding(months: 24).description == "2028-11-15")
        #expect(CalendarDate(iso: "2026-12-01")!.adding(months: 1).description == "2027-01-01")
    }
}
