@testable import PathworkDomain
import Testing

@Suite("Team role requirements")
struct RoleRequirementTests {
    let pilot = RoleRequirement(minimumAge: 16, requiredCredential: "FAA Part 107 Remote Pilot")
    let maintenance = RoleRequirement(barredUnder16: true)

    @Test("a drone pilot must be 16 and hold Part 107")
    func pilotRole() {
        #expect(pilot.refusals(age: 17, credentials: ["faa part 107 remote pilot"]).isEmpty)
        #expect(pilot.refusals(age: 15, credentials: ["FAA Part 107 Remote Pilot"]).count == 1)
        #expect(pilot.refusals(age: 17, credentials: []).first?.contains("FAA Part 107") == true)
        #expect(pilot.refusals(age: 15, credentials: []).count == 2)
    }

    @Test("hazardous work is barred under 16, allowed from 16")
    func barred() {
        #expect(maintenance.refusals(age: 15, credentials: []).first?.contains("under 16") == true)
        #expect(maintenance.refusals(age: 16, credentials: []).isEmpty)
        #expect(RoleRequirement().refusals(age: 14, credentials: []).isEmpty)
    }
}

@Suite("Wage history")
struct WageHistoryTests {
    let today = CalendarDate(iso: "2026-11-22")!

    @Test("each rate applies from its date until the next")
    func lookup() throws {
        var wages = WageHistory(rates: [.init(effectiveFrom: CalendarDate(iso: "2026-09-01")!, hourlyCents: 1500)])
        try wages.change(to: 1650, from: CalendarDate(iso: "2026-12-01")!, today: today)
        #expect(wages.hourlyCents(on: CalendarDate(iso: "2026-08-31")!) == nil)
        #expect(wages.hourlyCents(on: CalendarDate(iso: "2026-11-30")!) == 1500)
        #expect(wages.hourlyCents(on: CalendarDate(iso: "2026-12-01")!) == 1650)
        #expect(wages.hourlyCents(on: CalendarDate(iso: "2027-06-01")!) == 1650)
    }

    @Test("a change never rewrites the past")
    func noBackdating() throws {
        var wages = WageHistory(rates: [.init(effectiveFrom: CalendarDate(iso: "2026-09-01")!, hourlyCents: 1500)])
        #expect(throws: WageHistory.ChangeError.backdated(earliest: today)) {
            try wages.change(to: 2000, from: CalendarDate(iso: "2026-11-01")!, today: today)
        }
        #expect(throws: WageHistory.ChangeError.notPositive) { try wages.change(to: 0, from: today, today: today) }
        try wages.change(to: 1600, from: today, today: today)
        try wages.change(to: 1700, from: today, today: today)
        #expect(wages.rates.count == 2)
        #expect(wages.hourlyCents(on: today) == 1700)
    }
}

@Suite("Engagements and visits")
struct EngagementRuleTests {
    @Test("engagement status moves forward; completed and cancelled are final")
    func status() {
        #expect(EngagementStatus.proposed.canMove(to: .active))
        #expect(EngagementStatus.active.canMove(to: .onHold))
        #expect(EngagementStatus.onHold.canMove(to: .active))
        #expect(!EngagementStatus.proposed.canMove(to: .completed))
        for final in [EngagementStatus.completed, .cancelled] {
            #expect(EngagementStatus.allCases.allSatisfy { !final.canMove(to: $0) })
        }
    }

    @Test("every quarter from March 1, four times")
    func quarterly() {
        let schedule = VisitSchedule(firstOn: CalendarDate(iso: "2027-03-01")!, cadence: .quarterly, count: 4)
        #expect(schedule.dates.map(\.description) == ["2027-03-01", "2027-06-01", "2027-09-01", "2027-12-01"])
    }

    @Test("month ends clamp and recover; weeks are seven days; counts are bounded")
    func edges() {
        let monthly = VisitSchedule(firstOn: CalendarDate(iso: "2027-01-31")!, cadence: .monthly, count: 4)
        #expect(monthly.dates.map(\.description) == ["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30"])
        let yearly = VisitSchedule(firstOn: CalendarDate(iso: "2028-02-29")!, cadence: .yearly, count: 2)
        #expect(yearly.dates.map(\.description) == ["2028-02-29", "2029-02-28"])
        let weekly = VisitSchedule(firstOn: CalendarDate(iso: "2026-12-28")!, cadence: .weekly, count: 2)
        #expect(weekly.dates.map(\.description) == ["2026-12-28", "2027-01-04"])
        #expect(VisitSchedule(firstOn: CalendarDate(iso: "2027-01-01")!, cadence: .weekly, count: 500).dates.count == 60)
        #expect(VisitSchedule(firstOn: CalendarDate(iso: "2027-01-01")!, cadence: .weekly, count: -1).dates.isEmpty)
    }
}

@Suite("Money")
struct MoneyTests {
    @Test("reads dollars and cents without floating point", arguments: [
        ("15", 1500), ("15.5", 1550), ("15.50", 1550), ("$1,015.05", 101_505), ("0.07", 7), (" 12.00 ", 1200),
    ])
    func parses(text: String, cents: Int) {
        #expect(Money.cents(from: text) == cents)
    }

    @Test("refuses what is not an amount", arguments: ["", "abc", "15.555", "-3", "1.2.3", ".50", "15.", "１５"])
    func refuses(text: String) {
        #expect(Money.cents(from: text) == nil)
    }

    @Test("formats with separators and two decimals")
    func formats() {
        #expect(Money.format(cents: 150_050) == "$1,500.50")
        #expect(Money.format(cents: 7) == "$0.07")
        #expect(Money.format(cents: 123_456_789) == "$1,234,567.89")
        #expect(Money.format(cents: -1500) == "-$15.00")
    }
}

@Suite("Deliverable review")
struct DeliverableStatusTests {
    @Test("submit, then accept or ask for a revision; accepted is final")
    func cycle() {
        #expect(DeliverableStatus.planned.canMove(to: .submitted))
        #expect(DeliverableStatus.submitted.canMove(to: .accepted))
        #expect(DeliverableStatus.submitted.canMove(to: .revisionRequested))
        #expect(DeliverableStatus.revisionRequested.canMove(to: .submitted))
        #expect(!DeliverableStatus.planned.canMove(to: .accepted))
        #expect(DeliverableStatus.allCases.allSatisfy { !DeliverableStatus.accepted.canMove(to: $0) })
    }
}

@Suite("Mentor background checks")
struct BackgroundCheckTests {
    let today = CalendarDate(iso: "2026-11-22")!

    @Test("a cleared, unexpired check allows work with minors")
    func current() {
        let check = BackgroundCheck(status: .cleared, checkedOn: CalendarDate(iso: "2025-12-01"), expiresOn: CalendarDate(iso: "2026-11-22"))
        #expect(check.isCurrent(on: today))
        #expect(check.assignmentRefusal(teamHasMinors: true, on: today) == nil)
        #expect(!check.isCurrent(on: today.adding(days: 1)))
        #expect(check.assignmentRefusal(teamHasMinors: true, on: today.adding(days: 1))?.contains("expired on 2026-11-22") == true)
    }

    @Test("missing, pending, failed or undated checks are refused only for teams with minors")
    func refusals() {
        for check in [BackgroundCheck(status: .notStarted), BackgroundCheck(status: .pending), BackgroundCheck(status: .failed),
                      BackgroundCheck(status: .cleared, checkedOn: CalendarDate(iso: "2026-01-01"))] {
            #expect(check.assignmentRefusal(teamHasMinors: true, on: today) != nil)
            #expect(check.assignmentRefusal(teamHasMinors: false, on: today) == nil)
        }
    }
}

@Suite("iCalendar")
struct ICalendarTests {
    @Test("all-day events with escaped text, CRLF lines and folding under 75 octets")
    func document() {
        let text = ICalendar.document(name: "Aquatic Robotics", events: [
            .init(uid: "v1@pathwork", date: CalendarDate(iso: "2027-03-01")!, summary: "Check-up; pipes, intake\\north",
                  description: String(repeating: "Überprüfung der Rohre ", count: 8)),
        ], stamp: "20261122T120000Z")
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(text.contains("DTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270302"))
        #expect(text.contains("SUMMARY:Check-up\\; pipes\\, intake\\\\north"))
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("DESCRIPTION:" + String(repeating: "Überprüfung der Rohre ", count: 8)))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}

@Suite("Deliverable attachments")
struct AttachmentRuleTests {
    @Test("type comes from content and must match the name")
    func types() {
        #expect(AttachmentRules.check(filename: "report.pdf", size: 10, head: Array("%PDF-1.7".utf8), isUTF8: false) == .success(.pdf))
        #expect(AttachmentRules.check(filename: "photo.PNG", size: 10, head: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], isUTF8: false) == .success(.png))
        #expect(AttachmentRules.check(filename: "data.csv", size: 10, head: Array("a,b".utf8), isUTF8: true) == .success(.csv))
        #expect(AttachmentRules.check(filename: "report.pdf", size: 10, head: [0x4D, 0x5A], isUTF8: false) == .failure(.contentMismatch))
        #expect(AttachmentRules.check(filename: "notes.txt", size: 10, head: [0, 1], isUTF8: false) == .failure(.contentMismatch))
        #expect(AttachmentRules.check(filename: "setup.exe", size: 10, head: [0x4D, 0x5A], isUTF8: false) == .failure(.unsupportedName))
    }

    @Test("size limits and clean names")
    func limits() {
        #expect(AttachmentRules.check(filename: "a.pdf", size: 0, head: [], isUTF8: true) == .failure(.empty))
        #expect(AttachmentRules.check(filename: "a.pdf", size: AttachmentRules.maximumBytes + 1, head: Array("%PDF-".utf8), isUTF8: false) == .failure(.tooLarge))
        #expect(AttachmentRules.cleanName("../../etc/passwd") == "passwd")
        #expect(AttachmentRules.cleanName("C:\\reports\\Algae \"final\";.pdf") == "Algae final.pdf")
        #expect(AttachmentRules.cleanName("\u{202E}fdp.exe") == "fdp.exe")
    }
}
