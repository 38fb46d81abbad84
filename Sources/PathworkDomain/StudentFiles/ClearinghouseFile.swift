/// The National Student Clearinghouse's StudentTracker for High Schools detail file: one row
/// per student searched and, for a student found, one row per enrollment term or degree. Read
/// by the header names of the Clearinghouse's detail report ("Reading the StudentTracker Detail
/// Report", National Student Clearinghouse Research Center); other columns (names, majors, CIP
/// codes, class level, college sequence) are not kept.
public enum ClearinghouseFile {
    public static let studentNumber = "Your Unique Identifier"
    public static let found = "Record Found Y/N"
    public static let searchDate = "Search Date"
    public static let collegeCode = "College Code/Branch"
    public static let collegeName = "College Name"
    public static let collegeState = "College State"
    public static let level = "2-year / 4-year"
    public static let control = "Public / Private"
    public static let begins = "Enrollment Begin"
    public static let ends = "Enrollment End"
    public static let status = "Enrollment Status"
    public static let graduated = "Graduated?"
    public static let graduatedOn = "Graduation Date"
    public static let degreeTitle = "Degree Title"

    public static let columns = [
        StudentFileColumn(studentNumber, aliases: ["Student ID", "Student Number"]),
        StudentFileColumn(found),
        StudentFileColumn(searchDate, required: false),
        StudentFileColumn(collegeCode), StudentFileColumn(collegeName), StudentFileColumn(collegeState, required: false),
        StudentFileColumn(level), StudentFileColumn(control),
        StudentFileColumn(begins), StudentFileColumn(ends), StudentFileColumn(status, required: false),
        StudentFileColumn(graduated), StudentFileColumn(graduatedOn), StudentFileColumn(degreeTitle, required: false),
    ]

    /// One row read: the student searched and, where found, the enrollment or degree.
    // The choices each line is read against, made once rather than per line.
    private static let yesNo = [("Y", true), ("N", false)]
    private static let levels = InstitutionLevel.allCases.map { ($0.rawValue, $0) }
    private static let controls = InstitutionControl.allCases.map { ($0.title, $0) }
    private static let statuses = EnrollmentStatus.allCases.map { ($0.rawValue, $0) }

    public struct Row: Sendable, Equatable {
        public var studentNumber: String
        public var searchedOn: CalendarDate?
        public var record: PostsecondaryRecord?
    }

    /// Reads one data row; nil, with its issues logged, when it cannot be used.
    public static func read(_ row: StudentFileRow, _ issues: inout RosterIssueLog) -> Row? {
        let before = issues.errorCount
        let number = row.required(studentNumber, &issues)
        let searched = row.date(searchDate, required: false, &issues)
        let isFound = row.choice(found, yesNo, required: true, &issues)
        guard let number, let searched, let isFound = isFound ?? nil else { return nil }
        guard isFound else { return issues.errorCount == before ? Row(studentNumber: number, searchedOn: searched, record: nil) : nil }
        let code = row.required(collegeCode, &issues)
        let name = row.required(collegeName, &issues)
        let level = row.choice(Self.level, levels, required: true, &issues)
        let control = row.choice(Self.control, controls, required: true, &issues)
        let isDegree = row.choice(graduated, yesNo, required: true, &issues)
        guard let code, let name, let level = level ?? nil, let control = control ?? nil, let isDegree = isDegree ?? nil else { return nil }
        let college = College(code: code, name: name, state: row.text(collegeState), level: level, control: control)
        if isDegree {
            guard let on = row.date(graduatedOn, required: true, &issues) ?? nil else { return nil }
            return Row(studentNumber: number, searchedOn: searched, record: .degree(PostsecondaryDegree(college: college, graduatedOn: on, title: row.text(degreeTitle))))
        }
        let begins = row.date(Self.begins, required: true, &issues)
        let ends = row.date(Self.ends, required: true, &issues)
        let status = row.choice(Self.status, statuses, required: false, &issues)
        guard let begins = begins ?? nil, let ends = ends ?? nil, let status else { return nil }
        guard begins <= ends else {
            row.error(Self.ends, "dates", value: row.text(Self.ends), "\(Self.ends) is before \(Self.begins).", into: &issues)
            return nil
        }
        return Row(studentNumber: number, searchedOn: searched,
                   record: .enrollment(PostsecondaryEnrollment(college: college, begins: begins, ends: ends, status: status)))
    }
}

/// What the Clearinghouse says of a college: "4", "2" or "L" (less than two-year).
public enum InstitutionLevel: String, CaseIterable, Sendable, Codable {
    case fourYear = "4", twoYear = "2", lessThanTwoYear = "L"

    public var title: String {
        switch self {
        case .fourYear: "4-year"
        case .twoYear: "2-year"
        case .lessThanTwoYear: "Less than 2-year"
        }
    }
}

public enum InstitutionControl: String, CaseIterable, Sendable, Codable {
    case `public`, `private`
    public var title: String { self == .public ? "Public" : "Private" }
}

/// The last enrollment status a college reported for the term (blank where it does not
/// release it).
public enum EnrollmentStatus: String, CaseIterable, Sendable, Codable {
    case fullTime = "F", threeQuarterTime = "Q", halfTime = "H", lessThanHalfTime = "L", withdrawn = "W", leaveOfAbsence = "A", deceased = "D"
}

public struct College: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var state: String
    public var level: InstitutionLevel
    public var control: InstitutionControl

    public init(code: String, name: String, state: String, level: InstitutionLevel, control: InstitutionControl) {
        self.code = code; self.name = name; self.state = state; self.level = level; self.control = control
    }
}

public struct PostsecondaryEnrollment: Sendable, Equatable, Codable {
    public var college: College
    public var begins: CalendarDate
    public var ends: CalendarDate
    public var status: EnrollmentStatus?

    public init(college: College, begins: CalendarDate, ends: CalendarDate, status: EnrollmentStatus? = nil) {
        self.college = college; self.begins = begins; self.ends = ends; self.status = status
    }
}

public struct PostsecondaryDegree: Sendable, Equatable, Codable {
    public var college: College
    public var graduatedOn: CalendarDate
    public var title: String
}

public enum PostsecondaryRecord: Sendable, Equatable {
    case enrollment(PostsecondaryEnrollment)
    case degree(PostsecondaryDegree)
}
