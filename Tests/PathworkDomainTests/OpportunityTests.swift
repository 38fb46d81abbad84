import PathworkDomain
import Testing

@Suite("Work-based learning opportunities")
struct OpportunityTests {
    let pilot = OpportunityEligibility(minimumAge: 16, minimumGrade: 10, maximumGrade: 12, requiredCredential: "FAA Part 107 Remote Pilot")

    @Test("eligibility names every rule a student does not meet, and none when they meet them all")
    func eligibility() {
        #expect(pilot.reasons(age: 17, grade: 11, credentials: ["faa part 107 remote pilot"]).isEmpty)
        #expect(pilot.reasons(age: 15, grade: 11, credentials: ["FAA Part 107 Remote Pilot"]) == ["You must be 16 or older."])
        #expect(pilot.reasons(age: 16, grade: 9, credentials: []) == ["It is for grade 10 and up.", "You need the credential \"FAA Part 107 Remote Pilot\"."])
        #expect(OpportunityEligibility(maximumGrade: 10).reasons(age: 17, grade: 11, credentials: []) == ["It is for grade 10 and below."])
        // Unknown age or grade fails the rules that need them, and only those.
        #expect(pilot.reasons(age: nil, grade: nil, credentials: ["FAA Part 107 Remote Pilot"]).count == 2)
        #expect(OpportunityEligibility().reasons(age: nil, grade: nil, credentials: []).isEmpty)
    }

    @Test("Launch is paid; seats, dates and grades must make sense")
    func rules() {
        let start = CalendarDate(iso: "2027-02-01")!, end = CalendarDate(iso: "2027-05-31")!
        #expect(OpportunityRules.problems(stage: .launch, pay: .partnerPaid, seats: 7, startsOn: start, endsOn: end, applyBy: start,
                                          minimumGrade: 10, maximumGrade: 12).isEmpty)
        let wrong = OpportunityRules.problems(stage: .launch, pay: .unpaid, seats: 0, startsOn: end, endsOn: start, applyBy: end.adding(days: 1),
                                              minimumGrade: 12, maximumGrade: 10)
        #expect(wrong.map { $0.field } == ["pay", "seats", "endsOn", "applyBy", "maximumGrade"])
        #expect(OpportunityRules.problems(stage: .prep, pay: .unpaid, seats: 501, startsOn: start, endsOn: start, applyBy: nil,
                                          minimumGrade: nil, maximumGrade: nil).map { $0.field } == ["seats"])
    }

    @Test("each kind has its usual place on the continuum; placements are the worksite kinds")
    func kinds() {
        #expect(OpportunityKind.jobShadow.usualStage == .explore && !OpportunityKind.jobShadow.isPlacement)
        #expect(OpportunityKind.internship.usualStage == .prep && OpportunityKind.internship.isPlacement)
        #expect(OpportunityKind.coop.usualStage == .launch)
        #expect(OpportunityKind.allCases.filter { $0.isPlacement } == [.internship, .preApprenticeship, .coop])
    }
}
