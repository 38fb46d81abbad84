/// The files of student-level records that come from outside Pathwork, matched to students by
/// the district's student number.
public enum StudentFileKind: String, CaseIterable, Sendable, Codable {
    /// The National Student Clearinghouse's StudentTracker for High Schools detail file.
    case clearinghouse
    /// FAFSA/WASFA completion by student, from the state.
    case financialAid
    /// Graduations and other exits, with each student's grade-9 cohort.
    case exits
    /// College credits earned in high school.
    case dualCredit
    /// State assessment results (reading/language arts, mathematics, science).
    case assessments
    /// Employment, service and training after high school.
    case afterExit

    public var title: String {
        switch self {
        case .clearinghouse: "StudentTracker detail file (National Student Clearinghouse)"
        case .financialAid: "FAFSA/WASFA completion file"
        case .exits: "Graduations and exits"
        case .dualCredit: "Dual credit earned"
        case .assessments: "State assessment results"
        case .afterExit: "Employment, service and training after high school"
        }
    }

    /// The name used in the command (`pathwork import clearinghouse FILE`) and the page's URLs.
    public var token: String {
        switch self {
        case .clearinghouse: "clearinghouse"
        case .financialAid: "financial-aid"
        case .exits: "exits"
        case .dualCredit: "dual-credit"
        case .assessments: "assessments"
        case .afterExit: "after-exit"
        }
    }

    public init?(token: String) {
        guard let found = Self.allCases.first(where: { $0.token == token }) else { return nil }
        self = found
    }

    public var columns: [StudentFileColumn] {
        switch self {
        case .clearinghouse: ClearinghouseFile.columns
        case .financialAid: FinancialAidFile.columns
        case .exits: StudentExitFile.columns
        case .dualCredit: DualCreditFile.columns
        case .assessments: AssessmentFile.columns
        case .afterExit: ExitActivityFile.columns
        }
    }

    /// The column holding the district's student number.
    public var studentNumberColumn: String {
        switch self {
        case .clearinghouse: ClearinghouseFile.studentNumber
        case .financialAid: FinancialAidFile.studentNumber
        case .exits: StudentExitFile.studentNumber
        case .dualCredit: DualCreditFile.studentNumber
        case .assessments: AssessmentFile.studentNumber
        case .afterExit: ExitActivityFile.studentNumber
        }
    }

    /// What an import of the kind replaces: a student's records of the kind are the file's,
    /// whole, for each student (for financial aid, each student's class) it names.
    public var replaces: String {
        switch self {
        case .clearinghouse: "Each student in the file: their earlier Clearinghouse enrollments, degrees and search result are replaced by the file's."
        case .financialAid: "Each student and class in the file: their earlier applications for that class are replaced by the file's."
        case .exits: "Each student in the file: their exit and cohort are replaced by the file's."
        case .dualCredit: "Each student in the file: the dual credit earlier files gave them is replaced by the file's; credit staff recorded by hand stays."
        case .assessments: "Each student and school year in the file: their earlier results for that year are replaced by the file's."
        case .afterExit: "Each student in the file: the activities earlier files gave them are replaced by the file's; what staff recorded by hand stays."
        }
    }
}
