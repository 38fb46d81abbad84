import Foundation

/// A pitch event's rubric: criteria, each with a weight and level descriptors. A venture's
/// score from one judge is the weighted share of the most it could get, in thousandths, so
/// rubrics of different sizes and weights compare on one scale.
public struct PitchRubric: Codable, Equatable, Sendable {
    public struct Criterion: Codable, Equatable, Sendable {
        public var name: String
        /// Whole points of weight; their sum need not be 100.
        public var weight: Int
        /// Descriptors from the lowest level (1) up.
        public var levels: [String]

        public init(name: String, weight: Int, levels: [String]) {
            self.name = name
            self.weight = weight
            self.levels = levels
        }
    }

    public var criteria: [Criterion]

    public init(criteria: [Criterion]) { self.criteria = criteria }

    /// Problem, solution, market, delivery: a pitch rubric for events that define none.
    public static let standard = PitchRubric(criteria: [
        Criterion(name: "Problem", weight: 30, levels: ["Vague or assumed", "Real, described from outside", "Real, evidenced by customers", "Sharp, evidenced, and urgent to those who have it"]),
        Criterion(name: "Solution", weight: 30, levels: ["Unclear how it helps", "Plausible", "Tested with a prototype", "Tested, improved from what customers said"]),
        Criterion(name: "Business model", weight: 20, levels: ["Missing", "Who pays is named", "Costs and revenue add up", "Costs, revenue and key metrics are credible"]),
        Criterion(name: "Delivery", weight: 20, levels: ["Hard to follow", "Clear", "Clear and confident", "Compelling; answers questions well"]),
    ])

    public func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if !(1...10).contains(criteria.count) { problems.append(("criteria", "A rubric has from 1 to 10 criteria.")) }
        var seen = Set<String>()
        for (index, criterion) in criteria.enumerated() {
            let field = "criteria[\(index)]"
            if criterion.name.isEmpty { problems.append((field + ".name", "Name each criterion.")) }
            else if !seen.insert(criterion.name.lowercased()).inserted { problems.append((field + ".name", "\(criterion.name) is named twice.")) }
            if !(1...100).contains(criterion.weight) { problems.append((field + ".weight", "Weigh each criterion from 1 to 100.")) }
            if !(2...6).contains(criterion.levels.count) || criterion.levels.contains(where: \.isEmpty) {
                problems.append((field + ".levels", "Describe from 2 to 6 levels, none blank."))
            }
        }
        return problems
    }

    /// Why a level given for a criterion is refused, or nil when it is one of its levels.
    public func problem(criterion name: String, level: Int) -> String? {
        guard let criterion = criteria.first(where: { $0.name == name }) else { return "\(name) is not a criterion of this event's rubric." }
        return (1...criterion.levels.count).contains(level) ? nil : "Score \(name) from 1 to \(criterion.levels.count)."
    }

    /// One judge's levels for a venture as thousandths of the most it could get; nil until
    /// every criterion has a level. Rounded half up, once.
    public func weightedThousandths(_ levels: [String: Int]) -> Int? {
        var earned = 0, most = 0
        for criterion in criteria {
            guard let level = levels[criterion.name] else { return nil }
            earned += criterion.weight * level
            most += criterion.weight * criterion.levels.count
        }
        guard most > 0 else { return nil }
        return (earned * 2000 + most) / (most * 2)
    }
}

/// The results of a pitch event. Each judge's weighted scores are standardized across the
/// ventures that judge scored — minus the judge's mean, over the judge's standard deviation — so
/// a harsh or lenient judge moves every venture alike and decides nothing; a venture's
/// standardized score is the mean over its judges. A judge who gave everyone the same score
/// says nothing about order and counts as zero for each. Raw means stand beside, in the same
/// thousandths. Equal standardized scores share a rank, and the tie is stated.
public enum PitchResults {
    public static let method = "Each judge's weighted scores are standardized across the ventures that judge scored (minus the judge's mean, divided by the judge's standard deviation), so one harsh or lenient judge cannot decide the ranking; a venture's standardized score is the mean over its judges, and a judge who scored every venture the same counts as zero. Raw means are shown beside, as a share of the most a venture could get."

    public struct Score: Equatable, Sendable {
        public let judge: String
        public let venture: String
        public let thousandths: Int
        public init(judge: String, venture: String, thousandths: Int) { (self.judge, self.venture, self.thousandths) = (judge, venture, thousandths) }
    }

    public struct Standing: Equatable, Sendable {
        public let venture: String
        public let judges: Int
        /// The raw mean, in thousandths, rounded half up.
        public let rawMeanThousandths: Int
        /// The mean standardized score, in thousandths of a standard deviation, rounded half away from zero.
        public let standardizedThousandths: Int
        public let rank: Int
        public let tied: Bool
    }

    public static func standings(_ scores: [Score]) -> [Standing] {
        let byJudge = Dictionary(grouping: scores, by: \.judge)
        var standardized: [String: [Double]] = [:]
        for (_, given) in byJudge {
            let values = given.map { Double($0.thousandths) }
            let mean = values.reduce(0, +) / Double(values.count)
            let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
            for score in given {
                standardized[score.venture, default: []].append(deviation > 0 ? (Double(score.thousandths) - mean) / deviation : 0)
            }
        }
        let byVenture = Dictionary(grouping: scores, by: \.venture)
        let unranked = byVenture.map { venture, given -> (String, Int, Int, Int) in
            let total = given.reduce(0) { $0 + $1.thousandths }
            let raw = (total * 2 + given.count) / (given.count * 2)
            let z = standardized[venture] ?? []
            let mean = z.reduce(0, +) / Double(max(z.count, 1))
            return (venture, given.count, raw, Int((mean * 1000).rounded(.toNearestOrAwayFromZero)))
        }
        // Order by standardized score, then the raw mean; the name only to make the list stable.
        let sorted = unranked.sorted { ($1.3, $1.2, $0.0) < ($0.3, $0.2, $1.0) }
        return sorted.enumerated().map { index, row in
            let rank = 1 + sorted.prefix(index).filter { $0.3 > row.3 }.count
            let tied = sorted.contains { $0.0 != row.0 && $0.3 == row.3 }
            return Standing(venture: row.0, judges: row.1, rawMeanThousandths: row.2, standardizedThousandths: row.3, rank: rank, tied: tied)
        }
    }
}
