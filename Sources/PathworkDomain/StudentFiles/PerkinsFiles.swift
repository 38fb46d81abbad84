/// State assessment results by student: one row per student, subject and school year.
public enum AssessmentFile {
    public static let studentNumber = "Student Number"
    public static let subject = "Subject"
    public static let schoolYear = "School Year"
    public static let proficient = "Proficient"
    public static let level = "Level"

    public static let columns = [
        StudentFileColumn(studentNumber, aliases: ["Student ID"]),
        StudentFileColumn(subject, aliases: ["Content Area"]),
        StudentFileColumn(schoolYear, aliases: ["Test Year", "Year"]),
        StudentFileColumn(proficient, aliases: ["Met Standard", "Proficiency"]),
        StudentFileColumn(level, aliases: ["Performance Level", "Achievement Level"], required: false),
    ]

    public struct Row: Sendable, Equatable {
        public var studentNumber: String
        public var subject: PerkinsRecord.Subject
        /// The school year by the calendar year it starts in.
        public var schoolYear: Int
        public var proficient: Bool
        public var level: String?
    }

    public static func read(_ row: StudentFileRow, _ issues: inout RosterIssueLog) -> Row? {
        let number = row.required(studentNumber, &issues)
        let content = row.choice(subject, [("ELA", .reading), ("Reading", .reading), ("English Language Arts", .reading), ("Math", .mathematics),
                                           ("Mathematics", .mathematics), ("Science", .science)] as [(String, PerkinsRecord.Subject)], required: true, &issues)
        let met = row.choice(proficient, [("Y", true), ("Yes", true), ("true", true), ("1", true), ("N", false), ("No", false), ("false", false), ("0", false)],
                             required: true, &issues)
        let year = schoolYearStart(row, &issues)
        guard let number, let content = content ?? nil, let met = met ?? nil, let year else { return nil }
        return Row(studentNumber: number, subject: content, schoolYear: year, proficient: met, level: row.text(level).isEmpty ? nil : row.text(level))
    }

    /// "2025-26", "2025-2026" or the year it ends ("2026"), as the school year's first calendar year.
    static func schoolYearStart(_ row: StudentFileRow, _ issues: inout RosterIssueLog) -> Int? {
        guard let value = row.required(schoolYear, &issues) else { return nil }
        let parts = value.split(separator: "-").map(String.init)
        if parts.count == 1, value.count == 4, let end = Int(value), (1991...2101).contains(end) { return end - 1 }
        if parts.count == 2, parts[0].count == 4, let start = Int(parts[0]), let end = Int(parts[1]), (1990...2100).contains(start),
           end == start + 1 || end == (start + 1) % 100 {
            return start
        }
        row.error(schoolYear, "year", value: value, "\(schoolYear) must be a school year such as 2025-26 or the year it ends (2026).", into: &issues)
        return nil
    }
}

/// What a student did after high school besides college (the Clearinghouse reports college):
/// employment, military service, service programs, the Peace Corps, advanced training.
public enum ExitActivityKind: String, CaseIterable, Sendable, Codable {
    case employed, military, serviceProgram, peaceCorps, advancedTraining

    public var title: String {
        switch self {
        case .employed: "Employed"
        case .military: "Military service"
        case .serviceProgram: "National or community service program"
        case .peaceCorps: "Peace Corps volunteer"
        case .advancedTraining: "Advanced training (apprenticeship, occupational training)"
        }
    }
}

public enum ExitActivityFile {
    public static let studentNumber = "Student Number"
    public static let activity = "Activity"
    public static let startsOn = "Start Date"
    public static let endsOn = "End Date"

    public static let columns = [
        StudentFileColumn(studentNumber, aliases: ["Student ID"]),
        StudentFileColumn(activity, aliases: ["Status", "Placement"]),
        StudentFileColumn(startsOn, aliases: ["From", "Began"]),
        StudentFileColumn(endsOn, aliases: ["To", "Ended"], required: false),
    ]

    public struct Row: Sendable, Equatable {
        public var studentNumber: String
        public var kind: ExitActivityKind
        public var startsOn: CalendarDate
        public var endsOn: CalendarDate?
    }

    public static func read(_ row: StudentFileRow, _ issues: inout RosterIssueLog) -> Row? {
        let number = row.required(studentNumber, &issues)
        let kind = row.choice(activity, ExitActivityKind.allCases.flatMap { [($0.rawValue, $0), ($0.title, $0)] }, required: true, &issues)
        let starts = row.date(startsOn, required: true, &issues)
        let ends = row.date(endsOn, required: false, &issues)
        guard let number, let kind = kind ?? nil, let starts = starts ?? nil, let ends else { return nil }
        if let ends, ends < starts {
            row.error(endsOn, "dates", value: row.text(endsOn), "\(endsOn) is before \(startsOn).", into: &issues)
            return nil
        }
        return Row(studentNumber: number, kind: kind, startsOn: starts, endsOn: ends)
    }
}
