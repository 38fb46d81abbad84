/// A rubric a worksite supervisor rates a student on, criterion by criterion, each level with
/// a descriptor so two supervisors mean the same thing by "3". A district defines its own; the
/// workplace-readiness rubric below ships as the default.
public struct CompetencyRubric: Codable, Equatable, Sendable {
    public struct Criterion: Codable, Equatable, Sendable {
        public var name: String
        /// Descriptors from the lowest level (1) up.
        public var levels: [String]

        public init(name: String, levels: [String]) {
            self.name = name
            self.levels = levels
        }
    }

    public var name: String
    public var criteria: [Criterion]

    public init(name: String, criteria: [Criterion]) {
        self.name = name
        self.criteria = criteria
    }

    /// Communication, teamwork, professionalism, problem solving and technical skill, the
    /// employability skills Career Clusters' plans of study pair with workplace assessment, on
    /// four levels.
    public static let workplaceReadiness = CompetencyRubric(name: "Workplace readiness", criteria: [
        Criterion(name: "Communication", levels: [
            "Needs prompting to share information; messages are often unclear.",
            "Shares information when asked; usually clear with coworkers.",
            "Communicates clearly and on time with coworkers and supervisors.",
            "Adapts communication to the audience; asks and answers questions that move work forward."]),
        Criterion(name: "Teamwork", levels: [
            "Works alone even when the task needs others.",
            "Does assigned part of shared work.",
            "Contributes reliably and helps teammates meet shared goals.",
            "Takes initiative to coordinate the team and resolve friction."]),
        Criterion(name: "Professionalism", levels: [
            "Often late or unprepared; needs reminders about workplace expectations.",
            "Usually on time and prepared; follows expectations with occasional reminders.",
            "Punctual, prepared and follows workplace policies and safety rules.",
            "A model for others: dependable, accountable and courteous under pressure."]),
        Criterion(name: "Problem solving", levels: [
            "Stops when something goes wrong and waits to be told what to do.",
            "Identifies problems and tries a known fix with guidance.",
            "Diagnoses problems, weighs options and resolves routine ones independently.",
            "Solves unfamiliar problems and suggests improvements to how work is done."]),
        Criterion(name: "Technical skill", levels: [
            "Beginning to learn the tools and procedures of the role.",
            "Performs basic tasks of the role with supervision.",
            "Performs the role's tasks to the worksite's standard.",
            "Performs advanced tasks and could teach others the role's procedures."]),
    ])

    public static let levelRange = 2...6
    public static let criteriaRange = 1...12

    /// What keeps a rubric from being used, each naming its field.
    public func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if name.isEmpty || name.count > 200 { problems.append(("name", "Name the rubric (up to 200 characters).")) }
        if !Self.criteriaRange.contains(criteria.count) {
            problems.append(("criteria", "A rubric has from \(Self.criteriaRange.lowerBound) to \(Self.criteriaRange.upperBound) criteria."))
        }
        var seen = Set<String>()
        for (index, criterion) in criteria.enumerated() {
            let field = "criteria[\(index)]"
            if criterion.name.isEmpty { problems.append((field + ".name", "Name each criterion.")) }
            else if !seen.insert(criterion.name.lowercased()).inserted { problems.append((field + ".name", "\(criterion.name) is named twice.")) }
            if !Self.levelRange.contains(criterion.levels.count) || criterion.levels.contains(where: \.isEmpty) {
                problems.append((field + ".levels", "Describe from \(Self.levelRange.lowerBound) to \(Self.levelRange.upperBound) levels, none blank."))
            }
        }
        return problems
    }

    /// A supervisor's ratings, checked: one level for every criterion, each within its range.
    public func score(_ ratings: [String: Int]) -> Result<RubricScore, RatingProblems> {
        var problems: [String: String] = [:]
        var levels: [Int] = []
        for criterion in criteria {
            guard let level = ratings[criterion.name] else { problems[criterion.name] = "Rate \(criterion.name)."; continue }
            guard (1...criterion.levels.count).contains(level) else {
                problems[criterion.name] = "Rate \(criterion.name) from 1 to \(criterion.levels.count)."
                continue
            }
            levels.append(level)
        }
        for name in ratings.keys where !criteria.contains(where: { $0.name == name }) {
            problems[name] = "\(name) is not a criterion of this rubric."
        }
        guard problems.isEmpty else { return .failure(RatingProblems(byCriterion: problems)) }
        return .success(RubricScore(levels: levels, maxima: criteria.map(\.levels.count)))
    }
}

public struct RatingProblems: Error, Equatable, Sendable {
    public let byCriterion: [String: String]
}

/// Ratings on a rubric, in criteria order, summed without fractions: the mean is kept in
/// tenths of a level, rounded half up, so it compares and groups exactly.
public struct RubricScore: Equatable, Sendable {
    public let levels: [Int]
    public let maxima: [Int]

    public init(levels: [Int], maxima: [Int]) {
        self.levels = levels
        self.maxima = maxima
    }

    public var total: Int { levels.reduce(0, +) }
    public var maximum: Int { maxima.reduce(0, +) }
    public var meanTenths: Int { levels.isEmpty ? 0 : (total * 20 + levels.count) / (levels.count * 2) }
    /// The mean as a whole level, rounded half up: what outcomes group students by.
    public var overallLevel: Int { (meanTenths + 5) / 10 }
    public var meanText: String { "\(meanTenths / 10).\(meanTenths % 10)" }
    /// At the proficient level or above: the mean, rounded, reaches the second-highest level
    /// of the rubric's longest scale (3 of 4 on the workplace-readiness rubric).
    public var isProficient: Bool { !levels.isEmpty && overallLevel >= max((maxima.max() ?? 0) - 1, 1) }
}
