import Foundation

/// What a stage of the entrepreneurship pathway asks a venture to show (seed 002: a sequence
/// that "begins with identifying an actual problem, then develops a solution and business
/// model, and finally leads to presentations for real audiences").
public enum VentureArtifact: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    /// The venture adopted a problem from the log.
    case problem
    /// Saved versions of the business model canvas.
    case canvasVersions
    /// Customer interviews logged with what was learned.
    case interviews
    /// Prototypes recorded.
    case prototypes
    /// Pitches given at events that have closed.
    case pitches

    public var title: String {
        switch self {
        case .problem: "A problem adopted from the log"
        case .canvasVersions: "Business model canvas versions"
        case .interviews: "Customer interviews"
        case .prototypes: "Prototypes"
        case .pitches: "Pitches to a real audience"
        }
    }
}

/// One requirement of a stage: an artifact and how many.
public struct StageRequirement: Codable, Equatable, Sendable {
    public var artifact: VentureArtifact
    public var count: Int

    public init(_ artifact: VentureArtifact, _ count: Int = 1) {
        self.artifact = artifact
        self.count = count
    }
}

/// A stage of the pathway, placed in a year of the sequence.
public struct VentureStage: Codable, Equatable, Sendable {
    public var year: Int
    public var title: String
    public var requirements: [StageRequirement]
    /// A credential of the district's catalog each member is awarded, signed, when the venture
    /// completes the stage.
    public var awardsCredential: UUID?

    public init(year: Int, title: String, requirements: [StageRequirement], awardsCredential: UUID? = nil) {
        self.year = year
        self.title = title
        self.requirements = requirements
        self.awardsCredential = awardsCredential
    }

    /// A three-year sequence: problem and solution, business model and prototype, pitch and launch.
    public static let threeYears = [
        VentureStage(year: 1, title: "Problem and solution", requirements: [StageRequirement(.problem), StageRequirement(.interviews, 3), StageRequirement(.canvasVersions, 1)]),
        VentureStage(year: 2, title: "Business model and prototype", requirements: [StageRequirement(.canvasVersions, 3), StageRequirement(.interviews, 8), StageRequirement(.prototypes, 1)]),
        VentureStage(year: 3, title: "Pitch and launch", requirements: [StageRequirement(.prototypes, 2), StageRequirement(.pitches, 1)]),
    ]

    public func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if !(1...6).contains(year) { problems.append(("year", "Place the stage in year 1 to 6 of the sequence.")) }
        if title.isEmpty || title.count > 200 { problems.append(("title", "Name the stage (up to 200 characters).")) }
        if requirements.isEmpty { problems.append(("requirements", "A stage asks for at least one artifact.")) }
        if Set(requirements.map(\.artifact)).count != requirements.count { problems.append(("requirements", "Ask for each artifact once.")) }
        if requirements.contains(where: { !(1...50).contains($0.count) }) { problems.append(("requirements", "Ask for 1 to 50 of each artifact.")) }
        return problems
    }
}

/// What a venture has to show, counted from its records.
public struct VentureRecord: Equatable, Sendable {
    public var counts: [VentureArtifact: Int]

    public init(counts: [VentureArtifact: Int]) { self.counts = counts }

    public func count(_ artifact: VentureArtifact) -> Int { counts[artifact] ?? 0 }
}

/// How far a venture is through each stage: each requirement's count toward its target, and
/// whether the stage is complete (every requirement met). Stages are independent: a team can
/// finish year 2's prototype before year 1's interviews, and the page shows both.
public struct StageProgress: Equatable, Sendable {
    public let stage: VentureStage
    public let done: [Int]

    public init(stage: VentureStage, record: VentureRecord) {
        self.stage = stage
        done = stage.requirements.map { min(record.count($0.artifact), $0.count) }
    }

    public var isComplete: Bool { zip(stage.requirements, done).allSatisfy { $0.count <= $1 } }
    /// Whole percent of the stage's artifacts shown, rounded down so 100 means complete.
    public var percent: Int {
        let target = stage.requirements.reduce(0) { $0 + $1.count }
        return target == 0 ? 100 : done.reduce(0, +) * 100 / target
    }
}
