/// Financial-aid application completion by student, as a state sends it to its districts
/// (Washington's 12th-grade FAFSA/WASFA completion from WSAC, a federal FAFSA completion match
/// elsewhere): one row per student and application. States' files differ, so Pathwork reads
/// these header names (with the aliases listed) and a district renames its columns to match.
public enum FinancialAidFile {
    public static let studentNumber = "Student Number"
    public static let classOf = "Class Of"
    public static let application = "Application"
    public static let submittedOn = "Submitted"
    public static let completedOn = "Completed"

    public static let columns = [
        StudentFileColumn(studentNumber, aliases: ["Student ID", "District Student ID"]),
        StudentFileColumn(classOf, aliases: ["Graduation Year", "Cohort Year"]),
        StudentFileColumn(application, aliases: ["Application Type", "Form"]),
        StudentFileColumn(submittedOn, aliases: ["Submitted Date", "Submission Date"], required: false),
        StudentFileColumn(completedOn, aliases: ["Completed Date", "Completion Date"]),
    ]

    public struct Row: Sendable, Equatable {
        public var studentNumber: String
        public var classOf: Int
        public var application: FinancialAidApplicationKind
        public var submittedOn: CalendarDate?
        /// Nil: submitted (or started) but not complete.
        public var completedOn: CalendarDate?
    }

    public static func read(_ row: StudentFileRow, _ issues: inout RosterIssueLog) -> Row? {
        let number = row.required(studentNumber, &issues)
        let year = row.year(classOf, &issues)
        let kind = row.choice(application, FinancialAidApplicationKind.allCases.map { ($0.title, $0) }, required: true, &issues)
        let submitted = row.date(submittedOn, required: false, &issues)
        let completed = row.date(completedOn, required: false, &issues)
        guard let number, let year, let kind = kind ?? nil, let submitted, let completed else { return nil }
        if let submitted, let completed, completed < submitted {
            row.error(completedOn, "dates", value: row.text(completedOn), "\(completedOn) is before \(submittedOn).", into: &issues)
            return nil
        }
        return Row(studentNumber: number, classOf: year, application: kind, submittedOn: submitted, completedOn: completed)
    }
}

/// The federal application, or Washington's for students who cannot file it (RCW 28B.92).
public enum FinancialAidApplicationKind: String, CaseIterable, Sendable, Codable {
    case fafsa, wasfa
    public var title: String { rawValue.uppercased() }
}

/// How each student left the district (or graduated), with the cohort they entered grade 9 in:
/// what the four-year graduation rate and the postsecondary indicators count from. Districts
/// send it from their student information system; staff can also record one student's.
public enum StudentExitFile {
    public static let studentNumber = "Student Number"
    public static let cohortYear = "Cohort Year"
    public static let exitedOn = "Exit Date"
    public static let exit = "Exit"

    public static let columns = [
        StudentFileColumn(studentNumber, aliases: ["Student ID"]),
        StudentFileColumn(cohortYear, aliases: ["Grade 9 Year", "Entered Grade 9"]),
        StudentFileColumn(exitedOn, aliases: ["Exit Date", "Graduation Date"]),
        StudentFileColumn(exit, aliases: ["Exit Code", "Exit Type"]),
    ]

    public struct Row: Sendable, Equatable {
        public var studentNumber: String
        public var exit: StudentExit
    }

    public static func read(_ row: StudentFileRow, _ issues: inout RosterIssueLog) -> Row? {
        let number = row.required(studentNumber, &issues)
        let cohort = row.year(cohortYear, &issues)
        let on = row.date(exitedOn, required: true, &issues)
        let kind = row.choice(exit, StudentExitKind.allCases.map { ($0.rawValue, $0) }, required: true, &issues)
        guard let number, let cohort, let on = on ?? nil, let kind = kind ?? nil else { return nil }
        let exit = StudentExit(cohortYear: cohort, exitedOn: on, kind: kind)
        if let problem = exit.problem {
            row.error(exitedOn, "dates", value: row.text(exitedOn), problem, into: &issues)
            return nil
        }
        return Row(studentNumber: number, exit: exit)
    }
}

/// How a student left: the codes of the four-year adjusted cohort graduation rate (ESEA section
/// 8101(25)): a regular diploma counts as graduating; an equivalency or other certificate does
/// not; a documented transfer out, emigration or death takes the student out of the cohort.
public enum StudentExitKind: String, CaseIterable, Sendable, Codable {
    case graduated, equivalency, droppedOut, transferredOut, emigrated, deceased

    public var title: String {
        switch self {
        case .graduated: "Graduated with a regular diploma"
        case .equivalency: "Equivalency or other certificate"
        case .droppedOut: "Dropped out"
        case .transferredOut: "Transferred out"
        case .emigrated: "Emigrated"
        case .deceased: "Deceased"
        }
    }

    /// Leaves the adjusted cohort rather than counting against it.
    public var leavesCohort: Bool { self == .transferredOut || self == .emigrated || self == .deceased }
}

public struct StudentExit: Sendable, Equatable, Codable {
    /// The school year (by the year it starts) the student first entered grade 9.
    public var cohortYear: Int
    public var exitedOn: CalendarDate
    public var kind: StudentExitKind

    public init(cohortYear: Int, exitedOn: CalendarDate, kind: StudentExitKind) { self.cohortYear = cohortYear; self.exitedOn = exitedOn; self.kind = kind }

    /// The graduating class: the year of the exit, or the next for an exit from September on
    /// (a summer graduate through August 31 belongs to the class of that spring).
    public var classOf: Int { exitedOn.month >= 9 ? exitedOn.year + 1 : exitedOn.year }

    /// Graduated with a regular diploma by the end of the cohort's fourth year (August 31).
    public var graduatedInFourYears: Bool {
        kind == .graduated && exitedOn <= CalendarDate(year: cohortYear + 4, month: 8, day: 31)!
    }

    /// Why the dates cannot be right, if they cannot.
    public var problem: String? {
        exitedOn < CalendarDate(year: cohortYear, month: 7, day: 1)! ? "The exit date is before the cohort's first school year began." : nil
    }
}
