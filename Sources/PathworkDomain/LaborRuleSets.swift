/// The child-labor rule sets Pathwork ships, as data. Federal law applies everywhere; a
/// district picks its state's overlay, whose rules apply on top (work must satisfy both).
/// Each figure cites where it comes from; a change in the law is a change here and in the
/// boundary tests, nowhere else.
public enum LaborOverlay: String, Codable, CaseIterable, ChoiceCodable, Sendable {
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
    private static func day(_ iso: String) -> CalendarDate? { CalendarDate(iso: iso) }

    /// 29 CFR 570.2 (minimum age 14) and 570.35(a): outside school hours; 3 h on a school day
    /// ("including Fridays"), 18 h in a school week, 8 h on a non-school day, 40 h in a
    /// non-school week; 7 a.m.–7 p.m., 9 p.m. from June 1 through Labor Day. Ages 16 and 17
    /// have no federal hour limits.
    /// WECEP enrollees (29 CFR 570.35(c) and 570.36; DOL Fact Sheet #43) may work during school
    /// hours and up to 23 h in a school week; the 3-hour school-day limit and the other limits
    /// stay. Both as the 2010 final rule (75 FR 28404) left them, in force since July 19, 2010;
    /// federal law requires no meal period and no permit, so none is listed.
    public static let federal = LaborRuleSet(
        name: "federal rules",
        source: "29 CFR 570.2, 570.35, 570.36",
        minimumAge: 14,
        bands: [Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * hour, schoolWeekMaxMinutes: 18 * hour,
                     nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                     earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour, outsideSchoolHoursOnly: true,
                     source: "29 CFR 570.35(a) (75 FR 28404)", effectiveFrom: day("2010-07-19"))],
        allowances: [ProgramAllowance(program: .wecep, source: "29 CFR 570.35(c), 570.36 (75 FR 28404); DOL Fact Sheet #43",
                                      effectiveFrom: day("2010-07-19"), bands: [
            Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * hour, schoolWeekMaxMinutes: 23 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                 earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour, outsideSchoolHoursOnly: false,
                 source: "29 CFR 570.36(b)", effectiveFrom: day("2010-07-19")),
        ])])

    /// Colorado Youth Employment Opportunity Act, C.R.S. 8-12-105, as the Colorado Division of
    /// Labor Standards and Statistics states it (cdle.colorado.gov/dlss/youth-law): no minor
    /// (under 18) works more than 40 hours a week or more than 8 hours in a 24-hour period —
    /// applied here per calendar day; under 16: 3 h on a school day including Fridays, 8 h on
    /// a non-school day, 18 h in a school week, 7 a.m.–7 p.m., 9 p.m. from June 1 to Labor Day,
    /// and no work in school hours without a school release permit from the superintendent.
    /// The Colorado Overtime and Minimum Pay Standards Order (7 CCR 1103-1, rule 5.1) gives a
    /// 30-minute meal period when a shift exceeds 5 consecutive hours. The date this text took
    /// effect was not verified, so it is not given: it applies on every date.
    public static let colorado = LaborRuleSet(
        name: "Colorado rules",
        source: "C.R.S. 8-12-105; CDLE Division of Labor Standards and Statistics, Youth Law",
        minimumAge: 14,
        bands: [
            Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * hour, schoolWeekMaxMinutes: 18 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                 earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour, outsideSchoolHoursOnly: true,
                 schoolHoursWith: .schoolRelease, source: "C.R.S. 8-12-105"),
            Band(youngest: 16, oldest: 17, schoolDayMaxMinutes: 8 * hour, schoolWeekMaxMinutes: 40 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour, source: "C.R.S. 8-12-105(1)"),
        ],
        mealPeriods: [MealPeriodRule(youngest: 14, oldest: 17, afterMinutes: 5 * hour, mealMinutes: 30,
                                     source: "7 CCR 1103-1 (COMPS Order), rule 5.1")])

    /// Washington, WAC 296-125-027 as L&I's administrative policy ES.C.4.1 summarises it:
    /// 14–15: outside school hours, 3 h on a school day, 16 h in a school week, 8 h on a
    /// non-school day, 40 h in a non-school week, 6 days a week, 7 a.m.–7 p.m., 9 p.m. from
    /// June 1 through Labor Day when the next day has no school.
    /// 16–17: 4 h on a school day (8 h on a school day before a non-school day), 20 h in a
    /// school week, 8 h on a non-school day, 48 h in a non-school week, 6 days a week,
    /// 7 a.m.–10 p.m. before a school day and until midnight otherwise; in a week without
    /// school, 5 a.m. to midnight.
    /// From July 1, 2026, 16- and 17-year-olds in a CTE program (approved by OSPI or the
    /// district) working for an employer the program approved work the non-school-week hours
    /// all year (SHB 1121, chapter 79, Laws of 2025). It does not reach 14- and 15-year-olds.
    /// L&I's rule putting it into chapter 296-125 WAC (proposed in WSR 26-06-085) was not
    /// available in final form when this was written; revisit when adopted.
    /// Papers: a Parent/School Authorization for each minor (WAC 296-125-0260) and the
    /// employer's minor work permit endorsement (RCW 49.12.121(2), WAC 296-125-0210).
    /// Meal periods: 30 minutes before more than 4 hours at 14–15 (WAC 296-125-0285), when
    /// working more than 5 hours at 16–17 (WAC 296-125-0287, WAC 296-126-092). The dates the
    /// WAC sections took effect were not verified, so they apply on every date.
    public static let washington = LaborRuleSet(
        name: "Washington rules",
        source: "WAC 296-125-027; L&I policy ES.C.4.1; SHB 1121 (2025)",
        minimumAge: 14,
        bands: [
            Band(youngest: 14, oldest: 15, schoolDayMaxMinutes: 3 * hour, schoolWeekMaxMinutes: 16 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 40 * hour,
                 earliestStart: 7 * hour, latestEnd: 19 * hour, summerLatestEnd: 21 * hour, outsideSchoolHoursOnly: true,
                 summerEveningNeedsFreeNextDay: true, maxDaysPerWeek: 6, source: "WAC 296-125-027; L&I policy ES.C.4.1"),
            Band(youngest: 16, oldest: 17, schoolDayMaxMinutes: 4 * hour, schoolWeekMaxMinutes: 20 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 48 * hour,
                 earliestStart: 7 * hour, latestEnd: 22 * hour, outsideSchoolHoursOnly: false,
                 beforeNonSchoolDayMaxMinutes: 8 * hour, beforeNonSchoolDayLatestEnd: 24 * hour, maxDaysPerWeek: 6,
                 nonSchoolWeekEarliestStart: 5 * hour, nonSchoolWeekLatestEnd: 24 * hour,
                 source: "WAC 296-125-027; L&I policy ES.C.4.1"),
        ],
        allowances: [ProgramAllowance(program: .cte, source: "SHB 1121, chapter 79, Laws of 2025 (RCW 49.12.121)",
                                      effectiveFrom: day("2026-07-01"), bands: [
            Band(youngest: 16, oldest: 17, schoolDayMaxMinutes: 8 * hour, schoolWeekMaxMinutes: 48 * hour,
                 nonSchoolDayMaxMinutes: 8 * hour, nonSchoolWeekMaxMinutes: 48 * hour,
                 earliestStart: 7 * hour, latestEnd: 22 * hour, beforeNonSchoolDayLatestEnd: 24 * hour, maxDaysPerWeek: 6,
                 nonSchoolWeekEarliestStart: 5 * hour, nonSchoolWeekLatestEnd: 24 * hour,
                 source: "SHB 1121 (2025), sec. 1", effectiveFrom: day("2026-07-01")),
        ])],
        authorizations: [
            RequiredAuthorization(kind: .parentSchool, youngest: 14, oldest: 17, source: "WAC 296-125-0260",
                                  howToRecord: "staff record it under Work authorizations on the student's page."),
            RequiredAuthorization(kind: .employerEndorsement, youngest: 14, oldest: 17, source: "RCW 49.12.121(2); WAC 296-125-0210",
                                  howToRecord: "the admin records the district's endorsement on Work rules for minors."),
        ],
        mealPeriods: [
            MealPeriodRule(youngest: 14, oldest: 15, afterMinutes: 4 * hour, mealMinutes: 30, source: "WAC 296-125-0285"),
            MealPeriodRule(youngest: 16, oldest: 17, afterMinutes: 5 * hour, mealMinutes: 30, source: "WAC 296-125-0287; WAC 296-126-092"),
        ])
}
