import Foundation

/// What a OneRoster user becomes in Pathwork: a student with a profile, district staff in the
/// role the district's mapping gives, or nobody (a role the mapping leaves out, a student in a
/// grade Pathwork does not serve). Pure values, so the rules are tested without a database.
public enum RosterPeople {
    /// OneRoster's staff roles (1.1's `users.role` and 1.2's `roles.role`), each mapped once by
    /// the district to a Pathwork staff role or left out.
    public static let staffRoles = ["teacher", "counselor", "principal", "siteAdministrator", "administrator", "districtAdministrator",
                                    "systemAdministrator", "aide", "proctor"]
    /// The Pathwork roles an imported staff member can be given.
    public static let staffTargets: [Role] = [.lead, .counselor, .coordinator, .admin]

    /// The mapping a district starts with: classroom teachers lead teams, counselors counsel,
    /// building administrators coordinate, district administrators administer. Aides, proctors
    /// and system administrators are left out until the district says otherwise.
    public static let defaultMapping: [String: Role] = [
        "teacher": .lead, "counselor": .counselor, "principal": .coordinator, "siteAdministrator": .coordinator,
        "administrator": .coordinator, "districtAdministrator": .admin,
    ]

    /// The `metadata.*` column (on users.csv or demographics.csv) each program flag is read from.
    public static func flagColumn(_ flag: StudentFlag) -> String { "metadata.\(flag.rawValue)" }

    /// A flag's value: true/false as the binding writes booleans, and the Y/N, yes/no and 1/0
    /// student information systems send; nil for anything else.
    public static func flagValue(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "y", "yes", "1": true
        case "false", "n", "no", "0", "": false
        default: nil
        }
    }

    /// Pathwork's grade for a student's first listed CEDS grade, or nil outside grades 6–12.
    public static func grade(_ grades: String) -> Int? {
        guard let first = grades.split(separator: ",").first, let number = Int(first), StudentDraft.grades.contains(number) else { return nil }
        return number
    }

    /// The federal reporting category from OneRoster's race flags: Hispanic or Latino first,
    /// whatever else is marked (72 FR 59266); then one race, or two or more.
    public static func raceEthnicity(_ row: RosterRow) -> RaceEthnicity? {
        if row["hispanicOrLatinoEthnicity"] == "true" { return .hispanicOrLatino }
        if row["demographicRaceTwoOrMoreRaces"] == "true" { return .twoOrMoreRaces }
        let marked: [RaceEthnicity] = [.americanIndianOrAlaskaNative, .asian, .blackOrAfricanAmerican, .nativeHawaiianOrOtherPacificIslander, .white]
            .filter { row[$0.rawValue] == "true" }
        return marked.count > 1 ? .twoOrMoreRaces : marked.first
    }

    /// OneRoster 1.2's `other` is the "X" marker; `unspecified` is no answer.
    public static func sex(_ text: String) -> Sex? {
        switch text {
        case "male": .male
        case "female": .female
        case "other": .nonbinary
        default: nil
        }
    }
}

/// A student's demographics as read from demographics.csv (and program flags from its
/// `metadata.*` columns), kept small: a million of them wait in memory for their users.
public struct RosterDemographic: Sendable, Equatable {
    public var birthDate: String
    public var raceEthnicity: RaceEthnicity?
    public var sex: Sex?
    public var flags: Set<StudentFlag>

    public init(birthDate: String = "", raceEthnicity: RaceEthnicity? = nil, sex: Sex? = nil, flags: Set<StudentFlag> = []) {
        (self.birthDate, self.raceEthnicity, self.sex, self.flags) = (birthDate, raceEthnicity, sex, flags)
    }

    /// The row's demographics; a flag column with a value that is not a boolean is reported.
    public init(_ row: RosterRow, issues: inout RosterIssueLog) {
        self.init(birthDate: row["birthDate"], raceEthnicity: RosterPeople.raceEthnicity(row), sex: RosterPeople.sex(row["sex"]))
        flags = RosterDemographic.flags(row, issues: &issues)
    }

    /// The program flags a row's `metadata.*` columns set.
    public static func flags(_ row: RosterRow, issues: inout RosterIssueLog) -> Set<StudentFlag> {
        var flags = Set<StudentFlag>()
        for flag in StudentFlag.allCases {
            let column = RosterPeople.flagColumn(flag)
            guard let text = row.metadata[column] else { continue }
            switch RosterPeople.flagValue(text) {
            case true?: flags.insert(flag)
            case false?: continue
            case nil:
                issues.add(RosterIssue(.warning, "flag-unreadable", file: row.file.fileName, line: row.line, column: column, value: text,
                                       "Not true or false; read as false."))
            }
        }
        return flags
    }
}

/// A 64-bit FNV-1a hash of a record's values as Pathwork keeps them, stored with the record so
/// a re-import finds what did not change without reading the record itself. Stable across
/// runs and machines, unlike Swift's `hashValue`.
public enum RosterFingerprint {
    public static func of(_ values: [String]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values {
            for byte in value.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            // A separator no text holds, so ["ab", "c"] and ["a", "bc"] differ.
            hash = (hash ^ 0x1f) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}

/// Each user's role in a 1.2 set's roles.csv: their primary role, else the first given, with
/// its org. Kept packed, the role and org as places in a list of the few distinct ones a set
/// names: a million users' roles held as strings took about 100 MB, beside the check's own.
public struct PrimaryRoles: Sendable {
    private var names: [String] = []
    private var places: [String: Int32] = [:]
    private var byUser: [Int: (role: Int32, org: Int32, primary: Bool)] = [:]

    public init() {}

    /// A roles.csv row of the user `user` (a hash of their sourcedId).
    public mutating func note(user: Int, role: String, org: String, primary: Bool) {
        if let held = byUser[user], held.primary || !primary { return }
        byUser[user] = (place(role), place(org), primary)
    }

    public subscript(user: Int) -> (role: String, org: String)? {
        byUser[user].map { (names[Int($0.role)], names[Int($0.org)]) }
    }

    private mutating func place(_ name: String) -> Int32 {
        if let known = places[name] { return known }
        names.append(name)
        places[name] = Int32(names.count - 1)
        return Int32(names.count - 1)
    }
}
