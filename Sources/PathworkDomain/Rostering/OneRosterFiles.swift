import Foundation

/// The OneRoster versions Pathwork reads. 1.0 sets have no manifest.
public enum OneRosterVersion: String, Sendable, Comparable, CaseIterable, Codable {
    case v1_0 = "1.0", v1_1 = "1.1", v1_2 = "1.2"

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// How a set supplies a file (manifest `file.<name>`): not at all, as the whole truth, or as changes.
public enum RosterFileMode: String, Sendable, Codable {
    case absent, bulk, delta
}

/// What a column holds, which says how its text is read and normalized.
public enum RosterValue: Sendable, Equatable {
    case id, text, date, dateTime, boolean, year, grades
    /// One of a vocabulary; values starting `ext:` are extensions and kept as sent.
    case vocabulary([String])
    /// A comma-separated list of ids inside one field.
    case ids
    /// A comma-separated list of free text (subjects, periods, `{LDAP:12}` user ids).
    case list
}

public struct RosterColumn: Sendable {
    public let name: String
    public let value: RosterValue
    /// The versions in which a file must have this column.
    public let requiredIn: Set<OneRosterVersion>
    /// The versions that define it; others ignore it with a warning.
    public let definedIn: Set<OneRosterVersion>
    /// Whether a row must give a value.
    public let mustHaveValue: Bool
    /// Where it names a record of another file: that file.
    public let references: RosterFile?
}

/// The files of a OneRoster set that Pathwork reads, with their columns as the 1EdTech CSV
/// binding defines them (1.0, 1.1 and 1.2.1). Columns are found by header name, never by place.
public enum RosterFile: String, Sendable, CaseIterable, Codable {
    case orgs, academicSessions, courses, classes, users, roles, demographics, enrollments

    public var fileName: String { rawValue + ".csv" }

    /// In the order a set is read: what a file refers to comes before it.
    public static let readingOrder: [RosterFile] = [.orgs, .academicSessions, .courses, .classes, .users, .roles, .demographics, .enrollments]

    /// Files of the binding Pathwork does not use (gradebook, resources): read past, and said so.
    public static let unused: Set<String> = ["categories.csv", "classResources.csv", "courseResources.csv", "lineItems.csv",
                                             "resources.csv", "results.csv", "scoreScales.csv", "lineItemLearningObjectiveIds.csv",
                                             "lineItemScoreScales.csv", "resultLearningObjectiveIds.csv", "resultScoreScales.csv",
                                             "userProfiles.csv", "userResources.csv"]

    public func isIn(_ version: OneRosterVersion) -> Bool { self != .roles || version == .v1_2 }

    static let all: Set<OneRosterVersion> = Set(OneRosterVersion.allCases)
    static let since11: Set<OneRosterVersion> = [.v1_1, .v1_2]

    static func column(_ name: String, _ value: RosterValue, _ required: Set<OneRosterVersion>, _ versions: Set<OneRosterVersion>,
                       _ references: RosterFile? = nil, mustHaveValue: Bool? = nil) -> RosterColumn {
        RosterColumn(name: name, value: value, requiredIn: required, definedIn: versions,
                     mustHaveValue: mustHaveValue ?? !required.isEmpty, references: references)
    }

    /// The three columns every file begins with.
    static let head: [RosterColumn] = [
        column("sourcedId", .id, all, all),
        column("status", .vocabulary(["active", "tobedeleted"]), all, all, mustHaveValue: false),
        column("dateLastModified", .dateTime, all, all, mustHaveValue: false),
    ]

    /// The file's columns, built once: a check reads them for every row of millions.
    public var columns: [RosterColumn] { Self.tables[place] }

    private static let tables = allCases.map(\.definedColumns)

    /// The file's place among `allCases`, for what is looked up per row: a file hashes as its
    /// name, which was a measurable share of reading millions of rows.
    var place: Int {
        switch self {
        case .orgs: 0
        case .academicSessions: 1
        case .courses: 2
        case .classes: 3
        case .users: 4
        case .roles: 5
        case .demographics: 6
        case .enrollments: 7
        }
    }

    private var definedColumns: [RosterColumn] {
        let all = Self.all, since11 = Self.since11
        func column(_ name: String, _ value: RosterValue, _ required: Set<OneRosterVersion>, _ versions: Set<OneRosterVersion>,
                    _ references: RosterFile? = nil) -> RosterColumn {
            Self.column(name, value, required, versions, references)
        }
        switch self {
        case .orgs:
            return Self.head + [
                column("name", .text, all, all),
                column("type", .vocabulary(["department", "school", "district", "local", "state", "national"]), all, all),
                column("identifier", .text, [], all),
                column("parentSourcedId", .id, [], all, .orgs),
            ]
        case .academicSessions:
            return Self.head + [
                column("title", .text, all, all),
                column("type", .vocabulary(["gradingPeriod", "semester", "schoolYear", "term"]), all, all),
                column("startDate", .date, all, all),
                column("endDate", .date, all, all),
                column("parentSourcedId", .id, [], all, .academicSessions),
                column("schoolYear", .year, since11, since11),
            ]
        case .courses:
            return Self.head + [
                column("schoolYearSourcedId", .id, [], all, .academicSessions),
                column("title", .text, all, all),
                column("courseCode", .text, [], all),
                column("grades", .grades, [], all),
                column("orgSourcedId", .id, all, all, .orgs),
                column("subjects", .list, [], all),
                column("subjectCodes", .list, [], since11),
            ]
        case .classes:
            return Self.head + [
                column("title", .text, all, all),
                column("grades", .grades, [], all),
                column("courseSourcedId", .id, all, all, .courses),
                column("classCode", .text, [], all),
                column("classType", .vocabulary(["homeroom", "scheduled"]), all, all),
                column("location", .text, [], all),
                column("schoolSourcedId", .id, all, all, .orgs),
                column("termSourcedIds", .ids, all, all, .academicSessions),
                column("subjects", .list, [], all),
                column("subjectCodes", .list, [], since11),
                column("periods", .list, [], since11),
            ]
        case .users:
            let roles11 = ["administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"]
            return Self.head + [
                column("enabledUser", .boolean, since11, since11),
                column("orgSourcedIds", .ids, [.v1_0, .v1_1], [.v1_0, .v1_1], .orgs),
                column("role", .vocabulary(roles11), [.v1_0, .v1_1], [.v1_0, .v1_1]),
                column("username", .text, all, all),
                column("userIds", .list, [], all),
                column("givenName", .text, all, all),
                column("familyName", .text, all, all),
                column("middleName", .text, [], since11),
                column("identifier", .text, [], all),
                column("email", .text, [], all),
                column("sms", .text, [], all),
                column("phone", .text, [], all),
                column("agentSourcedIds", .ids, [], all, .users),
                column("grades", .grades, [], since11),
                column("password", .text, [], since11),
                column("userMasterIdentifier", .text, [], [.v1_2]),
                column("resourceSourcedIds", .ids, [], [.v1_2]),
                column("preferredGivenName", .text, [], [.v1_2]),
                column("preferredMiddleName", .text, [], [.v1_2]),
                column("preferredFamilyName", .text, [], [.v1_2]),
                column("primaryOrgSourcedId", .id, [], [.v1_2], .orgs),
                column("pronouns", .text, [], [.v1_2]),
            ]
        case .roles:
            let v12: Set<OneRosterVersion> = [.v1_2]
            return Self.head + [
                column("userSourcedId", .id, v12, v12, .users),
                column("roleType", .vocabulary(["primary", "secondary"]), v12, v12),
                column("role", .vocabulary(["aide", "counselor", "districtAdministrator", "guardian", "parent", "principal", "proctor",
                                            "relative", "siteAdministrator", "student", "systemAdministrator", "teacher"]), v12, v12),
                column("beginDate", .date, [], v12),
                column("endDate", .date, [], v12),
                column("orgSourcedId", .id, v12, v12, .orgs),
                column("userProfileSourcedId", .id, [], v12),
            ]
        case .demographics:
            let flag = { (name: String) in column(name, .boolean, [], all) }
            return Self.head + [
                column("birthDate", .date, [], all),
                column("sex", .vocabulary(["male", "female", "other", "unspecified"]), [], all),
                flag("americanIndianOrAlaskaNative"), flag("asian"), flag("blackOrAfricanAmerican"),
                flag("nativeHawaiianOrOtherPacificIslander"), flag("white"), flag("demographicRaceTwoOrMoreRaces"),
                flag("hispanicOrLatinoEthnicity"),
                column("countryOfBirthCode", .text, [], all),
                column("stateOfBirthAbbreviation", .text, [], all),
                column("cityOfBirth", .text, [], all),
                column("publicSchoolResidenceStatus", .text, [], all),
            ]
        case .enrollments:
            return Self.head + [
                column("classSourcedId", .id, all, all, .classes),
                column("schoolSourcedId", .id, all, all, .orgs),
                column("userSourcedId", .id, all, all, .users),
                column("role", .vocabulary(["administrator", "proctor", "student", "teacher", "aide", "guardian", "parent", "relative"]),
                       all, all),
                column("primary", .boolean, [], all),
                column("beginDate", .date, [], since11),
                column("endDate", .date, [], since11),
            ]
        }
    }

    /// Headers earlier versions used for a column, read as its current name.
    public var formerNames: [String: String] {
        switch self {
        case .users: ["userId": "userIds", "agents": "agentSourcedIds"]
        case .demographics: ["birthdate": "birthDate"]
        default: [:]
        }
    }
}
