/// The ways outcomes are disaggregated. Each dimension partitions every student into exactly one
/// group — including "not reported" where the district holds no value, and "no" for a yes/no
/// flag — so the groups of a dimension always add up to all students, which is what
/// complementary suppression relies on.
public enum GroupDimension: Hashable, Sendable, CaseIterable {
    case raceEthnicity
    case sex
    case flag(StudentFlag)
    case locale
    /// Concentrating in a CTE program that leads to a field non-traditional for the student's
    /// sex: Perkins V's special population (C), "individuals preparing for non-traditional fields".
    case nontraditional
    /// Whether the student took part in one of Pathwork's programs in high school: not a
    /// demographic, so only reports of what happened after (postsecondary, financial aid) use it.
    case participation(ProgramParticipation)
    /// The grade the student was in that school year (Washington's High School and Beyond Plan
    /// is reported by grade); a grade outside the ones Pathwork serves is "not reported".
    case grade

    /// The demographic dimensions every outcome table shows.
    public static var allCases: [GroupDimension] {
        [.raceEthnicity, .sex] + StudentFlag.allCases.map(GroupDimension.flag) + [.locale, .nontraditional, .grade]
    }

    public static var programParticipation: [GroupDimension] { ProgramParticipation.allCases.map(GroupDimension.participation) }

    public var token: String {
        switch self {
        case .raceEthnicity: "race"
        case .sex: "sex"
        case .flag(let flag): "flag.\(flag.rawValue)"
        case .locale: "locale"
        case .nontraditional: "nontraditional"
        case .participation(let program): "took.\(program.rawValue)"
        case .grade: "grade"
        }
    }

    public init?(token: String) {
        guard let found = (Self.allCases + Self.programParticipation).first(where: { $0.token == token }) else { return nil }
        self = found
    }

    public var title: String {
        switch self {
        case .raceEthnicity: "Race/ethnicity"
        case .sex: "Sex"
        case .flag(let flag): flag.title
        case .locale: "School locale"
        case .nontraditional: "Preparing for a non-traditional field"
        case .participation(let program): program.title
        case .grade: "Grade"
        }
    }

    /// Every group of the dimension, in reporting order.
    public var groups: [StudentGroup] {
        switch self {
        case .raceEthnicity: RaceEthnicity.allCases.map { StudentGroup(dimension: self, value: $0.rawValue) } + [StudentGroup(dimension: self, value: StudentGroup.notReported)]
        case .sex: Sex.allCases.map { StudentGroup(dimension: self, value: $0.rawValue) } + [StudentGroup(dimension: self, value: StudentGroup.notReported)]
        case .flag, .participation, .nontraditional: [StudentGroup(dimension: self, value: "yes"), StudentGroup(dimension: self, value: "no")]
        case .locale: SchoolLocale.allCases.map { StudentGroup(dimension: self, value: $0.rawValue) } + [StudentGroup(dimension: self, value: StudentGroup.notReported)]
        case .grade: StudentAttributes.grades.map { StudentGroup(dimension: self, value: String($0)) } + [StudentGroup(dimension: self, value: StudentGroup.notReported)]
        }
    }
}

/// One group of one dimension, e.g. (race, asian) or (English learner, no).
public struct StudentGroup: Hashable, Sendable, Comparable {
    public static let notReported = "notReported"

    public let dimension: GroupDimension
    public let value: String

    public init(dimension: GroupDimension, value: String) { self.dimension = dimension; self.value = value }

    public var token: String { "\(dimension.token):\(value)" }

    public var title: String {
        if value == Self.notReported { return "Not reported" }
        switch dimension {
        case .raceEthnicity: return RaceEthnicity(rawValue: value)?.title ?? value
        case .sex: return Sex(rawValue: value)?.title ?? value
        case .flag(let flag): return value == "yes" ? flag.title : "Not \(flag.title.prefix(1).lowercased() + flag.title.dropFirst())"
        case .locale: return SchoolLocale(rawValue: value)?.title ?? value
        case .nontraditional: return value == "yes" ? "Preparing for a non-traditional field" : "Not in a non-traditional program"
        case .participation(let program): return value == "yes" ? program.took : program.didNotTake
        case .grade: return "Grade \(value)"
        }
    }

    public static func < (a: StudentGroup, b: StudentGroup) -> Bool { a.token < b.token }
}

/// What a student's groups are read from: the directory's profile and the school's locale.
public struct StudentAttributes: Sendable, Equatable {
    public var raceEthnicity: RaceEthnicity?
    public var sex: Sex?
    public var flags: Set<StudentFlag>
    public var locale: SchoolLocale?
    public var nontraditional: Bool
    /// The grade in the year reported on.
    public var grade: Int?

    /// The grades Pathwork serves, each a group of its own.
    public static var grades: ClosedRange<Int> { StudentDraft.grades }

    public init(raceEthnicity: RaceEthnicity? = nil, sex: Sex? = nil, flags: Set<StudentFlag> = [], locale: SchoolLocale? = nil, nontraditional: Bool = false,
                grade: Int? = nil) {
        self.raceEthnicity = raceEthnicity; self.sex = sex; self.flags = flags; self.locale = locale; self.nontraditional = nontraditional; self.grade = grade
    }

    /// The student's group in each dimension; a student at no school is "not reported" for locale.
    public var groups: [StudentGroup] {
        GroupDimension.allCases.map { dimension in
            switch dimension {
            case .raceEthnicity: StudentGroup(dimension: dimension, value: raceEthnicity?.rawValue ?? StudentGroup.notReported)
            case .sex: StudentGroup(dimension: dimension, value: sex?.rawValue ?? StudentGroup.notReported)
            case .flag(let flag): StudentGroup(dimension: dimension, value: flags.contains(flag) ? "yes" : "no")
            case .locale: StudentGroup(dimension: dimension, value: locale?.rawValue ?? StudentGroup.notReported)
            case .nontraditional: StudentGroup(dimension: dimension, value: nontraditional ? "yes" : "no")
            case .participation: StudentGroup(dimension: dimension, value: "no")
            case .grade: StudentGroup(dimension: dimension, value: grade.flatMap { Self.grades.contains($0) ? String($0) : nil } ?? StudentGroup.notReported)
            }
        }
    }
}

/// The programs whose takers a district compares with everyone else after high school.
public enum ProgramParticipation: String, CaseIterable, Sendable, Codable {
    /// Approved paid hours on a project team or at a worksite.
    case paidWork
    /// Held a placement at a partner's worksite.
    case worksitePlacement
    /// Earned a credential.
    case credential

    public var title: String {
        switch self {
        case .paidWork: "Paid work in high school"
        case .worksitePlacement: "Worksite placement in high school"
        case .credential: "Credential in high school"
        }
    }

    public var took: String {
        switch self {
        case .paidWork: "Did paid work"
        case .worksitePlacement: "Held a worksite placement"
        case .credential: "Earned a credential"
        }
    }

    public var didNotTake: String {
        switch self {
        case .paidWork: "No paid work"
        case .worksitePlacement: "No worksite placement"
        case .credential: "No credential"
        }
    }

    /// The student's group in each participation dimension.
    public static func groups(_ taken: Set<ProgramParticipation>) -> [StudentGroup] {
        allCases.map { StudentGroup(dimension: .participation($0), value: taken.contains($0) ? "yes" : "no") }
    }
}
