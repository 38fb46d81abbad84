/// What a survey's results are read from: for each question, how many answered it and how many
/// picked each answer, for all respondents and for each of their groups, and for scales and
/// numbers the sum of the values. Adding tallies is how a network sums its districts' surveys.
public struct SurveyTally: Sendable, Equatable {
    /// Question key → counts; the measures are option keys (`SurveyQuestion.options`).
    public var questions: [String: GroupedCounts<String>] = [:]
    /// Question key → group token ("all" for everyone) → the sum of the values answered.
    public var sums: [String: [String: Int]] = [:]

    public init(questions: [String: GroupedCounts<String>] = [:], sums: [String: [String: Int]] = [:]) { self.questions = questions; self.sums = sums }

    public static let allToken = "all"

    /// One respondent: their answers and their groups (none for someone outside the student body).
    public mutating func add(_ answers: [String: SurveyAnswer], groups: [StudentGroup]) {
        for (key, answer) in answers {
            let (measures, value): (Set<String>, Int?) = switch answer {
            case .level(let level): ([String(level)], level)
            case .choice(let index): ([String(index)], nil)
            case .choices(let indexes): (Set(indexes.map(String.init)), nil)
            case .number(let number): ([], number)
            case .text: ([], nil)
            }
            questions[key, default: GroupedCounts()].add(groups: groups, meeting: measures)
            if let value {
                sums[key, default: [:]][Self.allToken, default: 0] += value
                for group in groups { sums[key, default: [:]][group.token, default: 0] += value }
            }
        }
    }

    public static func + (a: SurveyTally, b: SurveyTally) -> SurveyTally {
        SurveyTally(questions: a.questions.merging(b.questions, uniquingKeysWith: +),
                    sums: a.sums.merging(b.sums) { $0.merging($1, uniquingKeysWith: +) })
    }
}

/// One row of a question's results: a group (nil for all respondents) as it may be shown.
public struct SurveyRow: Sendable, Equatable {
    public var group: StudentGroup?
    /// Respondents to the question; nil when suppressed.
    public var respondents: Int?
    /// Option key → count; nil when suppressed.
    public var counts: [String: Int?]
    /// The mean of a scale or number in tenths, shown only where nothing in the row is hidden.
    public var meanTenths: Int?

    public var title: String { group?.title ?? "All respondents" }
    public func count(_ option: String) -> Int? { counts[option] ?? nil }
    /// A share of the row's respondents in tenths of a percent, where both are shown.
    public func percentTenths(_ option: String) -> Int? {
        guard let count = count(option), let respondents, respondents > 0 else { return nil }
        return OutcomeArithmetic.rateTenths(count, of: respondents)
    }
}

/// A question's results for all respondents and by group, suppressed so no hidden count can be
/// worked out: down each dimension (its groups add up to all respondents, per answer and in
/// respondents) and, for a scale or one choice, across each row (its answers add up to the
/// row's respondents), every hidden cell must still be able to take two values or more.
public enum SurveyResults {
    public struct Question: Sendable, Equatable {
        public var all: SurveyRow
        public var dimensions: [(dimension: GroupDimension, rows: [SurveyRow])]

        public static func == (a: Question, b: Question) -> Bool {
            a.all == b.all && a.dimensions.map(\.rows) == b.dimensions.map(\.rows) && a.dimensions.map(\.dimension) == b.dimensions.map(\.dimension)
        }

        public func rows(_ dimension: GroupDimension) -> [SurveyRow] { dimensions.first { $0.dimension == dimension }?.rows ?? [] }
    }

    private struct Key: Hashable { let row: Int; let column: Int }

    public static func build(_ question: SurveyQuestion, tally: SurveyTally, dimensions: [GroupDimension], minimumCell: Int) -> Question {
        let counts = tally.questions[question.key] ?? GroupedCounts()
        let options = question.options.map(\.key)
        let partitions = if case .multipleChoice = question.kind { false } else { !options.isEmpty }
        // Rows: all respondents, then each dimension's groups. Column 0 is respondents.
        let groups: [StudentGroup?] = [nil] + dimensions.flatMap(\.groups).map { Optional($0) }
        func tallyOf(_ row: Int) -> GroupCounts<String> { groups[row].map(counts.group) ?? counts.all }
        var value: [Key: Int] = [:]
        for row in groups.indices {
            value[Key(row: row, column: 0)] = tallyOf(row).enrolled
            for (index, option) in options.enumerated() { value[Key(row: row, column: index + 1)] = tallyOf(row).count(option) }
        }
        let columns = options.count + 1
        var hidden: Set<Key> = []
        let total = counts.all.enrolled
        for row in groups.indices {
            let n = tallyOf(row).enrolled
            if (row == 0 && n < minimumCell) || (0 < n && n < minimumCell) {
                for column in 0..<columns { hidden.insert(Key(row: row, column: column)) }
                continue
            }
            for column in 1..<columns where Suppression.isSmall(count: value[Key(row: row, column: column)]!, enrolled: n, minimum: minimumCell) {
                hidden.insert(Key(row: row, column: column))
            }
        }
        // Lines whose members add up to their total: down each dimension for every column, and
        // across each row of a partitioning question.
        var lines: [(members: [Key], total: Key)] = []
        var start = 1
        for dimension in dimensions {
            let rows = start..<(start + dimension.groups.count)
            for column in 0..<columns { lines.append((rows.map { Key(row: $0, column: column) }, Key(row: 0, column: column))) }
            start += dimension.groups.count
        }
        if partitions { for row in groups.indices { lines.append(((1..<columns).map { Key(row: row, column: $0) }, Key(row: row, column: 0))) } }
        func bound(_ key: Key) -> Int {
            if key.column == 0 { return total }
            return hidden.contains(Key(row: key.row, column: 0)) ? total : value[Key(row: key.row, column: 0)]!
        }
        var changed = true
        while changed {
            changed = false
            for line in lines where !hidden.contains(line.total) {
                let members = line.members
                guard !Suppression.isSafe(counts: members.map { value[$0]! }, bounds: members.map(bound), hidden: members.map(hidden.contains),
                                          total: value[line.total]!) else { continue }
                let shown = members.filter { !hidden.contains($0) }
                if let next = shown.min(by: { (value[$0]! == 0 ? 1 : 0, value[$0]!, $0.row, $0.column) < (value[$1]! == 0 ? 1 : 0, value[$1]!, $1.row, $1.column) }) {
                    hidden.insert(next)
                } else {
                    hidden.insert(line.total)
                }
                changed = true
                break
            }
        }
        func row(_ index: Int) -> SurveyRow {
            let n = hidden.contains(Key(row: index, column: 0)) ? nil : value[Key(row: index, column: 0)]
            var shown: [String: Int?] = [:]
            for (offset, option) in options.enumerated() {
                let key = Key(row: index, column: offset + 1)
                shown[option] = hidden.contains(key) ? nil : value[key]
            }
            let rowHidden = (0..<columns).contains { hidden.contains(Key(row: index, column: $0)) }
            var mean: Int?
            switch question.kind {
            case .likert, .number:
                if let n, n > 0, !rowHidden, let sum = tally.sums[question.key]?[groups[index]?.token ?? SurveyTally.allToken] {
                    mean = OutcomeArithmetic.rounded(sum, over: n, scale: 10)
                }
            default: break
            }
            return SurveyRow(group: groups[index], respondents: n, counts: shown, meanTenths: mean)
        }
        var offset = 1
        var result: [(dimension: GroupDimension, rows: [SurveyRow])] = []
        for dimension in dimensions {
            result.append((dimension, (offset..<(offset + dimension.groups.count)).map(row)))
            offset += dimension.groups.count
        }
        return Question(all: row(0), dimensions: result)
    }
}
