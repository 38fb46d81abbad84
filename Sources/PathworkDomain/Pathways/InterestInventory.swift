/// A RIASEC interest inventory written for teenagers, in Pathwork's own words: six kinds of
/// work interest (Holland's Realistic, Investigative, Artistic, Social, Enterprising,
/// Conventional), six statements each, answered on a three-point scale. Its results are for
/// exploration: nothing in Pathwork gates a placement or a plan on them.
public enum InterestType: String, Codable, CaseIterable, ChoiceCodable, Sendable, Comparable {
    case realistic = "R", investigative = "I", artistic = "A", social = "S", enterprising = "E", conventional = "C"

    public var title: String {
        switch self {
        case .realistic: "Realistic (a doer)"
        case .investigative: "Investigative (a thinker)"
        case .artistic: "Artistic (a creator)"
        case .social: "Social (a helper)"
        case .enterprising: "Enterprising (a persuader)"
        case .conventional: "Conventional (an organizer)"
        }
    }

    public var explanation: String {
        switch self {
        case .realistic: "You like working with your hands, tools, machines, plants or animals, and seeing a real result at the end of the day."
        case .investigative: "You like figuring out how things work, asking why, and solving problems with evidence."
        case .artistic: "You like making things that say something — designs, words, music, video — in your own way."
        case .social: "You like helping, teaching and working alongside people."
        case .enterprising: "You like leading, persuading and taking a chance to make something happen."
        case .conventional: "You like order, clear steps and getting the details exactly right."
        }
    }

    public static func < (lhs: InterestType, rhs: InterestType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public struct InterestItem: Codable, Equatable, Sendable {
    public let id: String
    public let type: InterestType
    public let text: String
}

public struct InterestProfile: Codable, Equatable, Sendable {
    /// Each type's score, 0 to `InterestInventory.maximumScore`.
    public let scores: [InterestType: Int]
    /// The three highest types, highest first; ties go in R-I-A-S-E-C order, so the same
    /// answers always give the same code.
    public let code: String

    public init(scores: [InterestType: Int], code: String) {
        self.scores = scores
        self.code = code
    }

    public var ranked: [InterestType] {
        InterestType.allCases.sorted { (scores[$0] ?? 0, $1) > (scores[$1] ?? 0, $0) }
    }
}

public struct ClusterSuggestion: Equatable, Sendable {
    public let clusterCode: String
    public let score: Int
    public let why: String
}

public enum InterestInventory {
    public enum Answer: Int, Codable, CaseIterable, Sendable {
        case notForMe = 0, maybe = 1, soundsFun = 2

        public var title: String {
            switch self {
            case .notForMe: "Not for me"
            case .maybe: "Maybe"
            case .soundsFun: "Sounds fun"
            }
        }
    }

    public static let items: [InterestItem] = {
        let statements: [(InterestType, [String])] = [
            (.realistic, ["Fix a bike, a phone screen or something else that broke",
                          "Build something out of wood, metal or the parts in a kit",
                          "Fly a drone or drive a robot through an obstacle course",
                          "Work outside in any weather, on a farm, a trail or a job site",
                          "Wire up lights, speakers or a small circuit",
                          "Take an engine or a machine apart to see how it works"]),
            (.investigative, ["Figure out why an experiment did not turn out the way you expected",
                              "Test water from a river and explain what the numbers mean",
                              "Crack a hard logic puzzle or math problem just because it is hard",
                              "Read about how the brain, the weather or black holes work",
                              "Track down what is causing a bug in a program",
                              "Collect data and spot a pattern nobody else noticed"]),
            (.artistic, ["Design a logo, a poster or a T-shirt",
                         "Write a story, song lyrics or a script",
                         "Film and edit a short video",
                         "Perform on stage: act, sing, dance or play music",
                         "Sketch how a room, a park or a website could look",
                         "Make something nobody has made before, exactly the way you imagine it"]),
            (.social, ["Teach a younger student something you are good at",
                       "Help a friend work through a problem that is stressing them out",
                       "Volunteer at a food bank, a shelter or a community event",
                       "Take care of someone who is hurt or sick",
                       "Run a team meeting so that everyone gets heard",
                       "Explain a tricky idea to a group until everyone gets it"]),
            (.enterprising, ["Start a small business or sell something you made",
                             "Get people to sign up for your club or your cause",
                             "Pitch an idea to a panel of judges",
                             "Be in charge of a project and make the final calls",
                             "Bargain over a price, a deal or a plan",
                             "Run for student council or another role where you lead"]),
            (.conventional, ["Keep a schedule, a budget or a to-do list organized and up to date",
                             "Type data into a spreadsheet carefully and check it for mistakes",
                             "Follow a checklist step by step to get something exactly right",
                             "Keep track of the money coming in and going out for a club",
                             "Sort and file records so anyone can find them fast",
                             "Proofread a report and catch every error"]),
        ]
        return statements.flatMap { type, texts in
            texts.enumerated().map { InterestItem(id: "\(type.rawValue)\($0.offset + 1)", type: type, text: $0.element) }
        }
    }()

    public static var maximumScore: Int { items.count / InterestType.allCases.count * Answer.soundsFun.rawValue }

    /// Ids of the items not answered; an inventory is scored only when this is empty.
    public static func unanswered(_ answers: [String: Answer]) -> [String] {
        items.map(\.id).filter { answers[$0] == nil }
    }

    public static func score(_ answers: [String: Answer]) -> InterestProfile {
        var scores = Dictionary(uniqueKeysWithValues: InterestType.allCases.map { ($0, 0) })
        for item in items { scores[item.type, default: 0] += answers[item.id]?.rawValue ?? 0 }
        let ranked = InterestType.allCases.sorted { (scores[$0]!, $1) > (scores[$1]!, $0) }
        return InterestProfile(scores: scores, code: ranked.prefix(3).map(\.rawValue).joined())
    }

    /// Which interests each original cluster's work draws on most, strongest first: Pathwork's
    /// own reading of the clusters' definitions, used only to rank suggestions.
    public static let clusterInterests: [String: [InterestType]] = [
        "AG": [.realistic, .investigative, .enterprising], "AC": [.realistic, .artistic, .conventional],
        "AR": [.artistic, .enterprising, .realistic], "BM": [.enterprising, .conventional, .social],
        "ED": [.social, .artistic, .enterprising], "FN": [.conventional, .enterprising, .investigative],
        "GV": [.enterprising, .social, .conventional], "HS": [.investigative, .social, .realistic],
        "HT": [.enterprising, .social, .realistic], "HU": [.social, .enterprising, .artistic],
        "IT": [.investigative, .conventional, .realistic], "LW": [.social, .realistic, .enterprising],
        "MN": [.realistic, .conventional, .investigative], "MK": [.enterprising, .social, .artistic],
        "ST": [.investigative, .realistic, .artistic], "TR": [.realistic, .conventional, .enterprising],
    ]

    /// Clusters ranked by how well their interests match the profile (weights 3, 2, 1 on the
    /// cluster's first, second and third interest); ties keep the framework's order.
    public static func suggestions(for profile: InterestProfile, limit: Int = 5) -> [ClusterSuggestion] {
        let ranked = CareerClusters.original.enumerated().compactMap { index, cluster -> (Int, Int, ClusterSuggestion)? in
            guard let interests = clusterInterests[cluster.code] else { return nil }
            let score = zip([3, 2, 1], interests).reduce(0) { $0 + $1.0 * (profile.scores[$1.1] ?? 0) }
            let top = interests.prefix(2).map { "\($0.title.components(separatedBy: " (").first!) (\(profile.scores[$0] ?? 0) of \(maximumScore))" }
            let why = "\(cluster.title) draws most on \(top.joined(separator: " and ")) interests — your scores in brackets."
            return (score, index, ClusterSuggestion(clusterCode: cluster.code, score: score, why: why))
        }
        return ranked.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.prefix(limit).map(\.2)
    }
}
