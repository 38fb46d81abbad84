import PathworkDomain
import Testing

@Suite("Partnerships")
struct PartnershipTests {
    let today = CalendarDate(iso: "2026-12-03")!

    func state(due: String, done: String? = nil) -> NextStepState {
        NextStepState.of(dueOn: CalendarDate(iso: due)!, doneOn: done.flatMap(CalendarDate.init(iso:)), today: today)
    }

    @Test("a next step is overdue from the day after it was due, due this week for seven days ahead, and done whatever its date")
    func nextStepStates() {
        #expect(state(due: "2026-12-02") == .overdue)
        #expect(state(due: "2025-01-01") == .overdue)
        #expect(state(due: "2026-12-03") == .dueToday)
        #expect(state(due: "2026-12-04") == .dueThisWeek)
        #expect(state(due: "2026-12-10") == .dueThisWeek)
        #expect(state(due: "2026-12-11") == .later)
        #expect(state(due: "2026-12-01", done: "2026-12-03") == .done)
        #expect(state(due: "2027-01-01", done: "2026-11-01") == .done)
        #expect([NextStepState.overdue, .dueToday, .dueThisWeek].allSatisfy { $0.isOnHome })
        #expect(![NextStepState.done, .later].contains { $0.isOnHome })
    }

    @Test("an organization's hats come from what it has done: requests or engagements, mentors, supervisors")
    func activityKinds() {
        #expect(PartnerActivity().kinds.isEmpty)
        #expect(PartnerActivity(clientContacts: 2).kinds.isEmpty)
        #expect(PartnerActivity(requests: 1).kinds == [.client])
        #expect(PartnerActivity(engagements: 3, mentors: 1).kinds == [.client, .mentors])
        #expect(PartnerActivity(mentors: 2, supervisors: 1).kinds == [.mentors, .hosts])
    }
}
