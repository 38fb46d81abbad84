/// A credential pathway (Suffern's three-year cybersecurity certification, seed 002): an ordered,
/// multi-year list of requirements, each met from the district's own records — a completed
/// course, approved hours in a team role, a credential held, a lab module or exam recorded with
/// evidence — never ticked by hand.
public enum PathwayRequirementKind: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case course, roleHours, credential, checkpoint

    public var title: String {
        switch self {
        case .course: "A completed course"
        case .roleHours: "Approved hours in a team role"
        case .credential: "A credential"
        case .checkpoint: "A lab module or exam, recorded with evidence"
        }
    }
}

public struct PathwayRequirementRule: Sendable, Equatable {
    public let key: String
    public let kind: PathwayRequirementKind
    public let year: Int
    /// For `roleHours`: the team role's name (any team), and the minutes needed.
    public let roleName: String?
    public let minutes: Int?
    /// For `credential`: the catalog title.
    public let credentialTitle: String?
    /// For `course`: the catalog code.
    public let courseCode: String?

    public init(key: String, kind: PathwayRequirementKind, year: Int, roleName: String? = nil, minutes: Int? = nil, credentialTitle: String? = nil,
                courseCode: String? = nil) {
        self.key = key; self.kind = kind; self.year = year; self.roleName = roleName; self.minutes = minutes; self.credentialTitle = credentialTitle
        self.courseCode = courseCode
    }
}

/// What the records say about one student.
public struct PathwayFacts: Sendable {
    /// Approved minutes (adjustments included) by team role name, lowercased.
    public var approvedMinutesByRole: [String: Int]
    public var heldCredentials: Set<String>
    /// Keys of the checkpoint requirements recorded for the student.
    public var checkpoints: Set<String>
    /// Catalog codes of the courses the student completed.
    public var completedCourses: Set<String>

    public init(approvedMinutesByRole: [String: Int] = [:], heldCredentials: Set<String> = [], checkpoints: Set<String> = [],
                completedCourses: Set<String> = []) {
        self.completedCourses = completedCourses
        self.approvedMinutesByRole = Dictionary(approvedMinutesByRole.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: +)
        self.heldCredentials = heldCredentials
        self.checkpoints = checkpoints
    }
}

public struct RequirementProgress: Sendable, Equatable {
    public let key: String
    public let met: Bool
    /// Whole percent done, rounded down, so 100 means met.
    public let percent: Int
    public let doneMinutes: Int?
}

public struct PathwayProgress: Sendable, Equatable {
    public let requirements: [RequirementProgress]

    /// Whole percent of requirements met, rounded down.
    public var percent: Int { requirements.isEmpty ? 0 : requirements.filter(\.met).count * 100 / requirements.count }
    public var isComplete: Bool { !requirements.isEmpty && requirements.allSatisfy(\.met) }

    public static func compute(_ rules: [PathwayRequirementRule], facts: PathwayFacts) -> PathwayProgress {
        PathwayProgress(requirements: rules.map { rule in
            switch rule.kind {
            case .course:
                let met = rule.courseCode.map(facts.completedCourses.contains) ?? false
                return RequirementProgress(key: rule.key, met: met, percent: met ? 100 : 0, doneMinutes: nil)
            case .roleHours:
                let needed = max(rule.minutes ?? 0, 1)
                let done = max(facts.approvedMinutesByRole[(rule.roleName ?? "").lowercased()] ?? 0, 0)
                return RequirementProgress(key: rule.key, met: done >= needed, percent: min(done * 100 / needed, 100), doneMinutes: done)
            case .credential:
                let met = rule.credentialTitle.map(facts.heldCredentials.contains) ?? false
                return RequirementProgress(key: rule.key, met: met, percent: met ? 100 : 0, doneMinutes: nil)
            case .checkpoint:
                let met = facts.checkpoints.contains(rule.key)
                return RequirementProgress(key: rule.key, met: met, percent: met ? 100 : 0, doneMinutes: nil)
            }
        })
    }
}
