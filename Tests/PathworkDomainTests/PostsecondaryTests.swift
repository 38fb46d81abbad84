@testable import PathworkDomain
import Testing

@Suite struct PostsecondaryIndicatorTests {
    static let fourYear = College(code: "003798-00", name: "University of Washington", state: "WA", level: .fourYear, control: .public)
    static let twoYear = College(code: "003784-00", name: "Bellevue College", state: "WA", level: .twoYear, control: .public)

    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    static func graduate(on day: String = "2025-06-12", _ terms: [(College, String, String)] = [], aid: Bool = false) -> GraduateOutcome {
        GraduateOutcome(exit: StudentExit(cohortYear: 2021, exitedOn: date(day), kind: .graduated),
                        enrollments: terms.map { PostsecondaryEnrollment(college: $0.0, begins: date($0.1), ends: date($0.2)) }, financialAidCompleted: aid)
    }

    @Test func theFallWindowIsAugustFifteenthToOctoberThirtyFirst() {
        // Ending the day before the window opens, and starting the day after it closes: not the fall.
        #expect(!Self.graduate([(Self.fourYear, "2025-06-20", "2025-08-14")]).meets(.enrolledFall))
        #expect(!Self.graduate([(Self.fourYear, "2025-11-01", "2025-12-12")]).meets(.enrolledFall))
        // Touching either end of it is.
        #expect(Self.graduate([(Self.fourYear, "2025-06-20", "2025-08-15")]).meets(.enrolledFall))
        #expect(Self.graduate([(Self.fourYear, "2025-10-31", "2025-12-12")]).meets(.enrolledFall))
        // A fall term at a 2-year college counts as the fall and as 2-year, not 4-year.
        let community = Self.graduate([(Self.twoYear, "2025-09-24", "2025-12-10")])
        #expect(community.indicators == [.enrolledFall, .enrolledFallTwoYear, .enrolledFirstYear])
    }

    @Test func theFirstYearRunsFromGraduationToAugustFourteenthAndPersistenceNeedsTheSecond() {
        // Running Start before graduating is not the first year after it.
        #expect(!Self.graduate([(Self.twoYear, "2024-09-20", "2025-06-10")]).meets(.enrolledFirstYear))
        #expect(Self.graduate([(Self.twoYear, "2024-09-20", "2025-06-12")]).meets(.enrolledFirstYear))
        // Starting in January after graduating: the first year, not the fall.
        let late = Self.graduate([(Self.twoYear, "2026-01-05", "2026-03-20")])
        #expect(late.indicators == [.enrolledFirstYear])
        // The second year starts August 15 of the next year.
        #expect(!Self.graduate([(Self.fourYear, "2025-09-24", "2026-06-10"), (Self.fourYear, "2026-06-20", "2026-08-14")]).meets(.persisted))
        #expect(Self.graduate([(Self.fourYear, "2025-09-24", "2026-06-10"), (Self.fourYear, "2026-09-23", "2026-12-11")]).meets(.persisted))
        // Enrolled only in the second year is not persisting.
        #expect(!Self.graduate([(Self.fourYear, "2026-09-23", "2026-12-11")]).meets(.persisted))
    }

    @Test func aSummerGraduateBelongsToThatSpringsClass() {
        #expect(StudentExit(cohortYear: 2021, exitedOn: Self.date("2025-08-31"), kind: .graduated).classOf == 2025)
        #expect(StudentExit(cohortYear: 2021, exitedOn: Self.date("2025-09-01"), kind: .graduated).classOf == 2026)
        #expect(StudentExit(cohortYear: 2021, exitedOn: Self.date("2025-08-31"), kind: .graduated).graduatedInFourYears)
        #expect(!StudentExit(cohortYear: 2021, exitedOn: Self.date("2025-09-01"), kind: .graduated).graduatedInFourYears)
        #expect(StudentExit(cohortYear: 2021, exitedOn: Self.date("2021-06-30"), kind: .droppedOut).problem != nil)
        #expect(StudentExitKind.transferredOut.leavesCohort && !StudentExitKind.droppedOut.leavesCohort)
    }

    @Test func aClassCountsItsGraduatesOnly() {
        var transfer = Self.graduate([(Self.fourYear, "2025-09-24", "2025-12-12")])
        transfer.exit.kind = .transferredOut
        let counts = PostsecondaryReport.counts([Self.graduate([(Self.fourYear, "2025-09-24", "2025-12-12")], aid: true), Self.graduate(), transfer])
        #expect(counts.all.enrolled == 2)
        #expect(counts.all.count(.enrolledFall) == 1 && counts.all.count(.enrolledFallFourYear) == 1 && counts.all.count(.financialAidCompleted) == 1)
        #expect(counts.group(StudentGroup(dimension: .participation(.paidWork), value: "no")).enrolled == 2)
    }

    @Test(arguments: [5, 10])
    func noSuppressedPostsecondaryCellCanBeDerived(minimum: Int) {
        var random = SeededRandom(seed: UInt64(minimum) * 104_729)
        var mixed = 0
        for _ in 0..<100 {
            let graduates = (0..<Int.random(in: 15...120, using: &random)).map { _ in
                var graduate = Self.graduate(random.chance(55) ? [(random.chance(50) ? Self.fourYear : Self.twoYear, "2025-09-20", "2026-06-01")] : [],
                                             aid: random.chance(60))
                graduate.attributes = StudentAttributes(raceEthnicity: random.weighted([(.hispanicOrLatino, 4), (.white, 6), (.asian, 1), (nil, 1)]),
                                                        sex: random.chance(50) ? .female : .male, flags: random.chance(30) ? [.economicallyDisadvantaged] : [])
                graduate.participation = Set(ProgramParticipation.allCases.filter { _ in random.chance(30) })
                return graduate
            }
            let table = PostsecondaryReport.build(PostsecondaryReport.counts(graduates), minimumCell: minimum)
            let everyone = table.all.enrolled ?? 10_000
            for (dimension, rows) in table.dimensions {
                #expect(SuppressionPropertyTests.checkDimension(counts: rows.map(\.enrolled), total: table.all.enrolled, bounds: rows.map { _ in everyone }))
                for indicator in PostsecondaryIndicator.allCases {
                    let counts = rows.map { $0.cell(indicator).count }
                    if counts.contains(nil) && counts.contains(where: { $0 != nil }) { mixed += 1 }
                    #expect(SuppressionPropertyTests.checkDimension(counts: counts, total: table.all.cell(indicator).count, bounds: rows.map { $0.enrolled ?? everyone }),
                            "\(indicator) by \(dimension.title)")
                }
            }
        }
        #expect(mixed > 200)
    }
}

@Suite struct StudentFileTests {
    static func read<T>(_ lines: [String], columns: [StudentFileColumn], _ body: (StudentFileRow, inout RosterIssueLog) -> T?) -> ([T], RosterIssueLog) {
        var issues = RosterIssueLog()
        var reader = CSVRecordReader()
        var records: [CSVRecord] = []
        try! reader.read(Array((lines.joined(separator: "\r\n") + "\r\n").utf8)) { records.append($0) }
        guard let header = StudentFileHeader.read(records[0], columns: columns, file: "file.csv", issues: &issues) else { return ([], issues) }
        return (records.dropFirst().compactMap { body(StudentFileRow($0, header: header), &issues) }, issues)
    }

    static let clearinghouseHeader = "Your Unique Identifier,First Name,Last Name,Requester Return Field,Record Found Y/N,Search Date,College Code/Branch,College Name,College State,2-year / 4-year,Public / Private,Enrollment Begin,Enrollment End,Enrollment Status,Class Level,Graduated?,Graduation Date,Degree Title,College Sequence"

    @Test func clearinghouseRowsAreReadByTheirHeaderNames() {
        let (rows, issues) = Self.read([
            Self.clearinghouseHeader,
            "004512,Ana,Reyes,,Y,20260315,003798-00,UNIVERSITY OF WASHINGTON,WA,4,Public,20250924,20251212,F,F,N,,,1",
            "004512,Ana,Reyes,,Y,20260315,003798-00,UNIVERSITY OF WASHINGTON,WA,4,Public,,,,,Y,20290612,BACHELOR OF SCIENCE,1",
            "004513,Ben,Ode,,N,20260315,,,,,,,,,,,,,",
        ], columns: ClearinghouseFile.columns) { ClearinghouseFile.read($0, &$1) }
        #expect(issues.errorCount == 0)
        #expect(rows.count == 3)
        guard case .enrollment(let term)? = rows[0].record else { Issue.record("not an enrollment"); return }
        #expect(term.begins == CalendarDate(iso: "2025-09-24") && term.status == .fullTime && term.college.level == .fourYear && term.college.control == .public)
        guard case .degree(let degree)? = rows[1].record else { Issue.record("not a degree"); return }
        #expect(degree.title == "BACHELOR OF SCIENCE")
        // "College Name" and "Degree Title" are names of one length: each is found by its own.
        #expect(degree.college.name == "UNIVERSITY OF WASHINGTON" && degree.college.code == "003798-00")
        #expect(rows[2].record == nil && rows[2].searchedOn == CalendarDate(iso: "2026-03-15"))
        // The reader keeps the columns read, under any of their names, and nothing else.
        let header = Self.clearinghouseHeader.split(separator: ",").map(String.init)
        let kept = StudentFileHeader.kept(header, columns: ClearinghouseFile.columns)
        #expect(zip(header, kept).filter(\.1).map(\.0) == ["Your Unique Identifier", "Record Found Y/N", "Search Date", "College Code/Branch", "College Name",
                                                          "College State", "2-year / 4-year", "Public / Private", "Enrollment Begin", "Enrollment End",
                                                          "Enrollment Status", "Graduated?", "Graduation Date", "Degree Title"])
        #expect(StudentFileHeader.kept(["student id", "x"], columns: ClearinghouseFile.columns) == [true, false])
    }

    @Test func badClearinghouseLinesAreErrorsAtTheirLineAndColumn() {
        let (_, issues) = Self.read([
            Self.clearinghouseHeader,
            "004512,Ana,Reyes,,Y,20260315,003798-00,UW,WA,3,Public,20250924,20251212,F,F,N,,,1",
            "004512,Ana,Reyes,,Y,20260315,003798-00,UW,WA,4,Public,20251224,20251212,F,F,N,,,1",
            "004512,Ana,Reyes,,Y,20260315,003798-00,UW,WA,4,Public,2025-13-01,20251212,F,F,N,,,1",
        ], columns: ClearinghouseFile.columns) { ClearinghouseFile.read($0, &$1) }
        #expect(issues.listed.map { "\($0.line ?? 0) \($0.column ?? "")" } == ["2 2-year / 4-year", "3 Enrollment End", "4 Enrollment Begin"])
    }

    @Test func datesTrimmingAndChoicesReadAsPeopleWriteThem() {
        #expect(StudentFileRow.date("20240229") == CalendarDate(iso: "2024-02-29"))
        #expect(StudentFileRow.date("20230229") == nil && StudentFileRow.date("2023013a") == nil && StudentFileRow.date("２０２３0101") == nil)
        #expect(StudentFileRow.date("2023-01-31") == CalendarDate(iso: "2023-01-31") && StudentFileRow.date("2023131") == nil)
        #expect(CalendarDate(year: 987, month: 3, day: 4)?.description == "0987-03-04" && CalendarDate(iso: "2026-12-31")?.description == "2026-12-31")
        let (rows, issues) = Self.read([
            Self.clearinghouseHeader,
            " 004512 ,Ana,Reyes,,y,20260315,003798-00,\u{00A0}UNIVERSITÉ DE MONTRÉAL\u{3000},QC,4,public,20250924,20251212,f,F,n,,,1",
        ], columns: ClearinghouseFile.columns) { ClearinghouseFile.read($0, &$1) }
        #expect(issues.errorCount == 0)
        guard case .enrollment(let term)? = rows.first?.record else { Issue.record("not an enrollment"); return }
        #expect(rows.first?.studentNumber == "004512" && term.college.name == "UNIVERSITÉ DE MONTRÉAL" && term.college.control == .public && term.status == .fullTime)
        // A slice of a line trims as the whole text does, and text with nothing to trim comes back as it is.
        #expect("a, b ,\tc\u{3000}".split(separator: ",").map(\.trimmingWhitespace) == ["a", "b", "c"])
        #expect(Substring("004512").trimmingWhitespace == "004512" && "".trimmingWhitespace.isEmpty && " ".trimmingWhitespace.isEmpty)
    }

    @Test func aMissingColumnIsNamed() {
        let (_, issues) = Self.read(["Student Number,Class Of,Application", "1,2026,FAFSA"], columns: FinancialAidFile.columns) { FinancialAidFile.read($0, &$1) }
        #expect(issues.listed.map(\.column) == [FinancialAidFile.completedOn])
    }

    @Test func financialAidAndExitsRead() {
        let (aid, aidIssues) = Self.read(["student id,CLASS OF,Form,Submitted,Completed", "00123,2026,wasfa,2025-11-02,2025-11-20", "00124,2026,FAFSA,20251101,",
                                          "00125,26,FAFSA,,", "00126,2026,CSS,,"],
                                         columns: FinancialAidFile.columns) { FinancialAidFile.read($0, &$1) }
        #expect(aid.map(\.studentNumber) == ["00123", "00124"] && aid[0].application == .wasfa && aid[1].completedOn == nil)
        #expect(aidIssues.listed.map(\.line) == [4, 5])
        let (exits, exitIssues) = Self.read(["Student Number,Cohort Year,Exit Date,Exit", "00123,2022,2026-06-12,graduated", "00124,2022,2026-01-10,moved"],
                                            columns: StudentExitFile.columns) { StudentExitFile.read($0, &$1) }
        #expect(exits.map(\.exit.classOf) == [2026])
        #expect(exitIssues.listed.map(\.column) == [StudentExitFile.exit])
    }
}

@Suite struct DualCreditRuleTests {
    @Test func creditsAreTenthsTypedAsPeopleWriteThem() {
        #expect(["5", "4.5", "0.5", ".5", "100", "10.0"].map(DualCreditEarned.tenths) == [50, 45, 5, 5, 1000, 100])
        #expect(["0", "0.0", "100.1", "4.55", "-5", "five", "", "5."].map(DualCreditEarned.tenths).allSatisfy { $0 == nil })
        #expect([DualCreditEarned.text(45), DualCreditEarned.text(50)] == ["4.5", "5"])
    }

    @Test func dualCreditLinesRead() {
        let (rows, issues) = StudentFileTests.read(["Student Number,Program,Credits Earned,Earned On,Course Code,College",
                                                    "00123,Running Start,5,2026-03-20,,Bellevue College", "00124,AP,3,2026-07-01,apbio,",
                                                    "00125,cteDualCredit,0,2026-06-01,,", "00126,Summer camp,2,2026-06-01,,"],
                                                   columns: DualCreditFile.columns) { DualCreditFile.read($0, &$1) }
        #expect(rows.map(\.credit.kind) == [.runningStart, .advancedPlacement])
        #expect(rows[1].credit.courseCode == "APBIO" && rows[0].credit.college == "Bellevue College" && rows[0].credit.creditTenths == 50)
        #expect(issues.listed.map(\.line) == [4, 5])
    }

    @Test func dualCreditIsAnIndicatorOfTheYear() {
        let tallies = OutcomeTallies.tally([StudentYearOutcome(dualCredit: true), StudentYearOutcome()])
        #expect(tallies.all.count(.dualCredit) == 1 && tallies.all.count(.participants) == 0)
    }
}
