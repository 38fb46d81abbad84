/// The child-labor rule sets Pathwork ships, as data. Federal law applies everywhere; a
/// district picks its state's overlay, whose rules apply on top (work must satisfy both).
/// Each figure cites where it comes from; a change in the law is a change here and in the
/// boundary tests, nowhere else.
public enum LaborOverlay: String, Codable, CaseIterable, Sendable {
    case federalOnly = "federal"
    case colorado
    case washington

    public var title: String {
        switch self {
        case .federalOnly: "Federal rules only"
        case .colorado: "Colorado (Youth Employment Opportunity Act)"
        case .washington: "Washington (chapter 296-125 WAC)"
        }
    }

    public var ruleSets: [LaborRuleSet] {
        switch self {
        case .federalOnly: [.federal]
        case .colorado: [.federal, .colorado]
        case .washington: [.federal, .washington]
        }
    }
}

extension LaborRuleSet {
    private static let hour = 60

    /// 29 CFR 570.2 (minimum age 14) and 570.35(a): outside school hours; 3 h on a school day
    /// ("including Fridays"), 18 h in a school week, 8 h on a non-school day, 40 h in a
    /// non-school week; 7 a.m.–7 p.m., 9 p.m. from June 1 through Labor Day. Ages 16 and 17
    /// have no federal hour limits.
    /// WECEP enrollees (29 CFR 570.35(c) and 570.36; DOL Fact Sheet #43) may work during school
    /// hours and up to 23 h in a school week; the 3-hour school-day limit and the other limits
    /// stay.
    public static let federal = LaborRuleSet(
        name: "federal rules",
        source: "29 CFR 570.2, 570.35, 570.36",
        minimumAge: 14,
        bands: [Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * hour, schoolWeekMaxMinutes: 18 * hour,
                     nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                     earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour, outsideSchoolHoursOnly: true)],
        programBands: [.wecep: [Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * hour, schoolWeekMaxMinutes: 23 * hour,
                                     nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                                     earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour,
                                     outsideSchoolHoursOnly: false)]])

    /// Colorado Youth Employment Opportunity Act, C.R.S. 8-12-105, as the Colorado Division of
    /// Labor Standards and Statistics states it (cdle.colorado.gov/dlss/youth-law): no minor
    /// (under 18) works more than 40 hours a week or more than 8 hours in a 24-hour period —
    /// applied here per calendar day; under 16: 3 h on a school day including Fridays, 8 h on
    /// a non-school day, 18 h in a school week, 7 a.m.–7 p.m., 9 p.m. from June 1 to Labor Day,
    /// and no work in school hours without a school release permit (which Pathwork does not
    /// record, so none is assumed).
    public static let colorado = LaborRuleSet(
        name: "Colorado rules",
        source: "C.R.S. 8-12-105; CDLE Division of Labor Standards and Statistics, Youth Law",
        minimumAge: 14,
        bands: [
            Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * hour, schoolWeekMaxMinutes: 18 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                 earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour, outsideSchoolHoursOnly: true),
            Band(youngest: 16, oldest: 17, schoolDayMaxMinutes: 8 * hour, schoolWeekMaxMinutes: 40 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour),
        ])

    /// Washington, WAC 296-125-027 as L&I's administrative policy ES.C.4.1 summarises it:
    /// 14–15: outside school hours, 3 h on a school day, 16 h in a school week, 8 h on a
    /// non-school day, 40 h in a non-school week, 6 days a week, 7 a.m.–7 p.m., 9 p.m. from
    /// June 1 through Labor Day when the next day has no school.
    /// 16–17: 4 h on a school day (8 h on a school day before a non-school day), 20 h in a
    /// school week, 8 h on a non-school day, 48 h in a non-school week, 6 days a week,
    /// 7 a.m.–10 p.m. before a school day and until midnight otherwise.
    /// CTE students working for an employer their program approved work the non-school-week
    /// hours all year (SHB 1121, chapter 79, Laws of 2025, being written into chapter 296-125
    /// WAC by the rule proposed in WSR 26-06-085). The proposal's final text was not available
    /// when this was written; revisit when L&I adopts it.
    public static let washington = LaborRuleSet(
        name: "Washington rules",
        source: "WAC 296-125-027; L&I policy ES.C.4.1; SHB 1121 (2025); WSR 26-06-085",
        minimumAge: 14,
        bands: [
            Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * hour, schoolWeekMaxMinutes: 16 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                 earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour, outsideSchoolHoursOnly: true,
                 summerEveningNeedsFreeNextDay: true, maxDaysPerWeek: 6),
            Band(youngest: 16, oldest: 17, schoolDayMaxMinutes: 4 * hour, schoolWeekMaxMinutes: 20 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 48 * hour,
                 earliestStart: 7 * hour, latestEnd: 22 * hour, outsideSchoolHoursOnly: false,
                 beforeNonSchoolDayMaxMinutes: 8 * hour, beforeNonSchoolDayLatestEnd: 24 * hour, maxDaysPerWeek: 6),
        ],
        programBands: [.cte: [
            Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 8 * hour, schoolWeekMaxMinutes: 40 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                 earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour, outsideSchoolHoursOnly: true,
                 summerEveningNeedsFreeNextDay: true, maxDaysPerWeek: 6),
            Band(youngest: 16, oldest: 17, schoolDayMaxMinutes: 8 * hour, schoolWeekMaxMinutes: 48 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 48 * hour,
                 earliestStart: 7 * hour, latestEnd: 22 * hour, beforeNonSchoolDayLatestEnd: 24 * hour, maxDaysPerWeek: 6),
        ]])
}
