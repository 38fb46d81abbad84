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
        let total = tallies.all
        let dimensions = GroupDimension.allCases
        // Enrollment first: an indicator's count is bounded by its group's enrollment only where
        // that enrollment is shown.
        let enrolledCells = dimensions.map { $0.groups.map { Suppression.Cell(group: $0, count: tallies.group($0).enrolled, upperBound: total.enrolled) } }
        let enrolled = Suppression.complete(
            total: total.enrolled, totalHidden: total.enrolled < minimumCell, dimensions: enrolledCells,
            hidden: Set(enrolledCells.joined().filter { $0.count > 0 && $0.count < minimumCell }.map(\.group)))
        var hidden: [OutcomeIndicator: Suppression.Result] = [:]
        for indicator in OutcomeIndicator.allCases {
            let cells = dimensions.map { dimension in
                dimension.groups.map { group in
                    Suppression.Cell(group: group, count: tallies.group(group).count(indicator),
                                     upperBound: enrolled.hidden.contains(group) || enrolled.totalHidden ? total.enrolled : tallies.group(group).enrolled)
                }
            }
            let primary = cells.joined().filter { cell in
                enrolled.hidden.contains(cell.group)
                    || Suppression.isSmall(count: cell.count, enrolled: tallies.group(cell.group).enrolled, minimum: minimumCell)
            }
            hidden[indicator] = Suppression.complete(
                total: total.count(indicator),
                totalHidden: enrolled.totalHidden || Suppression.isSmall(count: total.count(indicator), enrolled: total.enrolled, minimum: minimumCell),
                dimensions: cells, hidden: Set(primary.map(\.group)))
        }
        func row(_ group: StudentGroup?) -> OutcomeRow {
            let tally = group.map(tallies.group) ?? total
            let enrolledHidden = enrolled.totalHidden || group.map(enrolled.hidden.contains) ?? false
            var cells: [OutcomeIndicator: OutcomeCell] = [:]
            for indicator in OutcomeIndicator.allCases {
                let result = hidden[indicator]!
                let isHidden = result.totalHidden || group.map(result.hidden.contains) ?? false
                let allShown = !result.totalHidden && !enrolled.totalHidden
                if isHidden {
                    cells[indicator] = .hidden
                } else {
                    let mine = (count: tally.count(indicator), enrolled: tally.enrolled)
                    let everyone = (count: total.count(indicator), enrolled: total.enrolled)
                    cells[indicator] = OutcomeCell(
                        count: mine.count, rateTenths: enrolledHidden ? nil : OutcomeArithmetic.rateTenths(mine.count, of: mine.enrolled),
                        gapTenths: group == nil || !allShown || enrolledHidden ? nil : OutcomeArithmetic.gapTenths(group: mine, all: everyone),
                        representationHundredths: group == nil || !allShown || enrolledHidden ? nil : OutcomeArithmetic.representationHundredths(group: mine, all: everyone),
                        suppressed: false)
                }
            }
            let paidShown = !(cells[.paidWork]?.suppressed ?? true)
            let placementsShown = !(cells[.worksitePlacement]?.suppressed ?? true)
            return OutcomeRow(group: group, enrolled: enrolledHidden ? nil : tally.enrolled, enrolledSuppressed: enrolledHidden, cells: cells,
                              paidMinutes: paidShown ? tally.paidMinutes : nil, earningsCents: paidShown ? tally.earningsCents : nil,
                              placementMinutes: placementsShown ? tally.placementMinutes : nil)
        }
        return OutcomeReport(minimumCell: minimumCell, all: row(nil), dimensions: dimensions.map { (dimension: $0, rows: $0.groups.map(row)) })
    }
}
