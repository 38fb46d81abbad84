import PathworkDomain
import Testing

@Suite struct OutcomeArithmeticTests {
    @Test func ratesAreRoundedOnceHalfUpToATenthOfAPercent() {
        #expect(OutcomeArithmetic.rateTenths(1, of: 3) == 333)
        #expect(OutcomeArithmetic.rateTenths(2, of: 3) == 667)
        #expect(OutcomeArithmetic.rateTenths(1, of: 8) == 125)
        #expect(OutcomeArithmetic.rateTenths(1, of: 16) == 63)      // 6.25 % → 6.3 %
        #expect(OutcomeArithmetic.rateTenths(0, of: 0) == nil)
        #expect(OutcomeArithmetic.rounded(-1, over: 2000, scale: 1000) == -1)   // -0.5 rounds away from zero
    }

    @Test func gapsComeFromTheExactRates() {
        // 3 of 10 against 10 of 40: 30 % − 25 % = +5.0 points.
        #expect(OutcomeArithmetic.gapTenths(group: (3, 10), all: (10, 40)) == 50)
        #expect(OutcomeArithmetic.gapTenths(group: (1, 10), all: (10, 40)) == -150)
        // 1 of 3 (33.33…) against 1 of 6 (16.66…): 16.666… points, 16.7; rounding each rate first
        // would give 33.3 − 16.7 = 16.6.
        #expect(OutcomeArithmetic.gapTenths(group: (1, 3), all: (1, 6)) == 167)
    }

    @Test func theRepresentationIndexComparesShares() {
        // 3 of the 10 participants (30 %) from a group that is 10 of 40 enrolled (25 %): 1.20.
        #expect(OutcomeArithmetic.representationHundredths(group: (3, 10), all: (10, 40)) == 120)
        // 1 of 10 participants from a group of 20 of 40 enrolled: 0.20, badly under-served.
        #expect(OutcomeArithmetic.representationHundredths(group: (1, 20), all: (10, 40)) == 20)
        #expect(OutcomeArithmetic.representationHundredths(group: (0, 20), all: (0, 40)) == nil)
        #expect([OutcomeArithmetic.decimal(333, places: 1), OutcomeArithmetic.decimal(-150, places: 1), OutcomeArithmetic.decimal(-5, places: 1),
                 OutcomeArithmetic.decimal(87, places: 2), OutcomeArithmetic.decimal(120, places: 2)] == ["33.3", "-15.0", "-0.5", "0.87", "1.20"])
    }

    @Test func eachIndicatorCountsFromTheRecords() {
        let students = [
            StudentYearOutcome(approvedMinutes: 90, earningsCents: 2_700),
            StudentYearOutcome(acceptedDeliverable: true, placed: true),
            StudentYearOutcome(credentialsEarned: 2, concentrator: true),
            StudentYearOutcome(mentored: true),
            StudentYearOutcome(placed: true),
            StudentYearOutcome(),
        ]
        let all = OutcomeTallies.tally(students).all
        #expect(all.enrolled == 6)
        #expect(all.count(.participants) == 4)          // a mentored student with nothing else is not yet a participant
        #expect(all.count(.paidWork) == 1 && all.paidMinutes == 90 && all.earningsCents == 2_700)
        #expect(all.count(.acceptedDeliverables) == 1 && all.count(.credentialsEarned) == 1 && all.count(.concentrators) == 1)
        #expect(all.count(.workBasedLearning) == 2)
    }

    @Test func everyDimensionAddsUpToAllStudents() {
        let students = [StudentYearOutcome(attributes: StudentAttributes(raceEthnicity: .asian, sex: .female, flags: [.englishLearner], locale: .rural)),
                        StudentYearOutcome(attributes: StudentAttributes())]
        let tallies = OutcomeTallies.tally(students)
        for dimension in GroupDimension.allCases {
            let sum = dimension.groups.reduce(0) { $0 + tallies.group($1).enrolled }
            #expect(sum == 2, "\(dimension.title): \(dimension.groups.map { "\($0.token)=\(tallies.group($0).enrolled)" })")
        }
        #expect(tallies.group(StudentGroup(dimension: .raceEthnicity, value: StudentGroup.notReported)).enrolled == 1)
        #expect(tallies.group(StudentGroup(dimension: .flag(.englishLearner), value: "no")).enrolled == 1)
    }
}

@Suite struct SuppressionTests {
    static let race = GroupDimension.raceEthnicity.groups

    static func cells(_ counts: [Int], bound: Int = 1_000) -> [Suppression.Cell] {
        zip(race, counts).map { Suppression.Cell(group: $0, count: $1, upperBound: bound) }
    }

    @Test func oneHiddenCellIsJoinedByTheSmallestShownOne() {
        let cells = Self.cells([12, 3, 20, 40])
        let result = Suppression.complete(total: 75, totalHidden: false, dimensions: [cells], hidden: [Self.race[1]])
        #expect(result.hidden == [Self.race[1], Self.race[0]] && !result.totalHidden)
    }

    @Test func hiddenCellsThatMustBeZeroAreNotHiddenEnough() {
        // Two hidden zeros add to 75 − 75 = 0, so both are known: the 20 is hidden too.
        let cells = Self.cells([0, 0, 20, 55])
        let result = Suppression.complete(total: 75, totalHidden: false, dimensions: [cells], hidden: [Self.race[0], Self.race[1]])
        #expect(result.hidden == Set(Self.race[0...2]))
    }

    @Test func boundsThatPinTheHiddenCellsCountToo() {
        // Two groups of nine enrolled, both hidden, must hold 18 between them: nine each.
        let cells = [Suppression.Cell(group: Self.race[0], count: 9, upperBound: 9), Suppression.Cell(group: Self.race[1], count: 9, upperBound: 9),
                     Suppression.Cell(group: Self.race[2], count: 50, upperBound: 60)]
        let result = Suppression.complete(total: 68, totalHidden: false, dimensions: [cells], hidden: [Self.race[0], Self.race[1]])
        #expect(result.hidden.contains(Self.race[2]))
    }

    @Test func withNothingLeftToHideTheTotalGoes() {
        let cells = [Suppression.Cell(group: Self.race[0], count: 9, upperBound: 9), Suppression.Cell(group: Self.race[1], count: 3, upperBound: 3)]
        let result = Suppression.complete(total: 12, totalHidden: false, dimensions: [cells], hidden: [Self.race[1]])
        #expect(result.totalHidden)
    }

    @Test func smallCountsAndSmallComplementsArePrimary() {
        #expect(Suppression.isSmall(count: 9, enrolled: 40, minimum: 10))
        #expect(Suppression.isSmall(count: 31, enrolled: 40, minimum: 10))
        #expect(!Suppression.isSmall(count: 10, enrolled: 40, minimum: 10))
        #expect(!Suppression.isSmall(count: 0, enrolled: 0, minimum: 10))
    }
}

@Suite struct OutcomeReportTests {
    /// 60 students: 40 White (20 participating), 12 Hispanic (2 participating), 8 not reported
    /// (6 participating). Everyone else's attributes are left blank.
    static var students: [StudentYearOutcome] {
        func make(_ race: RaceEthnicity?, _ n: Int, participating: Int) -> [StudentYearOutcome] {
            (0..<n).map { StudentYearOutcome(attributes: StudentAttributes(raceEthnicity: race, sex: .female, locale: .town), placed: $0 < participating) }
        }
        return make(.white, 40, participating: 20) + make(.hispanicOrLatino, 12, participating: 2) + make(nil, 8, participating: 6)
    }

    @Test func aHandComputedTable() {
        let report = OutcomeReport.build(OutcomeTallies.tally(Self.students), minimumCell: 10)
        let all = report.all.cell(.participants)
        #expect(report.all.enrolled == 60 && all.count == 28 && all.rateTenths == 467)
        let rows = Dictionary(uniqueKeysWithValues: report.rows(.raceEthnicity).map { ($0.group!.value, $0) })
        let white = rows["white"]!.cell(.participants)
        // 20 of 40 = 50.0 %, 3.3 points above 46.7 %; 20/28 of participants from 40/60 of enrolled: 1.07.
        #expect(white.count == 20 && white.rateTenths == 500 && white.gapTenths == 33 && white.representationHundredths == 107)
        // Enrolled: 8 not reported is under 10; alone it would be 60 − 40 − 12, so the 12 goes too.
        #expect(rows["notReported"]!.enrolledSuppressed && rows["hispanicOrLatino"]!.enrolledSuppressed && rows["white"]!.enrolled == 40)
        // Their participation counts follow their enrollment; together they hold 8, split unknowably.
        #expect(rows["hispanicOrLatino"]!.cell(.participants).suppressed && rows["notReported"]!.cell(.participants).suppressed)
        // Empty groups show 0 with no rate; they identify nobody.
        #expect(rows["asian"]!.enrolled == 0 && rows["asian"]!.cell(.participants).count == 0 && rows["asian"]!.cell(.participants).rateTenths == nil)
        let sex = Dictionary(uniqueKeysWithValues: report.rows(.sex).map { ($0.group!.value, $0) })
        #expect(sex["female"]!.enrolled == 60 && sex["female"]!.cell(.participants).gapTenths == 0 && sex["male"]!.enrolled == 0)
        #expect(sex["female"]!.cell(.participants).representationHundredths == 100)
    }

    @Test func paidAmountsHideWithTheirCount() {
        var students = (0..<30).map { _ in StudentYearOutcome(attributes: StudentAttributes(sex: .female), approvedMinutes: 60, earningsCents: 1_500) }
        students += (0..<20).map { _ in StudentYearOutcome(attributes: StudentAttributes(sex: .female)) }
        students += (0..<3).map { _ in StudentYearOutcome(attributes: StudentAttributes(sex: .male), approvedMinutes: 600, earningsCents: 15_000) }
        let report = OutcomeReport.build(OutcomeTallies.tally(students), minimumCell: 10)
        #expect(report.all.paidMinutes == 3_600 && report.all.earningsCents == 90_000)
        // Three male students are under 10, so the female count is hidden with them; so is the pay.
        for row in report.rows(.sex) where row.group?.value != "nonbinary" && row.group?.value != StudentGroup.notReported {
            #expect(row.paidMinutes == nil && row.earningsCents == nil, "\(row.title)")
        }
    }
}

/// The property: whatever the students, nothing shown lets a reader work out a suppressed count.
/// Checked from the report alone, by brute force: for each hidden cell, the values it could take
/// given the shown cells, the all-students total and the bounds a reader knows.
@Suite struct SuppressionPropertyTests {
    static func randomStudents(_ random: inout SeededRandom) -> [StudentYearOutcome] {
        let count = Int.random(in: 15...140, using: &random)
        let raceWeights = RaceEthnicity.allCases.map { ($0 as RaceEthnicity?, Int.random(in: 0...10, using: &random)) } + [(nil, 1)]
        return (0..<count).map { _ in
            let attributes = StudentAttributes(raceEthnicity: random.weighted(raceWeights), sex: random.weighted([(.female, 10), (.male, 10), (.nonbinary, 1), (nil, 1)]),
                                               flags: Set(StudentFlag.allCases.filter { _ in random.chance(15) }),
                                               locale: random.weighted([(.city, 5), (.rural, 3), (.town, 1), (nil, 1)]))
            return StudentYearOutcome(attributes: attributes, approvedMinutes: random.chance(40) ? Int.random(in: 30...900, using: &random) : 0,
                                      acceptedDeliverable: random.chance(20), credentialsEarned: random.chance(10) ? 1 : 0,
                                      placed: random.chance(50), mentored: random.chance(10), concentrator: random.chance(25))
        }
    }

    /// How many values `bounds[index]` can take when all of `bounds` must add to `sum`.
    static func possibleValues(of index: Int, sum: Int, bounds: [Int]) -> Int {
        guard sum >= 0 else { return 0 }
        // reachable[s]: the other hidden cells can add up to s (a sliding window per cell).
        var reachable = [true] + Array(repeating: false, count: sum)
        for (other, bound) in bounds.enumerated() where other != index {
            var next = Array(repeating: false, count: sum + 1), window = 0
            for total in 0...sum {
                if reachable[total] { window += 1 }
                if total - bound - 1 >= 0, reachable[total - bound - 1] { window -= 1 }
                next[total] = window > 0
            }
            reachable = next
        }
        return (0...min(bounds[index], sum)).filter { reachable[sum - $0] }.count
    }

    static func checkDimension(counts: [Int?], total: Int?, bounds: [Int]) -> Bool {
        guard let total, counts.contains(where: { $0 == nil }) else { return true }
        let hidden = counts.indices.filter { counts[$0] == nil }
        let sum = total - counts.compactMap { $0 }.reduce(0, +)
        return hidden.allSatisfy { i in possibleValues(of: hidden.firstIndex(of: i)!, sum: sum, bounds: hidden.map { bounds[$0] }) >= 2 }
    }

    @Test(arguments: [5, 10])
    func noSuppressedCellCanBeDerived(minimum: Int) {
        var random = SeededRandom(seed: UInt64(minimum) * 7_919)
        var suppressedShownTogether = 0
        for _ in 0..<150 {
            let report = OutcomeReport.build(OutcomeTallies.tally(Self.randomStudents(&random)), minimumCell: minimum)
            let allEnrolled = report.all.enrolled
            for (dimension, rows) in report.dimensions {
                let everyone = allEnrolled ?? 10_000
                #expect(Self.checkDimension(counts: rows.map(\.enrolled), total: allEnrolled, bounds: rows.map { _ in everyone }), "enrolled by \(dimension.title)")
                for indicator in OutcomeIndicator.allCases {
                    let counts = rows.map { $0.cell(indicator).count }
                    if counts.contains(where: { $0 == nil }) && counts.contains(where: { $0 != nil }) { suppressedShownTogether += 1 }
                    let bounds = rows.map { $0.enrolled ?? everyone }
                    #expect(Self.checkDimension(counts: counts, total: report.all.cell(indicator).count, bounds: bounds), "\(indicator) by \(dimension.title)")
                    for row in rows {
                        if let count = row.cell(indicator).count, let enrolled = row.enrolled, enrolled > 0 {
                            #expect(count >= minimum && enrolled - count >= minimum, "\(indicator) \(row.title) shows \(count) of \(enrolled)")
                        }
                    }
                }
                for row in rows { if let enrolled = row.enrolled { #expect(enrolled == 0 || enrolled >= minimum) } }
            }
        }
        // The tables really mixed shown and suppressed cells, so the check above had work to do.
        #expect(suppressedShownTogether > 500)
    }
}
