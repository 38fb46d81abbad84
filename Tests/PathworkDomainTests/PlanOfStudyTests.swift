import PathworkDomain
import Testing

@Suite struct PlanOfStudyTests {
    static let catalog: [String: CatalogCourse] = Dictionary(uniqueKeysWithValues: [
        CatalogCourse(code: "CS101", title: "Computer Science Principles", creditTenths: 10, cteProgram: "Cybersecurity"),
        CatalogCourse(code: "NET201", title: "Networking Fundamentals", creditTenths: 10, prerequisites: ["CS101"], cteProgram: "Cybersecurity"),
        CatalogCourse(code: "SEC301", title: "Security+ Preparation", creditTenths: 10, prerequisites: ["NET201"], cteProgram: "Cybersecurity"),
        CatalogCourse(code: "ENG9", title: "English 9", creditTenths: 10),
        CatalogCourse(code: "HLTH", title: "Health", creditTenths: 5),
        CatalogCourse(code: "AG101", title: "Intro to Agriscience", creditTenths: 10, cteProgram: "Agriculture"),
    ].map { ($0.code, $0) })

    static func check(_ plan: [PlannedCourse], completed: Set<String> = [], max: Int = 80, graduation: Int = 30) -> [PlanIssue] {
        PlanOfStudyRules.check(plan, catalog: catalog, completed: completed, maxCreditTenthsPerYear: max, graduationCreditTenths: graduation)
    }

    @Test func aSoundPlanHasNoIssues() {
        #expect(Self.check([.init(code: "CS101", grade: 9), .init(code: "NET201", grade: 10), .init(code: "SEC301", grade: 11)]).isEmpty)
    }

    @Test func aMissingPrerequisiteIsFlaggedUnlessCompleted() {
        let plan: [PlannedCourse] = [.init(code: "NET201", grade: 10), .init(code: "SEC301", grade: 11), .init(code: "ENG9", grade: 9)]
        #expect(Self.check(plan) == [.missingPrerequisite(course: "NET201", prerequisite: "CS101")])
        #expect(Self.check(plan, completed: ["CS101"]).isEmpty)
        #expect(PlanIssue.missingPrerequisite(course: "NET201", prerequisite: "CS101").message == "NET201 needs CS101 first, which is neither completed nor planned.")
    }

    @Test func aPrerequisiteInTheSameOrALaterYearIsOutOfOrder() {
        let plan: [PlannedCourse] = [.init(code: "CS101", grade: 10), .init(code: "NET201", grade: 10), .init(code: "SEC301", grade: 9)]
        #expect(Self.check(plan) == [.prerequisiteTooLate(course: "NET201", prerequisite: "CS101"),
                                     .prerequisiteTooLate(course: "SEC301", prerequisite: "NET201")])
    }

    @Test func creditsPerYearAndForGraduationInTenths() {
        let plan: [PlannedCourse] = [.init(code: "ENG9", grade: 9), .init(code: "HLTH", grade: 9), .init(code: "AG101", grade: 9)]
        #expect(Self.check(plan, max: 20, graduation: 40) == [.overloadedYear(grade: 9, creditTenths: 25, limit: 20),
                                                              .shortOfGraduation(creditTenths: 25, required: 40)])
        #expect(PlanIssue.overloadedYear(grade: 9, creditTenths: 25, limit: 20).message == "Grade 9 has 2.5 credits planned; the limit is 2.")
        // A completed course counts toward graduation but not toward the year's load.
        #expect(Self.check(plan, completed: ["AG101"], max: 20, graduation: 25).isEmpty)
    }

    @Test func unknownCoursesAndGradesOutsideHighSchool() {
        #expect(Self.check([.init(code: "XYZ", grade: 9), .init(code: "ENG9", grade: 8)], graduation: 0)
                == [.unknownCourse("XYZ"), .gradeOutOfRange(course: "ENG9", grade: 8)])
    }

    @Test func twoCoursesInOneCTEProgramMakeAConcentrator() {
        #expect(!PlanOfStudyRules.isConcentrator(completed: ["CS101", "AG101", "ENG9"], catalog: Self.catalog))
        #expect(PlanOfStudyRules.isConcentrator(completed: ["CS101", "NET201"], catalog: Self.catalog))
        #expect(!PlanOfStudyRules.isConcentrator(completed: [], catalog: Self.catalog))
    }

    @Test func progressRoundsDown() {
        let plan: [PlannedCourse] = [.init(code: "CS101", grade: 9), .init(code: "NET201", grade: 10), .init(code: "SEC301", grade: 11)]
        #expect(PlanOfStudyRules.progressPercent(plan, completed: ["CS101"]) == 33)
        #expect(PlanOfStudyRules.progressPercent([], completed: ["CS101"]) == 0)
    }

    @Test func creditsReadAsTenthsWithoutRounding() {
        #expect(Credits.tenths("1") == 10)
        #expect(Credits.tenths("0.5") == 5)
        #expect(Credits.tenths(".5") == 5)
        #expect(Credits.tenths(" 2.0 ") == 20)
        #expect(Credits.tenths("1.50") == 15)
        for bad in ["", ".", "1.25", "abc", "-1", "1,5", "1.5.0", "１"] { #expect(Credits.tenths(bad) == nil, "\(bad)") }
    }
}
