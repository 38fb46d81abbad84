import PathworkDomain
import Testing

@Suite struct CredentialPathwayTests {
    static let rules = [
        PathwayRequirementRule(key: "lab1", kind: .checkpoint, year: 1),
        PathwayRequirementRule(key: "hours", kind: .roleHours, year: 2, roleName: "Analyst", minutes: 40 * 60),
        PathwayRequirementRule(key: "secplus", kind: .credential, year: 3, credentialTitle: "CompTIA Security+"),
    ]

    @Test func nothingRecordedIsZero() {
        let progress = PathwayProgress.compute(Self.rules, facts: PathwayFacts())
        #expect(progress.percent == 0)
        #expect(progress.requirements.map(\.met) == [false, false, false])
        #expect(!progress.isComplete)
    }

    @Test func hoursCountByRoleNameWhateverItsCaseAndRoundDown() {
        // 1,439 of 2,400 minutes is 59.96 %: shown as 59, not met.
        let facts = PathwayFacts(approvedMinutesByRole: ["analyst": 1_000, "ANALYST": 439, "Instructor": 600], checkpoints: ["lab1"])
        let progress = PathwayProgress.compute(Self.rules, facts: facts)
        let hours = progress.requirements[1]
        #expect(hours.key == "hours" && !hours.met && hours.percent == 59 && hours.doneMinutes == 1_439)
        #expect(progress.requirements[0].met)
        #expect(progress.percent == 33)
    }

    @Test func everythingMetIsComplete() {
        let facts = PathwayFacts(approvedMinutesByRole: ["Analyst": 2_500], heldCredentials: ["CompTIA Security+"], checkpoints: ["lab1"])
        let progress = PathwayProgress.compute(Self.rules, facts: facts)
        #expect(progress.isComplete)
        #expect(progress.percent == 100)
        #expect(progress.requirements[1].percent == 100)
    }

    @Test func negativeNetHoursAfterAdjustmentsCountAsNone() {
        let progress = PathwayProgress.compute(Self.rules, facts: PathwayFacts(approvedMinutesByRole: ["Analyst": -30]))
        #expect(progress.requirements[1].doneMinutes == 0)
        #expect(progress.requirements[1].percent == 0)
    }

    @Test func aCourseRequirementIsMetOnlyByThatCourseCompleted() {
        let rules = [PathwayRequirementRule(key: "net", kind: .course, year: 1, courseCode: "CYB110")]
        #expect(!PathwayProgress.compute(rules, facts: PathwayFacts(completedCourses: ["CYB100", "CYB210"])).isComplete)
        let done = PathwayProgress.compute(rules, facts: PathwayFacts(completedCourses: ["CYB110"]))
        #expect(done.isComplete && done.requirements[0].percent == 100 && done.requirements[0].doneMinutes == nil)
    }
}
