import PathworkDomain
import Testing

@Suite struct SurveyRuleTests {
    static let definition = SurveyTemplate.studentExperience.definition

    @Test func answersAreReadAndCheckedQuestionByQuestion() {
        let fields: [String: [String]] = ["q_belong": ["4"], "q_adult": ["9"], "q_experiences": ["0", "2"], "q_hours": ["41"],
                                          "q_plan": [" 1 "], "q_better": ["  More hours.  "]]
        let read = SurveyAnswers.read(Self.definition) { fields[$0] ?? [] }
        #expect(read.answers["belong"] == .level(4) && read.answers["plan"] == .choice(1) && read.answers["experiences"] == .choices([0, 2]))
        #expect(read.answers["better"] == .text("More hours."))
        #expect(read.problems["adult"] == "Choose one point on the scale.")
        #expect(read.problems["hours"] == "Enter a whole number from 0 to 40.")
        #expect(read.problems["skills"] == "Answer this question.")   // required, left blank
        #expect(read.problems["aid"] == nil)                          // optional, left blank
        #expect(SurveyDefinition().problems == ["Add at least one question."])
        #expect(SurveyDefinition(sections: [SurveySection(title: "A", questions: [SurveyQuestion(key: "a", prompt: "Pick", kind: .singleChoice(["Only"]))])])
            .problems == ["“Pick” needs at least two choices."])
    }

    @Test func resultsCountRespondentsAndAnswersAndMeansFromExactSums() {
        var tally = SurveyTally()
        let female = StudentAttributes(sex: .female), male = StudentAttributes(sex: .male)
        for index in 0..<24 {
            tally.add(["belong": .level(index < 12 ? 4 : 2), "experiences": .choices(index % 2 == 0 ? [0, 1] : [0])],
                      groups: (index % 2 == 0 ? female : male).groups)
        }
        let belong = SurveyResults.build(Self.definition.question("belong")!, tally: tally, dimensions: GroupDimension.allCases, minimumCell: 5)
        #expect(belong.all.respondents == 24 && belong.all.count("4") == 12)
        // The other three points are 0: under the minimum, hidden; and 12 beside 12 of 24 would
        // show those zeros, so one of the twelves hides too, and the mean with them.
        #expect(belong.all.count("1") == nil && belong.all.count("2") == nil && belong.all.meanTenths == nil)
        let experiences = SurveyResults.build(Self.definition.question("experiences")!, tally: tally, dimensions: GroupDimension.allCases, minimumCell: 5)
        #expect(experiences.all.count("0") == nil)   // all 24 chose it: within 5 of the 24, hidden
        #expect(experiences.all.count("1") == 12 && experiences.all.percentTenths("1") == 500)
        let number = SurveyQuestion(key: "hours", prompt: "Hours", kind: .number(minimum: 0, maximum: 40))
        var hours = SurveyTally()
        for value in [4, 5, 6, 10, 10, 2] { hours.add(["hours": .number(value)], groups: []) }
        #expect(SurveyResults.build(number, tally: hours, dimensions: [], minimumCell: 5).all.meanTenths == 62)   // 37 / 6 = 6.17
    }

    /// For every line a reader can add up — a dimension's groups to all respondents, for each
    /// answer and for respondents; a scale's or one choice's answers to the row's respondents —
    /// each hidden cell can still take two values or more.
    @Test(arguments: [5, 10])
    func noSuppressedSurveyCellCanBeDerived(minimum: Int) {
        var random = SeededRandom(seed: UInt64(minimum) * 31_337)
        var mixed = 0
        for _ in 0..<80 {
            var tally = SurveyTally()
            for _ in 0..<Int.random(in: 8...90, using: &random) {
                let attributes = StudentAttributes(raceEthnicity: random.weighted([(.hispanicOrLatino, 4), (.white, 6), (.asian, 1), (nil, 1)]),
                                                   sex: random.chance(50) ? .female : .male, flags: random.chance(25) ? [.englishLearner] : [])
                var answers: [String: SurveyAnswer] = ["belong": .level(random.weighted([(5, 3), (4, 5), (3, 2), (2, 1), (1, 1)]))]
                if random.chance(80) { answers["experiences"] = .choices(Set((0..<5).filter { _ in random.chance(35) })) }
                tally.add(answers, groups: attributes.groups)
            }
            for key in ["belong", "experiences"] {
                let question = Self.definition.question(key)!
                let table = SurveyResults.build(question, tally: tally, dimensions: GroupDimension.allCases, minimumCell: minimum)
                let everyone = table.all.respondents ?? 10_000
                for (_, rows) in table.dimensions {
                    #expect(SuppressionPropertyTests.checkDimension(counts: rows.map(\.respondents), total: table.all.respondents, bounds: rows.map { _ in everyone }))
                    for option in question.options.map(\.key) {
                        let counts = rows.map { $0.count(option) }
                        if counts.contains(nil) && counts.contains(where: { $0 != nil }) { mixed += 1 }
                        #expect(SuppressionPropertyTests.checkDimension(counts: counts, total: table.all.count(option), bounds: rows.map { $0.respondents ?? everyone }),
                                "\(key) \(option)")
                    }
                }
                guard key == "belong" else { continue }
                for row in [table.all] + table.dimensions.flatMap(\.rows) {
                    let counts = question.options.map { row.count($0.key) }
                    #expect(SuppressionPropertyTests.checkDimension(counts: counts, total: row.respondents, bounds: counts.map { _ in row.respondents ?? everyone }),
                            "across \(row.title)")
                }
            }
        }
        #expect(mixed > 100)
    }
}
