import PathworkDomain
import Testing

@Suite("Partnership health and objectives")
struct PartnershipHealthTests {
    let today = CalendarDate(iso: "2026-12-03")!

    func day(_ offset: Int) -> CalendarDate { today.adding(days: offset) }

    @Test("a partnership in touch, evaluated and well rated, with a year left on its agreement, is healthy")
    func healthy() {
        let facts = PartnershipHealth.Facts(today: today, lastContact: day(-10), agreementEnds: day(200), lastEvaluation: day(-100), latestRatings: [3, 4])
        #expect(PartnershipHealth.assess(facts).health == .healthy)
        #expect(PartnershipHealth.assess(facts).reasons.isEmpty)
        // An organization with neither an agreement nor a log is not judged.
        #expect(PartnershipHealth.assess(.init(today: today)).health == .healthy)
    }

    @Test("silence: 89 days is fine, 90 needs attention, 180 is at risk; no contact at all under an agreement needs attention")
    func silence() {
        func health(_ days: Int) -> PartnershipHealth {
            PartnershipHealth.assess(.init(today: today, lastContact: day(-days), agreementEnds: day(300), lastEvaluation: day(-10))).health
        }
        #expect(health(89) == .healthy)
        #expect(health(90) == .needsAttention)
        #expect(health(179) == .needsAttention)
        #expect(health(180) == .atRisk)
        let none = PartnershipHealth.assess(.init(today: today, agreementEnds: day(300), lastEvaluation: day(-10)))
        #expect(none.health == .needsAttention && none.reasons == ["No contact logged yet."])
    }

    @Test("an overdue next step, an agreement ending within 60 days, and a year without evaluation each need attention; an ended agreement is at risk")
    func attention() {
        let base = PartnershipHealth.Facts(today: today, lastContact: day(-1), agreementEnds: day(300), lastEvaluation: day(-10))
        var overdue = base; overdue.overdueNextSteps = 2
        #expect(PartnershipHealth.assess(overdue).reasons == ["2 next steps are overdue."])
        var ending = base; ending.agreementEnds = day(60)
        #expect(PartnershipHealth.assess(ending).health == .needsAttention)
        ending.agreementEnds = day(61)
        #expect(PartnershipHealth.assess(ending).health == .healthy)
        var ended = base; ended.agreementEnds = day(-1)
        #expect(PartnershipHealth.assess(ended).health == .atRisk)
        var stale = base; stale.lastEvaluation = day(-366)
        #expect(PartnershipHealth.assess(stale).health == .needsAttention)
        stale.lastEvaluation = day(-365)
        #expect(PartnershipHealth.assess(stale).health == .healthy)
        var never = base; never.lastEvaluation = nil
        #expect(PartnershipHealth.assess(never).reasons == ["Not evaluated yet."])
    }

    @Test("ratings averaging under 2.5 of 4 put the partnership at risk; exactly 2.5 does not")
    func ratings() {
        func health(_ ratings: [Int]) -> PartnershipHealth {
            PartnershipHealth.assess(.init(today: today, lastContact: day(-1), agreementEnds: day(300), lastEvaluation: day(-1), latestRatings: ratings)).health
        }
        #expect(health([2, 2, 2, 3]) == .atRisk)   // 2.25
        #expect(health([2, 3]) == .healthy)         // 2.5
        #expect(health([1]) == .atRisk)
        #expect(health([4, 4, 1]) == .healthy)      // 3
    }

    @Test("an objective's progress is whole percent toward its target, rounded down, capped at 100")
    func progress() {
        #expect(ObjectiveProgress(value: 3, target: 8).percent == 37)
        #expect(!ObjectiveProgress(value: 7, target: 8).isMet)
        #expect(ObjectiveProgress(value: 8, target: 8).isMet && ObjectiveProgress(value: 8, target: 8).percent == 100)
        #expect(ObjectiveProgress(value: 12, target: 8).percent == 100)
        #expect(ObjectiveProgress(value: 0, target: 0).percent == 100)
    }
}
