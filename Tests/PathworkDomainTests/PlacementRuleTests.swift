import PathworkDomain
import Testing

@Suite("Applications, training agreements and the competency rubric")
struct PlacementRuleTests {
    @Test("an offer takes a free seat or joins the waitlist; students answer only offers; decided applications stay decided")
    func applicationMoves() {
        #expect(ApplicationRules.next(from: .submitted, .offer, seats: 2, heldByOthers: 1) == .success(.offered))
        #expect(ApplicationRules.next(from: .submitted, .offer, seats: 2, heldByOthers: 2) == .success(.waitlisted))
        #expect(ApplicationRules.next(from: .waitlisted, .offer, seats: 2, heldByOthers: 1) == .success(.offered))
        #expect(ApplicationRules.next(from: .offered, .accept, seats: 2, heldByOthers: 5) == .success(.accepted))
        #expect(ApplicationRules.next(from: .offered, .decline, seats: 2, heldByOthers: 0) == .success(.declined))
        #expect(ApplicationRules.next(from: .accepted, .withdraw, seats: 2, heldByOthers: 0) == .success(.withdrawn))
        guard case .failure(let refusal) = ApplicationRules.next(from: .submitted, .accept, seats: 2, heldByOthers: 0) else { Issue.record("accepted without an offer"); return }
        #expect(refusal.code == "application.no-offer")
        guard case .failure(let again) = ApplicationRules.next(from: .accepted, .offer, seats: 2, heldByOthers: 0) else { Issue.record("offered twice"); return }
        #expect(again.code == "application.decided")
        guard case .failure = ApplicationRules.next(from: .withdrawn, .withdraw, seats: 2, heldByOthers: 0) else { Issue.record("withdrawn twice"); return }
        #expect(ApplicationRules.freesSeat(from: .accepted, to: .withdrawn))
        #expect(ApplicationRules.freesSeat(from: .offered, to: .declined))
        #expect(!ApplicationRules.freesSeat(from: .offered, to: .accepted))
        #expect(!ApplicationRules.freesSeat(from: .waitlisted, to: .withdrawn))
        #expect(ApplicationRules.promoted(waitlist: ["first", "second", "third"], seats: 3, held: 1) == ["first", "second"])
        #expect(ApplicationRules.promoted(waitlist: ["first"], seats: 3, held: 3).isEmpty)
        #expect(ApplicationRules.promoted(waitlist: ["first"], seats: 1, held: 4).isEmpty)
    }

    func terms(_ change: (inout TrainingAgreementTerms) -> Void = { _ in }) -> TrainingAgreementTerms {
        var terms = TrainingAgreementTerms(learningObjectives: "Plan an autonomous survey flight under FAA Part 107.", pathwayCode: "DT.6",
                                           schedule: "Tue and Thu 3:30–6:00 pm", safetyTraining: "Shop safety and battery handling",
                                           safetyTrainingCompleted: true, supervisor: "sam", startsOn: CalendarDate(iso: "2027-02-01")!,
                                           endsOn: CalendarDate(iso: "2027-05-28")!, pay: .districtPaid, hourlyWageCents: 1650)
        change(&terms)
        return terms
    }

    @Test("an agreement is complete with objectives on a pathway, a schedule, safety training done, a supervisor and a lawful wage")
    func completeness() {
        #expect(terms().problems().isEmpty)
        #expect(terms { $0.pay = .unpaid; $0.hourlyWageCents = nil }.problems().isEmpty)
        let fields = { (t: TrainingAgreementTerms) in t.problems().map(\.field) }
        #expect(fields(terms { $0.learningObjectives = ""; $0.pathwayCode = "" }) == ["learningObjectives", "pathwayCode"])
        #expect(fields(terms { $0.safetyTrainingCompleted = false }) == ["safetyTrainingCompleted"])
        #expect(fields(terms { $0.safetyTraining = ""; $0.safetyTrainingCompleted = false }) == ["safetyTraining"])
        #expect(fields(terms { $0.supervisor = ""; $0.schedule = "" }) == ["schedule", "supervisorId"])
        #expect(fields(terms { $0.endsOn = CalendarDate(iso: "2027-01-31")! }) == ["endsOn"])
        #expect(fields(terms { $0.hourlyWageCents = nil }) == ["hourlyWageCents"])
        #expect(fields(terms { $0.hourlyWageCents = 724 }) == ["hourlyWageCents"])
        #expect(terms { $0.hourlyWageCents = 725 }.problems().isEmpty)
        #expect(fields(terms { $0.pay = .unpaid }) == ["hourlyWageCents"])
    }

    @Test("any change to the terms needs new signatures, and only signatures on the version in force count")
    func versioning() {
        #expect(terms().changes(from: terms()).isEmpty)
        #expect(terms { $0.schedule = "Mon 3–6 pm" }.changes(from: terms()) == ["schedule"])
        #expect(terms { $0.hourlyWageCents = 1700; $0.supervisor = "dana" }.changes(from: terms()) == ["supervisorId", "pay"])
        #expect(terms { $0.endsOn = CalendarDate(iso: "2027-06-04")! }.changes(from: terms()) == ["dates"])

        let minor = TrainingAgreementSigning.required(studentAge: 17)
        #expect(minor == [.student, .guardian, .supervisor, .coordinator])
        #expect(TrainingAgreementSigning.required(studentAge: 18) == [.student, .supervisor, .coordinator])
        let signed: [(signer: AgreementSigner, version: Int)] = [(.student, 1), (.guardian, 1), (.supervisor, 1), (.coordinator, 1), (.student, 2)]
        #expect(TrainingAgreementSigning.missing(required: minor, signatures: signed, version: 1).isEmpty)
        #expect(TrainingAgreementSigning.missing(required: minor, signatures: signed, version: 2) == [.guardian, .supervisor, .coordinator])
        #expect(TrainingAgreementSigning.status(current: .awaitingSignatures, missing: [], hasProblems: false) == .active)
        #expect(TrainingAgreementSigning.status(current: .active, missing: [.guardian], hasProblems: false) == .awaitingSignatures)
        #expect(TrainingAgreementSigning.status(current: .awaitingSignatures, missing: [], hasProblems: true) == .awaitingSignatures)
        #expect(TrainingAgreementSigning.status(current: .completed, missing: [.guardian], hasProblems: false) == .completed)
    }

    @Test("the rubric scores every criterion once within its levels; the mean is in tenths, rounded half up")
    func rubric() throws {
        let rubric = CompetencyRubric.workplaceReadiness
        #expect(rubric.problems().isEmpty && rubric.criteria.count == 5 && rubric.criteria.allSatisfy { $0.levels.count == 4 })
        let ratings = ["Communication": 3, "Teamwork": 4, "Professionalism": 3, "Problem solving": 2, "Technical skill": 3]
        let score = try rubric.score(ratings).get()
        #expect(score.total == 15 && score.maximum == 20 && score.meanTenths == 30 && score.overallLevel == 3 && score.meanText == "3.0")
        let higher = try rubric.score(ratings.merging(["Problem solving": 4]) { $1 }).get()
        #expect(higher.meanTenths == 34 && higher.overallLevel == 3)
        // 17 / 5 = 3.4; 18 / 5 = 3.6 rounds to level 4; 2 / 4 × 10 = 5 tenths exactly half: 0.5 → level 1.
        #expect(try rubric.score(ratings.merging(["Problem solving": 4, "Teamwork": 4, "Communication": 4]) { $1 }).get().overallLevel == 4)
        #expect(RubricScore(levels: [1, 2], maxima: [4, 4]).meanTenths == 15 && RubricScore(levels: [1, 2], maxima: [4, 4]).overallLevel == 2)
        #expect(RubricScore(levels: [1, 1, 2], maxima: [4, 4, 4]).meanTenths == 13)
        guard case .failure(let problems) = rubric.score(["Communication": 5, "Punctuality": 2]) else { Issue.record("bad ratings scored"); return }
        #expect(problems.byCriterion["Communication"] == "Rate Communication from 1 to 4.")
        #expect(problems.byCriterion["Teamwork"] == "Rate Teamwork.")
        #expect(problems.byCriterion["Punctuality"] == "Punctuality is not a criterion of this rubric.")
        let bad = CompetencyRubric(name: "", criteria: [.init(name: "Safety", levels: ["a"]), .init(name: "safety", levels: ["a", "b"])])
        #expect(bad.problems().map(\.field) == ["name", "criteria[0].levels", "criteria[1].name"])
    }

    @Test("work-based learning indicators: stages reached, placements paid and unpaid, proficient at the end")
    func indicators() {
        let unpaid = StudentYearOutcome(stages: [.explore, .prep], placementPay: [.unpaid], placementMinutes: 90)
        #expect([.participants, .workBasedLearning, .careerExplore, .careerPrep, .worksitePlacement, .unpaidPlacement].allSatisfy(unpaid.meets))
        #expect(![.paidWork, .careerLaunch, .paidPlacement, .evaluatedProficient].contains(where: unpaid.meets))
        let launched = StudentYearOutcome(stages: [.launch], placementPay: [.partnerPaid, .unpaid], ratedProficient: true)
        #expect(launched.meets(.paidPlacement) && launched.meets(.unpaidPlacement) && launched.meets(.evaluatedProficient))
        var tally = GroupTally()
        tally.add(unpaid)
        tally.add(launched)
        #expect(tally.placementMinutes == 90 && tally.count(.unpaidPlacement) == 2 && tally.count(.paidPlacement) == 1)
        #expect(RubricScore(levels: [3, 3, 2], maxima: [4, 4, 4]).isProficient)
        #expect(!RubricScore(levels: [2, 3, 2], maxima: [4, 4, 4]).isProficient)
        #expect(RubricScore(levels: [2, 2], maxima: [3, 3]).isProficient)
    }
}
