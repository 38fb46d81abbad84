/// The seven race/ethnicity reporting categories of the U.S. Department of Education's 2007
/// guidance (Federal Register 72 FR 59266), used for federal and Perkins V reporting.
public enum RaceEthnicity: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case hispanicOrLatino
    case americanIndianOrAlaskaNative
    case asian
    case blackOrAfricanAmerican
    case nativeHawaiianOrOtherPacificIslander
    case white
    case twoOrMoreRaces

    public var title: String {
        switch self {
        case .hispanicOrLatino: "Hispanic or Latino"
        case .americanIndianOrAlaskaNative: "American Indian or Alaska Native"
        case .asian: "Asian"
        case .blackOrAfricanAmerican: "Black or African American"
        case .nativeHawaiianOrOtherPacificIslander: "Native Hawaiian or Other Pacific Islander"
        case .white: "White"
        case .twoOrMoreRaces: "Two or more races"
        }
    }
}

/// Sex as collected by student information systems; `nonbinary` covers the "X" marker that a
/// growing number of states record.
public enum Sex: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case female, male, nonbinary

    public var title: String {
        switch self {
        case .female: "Female"
        case .male: "Male"
        case .nonbinary: "Nonbinary (X)"
        }
    }
}

/// NCES school locale types (city, suburb, town, rural), the basis for rural-access reporting.
public enum SchoolLocale: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case city, suburb, town, rural

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// The yes/no program flags equity reporting disaggregates by.
public enum StudentFlag: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case economicallyDisadvantaged
    case englishLearner
    case disability
    case homeless
    case fosterCare
    case migrant
    case militaryConnected
    case newToCountry
    /// Perkins V §3(48)(D) and (E): special populations the district's records rarely hold and a
    /// CTE program learns from the student (recorded on the student's page or a roster's
    /// `metadata.singleParent`, `metadata.outOfWorkforce`), so its report can count them.
    case singleParent
    case outOfWorkforce

    public var title: String {
        switch self {
        case .economicallyDisadvantaged: "Economically disadvantaged"
        case .englishLearner: "English learner"
        case .disability: "Student with a disability"
        case .homeless: "Experiencing homelessness"
        case .fosterCare: "In foster care"
        case .migrant: "Migrant"
        case .militaryConnected: "Military-connected"
        case .newToCountry: "New to the U.S."
        case .singleParent: "Single parent (or single and pregnant)"
        case .outOfWorkforce: "Out of the workforce"
        }
    }
}

/// A student group a coordinator can filter the directory by.
public enum Subgroup: Hashable, Sendable {
    case raceEthnicity(RaceEthnicity)
    case sex(Sex)
    case flag(StudentFlag)
    case locale(SchoolLocale)

    /// A stable token for query strings, e.g. `race:asian`, `flag:englishLearner`.
    public var token: String {
        switch self {
        case .raceEthnicity(let r): "race:\(r.rawValue)"
        case .sex(let s): "sex:\(s.rawValue)"
        case .flag(let f): "flag:\(f.rawValue)"
        case .locale(let l): "locale:\(l.rawValue)"
        }
    }

    public var title: String {
        switch self {
        case .raceEthnicity(let r): r.title
        case .sex(let s): s.title
        case .flag(let f): f.title
        case .locale(let l): "Locale: \(l.title)"
        }
    }

    public init?(token: String) {
        let parts = token.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "race": guard let v = RaceEthnicity(rawValue: parts[1]) else { return nil }; self = .raceEthnicity(v)
        case "sex": guard let v = Sex(rawValue: parts[1]) else { return nil }; self = .sex(v)
        case "flag": guard let v = StudentFlag(rawValue: parts[1]) else { return nil }; self = .flag(v)
        case "locale": guard let v = SchoolLocale(rawValue: parts[1]) else { return nil }; self = .locale(v)
        default: return nil
        }
    }

    public static var all: [Subgroup] {
        RaceEthnicity.allCases.map(Subgroup.raceEthnicity) + Sex.allCases.map(Subgroup.sex)
            + StudentFlag.allCases.map(Subgroup.flag) + SchoolLocale.allCases.map(Subgroup.locale)
    }
}
