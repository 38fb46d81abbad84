import PathworkDomain
import Testing

@Suite struct PerkinsRuleTests {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    /// A concentrator by both rules: two year-long courses in one program.
    static let concentrating: [String: (courses: Int, creditTenths: Int)] = ["Cybersecurity": (2, 20)]

    @Test func eachStatesRuleDecidesConcentratorsOnBothSidesOfItsLine() {
        #expect(ConcentratorRule.twoCourses.isConcentrator(courses: 2, creditTenths: 10))
        #expect(!ConcentratorRule.twoCourses.isConcentrator(courses: 1, creditTenths: 20))
        // Colorado's two Carnegie units: four half-year courses are enough, two half-year ones are not.
        #expect(ConcentratorRule.twoCarnegieUnits.isConcentrator(courses: 4, creditTenths: 20))
        #expect(!ConcentratorRule.twoCarnegieUnits.isConcentrator(courses: 2, creditTenths: 10))
        #expect(!ConcentratorRule.twoCarnegieUnits.isConcentrator(courses: 3, creditTenths: 19))
        // Courses in two programs do not add up.
        let spread = PerkinsRecord(programs: ["Cybersecurity": (1, 10), "Welding": (1, 10)])
        #expect(spread.status(year: 2025, rule: .twoCourses) == PerkinsStatus())
    }

    @Test func theGraduationRateCountsTheCohortFinishingThisYear() {
        func status(_ exit: StudentExit?, cohort: Int? = nil) -> PerkinsStatus {
            PerkinsRecord(programs: Self.concentrating, exit: exit, cohortYear: cohort).status(year: 2025, rule: .twoCourses)
        }
        let onTime = status(StudentExit(cohortYear: 2022, exitedOn: Self.date("2026-08-31"), kind: .graduated))
        #expect(onTime.counted.contains(.graduation) && onTime.met.contains(.graduation))
        // The summer's last day is the line: September 1 is a fifth year.
        let late = status(StudentExit(cohortYear: 2022, exitedOn: Self.date("2026-09-01"), kind: .graduated))
        #expect(late.counted.contains(.graduation) && !late.met.contains(.graduation))
        // A dropout counts against the rate; a transfer leaves the cohort.
        #expect(status(StudentExit(cohortYear: 2022, exitedOn: Self.date("2025-11-03"), kind: .droppedOut)).counted.contains(.graduation))
        #expect(!status(StudentExit(cohortYear: 2022, exitedOn: Self.date("2025-11-03"), kind: .transferredOut)).counted.contains(.graduation))
        // Another cohort is another year's rate; a student still enrolled is placed by grade.
        #expect(!status(StudentExit(cohortYear: 2023, exitedOn: Self.date("2026-06-12"), kind: .graduated)).counted.contains(.graduation))
        let enrolled = status(nil, cohort: 2022)
        #expect(enrolled.counted.contains(.graduation) && !enrolled.met.contains(.graduation))
        // Not a concentrator: in no indicator.
        #expect(PerkinsRecord(programs: ["Cybersecurity": (1, 10)], cohortYear: 2022).status(year: 2025, rule: .twoCourses) == PerkinsStatus())
    }

    @Test func assessmentsCountWhereTheYearHasAResult() {
        let record = PerkinsRecord(programs: Self.concentrating, assessments: [.reading: true, .mathematics: false])
        let status = record.status(year: 2025, rule: .twoCourses)
        #expect(status.counted.isSuperset(of: [.reading, .mathematics]) && !status.counted.contains(.science))
        #expect(status.met.contains(.reading) && !status.met.contains(.mathematics))
    }

    @Test func placementIsTheSecondQuarterAfterLeaving() {
        let june = PerkinsRecord.secondQuarterAfter(Self.date("2026-06-12"))
        #expect(june.first == Self.date("2026-10-01") && june.last == Self.date("2026-12-31"))
        let december = PerkinsRecord.secondQuarterAfter(Self.date("2025-12-19"))
        #expect(december.first == Self.date("2026-04-01") && december.last == Self.date("2026-06-30"))
        let march = PerkinsRecord.secondQuarterAfter(Self.date("2026-03-31"))
        #expect(march.first == Self.date("2026-07-01") && march.last == Self.date("2026-09-30"))
        // Leavers of the year (September to August) are counted, graduates or not; the year's
        // graduates alone count for 5S1–5S3.
        let dropout = PerkinsRecord(programs: Self.concentrating, exit: StudentExit(cohortYear: 2022, exitedOn: Self.date("2025-11-03"), kind: .droppedOut),
                                    placedAfterExit: true).status(year: 2025, rule: .twoCourses)
        #expect(dropout.met.contains(.placement) && !dropout.counted.contains(.credential))
        let lastYear = PerkinsRecord(programs: Self.concentrating, exit: StudentExit(cohortYear: 2021, exitedOn: Self.date("2025-08-31"), kind: .graduated))
            .status(year: 2025, rule: .twoCourses)
        #expect(!lastYear.counted.contains(.placement) && !lastYear.counted.contains(.credential))
    }

    @Test func programQualityCountsGraduatesAndNontraditionalCountsEveryConcentrator() {
        let graduate = PerkinsRecord(programs: Self.concentrating, exit: StudentExit(cohortYear: 2022, exitedOn: Self.date("2026-06-12"), kind: .graduated),
                                     nontraditionalPrograms: ["Cybersecurity"], credentialByExit: true, dualCreditByExit: false, workBasedLearningByExit: true)
        let status = graduate.status(year: 2025, rule: .twoCourses)
        #expect(status.counted.isSuperset(of: [.credential, .postsecondaryCredits, .workBasedLearning, .nontraditional, .placement, .graduation]))
        #expect(status.met == [.credential, .workBasedLearning, .nontraditional, .graduation])
        #expect(graduate.preparingForNontraditional(.twoCourses))
        // A non-traditional program the student only sampled does not make them a concentrator in it.
        let sampled = PerkinsRecord(programs: ["Cybersecurity": (2, 20), "Nursing": (1, 10)], nontraditionalPrograms: ["Nursing"])
        #expect(!sampled.preparingForNontraditional(.twoCourses))
    }

    @Test func theReportTablesEachIndicatorOverItsOwnDenominator() {
        var students: [StudentYearOutcome] = []
        for index in 0..<40 {
            let counted: Set<PerkinsIndicator> = index < 30 ? [.nontraditional, .credential] : [.nontraditional]
            students.append(StudentYearOutcome(attributes: StudentAttributes(sex: index % 2 == 0 ? .female : .male),
                                               perkins: PerkinsStatus(counted: counted, met: index < 12 ? [.credential] : [])))
        }
        let tables = PerkinsReport.build(OutcomeTallies.tally(students), minimumCell: 10)
        #expect(tables[.credential]?.all.enrolled == 30 && tables[.credential]?.all.cell(.met).count == 12)
        #expect(tables[.credential]?.all.cell(.met).rateTenths == 400)
        #expect(tables[.nontraditional]?.all.enrolled == 40 && tables[.nontraditional]?.all.cell(.met).suppressed == true)   // 0 of 40
        #expect(PerkinsReport.specialPopulations.map(\.letter) == ["A", "B", "C", "D", "E", "F", "G", "H", "I"])
        #expect(PerkinsReport.specialPopulations.filter { ["D", "E"].contains($0.letter) }.map(\.dimension) == [.flag(.singleParent), .flag(.outOfWorkforce)])
    }

    @Test("single parents (D) and out-of-workforce individuals (E) are counted as groups like every special population")
    func singleParentsAndOutOfWorkforce() {
        // 40 concentrators counted for 5S1, 12 of them single parents (6 earned a credential), 3 out of the workforce.
        let students = (0..<40).map { index in
            var flags: Set<StudentFlag> = index < 12 ? [.singleParent] : []
            if index >= 37 { flags.insert(.outOfWorkforce) }
            return StudentYearOutcome(attributes: StudentAttributes(flags: flags),
                                      perkins: PerkinsStatus(counted: [.credential], met: index % 2 == 0 && index < 24 ? [.credential] : []))
        }
        let table = PerkinsReport.build(OutcomeTallies.tally(students), minimumCell: 5)[.credential]!
        let parents = table.rows(.flag(.singleParent))
        #expect(parents.map { $0.group?.value } == ["yes", "no"])
        #expect(parents.map(\.enrolled) == [12, 28] && parents.map { $0.cell(.met).count } == [6, 6])
        let outside = table.rows(.flag(.outOfWorkforce))
        #expect(outside.first?.enrolledSuppressed == true)   // 3 under the minimum
    }
}
