/// What a graduating class did after high school, from the Clearinghouse's enrollments and the
/// state's financial-aid completions. Each is a count of the class's graduates (a regular
/// diploma, `StudentExitKind.graduated`) over all of them.
public enum PostsecondaryIndicator: String, CaseIterable, Sendable, Codable {
    /// Enrolled anywhere in the fall after graduating: an enrollment reported for any day from
    /// August 15 to October 31 of the class's year, the Clearinghouse's fall window ("enrolled
    /// in college the fall immediately following high school", StudentTracker for High Schools
    /// report definitions).
    case enrolledFall
    case enrolledFallFourYear
    /// At a 2-year or less-than-2-year college. A student enrolled at both kinds in the fall is
    /// counted in each.
    case enrolledFallTwoYear
    /// Enrolled at any time from the graduation date to August 14 of the next year.
    case enrolledFirstYear
    /// Enrolled in the first year and again in the second (August 15 to August 14 after it).
    case persisted
    /// Completed the FAFSA or the WASFA for the class's year.
    case financialAidCompleted

    public var title: String {
        switch self {
        case .enrolledFall: "Enrolled the fall after graduating"
        case .enrolledFallFourYear: "Enrolled that fall at a 4-year college"
        case .enrolledFallTwoYear: "Enrolled that fall at a 2-year college or shorter program"
        case .enrolledFirstYear: "Enrolled in the first year after high school"
        case .persisted: "Enrolled in the first year and again in the second"
        case .financialAidCompleted: "Completed the FAFSA or WASFA"
        }
    }

    /// The definition shown beside the figure, with its source.
    public var definition: String {
        switch self {
        case .enrolledFall, .enrolledFallFourYear, .enrolledFallTwoYear:
            "Any Clearinghouse enrollment record overlapping August 15 to October 31 of the class's year (the Clearinghouse's fall window, StudentTracker for High Schools report definitions); the college's level is the Clearinghouse's 2-year / 4-year column."
        case .enrolledFirstYear: "Any Clearinghouse enrollment record overlapping the graduation date through August 14 of the following year."
        case .persisted: "Enrolled in the first year (above) and in the second: August 15 of the year after the class's year through August 14 of the year after that."
        case .financialAidCompleted: "A FAFSA or WASFA with a completion date in the state's file for the class's year."
        }
    }

    /// The last day of the window the indicator looks at for a class; before it has passed, the
    /// figure is still moving and is shown as not yet final.
    public func windowCloses(classOf: Int) -> CalendarDate {
        switch self {
        case .enrolledFall, .enrolledFallFourYear, .enrolledFallTwoYear: CalendarDate(year: classOf, month: 10, day: 31)!
        case .enrolledFirstYear: CalendarDate(year: classOf + 1, month: 8, day: 14)!
        case .persisted: CalendarDate(year: classOf + 2, month: 8, day: 14)!
        case .financialAidCompleted: CalendarDate(year: classOf, month: 8, day: 31)!
        }
    }
}

/// One graduate's records, as the indicators read them.
public struct GraduateOutcome: Sendable, Equatable {
    public var attributes: StudentAttributes
    public var participation: Set<ProgramParticipation>
    public var exit: StudentExit
    public var enrollments: [PostsecondaryEnrollment]
    public var financialAidCompleted: Bool

    public init(attributes: StudentAttributes = StudentAttributes(), participation: Set<ProgramParticipation> = [], exit: StudentExit,
                enrollments: [PostsecondaryEnrollment] = [], financialAidCompleted: Bool = false) {
        self.attributes = attributes; self.participation = participation; self.exit = exit
        self.enrollments = enrollments; self.financialAidCompleted = financialAidCompleted
    }

    public var groups: [StudentGroup] { attributes.groups + ProgramParticipation.groups(participation) }

    private func enrolled(from start: CalendarDate, to end: CalendarDate, where level: (InstitutionLevel) -> Bool = { _ in true }) -> Bool {
        enrollments.contains { $0.begins <= end && $0.ends >= start && level($0.college.level) }
    }

    public func meets(_ indicator: PostsecondaryIndicator) -> Bool {
        let year = exit.classOf
        let fall = (CalendarDate(year: year, month: 8, day: 15)!, CalendarDate(year: year, month: 10, day: 31)!)
        let firstYear = (exit.exitedOn, CalendarDate(year: year + 1, month: 8, day: 14)!)
        let secondYear = (CalendarDate(year: year + 1, month: 8, day: 15)!, CalendarDate(year: year + 2, month: 8, day: 14)!)
        switch indicator {
        case .enrolledFall: return enrolled(from: fall.0, to: fall.1)
        case .enrolledFallFourYear: return enrolled(from: fall.0, to: fall.1) { $0 == .fourYear }
        case .enrolledFallTwoYear: return enrolled(from: fall.0, to: fall.1) { $0 != .fourYear }
        case .enrolledFirstYear: return enrolled(from: firstYear.0, to: firstYear.1)
        case .persisted: return enrolled(from: firstYear.0, to: firstYear.1) && enrolled(from: secondYear.0, to: secondYear.1)
        case .financialAidCompleted: return financialAidCompleted
        }
    }

    public var indicators: Set<PostsecondaryIndicator> { Set(PostsecondaryIndicator.allCases.filter(meets)) }
}

/// A class's indicators by demographic group and by participation in Pathwork's programs.
public enum PostsecondaryReport {
    /// Graduates' grade says nothing, so it is left out.
    public static var dimensions: [GroupDimension] { GroupDimension.allCases.filter { $0 != .grade } + GroupDimension.programParticipation }

    public static func counts(_ graduates: [GraduateOutcome]) -> GroupedCounts<PostsecondaryIndicator> {
        var counts = GroupedCounts<PostsecondaryIndicator>()
        for graduate in graduates where graduate.exit.kind == .graduated { counts.add(groups: graduate.groups, meeting: graduate.indicators) }
        return counts
    }

    public static func build(_ counts: GroupedCounts<PostsecondaryIndicator>, minimumCell: Int) -> SuppressedTable<PostsecondaryIndicator> {
        SuppressedTable.build(counts, measures: PostsecondaryIndicator.allCases, dimensions: dimensions, minimumCell: minimumCell)
    }
}
