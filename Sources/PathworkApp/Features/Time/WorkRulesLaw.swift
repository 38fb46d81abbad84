import Foundation
import PathworkDomain
import Plot

/// The law the district's time is checked by, as the engine holds it: every band, program
/// allowance, required paper and meal period of each rule set, with its source and its dates.
enum WorkRulesLaw {
    static func dates(_ from: CalendarDate?, _ until: CalendarDate?) -> String {
        switch (from, until) {
        case (nil, nil): "in force (start not recorded; applies on every date)"
        case (let from?, nil): "from \(from)"
        case (nil, let until?): "until \(until)"
        case (let from?, let until?): "from \(from) to \(until)"
        }
    }

    static func limits(_ band: LaborRuleSet.Band) -> String {
        var parts: [String] = []
        func add(_ label: String, _ minutes: Int?) { if let minutes { parts.append("\(label) \(ChildLabor.hours(minutes))") } }
        add("school day", band.schoolDayMaxMinutes)
        add("school day before a day off", band.beforeNonSchoolDayMaxMinutes)
        add("school week", band.schoolWeekMaxMinutes)
        add("non-school day", band.nonSchoolDayMaxMinutes)
        add("non-school week", band.nonSchoolWeekMaxMinutes)
        if let start = band.earliestStart, let end = band.latestEnd {
            parts.append("\(ChildLabor.clock(start))–\(ChildLabor.clock(end))"
                + (band.summerLatestEnd.map { ", \(ChildLabor.clock($0)) June 1 to Labor Day" } ?? "")
                + (band.beforeNonSchoolDayLatestEnd.map { ", \(ChildLabor.clock($0)) before a day without school" } ?? ""))
        }
        if let start = band.nonSchoolWeekEarliestStart, let end = band.nonSchoolWeekLatestEnd {
            parts.append("\(ChildLabor.clock(start))–\(ChildLabor.clock(end)) in a week without school")
        }
        if band.outsideSchoolHoursOnly {
            parts.append("outside school hours" + (band.schoolHoursWith.map { " unless a \($0.title.lowercased()) is recorded" } ?? ""))
        }
        if let days = band.maxDaysPerWeek { parts.append("\(days) days a week") }
        return parts.isEmpty ? "no hour limits" : parts.joined(separator: "; ")
    }

    static func section(_ overlay: LaborOverlay) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text("The law your time is checked by")),
            .p(.class("muted"), .text("Each entry is checked by the rules in force on its work date. Work must pass every rule set below.")),
            .forEach(overlay.ruleSets) { ruleSet in
                .div(.h3(.text("\(ruleSet.name.prefix(1).uppercased())\(ruleSet.name.dropFirst()) (\(ruleSet.source))")),
                     .div(.class("table-wrap"), .table(
                        .thead(.tr(.th(.text("Rule")), .th(.text("Ages")), .th(.text("Limits")), .th(.text("Source")), .th(.text("In force")))),
                        .tbody(
                            .forEach(ruleSet.bands) { band in
                                .tr(.td(.text("Hours")), .td(.text("\(band.youngest)–\(band.oldest)")), .td(.text(limits(band))),
                                    .td(.text(band.source)), .td(.text(dates(band.effectiveFrom, band.effectiveUntil))))
                            },
                            .forEach(ruleSet.allowances) { allowance in
                                .forEach(allowance.bands) { band in
                                    .tr(.td(.text("\(WorkRulesPage.title(allowance.program)) allowance")), .td(.text("\(band.youngest)–\(band.oldest)")),
                                        .td(.text(limits(band))), .td(.text(allowance.source)),
                                        .td(.text(dates(allowance.effectiveFrom ?? band.effectiveFrom, allowance.effectiveUntil ?? band.effectiveUntil))))
                                }
                            },
                            .forEach(ruleSet.authorizations) { paper in
                                .tr(.td(.text("Paper on file")), .td(.text("\(paper.youngest)–\(paper.oldest)")),
                                    .td(.text("a current \(paper.kind.title); without it time is refused (labor.authorization-missing)")),
                                    .td(.text(paper.source)), .td(.text(dates(paper.effectiveFrom, paper.effectiveUntil))))
                            },
                            .forEach(ruleSet.mealPeriods) { meal in
                                .tr(.td(.text("Meal period")), .td(.text("\(meal.youngest)–\(meal.oldest)")),
                                    .td(.text("\(meal.mealMinutes) minutes after \(ChildLabor.hours(meal.afterMinutes)) of work; flagged for the lead (labor.meal-period)")),
                                    .td(.text(meal.source)), .td(.text(dates(meal.effectiveFrom, meal.effectiveUntil))))
                            }))))
            })
    }
}
