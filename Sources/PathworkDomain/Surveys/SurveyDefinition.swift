/// A survey as its author builds it: sections of questions, each with a stable key (so two
/// surveys built from one template can be compared question by question) and a kind.
public struct SurveyDefinition: Sendable, Equatable, Codable {
    public var sections: [SurveySection]

    public init(sections: [SurveySection] = []) { self.sections = sections }

    public var questions: [SurveyQuestion] { sections.flatMap(\.questions) }

    public func question(_ key: String) -> SurveyQuestion? { questions.first { $0.key == key } }

    /// Why the survey cannot be sent as it stands, if it cannot.
    public var problems: [String] {
        var problems: [String] = []
        if questions.isEmpty { problems.append("Add at least one question.") }
        let keys = questions.map(\.key)
        if Set(keys).count != keys.count { problems.append("Each question needs its own key.") }
        for question in questions {
            switch question.kind {
            case .singleChoice(let options), .multipleChoice(let options):
                if options.count < 2 { problems.append("“\(question.prompt)” needs at least two choices.") }
            case .number(let minimum, let maximum):
                if minimum > maximum { problems.append("“\(question.prompt)”: the smallest number is above the largest.") }
            case .likert, .openText: break
            }
        }
        return problems
    }
}

public struct SurveySection: Sendable, Equatable, Codable {
    public var title: String
    public var questions: [SurveyQuestion]

    public init(title: String, questions: [SurveyQuestion]) { self.title = title; self.questions = questions }
}

public struct SurveyQuestion: Sendable, Equatable, Codable {
    public enum Kind: Sendable, Equatable, Codable {
        /// Agreement on a five-point scale: 1 strongly disagree … 5 strongly agree.
        case likert
        case singleChoice([String])
        case multipleChoice([String])
        /// A whole number from `minimum` to `maximum`.
        case number(minimum: Int, maximum: Int)
        case openText

        public var title: String {
            switch self {
            case .likert: "Agree–disagree scale"
            case .singleChoice: "One choice"
            case .multipleChoice: "Any number of choices"
            case .number: "A number"
            case .openText: "Open text"
            }
        }
    }

    public var key: String
    public var prompt: String
    public var kind: Kind
    public var required: Bool

    public init(key: String, prompt: String, kind: Kind, required: Bool = false) {
        self.key = key; self.prompt = prompt; self.kind = kind; self.required = required
    }

    public static let likertLabels = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]

    /// The answers a respondent may pick, in order, with the key results count them under.
    public var options: [(key: String, title: String)] {
        switch kind {
        case .likert: Self.likertLabels.enumerated().map { (String($0.offset + 1), $0.element) }
        case .singleChoice(let choices), .multipleChoice(let choices): choices.enumerated().map { (String($0.offset), $0.element) }
        case .number, .openText: []
        }
    }
}

/// One respondent's answers, by question key.
public enum SurveyAnswer: Sendable, Equatable, Codable {
    case level(Int)
    case choice(Int)
    case choices(Set<Int>)
    case number(Int)
    case text(String)
}

public enum SurveyAnswers {
    public static let maximumText = 2000

    /// Reads a form's fields (`q_<key>` for each question; several for multiple choice) into
    /// answers, or the problems by question key. Blank answers are left out; a required question
    /// left blank is a problem.
    public static func read(_ definition: SurveyDefinition, fields: (String) -> [String]) -> (answers: [String: SurveyAnswer], problems: [String: String]) {
        var answers: [String: SurveyAnswer] = [:], problems: [String: String] = [:]
        for question in definition.questions {
            let values = fields("q_\(question.key)").map(\.trimmingWhitespace).filter { !$0.isEmpty }
            guard !values.isEmpty else {
                if question.required { problems[question.key] = "Answer this question." }
                continue
            }
            switch question.kind {
            case .likert:
                guard values.count == 1, let level = Int(values[0]), (1...5).contains(level) else { problems[question.key] = "Choose one point on the scale."; continue }
                answers[question.key] = .level(level)
            case .singleChoice(let choices):
                guard values.count == 1, let index = Int(values[0]), choices.indices.contains(index) else { problems[question.key] = "Choose one of the answers."; continue }
                answers[question.key] = .choice(index)
            case .multipleChoice(let choices):
                let indexes = values.compactMap(Int.init)
                guard indexes.count == values.count, indexes.allSatisfy(choices.indices.contains) else { problems[question.key] = "Choose from the answers given."; continue }
                answers[question.key] = .choices(Set(indexes))
            case .number(let minimum, let maximum):
                guard values.count == 1, let number = Int(values[0]), (minimum...maximum).contains(number) else {
                    problems[question.key] = "Enter a whole number from \(minimum) to \(maximum)."
                    continue
                }
                answers[question.key] = .number(number)
            case .openText:
                let text = values.joined(separator: "\n")
                guard text.count <= maximumText else { problems[question.key] = "Keep it to \(maximumText) characters."; continue }
                answers[question.key] = .text(text)
            }
        }
        return (answers, problems)
    }
}
