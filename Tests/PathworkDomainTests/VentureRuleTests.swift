import PathworkDomain
import Testing

@Suite("Ventures: canvas versions, stages and pitch judging")
struct VentureRuleTests {
    @Test("a canvas version keeps non-empty blocks; the changes since an earlier one name each block and its lines in and out")
    func canvas() {
        let first = BusinessModelCanvas(blocks: [.problem: "Quick costume changes are slow\nCostumes tear", .customerSegments: "School theaters", .revenue: "  "])
        #expect(first.blocks.count == 2 && first.problems().isEmpty)
        let second = BusinessModelCanvas(blocks: [.problem: "Quick costume changes are slow\nRenting two costumes is costly",
                                                  .customerSegments: "School theaters", .revenue: "Sell to drama departments, $40 each"])
        let changes = second.changes(since: first)
        #expect(changes.map(\.block) == [.problem, .revenue])
        #expect(changes[0].kind == .changed && changes[0].removedLines == ["Costumes tear"] && changes[0].addedLines == ["Renting two costumes is costly"])
        #expect(changes[1].kind == .added && changes[1].addedLines == ["Sell to drama departments, $40 each"])
        #expect(first.changes(since: second).map(\.kind) == [.changed, .removed])
        #expect(second.changes(since: second).isEmpty)
        #expect(BusinessModelCanvas().problems().map(\.field) == ["blocks"])
        #expect(BusinessModelCanvas(blocks: [.solution: String(repeating: "x", count: 2001)]).problems().map(\.field) == ["blocks.solution"])
    }

    @Test("a stage is complete when every artifact reaches its count; progress is counted per stage")
    func stages() {
        let stages = VentureStage.threeYears
        let record = VentureRecord(counts: [.problem: 1, .interviews: 5, .canvasVersions: 2, .prototypes: 1])
        let progress = stages.map { StageProgress(stage: $0, record: record) }
        #expect(progress.map(\.isComplete) == [true, false, false])
        #expect(progress[0].percent == 100 && progress[1].done == [2, 5, 1] && progress[1].percent == 66)
        #expect(progress[2].done == [1, 0] && progress[2].percent == 33)
        #expect(VentureStage(year: 9, title: "", requirements: [StageRequirement(.pitches), StageRequirement(.pitches, 0)]).problems().map(\.field)
                == ["year", "title", "requirements", "requirements"])
    }

    @Test("a judge's levels become a weighted share in thousandths, rounded half up, only when every criterion is scored")
    func weighting() {
        let rubric = PitchRubric(criteria: [.init(name: "Problem", weight: 30, levels: ["1", "2", "3", "4"]),
                                            .init(name: "Pitch", weight: 10, levels: ["1", "2", "3"])])
        // (30×3 + 10×2) / (30×4 + 10×3) = 110 / 150 = 0.7333… → 733.
        #expect(rubric.weightedThousandths(["Problem": 3, "Pitch": 2]) == 733)
        // (30×1 + 10×3) / 150 = 0.4 → 400; (30×2 + 10×2) / 150 = 0.5333 → 533.
        #expect(rubric.weightedThousandths(["Problem": 1, "Pitch": 3]) == 400 && rubric.weightedThousandths(["Problem": 2, "Pitch": 2]) == 533)
        // 1 of 8 = 0.125 → 125: exact; 1/3 of a thousandth rounds down, 2/3 up.
        #expect(PitchRubric(criteria: [.init(name: "A", weight: 1, levels: ["1", "2", "3", "4", "5", "6"])]).weightedThousandths(["A": 1]) == 167)
        #expect(rubric.weightedThousandths(["Problem": 3]) == nil)
        #expect(rubric.problem(criterion: "Pitch", level: 4) == "Score Pitch from 1 to 3." && rubric.problem(criterion: "Pitch", level: 3) == nil)
        #expect(rubric.problem(criterion: "Charm", level: 1) == "Charm is not a criterion of this event's rubric.")
        #expect(PitchRubric.standard.problems().isEmpty)
    }

    typealias S = PitchResults.Score

    @Test("standardizing: a harsh judge moves every venture alike; one who scores everyone the same counts as zero; ties share a rank")
    func standardization() {
        // Judge A: 900, 700, 500 (mean 700, deviation √(80000/3) ≈ 163.3): z = 1.2247, 0, −1.2247.
        // Judge B, harsh: 500, 300, 100: the same z. Judge C gives everyone 600: z = 0.
        let scores = [S(judge: "A", venture: "Outfit", thousandths: 900), S(judge: "A", venture: "Trailer", thousandths: 700), S(judge: "A", venture: "App", thousandths: 500),
                      S(judge: "B", venture: "Outfit", thousandths: 500), S(judge: "B", venture: "Trailer", thousandths: 300), S(judge: "B", venture: "App", thousandths: 100),
                      S(judge: "C", venture: "Outfit", thousandths: 600), S(judge: "C", venture: "Trailer", thousandths: 600), S(judge: "C", venture: "App", thousandths: 600)]
        let standings = PitchResults.standings(scores)
        #expect(standings.map(\.venture) == ["Outfit", "Trailer", "App"])
        // (1.2247 + 1.2247 + 0) / 3 = 0.8165 → 816 (thousandths of a deviation); raw (900 + 500 + 600) / 3 = 667.
        #expect(standings[0].standardizedThousandths == 816 && standings[0].rawMeanThousandths == 667)
        #expect(standings[1].standardizedThousandths == 0 && standings[2].standardizedThousandths == -816)
        #expect(standings.map(\.rank) == [1, 2, 3] && standings.allSatisfy { !$0.tied })

        // A single judge: their z alone. Two ventures level with that judge tie and share rank 1.
        let single = PitchResults.standings([S(judge: "A", venture: "Outfit", thousandths: 800), S(judge: "A", venture: "Trailer", thousandths: 800),
                                             S(judge: "A", venture: "App", thousandths: 200)])
        #expect(single.map(\.rank) == [1, 1, 3] && single.map(\.tied) == [true, true, false])
        // z = (800 − 600) / √(80000) ≈ 0.7071 → 707; (200 − 600) / 282.84 = −1.4142 → −1414.
        #expect(single.map(\.standardizedThousandths) == [707, 707, -1414])
        #expect(Set(single.prefix(2).map(\.venture)) == ["Outfit", "Trailer"])

        // Everyone scored the same by everyone: all tie at zero.
        let flat = PitchResults.standings([S(judge: "A", venture: "Outfit", thousandths: 500), S(judge: "A", venture: "App", thousandths: 500)])
        #expect(flat.allSatisfy { $0.rank == 1 && $0.tied && $0.standardizedThousandths == 0 })
    }
}
