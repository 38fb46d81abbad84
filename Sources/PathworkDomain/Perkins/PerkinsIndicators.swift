/// The secondary indicators of performance of the Strengthening Career and Technical Education
/// for the 21st Century Act (Perkins V), section 113(b)(2)(A) (20 U.S.C. 2323), each counted
/// over CTE concentrators of the reporting year.
public enum PerkinsIndicator: String, CaseIterable, Sendable, Codable {
    case graduation = "1S1"
    case reading = "2S1"
    case mathematics = "2S2"
    case science = "2S3"
    case placement = "3S1"
    case nontraditional = "4S1"
    case credential = "5S1"
    case postsecondaryCredits = "5S2"
    case workBasedLearning = "5S3"

    public var code: String { rawValue }

    public var title: String {
        switch self {
        case .graduation: "Four-year graduation rate"
        case .reading: "Academic proficiency in reading/language arts"
        case .mathematics: "Academic proficiency in mathematics"
        case .science: "Academic proficiency in science"
        case .placement: "Post-program placement"
        case .nontraditional: "Non-traditional program concentration"
        case .credential: "Program quality: recognized postsecondary credential"
        case .postsecondaryCredits: "Program quality: postsecondary credits"
        case .workBasedLearning: "Program quality: work-based learning"
        }
    }

    /// Who is counted (the denominator) and who meets it (the numerator), as Pathwork reads
    /// them from its records, and the law's section the indicator comes from.
    public var definition: (denominator: String, numerator: String, source: String) {
        switch self {
        case .graduation:
            ("Concentrators in the four-year adjusted cohort that finishes in the reporting year (entered grade 9 three years before it), less those who transferred out, emigrated or died.",
             "Graduated with a regular diploma by August 31 of the cohort's fourth year.",
             "Perkins V §113(b)(2)(A)(i)(I); four-year adjusted cohort graduation rate, ESEA §8101(25)")
        case .reading, .mathematics, .science:
            ("Concentrators with a result on the state's \(self == .reading ? "reading/language arts" : self == .mathematics ? "mathematics" : "science") assessment in the reporting year.",
             "The result met the state's proficient standard.",
             "Perkins V §113(b)(2)(A)(ii); assessments under ESEA §1111(b)(2)")
        case .placement:
            ("Concentrators who left high school (graduated or not) in the reporting year.",
             "In the second calendar quarter after the quarter they left: enrolled in postsecondary education (the Clearinghouse), or in advanced training, military service, a national or community service program, the Peace Corps, or employed (recorded by staff or from a file).",
             "Perkins V §113(b)(2)(A)(iii)")
        case .nontraditional:
            ("Concentrators of the reporting year.",
             "Concentrating in a program whose pathway the district has marked as leading to a field non-traditional for the student's sex (with its source).",
             "Perkins V §113(b)(2)(A)(iv)(I); non-traditional fields, §3(33)")
        case .credential:
            ("Concentrators who graduated in the reporting year.",
             "Earned an industry certification or license (a recognized postsecondary credential) by graduating.",
             "Perkins V §113(b)(2)(A)(iv)(II)(aa); recognized postsecondary credential, WIOA §3(52)")
        case .postsecondaryCredits:
            ("Concentrators who graduated in the reporting year.",
             "Earned college credit through dual or concurrent enrollment (dual credit) by graduating.",
             "Perkins V §113(b)(2)(A)(iv)(II)(bb)")
        case .workBasedLearning:
            ("Concentrators who graduated in the reporting year.",
             "Took part in work-based learning by graduating: approved hours on a client project team or a worksite placement that started.",
             "Perkins V §113(b)(2)(A)(iv)(II)(cc); work-based learning, §3(55)")
        }
    }
}

/// How a district's state decides a CTE concentrator; states may be stricter than the law.
public enum ConcentratorRule: String, CaseIterable, Sendable, Codable {
    /// At least two courses in a single CTE program or program of study.
    case twoCourses
    /// At least two Carnegie units (two year-long credits) in a single CTE program.
    case twoCarnegieUnits

    public var title: String {
        switch self {
        case .twoCourses: "Two or more courses in one CTE program (Perkins V)"
        case .twoCarnegieUnits: "Two or more Carnegie units in one CTE program (Colorado)"
        }
    }

    public var source: String {
        switch self {
        case .twoCourses: "Perkins V §3(12)(A): a student who has completed at least 2 courses in a single career and technical education program or program of study."
        case .twoCarnegieUnits: "Colorado's secondary student definitions (cteincolorado.org, Perkins performance): credit for two or more Carnegie units within a CTE program."
        }
    }

    /// Whether a student's completed courses in one program make them a concentrator.
    public func isConcentrator(courses: Int, creditTenths: Int) -> Bool {
        switch self {
        case .twoCourses: courses >= 2
        case .twoCarnegieUnits: creditTenths >= 20
        }
    }
}

/// What one student-year counts toward: the indicators whose denominator includes them and
/// those whose numerator does (always a subset).
public struct PerkinsStatus: Sendable, Equatable {
    public var counted: Set<PerkinsIndicator>
    public var met: Set<PerkinsIndicator>

    public init(counted: Set<PerkinsIndicator> = [], met: Set<PerkinsIndicator> = []) { self.counted = counted; self.met = met.intersection(counted) }
}

/// A student's records for one reporting year, as the Perkins rules read them.
public struct PerkinsRecord: Sendable, Equatable {
    public enum Subject: String, CaseIterable, Sendable, Codable { case reading, mathematics, science }

    /// Completed courses and their credits, by CTE program, through the reporting year.
    public var programs: [String: (courses: Int, creditTenths: Int)]
    public var exit: StudentExit?
    /// The cohort when no exit records one: from the student's grade now.
    public var cohortYear: Int?
    /// The reporting year's assessment results: proficient or not.
    public var assessments: [Subject: Bool]
    /// Whether the student was placed in the second quarter after leaving.
    public var placedAfterExit: Bool
    /// The programs that lead to a field non-traditional for the student's sex.
    public var nontraditionalPrograms: Set<String>
    /// By the exit date: an industry certification or license, dual credit, work-based learning.
    public var credentialByExit: Bool
    public var dualCreditByExit: Bool
    public var workBasedLearningByExit: Bool

    public init(programs: [String: (courses: Int, creditTenths: Int)] = [:], exit: StudentExit? = nil, cohortYear: Int? = nil,
                assessments: [Subject: Bool] = [:], placedAfterExit: Bool = false, nontraditionalPrograms: Set<String> = [],
                credentialByExit: Bool = false, dualCreditByExit: Bool = false, workBasedLearningByExit: Bool = false) {
        self.programs = programs; self.exit = exit; self.cohortYear = cohortYear; self.assessments = assessments
        self.placedAfterExit = placedAfterExit; self.nontraditionalPrograms = nontraditionalPrograms
        self.credentialByExit = credentialByExit; self.dualCreditByExit = dualCreditByExit; self.workBasedLearningByExit = workBasedLearningByExit
    }

    public static func == (a: PerkinsRecord, b: PerkinsRecord) -> Bool {
        a.programs.mapValues { [$0.courses, $0.creditTenths] } == b.programs.mapValues { [$0.courses, $0.creditTenths] } && a.exit == b.exit
            && a.cohortYear == b.cohortYear && a.assessments == b.assessments && a.placedAfterExit == b.placedAfterExit
            && a.nontraditionalPrograms == b.nontraditionalPrograms && a.credentialByExit == b.credentialByExit
            && a.dualCreditByExit == b.dualCreditByExit && a.workBasedLearningByExit == b.workBasedLearningByExit
    }

    /// The programs the student concentrates in under the rule.
    public func concentrations(_ rule: ConcentratorRule) -> Set<String> {
        Set(programs.filter { rule.isConcentrator(courses: $0.value.courses, creditTenths: $0.value.creditTenths) }.keys)
    }

    /// Concentrating in a program that leads to a non-traditional field (special population (C)).
    public func preparingForNontraditional(_ rule: ConcentratorRule) -> Bool { !concentrations(rule).isDisjoint(with: nontraditionalPrograms) }

    /// The student's part in each indicator of `year` (the school year starting then).
    public func status(year: Int, rule: ConcentratorRule) -> PerkinsStatus {
        guard !concentrations(rule).isEmpty else { return PerkinsStatus() }
        var counted: Set<PerkinsIndicator> = [.nontraditional]
        var met: Set<PerkinsIndicator> = preparingForNontraditional(rule) ? [.nontraditional] : []
        let yearStart = CalendarDate(year: year, month: 9, day: 1)!, yearEnd = CalendarDate(year: year + 1, month: 8, day: 31)!
        // 1S1: the cohort finishing in this year, unless it left the cohort.
        if let cohort = exit?.cohortYear ?? cohortYear, cohort + 3 == year, !(exit?.kind.leavesCohort ?? false) {
            counted.insert(.graduation)
            if exit?.graduatedInFourYears == true { met.insert(.graduation) }
        }
        for (subject, indicator) in [(Subject.reading, PerkinsIndicator.reading), (.mathematics, .mathematics), (.science, .science)] {
            guard let proficient = assessments[subject] else { continue }
            counted.insert(indicator)
            if proficient { met.insert(indicator) }
        }
        if let exit, exit.exitedOn >= yearStart, exit.exitedOn <= yearEnd, exit.kind != .deceased {
            counted.insert(.placement)
            if placedAfterExit { met.insert(.placement) }
            if exit.kind == .graduated {
                counted.formUnion([.credential, .postsecondaryCredits, .workBasedLearning])
                if credentialByExit { met.insert(.credential) }
                if dualCreditByExit { met.insert(.postsecondaryCredits) }
                if workBasedLearningByExit { met.insert(.workBasedLearning) }
            }
        }
        return PerkinsStatus(counted: counted, met: met)
    }

    /// The calendar quarter (first and last day) two after the one a date falls in: leaving in
    /// June (April–June) is measured October to December.
    public static func secondQuarterAfter(_ date: CalendarDate) -> (first: CalendarDate, last: CalendarDate) {
        let quarter = (date.month - 1) / 3
        let target = quarter + 2
        let year = date.year + target / 4, startMonth = (target % 4) * 3 + 1
        let first = CalendarDate(year: year, month: startMonth, day: 1)!
        return (first, first.adding(months: 3).adding(days: -1))
    }
}
