import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// What `generate --years Y` adds to a synthetic district so outcome dashboards have something
/// honest to show: each school leans its own way (a rural school poorer, a city school with more
/// English learners), participation varies by group the way the seed articles say access does,
/// and each year brings its own seats, hours, credentials and CTE courses.
struct OutcomeYears {
    let years: Int
    let weeksPerYear: Int
    let thisWeek: CalendarDate

    /// A student's draft, shifted by the school they attend.
    static func leaning(_ student: StudentDraft, schoolLocale: SchoolLocale, random: inout SeededRandom) -> StudentDraft {
        var student = student
        switch schoolLocale {
        case .rural:
            if random.chance(20) { student.flags.insert(.economicallyDisadvantaged) }
            if random.chance(40) { student.raceEthnicity = random.weighted([(.white, 70), (.americanIndianOrAlaskaNative, 15), (.hispanicOrLatino, 15)]) }
        case .city:
            if random.chance(12) { student.flags.insert(.englishLearner) }
            if random.chance(30) { student.raceEthnicity = random.weighted([(.hispanicOrLatino, 50), (.blackOrAfricanAmerican, 30), (.asian, 20)]) }
        case .suburb, .town:
            break
        }
        return student
    }

    /// The chance in percent that a student holds a paid seat in a given year: lower for the
    /// groups that have faced barriers to these careers, so the dashboards have gaps to show.
    static func participationPercent(_ student: StudentDraft, locale: SchoolLocale) -> Int {
        var percent = 50
        if student.flags.contains(.economicallyDisadvantaged) { percent -= 12 }
        if student.flags.contains(.englishLearner) { percent -= 10 }
        if student.flags.contains(.disability) { percent -= 8 }
        if locale == .rural { percent -= 10 }
        if student.sex == .female { percent -= 6 }
        return min(max(percent, 10), 90)
    }

    /// The catalog every synthetic district starts with: two CTE courses of one program (so
    /// completing both makes a concentrator), a plan-of-study template with them, and three
    /// credentials.
    static func catalog(districtID: UUID, rows: RowBuffer) async throws -> (credentials: [Credential], template: PlanTemplate) {
        for (code, title, prerequisite) in [("IT101", "Computer Systems", ""), ("IT201", "Networking", "IT101")] {
            let course = Course()
            course.id = OrderedID.next()
            course.districtID = districtID
            course.code = code
            course.title = title
            course.creditTenths = 10
            course.cteProgram = "Information Technology"
            course.pathwayCode = "IT.2"
            course.prerequisites = prerequisite
            try await rows.add(course)
        }
        let template = PlanTemplate()
        template.id = OrderedID.next()
        template.districtID = districtID
        template.title = "Information Technology (Network Systems)"
        template.pathwayCode = "IT.2"
        template.courses = PlanText.encode(planned(fromGrade: 10))
        template.postsecondary = "Associate degree in network administration, or a bachelor's in information technology."
        template.milestones = "Paid hours on a project team; CompTIA A+ by grade 12."
        try await rows.add(template)
        var credentials: [Credential] = []
        for (title, issuer) in [("OSHA 10 — General Industry", "OSHA"), ("CompTIA A+", "CompTIA"), ("FAA Part 107 Remote Pilot", "FAA")] {
            let credential = Credential()
            credential.id = OrderedID.next()
            credential.districtID = districtID
            credential.title = title
            credential.issuer = issuer
            credential.kind = .industryCertification
            try await rows.add(credential)
            credentials.append(credential)
        }
        return (credentials, template)
    }

    /// The template's two courses, the first in `grade` (held between 9 and 11), the second a
    /// year later.
    static func planned(fromGrade grade: Int) -> [PlannedCourse] {
        let first = min(max(grade, 9), 11)
        return [PlannedCourse(code: "IT101", grade: first), PlannedCourse(code: "IT201", grade: first + 1)]
    }

    /// The first day of year `back` (0 = this school year) whose weeks get hours.
    func firstDay(yearsBack back: Int) -> CalendarDate { thisWeek.adding(days: -7 * weeksPerYear - 364 * back) }

    /// Reporting years generated, oldest first.
    var reportingYears: [ReportingYear] {
        (0..<years).reversed().map { ReportingYear.containing(firstDay(yearsBack: $0)) }
    }

    /// Builds the rollups of every generated year, so the first dashboard is fast too.
    static func buildRollups(districtIDs: [UUID], years: [ReportingYear], db: any Database, progress: @Sendable (String) -> Void) async throws {
        for (index, districtID) in districtIDs.enumerated() {
            for year in years {
                progress("rollups: district \(index + 1) of \(districtIDs.count), \(year.title)")
                try await OutcomeRollups.rebuild(districtID: districtID, year: year, currentYear: years.map(\.start).max() ?? year.start, db: db)
            }
        }
    }
}
