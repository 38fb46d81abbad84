/// The ways a high-school student earns college credit, as Washington counts dual credit
/// (OSPI's dual credit programs); a course in the catalog names the one it offers.
public enum DualCreditKind: String, CaseIterable, Sendable, Codable {
    /// College courses taken at the college (Washington's Running Start).
    case runningStart
    /// College courses taught at the high school, with the college's credit.
    case collegeInTheHighSchool
    /// College Board Advanced Placement: credit from the exam score, by the college's policy.
    case advancedPlacement
    /// International Baccalaureate: credit from the exam score, by the college's policy.
    case internationalBaccalaureate
    /// A high-school CTE course articulated with a college program.
    case cteDualCredit

    public var title: String {
        switch self {
        case .runningStart: "Running Start"
        case .collegeInTheHighSchool: "College in the High School"
        case .advancedPlacement: "Advanced Placement (AP)"
        case .internationalBaccalaureate: "International Baccalaureate (IB)"
        case .cteDualCredit: "CTE dual credit"
        }
    }
}

/// College credit a student earned in high school.
public struct DualCreditEarned: Sendable, Equatable {
    public var kind: DualCreditKind
    /// Tenths of a college credit (quarter or semester credits, as the college grants them).
    public var creditTenths: Int
    public var earnedOn: CalendarDate
    public var courseCode: String?
    public var college: String?

    public init(kind: DualCreditKind, creditTenths: Int, earnedOn: CalendarDate, courseCode: String? = nil, college: String? = nil) {
        self.kind = kind; self.creditTenths = creditTenths; self.earnedOn = earnedOn; self.courseCode = courseCode; self.college = college
    }

    /// "5", "4.5" or "0.5" college credits as tenths; nil for anything else, zero, or over 100.
    public static func tenths(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0].isEmpty ? "0" : parts[0]), whole >= 0,
              parts[0].allSatisfy(\.isASCIIDigit) else { return nil }
        var tenths = whole * 10
        if parts.count == 2 {
            guard parts[1].count == 1, let digit = Int(parts[1]), parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
            tenths += digit
        }
        return (1...1000).contains(tenths) ? tenths : nil
    }

    /// Tenths written out: 45 is "4.5", 50 is "5".
    public static func text(_ tenths: Int) -> String { tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)" }
}

/// College credits earned in high school, by student, from the college's or the state's
/// records (or the district's transcript).
public enum DualCreditFile {
    public static let studentNumber = "Student Number"
    public static let kind = "Dual Credit"
    public static let credits = "College Credits"
    public static let earnedOn = "Earned On"
    public static let courseCode = "Course Code"
    public static let college = "College"

    public static let columns = [
        StudentFileColumn(studentNumber, aliases: ["Student ID"]),
        StudentFileColumn(kind, aliases: ["Dual Credit Program", "Program"]),
        StudentFileColumn(credits, aliases: ["Credits Earned", "College Credits Earned"]),
        StudentFileColumn(earnedOn, aliases: ["Date Earned", "Term End Date"]),
        StudentFileColumn(courseCode, aliases: ["Course"], required: false),
        StudentFileColumn(college, aliases: ["Institution"], required: false),
    ]

    public struct Row: Sendable, Equatable {
        public var studentNumber: String
        public var credit: DualCreditEarned
    }

    public static func read(_ row: StudentFileRow, _ issues: inout RosterIssueLog) -> Row? {
        let number = row.required(studentNumber, &issues)
        let program = row.choice(kind, DualCreditKind.allCases.flatMap { [($0.rawValue, $0), ($0.title, $0)] } + [("AP", .advancedPlacement), ("IB", .internationalBaccalaureate)],
                                 required: true, &issues)
        let amount = row.required(credits, &issues)
        let on = row.date(earnedOn, required: true, &issues)
        guard let number, let program = program ?? nil, let amount, let on = on ?? nil else { return nil }
        guard let tenths = DualCreditEarned.tenths(amount) else {
            row.error(credits, "value", value: amount, "\(credits) must be a number of credits above 0 and at most 100, to one decimal place.", into: &issues)
            return nil
        }
        return Row(studentNumber: number, credit: DualCreditEarned(kind: program, creditTenths: tenths, earnedOn: on,
                                                                   courseCode: row.text(courseCode).isEmpty ? nil : row.text(courseCode).uppercased(),
                                                                   college: row.text(college).isEmpty ? nil : row.text(college)))
    }
}
