/// The Perkins V secondary report: for each indicator, its numerator and denominator for all
/// concentrators and by group, suppressed like every table of students.
public enum PerkinsReport {
    /// The one measure of an indicator's table: the concentrators counted who met it.
    public enum Measure: String, Hashable, Sendable { case met }

    /// The subgroups of ESEA §1111(h)(1)(C)(ii) Perkins V disaggregates by (§113(b)(3)(C)(ii)):
    /// race and ethnicity, sex, economic disadvantage, disability, English proficiency, migrant status.
    public static let subgroups: [GroupDimension] = [.raceEthnicity, .sex, .flag(.economicallyDisadvantaged), .flag(.disability),
                                                     .flag(.englishLearner), .flag(.migrant)]

    /// Perkins V §3(48)'s special populations, (A) to (I), with the group Pathwork holds for each.
    public static let specialPopulations: [(letter: String, title: String, dimension: GroupDimension)] = [
        ("A", "Individuals with disabilities", .flag(.disability)),
        ("B", "Individuals from economically disadvantaged families", .flag(.economicallyDisadvantaged)),
        ("C", "Individuals preparing for non-traditional fields", .nontraditional),
        ("D", "Single parents, including single pregnant women", .flag(.singleParent)),
        ("E", "Out-of-workforce individuals", .flag(.outOfWorkforce)),
        ("F", "English learners", .flag(.englishLearner)),
        ("G", "Homeless individuals (McKinney-Vento Act §725)", .flag(.homeless)),
        ("H", "Youth who are in, or have aged out of, the foster care system", .flag(.fosterCare)),
        ("I", "Youth with a parent in the armed forces on active duty (the district's military-connected flag)", .flag(.militaryConnected)),
    ]

    /// Every dimension the report shows, each once.
    public static var dimensions: [GroupDimension] {
        var seen: [GroupDimension] = []
        for dimension in subgroups + specialPopulations.map(\.dimension) where !seen.contains(dimension) { seen.append(dimension) }
        return seen
    }

    /// One indicator's counts by group, from the year's tallies.
    public static func counts(_ tallies: OutcomeTallies, _ indicator: PerkinsIndicator) -> GroupedCounts<Measure> {
        func counts(_ tally: GroupTally) -> GroupCounts<Measure> { GroupCounts(enrolled: tally.counted(indicator), counts: [.met: tally.met(indicator)]) }
        return GroupedCounts(all: counts(tallies.all), groups: tallies.groups.mapValues(counts))
    }

    public static func build(_ tallies: OutcomeTallies, minimumCell: Int) -> [PerkinsIndicator: SuppressedTable<Measure>] {
        Dictionary(uniqueKeysWithValues: PerkinsIndicator.allCases.map { indicator in
            (indicator, SuppressedTable.build(counts(tallies, indicator), measures: [.met], dimensions: dimensions, minimumCell: minimumCell))
        })
    }
}
