import PathworkDomain
import Testing

@Suite struct BeyondPlanRuleTests {
    /// Everything a senior's plan needs.
    static let complete = BeyondPlanContents(careerGoals: "Electrician", educationGoals: "Apprenticeship", graduationPathways: [.cteSequence],
                                             inventoryTaken: true, plannedGrades: [9, 10, 11, 12], resumeEntries: 1)

    @Test func eachPartIsRequiredFromItsGradeAndNotBefore() {
        let empty = BeyondPlanContents()
        #expect(BeyondPlanRules.missing(empty, grade: 6).isEmpty)
        // Grade 7: the inventory only (RCW 28A.230.212(2)(a)).
        #expect(BeyondPlanRules.missing(empty, grade: 7) == [.interestInventory])
        // Grade 8: goals and a plan with first-year high-school courses.
        #expect(BeyondPlanRules.missing(empty, grade: 8) == [.interestInventory, .careerGoals, .educationGoals, .coursePlan])
        // Grade 9: the graduation pathway too; the résumé only in grade 12.
        #expect(BeyondPlanRules.missing(empty, grade: 9) == [.interestInventory, .careerGoals, .educationGoals, .coursePlan, .graduationPathway])
        #expect(BeyondPlanRules.missing(empty, grade: 11).contains(.resume) == false)
        #expect(BeyondPlanRules.missing(empty, grade: 12).last == .resume)
        #expect(BeyondPlanRules.missing(Self.complete, grade: 12).isEmpty)
    }

    @Test func theCoursePlanCoversGradeNineInMiddleSchoolAndEveryGradeLeftAfter() {
        var plan = Self.complete
        plan.plannedGrades = [9]
        #expect(plan.has(.coursePlan, grade: 8))
        #expect(!plan.has(.coursePlan, grade: 9))
        plan.plannedGrades = [11, 12]
        #expect(!plan.has(.coursePlan, grade: 10))
        #expect(plan.has(.coursePlan, grade: 11))
        plan.plannedGrades = [10, 11]
        #expect(!plan.has(.coursePlan, grade: 11))
        plan.plannedGrades = []
        #expect(!plan.has(.coursePlan, grade: 8))
    }

    @Test func goalsOfOnlySpacesAreMissing() {
        var plan = Self.complete
        plan.careerGoals = "  \n "
        #expect(BeyondPlanRules.missing(plan, grade: 10) == [.careerGoals])
        plan.careerGoals = "Nurse"
        plan.graduationPathways = []
        plan.resumeEntries = 0
        #expect(BeyondPlanRules.missing(plan, grade: 12) == [.graduationPathway, .resume])
    }

    @Test func aPlanIsCurrentOnlyInTheYearItWasSignedOff() {
        #expect(BeyondPlanRules.isCurrent(signedOffIn: [2025, 2026], year: 2026))
        #expect(!BeyondPlanRules.isCurrent(signedOffIn: [2025], year: 2026))
        #expect(!BeyondPlanRules.isCurrent(signedOffIn: [], year: 2026))
    }

    @Test func everyPartAndRuleNamesItsSource() {
        #expect(BeyondPlanPart.allCases.allSatisfy { !$0.source.isEmpty && !$0.title.isEmpty })
        let cited = BeyondPlanRules.sources.map(\.source).joined(separator: " ")
        for law in ["RCW 28A.230.090", "RCW 28A.230.212", "WAC 180-51-220"] { #expect(cited.contains(law)) }
    }

    @Test func theGradeDimensionPlacesEveryStudentInExactlyOneGroup() {
        #expect(GroupDimension.grade.groups.count == StudentDraft.grades.count + 1)
        #expect(StudentAttributes(grade: 9).groups.contains(StudentGroup(dimension: .grade, value: "9")))
        // A grade Pathwork does not serve (a past year's grade 5) and no grade are "not reported".
        #expect(StudentAttributes(grade: 5).groups.contains(StudentGroup(dimension: .grade, value: StudentGroup.notReported)))
        #expect(StudentAttributes().groups.contains(StudentGroup(dimension: .grade, value: StudentGroup.notReported)))
        #expect(GroupDimension(token: "grade") == .grade)
        #expect(!PostsecondaryReport.dimensions.contains(.grade))
    }

    @Test func onlyCounselorsSignOffPlans() {
        for role in Role.allCases { #expect(Policy.allows([role], .signOffBeyondPlans) == (role == .counselor)) }
    }
}
