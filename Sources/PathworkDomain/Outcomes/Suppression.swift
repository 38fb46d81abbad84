/// Small-cell suppression for tables of student counts, so no student can be singled out.
///
/// Primary suppression hides a count under the district's minimum (and, for an indicator, a
/// count within the minimum of its group's enrollment: "48 of 50" says too much about the 2).
/// Complementary suppression then hides more cells until no hidden cell can be worked out from
/// what is shown: the groups of a dimension add up to the all-students total, so one hidden cell
/// in a dimension is simply the total less the rest, and several hidden cells can still be pinned
/// by their bounds (two hidden cells that must add to 0 are both 0). For each hidden cell, the
/// values consistent with the shown cells, the total and each hidden cell's bound (0 up to its
/// group's enrollment, or the whole total when that is hidden too) must be at least two.
public enum Suppression {
    public struct Cell: Sendable, Equatable {
        public let group: StudentGroup
        public let count: Int
        /// The most this count could be, as a reader of the table knows it.
        public let upperBound: Int

        public init(group: StudentGroup, count: Int, upperBound: Int) { self.group = group; self.count = count; self.upperBound = upperBound }
    }

    public struct Result: Sendable, Equatable {
        public var hidden: Set<StudentGroup>
        public var totalHidden: Bool
    }

    /// The primary rule for an indicator's count in a group of `enrolled` students.
    public static func isSmall(count: Int, enrolled: Int, minimum: Int) -> Bool {
        enrolled > 0 && (count < minimum || enrolled - count < minimum)
    }

    /// Adds complementary suppression to `hidden` (the primary cells) across the dimensions, each
    /// a partition of the total. If nothing more can be hidden in a dimension, the total goes.
    public static func complete(total: Int, totalHidden: Bool, dimensions: [[Cell]], hidden primary: Set<StudentGroup>) -> Result {
        var result = Result(hidden: primary, totalHidden: totalHidden)
        var changed = true
        while changed && !result.totalHidden {
            changed = false
            for cells in dimensions where !isSafe(cells, total: total, hidden: result.hidden) {
                let shown = cells.filter { !result.hidden.contains($0.group) }
                // The smallest positive count widens the hidden sum least while making it nonzero.
                if let next = shown.min(by: { ($0.count == 0 ? 1 : 0, $0.count, $0.group) < ($1.count == 0 ? 1 : 0, $1.count, $1.group) }) {
                    result.hidden.insert(next.group)
                } else {
                    result.totalHidden = true
                }
                changed = true
                break
            }
        }
        return result
    }

    /// Whether every hidden cell of one dimension can take at least two values given the rest.
    public static func isSafe(_ cells: [Cell], total: Int, hidden: Set<StudentGroup>) -> Bool {
        isSafe(counts: cells.map(\.count), bounds: cells.map(\.upperBound), hidden: cells.map { hidden.contains($0.group) }, total: total)
    }

    /// The same for any line of cells that add up to `total`: each cell's count, the most it
    /// could be as a reader knows it, and whether it is hidden.
    public static func isSafe(counts: [Int], bounds: [Int], hidden: [Bool], total: Int) -> Bool {
        let hiddenIndexes = counts.indices.filter { hidden[$0] }
        guard !hiddenIndexes.isEmpty else { return true }
        let remainder = total - counts.indices.filter { !hidden[$0] }.reduce(0) { $0 + counts[$1] }
        let bound = hiddenIndexes.reduce(0) { $0 + bounds[$1] }
        return hiddenIndexes.allSatisfy { index in
            let lowest = max(0, remainder - (bound - bounds[index]))
            let highest = min(bounds[index], remainder)
            return highest > lowest
        }
    }
}
