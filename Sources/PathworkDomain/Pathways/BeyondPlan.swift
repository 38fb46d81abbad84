/// Washington's High School and Beyond Plan: what each student's plan must hold, from which
/// grade, and when it counts as current. The rules are the state's, kept here with their
/// sources so the page can show them beside the plan.
public enum BeyondPlanRules {
    public struct Rule: Sendable, Equatable {
        public let text: String
        public let source: String
    }

    /// The law the plan comes from, as the plan's page cites it.
    public static let sources: [Rule] = [
        Rule(text: "Each student must have a High School and Beyond Plan, and the transcript notes whether the student met the requirement.",
             source: "RCW 28A.230.090"),
        Rule(text: "A career interest and skills inventory by grade 7; by grade 8 a plan with first-year high-school courses; updated at least every year with staff support; districts provide an electronic platform.",
             source: "RCW 28A.230.212"),
        Rule(text: "Required elements: career goals aided by a skills and interest assessment; education goals; a four-year course plan meeting graduation requirements; options for meeting them, including the graduation pathway option(s); a current résumé or activity log.",
             source: "WAC 180-51-220(2)"),
        Rule(text: "Students complete at least one graduation pathway option aligned with the plan.", source: "RCW 28A.655.250; WAC 180-51-230"),
    ]

    /// Plans start in grade 7, with the inventory.
    public static let firstGrade = 7

    /// What is missing from a plan for a student in `grade`, in the order of WAC 180-51-220(2).
    public static func missing(_ plan: BeyondPlanContents, grade: Int) -> [BeyondPlanPart] {
        BeyondPlanPart.allCases.filter { grade >= $0.requiredFromGrade && !plan.has($0, grade: grade) }
    }

    /// A plan is current for a school year when a counselor signed it off in that year.
    public static func isCurrent(signedOffIn years: Set<Int>, year: Int) -> Bool { years.contains(year) }
}

/// The parts of a plan, each required from a grade.
public enum BeyondPlanPart: String, CaseIterable, Sendable, Codable {
    case interestInventory, careerGoals, educationGoals, coursePlan, graduationPathway, resume

    public var title: String {
        switch self {
        case .interestInventory: "Career interest and skills inventory"
        case .careerGoals: "Career goals"
        case .educationGoals: "Education goals"
        case .coursePlan: "Four-year course plan"
        case .graduationPathway: "Graduation pathway option"
        case .resume: "Résumé or activity log"
        }
    }

    public var requiredFromGrade: Int {
        switch self {
        // RCW 28A.230.212(2)(a): the inventory "beginning by the seventh grade".
        case .interestInventory: 7
        // RCW 28A.230.212(2)(a): "no later than eighth grade" a begun plan with first-year courses.
        case .careerGoals, .educationGoals, .coursePlan: 8
        // The pathway is chosen for high school, where it is completed (RCW 28A.655.250).
        case .graduationPathway: 9
        // A résumé is asked "by the end of twelfth grade".
        case .resume: 12
        }
    }

    public var source: String {
        switch self {
        case .interestInventory, .careerGoals: "WAC 180-51-220(2)(a); RCW 28A.230.212(2)(a)"
        case .educationGoals: "WAC 180-51-220(2)(b)"
        case .coursePlan: "WAC 180-51-220(2)(c); RCW 28A.230.212(2)(a)"
        case .graduationPathway: "WAC 180-51-220(2)(d); RCW 28A.655.250"
        case .resume: "WAC 180-51-220(2)(e)"
        }
    }
}

/// What a student's plan holds today.
public struct BeyondPlanContents: Sendable, Equatable {
    public var careerGoals: String
    public var educationGoals: String
    public var graduationPathways: Set<GraduationPathwayOption>
    public var inventoryTaken: Bool
    /// The high-school grades (9–12) the course plan has courses in.
    public var plannedGrades: Set<Int>
    /// Entries in the résumé: Pathwork's own records of work and credentials and the entries the
    /// student added.
    public var resumeEntries: Int

    public init(careerGoals: String = "", educationGoals: String = "", graduationPathways: Set<GraduationPathwayOption> = [], inventoryTaken: Bool = false,
                plannedGrades: Set<Int> = [], resumeEntries: Int = 0) {
        self.careerGoals = careerGoals; self.educationGoals = educationGoals; self.graduationPathways = graduationPathways
        self.inventoryTaken = inventoryTaken; self.plannedGrades = plannedGrades; self.resumeEntries = resumeEntries
    }

    /// Whether the part is there for a student in `grade`. The course plan covers grade 9 when
    /// the student is in middle school and every grade left, from the current one, after that.
    public func has(_ part: BeyondPlanPart, grade: Int) -> Bool {
        switch part {
        case .interestInventory: inventoryTaken
        case .careerGoals: !careerGoals.trimmingWhitespace.isEmpty
        case .educationGoals: !educationGoals.trimmingWhitespace.isEmpty
        case .coursePlan: Set(max(grade, 9)...12).isSubset(of: plannedGrades) || (grade < 9 && plannedGrades.contains(9))
        case .graduationPathway: !graduationPathways.isEmpty
        case .resume: resumeEntries > 0
        }
    }
}

/// The ways a Washington student may meet the graduation pathway requirement (RCW 28A.655.250,
/// WAC 180-51-230, as OSPI's graduation pathways guide lists them).
public enum GraduationPathwayOption: String, CaseIterable, Sendable, Codable {
    case stateAssessment, dualCredit, transitionCourses, advancedCourses, collegeAdmissionTest, englishAndMathCombined, asvab, cteSequence

    public var title: String {
        switch self {
        case .stateAssessment: "State assessments (Smarter Balanced or WA-AIM) at the graduation score"
        case .dualCredit: "Dual credit courses in English language arts and math"
        case .transitionCourses: "High school transition courses in English language arts and math"
        case .advancedCourses: "AP, IB or Cambridge courses or exams in English language arts and math"
        case .collegeAdmissionTest: "SAT or ACT at the graduation score"
        case .englishAndMathCombined: "A combination of the English language arts and math options"
        case .asvab: "ASVAB (Armed Forces Qualification Test) at the minimum score"
        case .cteSequence: "A sequence of career and technical education courses"
        }
    }
}

/// A résumé entry the student (or staff) adds beside what Pathwork already holds.
public enum ResumeEntryKind: String, CaseIterable, Sendable, Codable {
    case education, work, communityService, activity

    public var title: String {
        switch self {
        case .education: "Education"
        case .work: "Work experience"
        case .communityService: "Community service"
        case .activity: "Activity"
        }
    }
}
