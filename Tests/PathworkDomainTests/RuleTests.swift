@testable import PathworkDomain
import Testing

@Suite("Passwords")
struct PasswordPolicyTests {
    @Test("length, common passwords, the email, and bcrypt's 72-byte limit")
    func rules() {
        #expect(PasswordPolicy.check("short") == .tooShort)
        #expect(PasswordPolicy.check("password1") == .tooCommon)
        #expect(PasswordPolicy.check("PassWord123") == .tooCommon)
        #expect(PasswordPolicy.check("aaaaaaaaaaaa") == .tooCommon)
        #expect(PasswordPolicy.check("maria.lopez", email: "maria.lopez@demo.test") == .sameAsEmail)
        #expect(PasswordPolicy.check(String(repeating: "é", count: 37)) == .tooLong)
        #expect(PasswordPolicy.check("correct-horse-battery") == nil)
        #expect(PasswordPolicy.check("demo-password-1") == nil)
        #expect(CommonPasswords.list.allSatisfy { $0 == $0.lowercased() && $0.count >= 8 })
    }
}

@Suite("Sign-in throttle")
struct SignInThrottleTests {
    @Test("allows up to the limit in the window, then says how long to wait")
    func window() {
        var throttle = SignInThrottle(limit: 3, windowSeconds: 600)
        for second in [0, 10, 20] {
            #expect(throttle.retryAfter(now: second) == nil)
            throttle.recordFailure(now: second)
        }
        #expect(throttle.retryAfter(now: 30) == 570)  // the failure at 0 leaves the window at 600
        #expect(throttle.retryAfter(now: 600) == nil)
        throttle.recordFailure(now: 600)
        #expect(throttle.retryAfter(now: 601) == 9)    // 10 + 600 - 601
        #expect(!throttle.isExpired(now: 1000))
        #expect(throttle.isExpired(now: 1300))
    }
}

@Suite("Policy")
struct PolicyTests {
    @Test("only district staff see student details")
    func details() {
        for role in Role.allCases {
            #expect(Policy.allows([role], .viewStudentDetails) == role.isDistrictStaff, "\(role)")
            #expect(Policy.seesStudentDetails(viewerRoles: [role], isSelf: true))
        }
        #expect(!Policy.seesStudentDetails(viewerRoles: [.mentor, .clientContact], isSelf: false))
    }

    @Test("reach is the widest any role grants")
    func reach() {
        #expect(Policy.reach([.admin]) == .wholeDistrict)
        #expect(Policy.reach([.mentor]) == .connectedStudents)
        #expect(Policy.reach([.mentor, .lead]) == .wholeDistrict)
        #expect(Policy.reach([.student]) == .selfOnly)
        #expect(Policy.reach([.analyst]) == .none)
        #expect(Policy.reach([]) == .none)
    }

    @Test("who may change people, connections and read the audit log")
    func actions() {
        #expect(Policy.allows([.admin], .createPerson))
        #expect(!Policy.allows([.coordinator], .createPerson))
        #expect(Policy.allows([.coordinator], .manageConnections))
        #expect(!Policy.allows([.lead], .manageConnections))
        #expect(Policy.allows([.admin], .viewAuditLog))
        #expect(!Policy.allows([.counselor], .viewAuditLog))
        #expect(!Policy.allows([.analyst], .viewPerson))
        #expect(Policy.allows([.analyst], .viewAggregates))
        #expect(!Policy.allows([.mentor], .viewAggregates))
    }
}

@Suite("People drafts")
struct PersonDraftTests {
    let today = CalendarDate(iso: "2026-11-22")!

    @Test("a complete student passes")
    func valid() {
        let draft = PersonDraft(givenName: "Ana", familyName: "Ruiz", email: "ana@demo.test", roles: [.student],
                                student: StudentDraft(studentNumber: "S-1", birthDate: "2011-05-01", grade: 10))
        #expect(draft.issues(today: today).isEmpty)
    }

    @Test("every problem is named by field")
    func invalid() {
        let draft = PersonDraft(givenName: "", familyName: " ", email: "ana@", roles: [.student, .mentor],
                                student: StudentDraft(studentNumber: "S 1", birthDate: "2001-05-01", grade: 5))
        let fields = draft.issues(today: today).map(\.field)
        #expect(fields == ["givenName", "familyName", "email", "studentNumber", "birthDate", "grade", "roles"])
        #expect(PersonDraft(givenName: "A", familyName: "B", email: "a@b.org", roles: []).issues(today: today).map(\.field) == ["roles"])
        #expect(PersonDraft(givenName: "A", familyName: "B", email: "a@b.org", roles: [.student]).issues(today: today).map(\.field) == ["studentNumber"])
    }

    @Test("emails are normalized or refused")
    func emails() {
        #expect(EmailAddress.normalize("  Ana.Ruiz@Demo.TEST ") == "ana.ruiz@demo.test")
        for bad in ["ana", "ana@demo", "@demo.test", "ana@@demo.test", "an a@demo.test", "ana@.test", "ana@demo.test."] {
            #expect(EmailAddress.normalize(bad) == nil, "\(bad)")
        }
    }

    @Test("student groups round-trip through query tokens")
    func subgroups() {
        for group in Subgroup.all { #expect(Subgroup(token: group.token) == group) }
        #expect(Subgroup(token: "flag:unknown") == nil)
        #expect(Subgroup(token: "race") == nil)
        #expect(Subgroup.all.count == 7 + 3 + 10 + 4)
    }

    @Test("the seeded generator is deterministic")
    func seeded() {
        var a = SeededRandom(seed: 7), b = SeededRandom(seed: 7), c = SeededRandom(seed: 8)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }
}

@Suite("Audit chain")
struct AuditChainTests {
    func chain(_ count: Int) -> [AuditChain.Row] {
        var previous = AuditChain.genesis
        return (1...count).map { sequence in
            let content = AuditContent(sequence: sequence, districtID: "d", actorID: "a", occurredAtSeconds: 1_000 + sequence,
                                       action: "update", entity: "person", entityID: "p\(sequence)", before: "{}", after: "{\"n\":\(sequence)}")
            let hash = AuditChain.hash(previous: previous, content)
            defer { previous = hash }
            return AuditChain.Row(content: content, previousHash: previous, hash: hash)
        }
    }

    @Test("an intact chain has no break")
    func intact() {
        #expect(AuditChain.firstBreak(in: chain(20)) == nil)
        let rows = chain(20)
        #expect(AuditChain.firstBreak(in: rows[10...], startingAfter: (10, rows[9].hash)) == nil)
    }

    @Test("changed content, a removed row and a forged link are each found at their row")
    func breaks() {
        var rows = chain(10)
        rows[6].content.after = "{\"n\":99}"
        #expect(AuditChain.firstBreak(in: rows) == .contentHashMismatch(sequence: 7))

        var removed = chain(10)
        removed.remove(at: 3)
        #expect(AuditChain.firstBreak(in: removed) == .missingSequence(expected: 4, found: 5))

        var forged = chain(10)
        forged[4].content.after = "{\"n\":99}"
        forged[4].hash = AuditChain.hash(previous: forged[4].previousHash, forged[4].content)
        #expect(AuditChain.firstBreak(in: forged) == .previousHashMismatch(sequence: 6))
    }

    @Test("field boundaries cannot be shifted to forge the same hash")
    func lengthPrefixed() {
        let a = AuditContent(sequence: 1, districtID: "ab", actorID: "c", occurredAtSeconds: 0, action: "x", entity: "y",
                             entityID: "z", before: "", after: "")
        var b = a
        b.districtID = "a"
        b.actorID = "bc"
        #expect(AuditChain.hash(previous: AuditChain.genesis, a) != AuditChain.hash(previous: AuditChain.genesis, b))
    }
}
