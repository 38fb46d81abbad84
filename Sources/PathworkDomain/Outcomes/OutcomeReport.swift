/// One indicator for one row (a group, or all students) as it may be shown.
public struct OutcomeCell: Sendable, Equatable {
    /// Nil when suppressed.
    public var count: Int?
    public var rateTenths: Int?
    public var gapTenths: Int?
    public var representationHundredths: Int?
    public var suppressed: Bool

    public static let hidden = OutcomeCell(count: nil, rateTenths: nil, gapTenths: nil, representationHundredths: nil, suppressed: true)
}

public struct OutcomeRow: Sendable, Equatable {
    /// Nil for all students.
    public var group: StudentGroup?
    public var enrolled: Int?
    public var enrolledSuppressed: Bool
    public var cells: [OutcomeIndicator: OutcomeCell]
    /// Paid work's amounts, hidden with its count.
    public var paidMinutes: Int?
    public var earningsCents: Int?
    /// Approved worksite hours of the group, hidden with its placements' count.
    public var placementMinutes: Int?

    public var title: String { group?.title ?? "All students" }
    public func cell(_ indicator: OutcomeIndicator) -> OutcomeCell { cells[indicator] ?? .hidden }
}

/// A scope's indicators for all students and by every group, suppressed for safe showing. What
/// the page, the chart and the CSV show is this and only this.
public struct OutcomeReport: Sendable, Equatable {
    public let minimumCell: Int
    public let all: OutcomeRow
    public let dimensions: [(dimension: GroupDimension, rows: [OutcomeRow])]

    public static func == (a: OutcomeReport, b: OutcomeReport) -> Bool {
        a.minimumCell == b.minimumCell && a.all == b.all && a.dimensions.map(\.rows) == b.dimensions.map(\.rows)
            && a.dimensions.map(\.dimension) == b.dimensions.map(\.dimension)
    }

    public func rows(_ dimension: GroupDimension) -> [OutcomeRow] { dimensions.first { $0.dimension == dimension }?.rows ?? [] }

    public static func build(_ tallies: OutcomeTallies, minimumCell: Int) -> OutcomeReport {
        func counts(_ tally: GroupTally) -> GroupCounts<OutcomeIndicator> { GroupCounts(enrolled: tally.enrolled, counts: tally.counts) }
        let table = SuppressedTable.build(GroupedCounts(all: counts(tallies.all), groups: tallies.groups.mapValues(counts)),
                                          measures: OutcomeIndicator.allCases, dimensions: GroupDimension.allCases, minimumCell: minimumCell)
        // The amounts beside a count are shown only with it.
        func row(_ shown: ShownRow<OutcomeIndicator>) -> OutcomeRow {
            let tally = shown.group.map(tallies.group) ?? tallies.all
            let paidShown = !shown.cell(.paidWork).suppressed
            let placementsShown = !shown.cell(.worksitePlacement).suppressed
            return OutcomeRow(group: shown.group, enrolled: shown.enrolled, enrolledSuppressed: shown.enrolledSuppressed, cells: shown.cells,
                              paidMinutes: paidShown ? tally.paidMinutes : nil, earningsCents: paidShown ? tally.earningsCents : nil,
                              placementMinutes: placementsShown ? tally.placementMinutes : nil)
        }
        return OutcomeReport(minimumCell: minimumCell, all: row(table.all), dimensions: table.dimensions.map { (dimension: $0.dimension, rows: $0.rows.map(row)) })
    }
}
