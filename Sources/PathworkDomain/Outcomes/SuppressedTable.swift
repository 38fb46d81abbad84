/// How many students of one group (or of all) are counted, and how many of them meet each
/// measure: an outcome indicator, a postsecondary indicator, a survey answer.
public struct GroupCounts<Measure: Hashable & Sendable>: Sendable, Equatable {
    public var enrolled: Int
    public var counts: [Measure: Int]

    public init(enrolled: Int = 0, counts: [Measure: Int] = [:]) { self.enrolled = enrolled; self.counts = counts }

    public func count(_ measure: Measure) -> Int { counts[measure] ?? 0 }

    public mutating func add(meeting measures: some Sequence<Measure>) {
        enrolled += 1
        for measure in measures { counts[measure, default: 0] += 1 }
    }

    public static func + (a: GroupCounts, b: GroupCounts) -> GroupCounts {
        GroupCounts(enrolled: a.enrolled + b.enrolled, counts: a.counts.merging(b.counts, uniquingKeysWith: +))
    }

    /// Equal sums are equal, whether a zero count is stored or absent.
    public static func == (a: GroupCounts, b: GroupCounts) -> Bool {
        a.enrolled == b.enrolled && Set(a.counts.keys).union(b.counts.keys).allSatisfy { a.count($0) == b.count($0) }
    }
}

/// All students' counts and each group's, for one population.
public struct GroupedCounts<Measure: Hashable & Sendable>: Sendable, Equatable {
    public var all: GroupCounts<Measure>
    public var groups: [StudentGroup: GroupCounts<Measure>]

    public init(all: GroupCounts<Measure> = GroupCounts(), groups: [StudentGroup: GroupCounts<Measure>] = [:]) { self.all = all; self.groups = groups }

    public func group(_ group: StudentGroup) -> GroupCounts<Measure> { groups[group] ?? GroupCounts() }

    /// Each member counted once in all students and once in each of their groups.
    public mutating func add(groups memberGroups: [StudentGroup], meeting measures: Set<Measure>) {
        all.add(meeting: measures)
        for group in memberGroups { groups[group, default: GroupCounts()].add(meeting: measures) }
    }

    public static func + (a: GroupedCounts, b: GroupedCounts) -> GroupedCounts {
        GroupedCounts(all: a.all + b.all, groups: a.groups.merging(b.groups, uniquingKeysWith: +))
    }

    public static func == (a: GroupedCounts, b: GroupedCounts) -> Bool {
        a.all == b.all && Set(a.groups.keys).union(b.groups.keys).allSatisfy { a.group($0) == b.group($0) }
    }
}

/// One row of a suppressed table: a group (nil for all students) and each measure as it may be shown.
public struct ShownRow<Measure: Hashable & Sendable>: Sendable, Equatable {
    public var group: StudentGroup?
    public var enrolled: Int?
    public var enrolledSuppressed: Bool
    public var cells: [Measure: OutcomeCell]

    public var title: String { group?.title ?? "All students" }
    public func cell(_ measure: Measure) -> OutcomeCell { cells[measure] ?? .hidden }
}

/// Counts by group made safe to show (see `Suppression`): the population's size per group
/// first, then each measure's counts, with rates, gaps and representation only where every
/// figure they come from is shown. Every table of students Pathwork publishes is built here.
public struct SuppressedTable<Measure: Hashable & Sendable>: Sendable, Equatable {
    public let minimumCell: Int
    public let all: ShownRow<Measure>
    public let dimensions: [(dimension: GroupDimension, rows: [ShownRow<Measure>])]

    public static func == (a: SuppressedTable, b: SuppressedTable) -> Bool {
        a.minimumCell == b.minimumCell && a.all == b.all && a.dimensions.map(\.rows) == b.dimensions.map(\.rows)
            && a.dimensions.map(\.dimension) == b.dimensions.map(\.dimension)
    }

    public func rows(_ dimension: GroupDimension) -> [ShownRow<Measure>] { dimensions.first { $0.dimension == dimension }?.rows ?? [] }

    public static func build(_ counts: GroupedCounts<Measure>, measures: [Measure], dimensions: [GroupDimension], minimumCell: Int) -> SuppressedTable {
        let total = counts.all
        // Enrollment first: a measure's count is bounded by its group's enrollment only where
        // that enrollment is shown.
        let enrolledCells = dimensions.map { $0.groups.map { Suppression.Cell(group: $0, count: counts.group($0).enrolled, upperBound: total.enrolled) } }
        let enrolled = Suppression.complete(
            total: total.enrolled, totalHidden: total.enrolled < minimumCell, dimensions: enrolledCells,
            hidden: Set(enrolledCells.joined().filter { $0.count > 0 && $0.count < minimumCell }.map(\.group)))
        var hidden: [Measure: Suppression.Result] = [:]
        for measure in measures {
            let cells = dimensions.map { dimension in
                dimension.groups.map { group in
                    Suppression.Cell(group: group, count: counts.group(group).count(measure),
                                     upperBound: enrolled.hidden.contains(group) || enrolled.totalHidden ? total.enrolled : counts.group(group).enrolled)
                }
            }
            let primary = cells.joined().filter { cell in
                enrolled.hidden.contains(cell.group)
                    || Suppression.isSmall(count: cell.count, enrolled: counts.group(cell.group).enrolled, minimum: minimumCell)
            }
            hidden[measure] = Suppression.complete(
                total: total.count(measure),
                totalHidden: enrolled.totalHidden || Suppression.isSmall(count: total.count(measure), enrolled: total.enrolled, minimum: minimumCell),
                dimensions: cells, hidden: Set(primary.map(\.group)))
        }
        func row(_ group: StudentGroup?) -> ShownRow<Measure> {
            let tally = group.map(counts.group) ?? total
            let enrolledHidden = enrolled.totalHidden || group.map(enrolled.hidden.contains) ?? false
            var cells: [Measure: OutcomeCell] = [:]
            for measure in measures {
                let result = hidden[measure]!
                let isHidden = result.totalHidden || group.map(result.hidden.contains) ?? false
                let allShown = !result.totalHidden && !enrolled.totalHidden
                if isHidden {
                    cells[measure] = .hidden
                } else {
                    let mine = (count: tally.count(measure), enrolled: tally.enrolled)
                    let everyone = (count: total.count(measure), enrolled: total.enrolled)
                    let compared = group != nil && allShown && !enrolledHidden
                    cells[measure] = OutcomeCell(
                        count: mine.count, rateTenths: enrolledHidden ? nil : OutcomeArithmetic.rateTenths(mine.count, of: mine.enrolled),
                        gapTenths: compared ? OutcomeArithmetic.gapTenths(group: mine, all: everyone) : nil,
                        representationHundredths: compared ? OutcomeArithmetic.representationHundredths(group: mine, all: everyone) : nil,
                        suppressed: false)
                }
            }
            return ShownRow(group: group, enrolled: enrolledHidden ? nil : tally.enrolled, enrolledSuppressed: enrolledHidden, cells: cells)
        }
        return SuppressedTable(minimumCell: minimumCell, all: row(nil), dimensions: dimensions.map { (dimension: $0, rows: $0.groups.map(row)) })
    }
}
