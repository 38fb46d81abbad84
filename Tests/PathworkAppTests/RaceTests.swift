import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// Every state transition fired twenty times at once makes exactly one change: the check that
/// guards it runs inside the change, on the row as it stands, not on what a request read before.
@Suite("Transitions fired twenty times at once")
struct RaceTests {
    static func race(_ times: Int = 20, _ action: @escaping @Sendable (Int) async throws -> Reply) async throws -> [HTTPResponseStatus] {
        try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
            for index in 0..<times { group.addTask { try await action(index).status } }
            return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
        }
    }

    static func once(_ statuses: [HTTPResponseStatus], _ success: HTTPResponseStatus = .ok, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(statuses.filter { $0 == success }.count == 1, "\(statuses)", sourceLocation: sourceLocation)
        #expect(statuses.filter { $0 == .conflict }.count == statuses.count - 1, "\(statuses)", sourceLocation: sourceLocation)
    }

    static func audits(_ app: Application, _ entity: String, _ action: String = "update") async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$entity == entity).filter(\.$action == action).count()
    }

    @Test("a service request accepted or declined by twenty at once; an engagement activated; a deliverable submitted and accepted; a visit recorded")
    func clientWork() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            func request(_ title: String) async throws -> ServiceRequestJSON {
                try await app.send(.POST, "/api/v1/service-requests", token: s.client, json: ServiceRequestInput(
                    title: title, description: "Green growth", location: "Intake", neededBy: "2026-12-01")).json(ServiceRequestJSON.self)
            }
            let first = try await request("Algae in the intake")
            var terms = EngagementInput(teamId: s.team.id, startsOn: "2026-11-10", hourlyRateCents: 4500)
            terms.visits = VisitPlanInput(firstOn: "2027-03-01", cadence: .quarterly, count: 1)
            let plan = terms
            let accepts = try await Self.race { _ in try await app.send(.POST, "/api/v1/service-requests/\(first.id)/accept", token: s.coordinator, json: plan) }
            Self.once(accepts, .created)
            #expect(try await Engagement.query(on: app.db).filter(\.$requestID == first.id).count() == 1)

            let second = try await request("Odour at the outfall")
            Self.once(try await Self.race { _ in
                try await app.send(.POST, "/api/v1/service-requests/\(second.id)/decline", token: s.coordinator, json: ["reason": "Out of scope"])
            })
            #expect(try await Self.audits(app, "serviceRequest") == 2)

            let engagement = try #require(try await Engagement.query(on: app.db).filter(\.$requestID == first.id).first())
            let engagementID = try engagement.requireID()
            let updatesBefore = try await Self.audits(app, "engagement")
            Self.once(try await Self.race { _ in
                try await app.send(.POST, "/api/v1/engagements/\(engagementID)/status", token: s.coordinator, json: ["status": "active"])
            })
            #expect(try await Self.audits(app, "engagement") == updatesBefore + 1)

            let deliverable = try await app.send(.POST, "/api/v1/engagements/\(engagementID)/deliverables", token: s.coordinator,
                                                 json: DeliverableInput(title: "Species report", dueOn: "2026-11-30", kind: "report")).json(DeliverableJSON.self)
            Self.once(try await Self.race { _ in try await app.send(.POST, "/api/v1/deliverables/\(deliverable.id)/submit", token: s.coordinator) })
            Self.once(try await Self.race { _ in try await app.send(.POST, "/api/v1/deliverables/\(deliverable.id)/accept", token: s.client) })
            #expect(try await DeliverableEvent.query(on: app.db).count() == 2)

            let visit = try #require(try await Visit.query(on: app.db).first())
            let visitID = try visit.requireID()
            Self.once(try await Self.race { _ in
                try await app.send(.POST, "/api/v1/visits/\(visitID)/done", token: s.coordinator, json: ["report": "All clear"])
            })
            #expect(try await Self.audits(app, "visit") == 1)
        }
    }

    @Test("twenty students for a team's last seat, the same student placed twenty times, a seat ended twenty times")
    func placements() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.token(fixture.a.email("admin"))
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            var students: [UUID] = []
            for index in 0..<20 {
                let made = try await app.send(.POST, "/api/v1/people", token: admin, json: PersonInput(
                    givenName: "Racer\(index)", familyName: "Seat", email: "racer\(index)@alpha.test", roles: [.student],
                    student: .init(studentNumber: "A-9\(String(format: "%03d", index))", birthDate: "2009-05-01", grade: 11)))
                try #require(made.status == .created, "\(made.text)")
                students.append(try #require(UUID(uuidString: made.object["id"] as? String ?? "")))
            }
            let pupils = students
            let small = try await app.send(.POST, "/api/v1/teams", token: coordinator,
                                           json: TeamInput(name: "Drone Shows", discipline: "drones", capacity: 1)).json(TeamJSON.self)
            let seated = try await Self.race { index in
                try await app.send(.POST, "/api/v1/teams/\(small.id)/memberships", token: coordinator, json: MembershipInput(
                    studentId: pupils[index], role: "Pilot", startsOn: "2026-10-01", hourlyWageCents: 1500))
            }
            Self.once(seated, .created)
            #expect(try await Membership.query(on: app.db).filter(\.$team.$id == small.id).count() == 1)
            #expect(try await TeamRole.query(on: app.db).filter(\.$team.$id == small.id).count() == 1)

            let large = try await app.send(.POST, "/api/v1/teams", token: coordinator,
                                           json: TeamInput(name: "Web Studio", discipline: "web", capacity: 40)).json(TeamJSON.self)
            Self.once(try await Self.race { _ in
                try await app.send(.POST, "/api/v1/teams/\(large.id)/memberships", token: coordinator, json: MembershipInput(
                    studentId: pupils[0], role: "Designer", startsOn: "2026-10-01", hourlyWageCents: 1500))
            }, .created)
            let seat = try #require(try await Membership.query(on: app.db).filter(\.$team.$id == large.id).first())
            let seatID = try seat.requireID()
            Self.once(try await Self.race { _ in
                try await app.send(.POST, "/api/v1/memberships/\(seatID)/end", token: coordinator, json: ["endsOn": "2026-12-01"])
            })
        }
    }

    @Test("an invoice issued, paid and voided by twenty at once gets one number and one of each step; a pay period closes once")
    func billing() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            _ = try await BillingAPITests().approvedWork(app, s, fixture)
            let draft = try await app.send(.POST, "/api/v1/invoices", token: s.coordinator,
                                           json: InvoiceInput(clientId: s.plant.id, periodStart: "2026-11-01", periodEnd: "2026-11-14")).json(InvoiceJSON.self)
            let id = try #require(draft.id)
            Self.once(try await Self.race { _ in try await app.send(.POST, "/api/v1/invoices/\(id)/issue", token: s.coordinator) })
            #expect(try await InvoiceSequence.query(on: app.db).first()?.lastNumber == 1)
            Self.once(try await Self.race { _ in try await app.send(.POST, "/api/v1/invoices/\(id)/paid", token: s.coordinator) })
            let period = try await app.send(.POST, "/api/v1/pay-periods", token: s.coordinator,
                                            json: ["startsOn": "2026-11-01", "endsOn": "2026-11-14"]).json(PayPeriodJSON.self)
            Self.once(try await Self.race { _ in try await app.send(.POST, "/api/v1/pay-periods/\(period.id)/close", token: s.coordinator) })
            #expect(try await Self.audits(app, "payPeriod") == 1)

            let second = try await app.send(.POST, "/api/v1/invoices", token: s.coordinator,
                                            json: InvoiceInput(clientId: s.plant.id, periodStart: "2026-10-25", periodEnd: "2026-11-14"))
            // Everything approved is billed on the first invoice: nothing is left to draft twice.
            #expect(second.object["code"] as? String == "invoice.empty")
            let voids = try await Self.race { _ in try await app.send(.POST, "/api/v1/invoices/\(id)/void", token: s.coordinator, json: ["reason": "Wrong PO"]) }
            #expect(voids.filter { $0 == .ok }.count <= 1 && voids.allSatisfy { $0 == .ok || $0 == .conflict })
        }
    }

    @Test("a bulk approval of the same entries by twenty at once: one approves them all, each entry once")
    func bulkApproval() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            var ids: [String] = []
            for (student, day) in [(fixture.a.student, "2026-11-02"), (fixture.a.student, "2026-11-03"), (fixture.a.otherStudent, "2026-11-03")] {
                let entry = try await s.entry(app, token: s.coordinator, student: student, day, from: (15, 0), to: (16, 30))
                ids.append(try #require(entry.object["id"] as? String, "\(entry.text)"))
            }
            let batch = ids
            Self.once(try await Self.race { _ in try await app.send(.POST, "/api/v1/time-entries/approvals", token: s.lead, json: ["ids": batch]) })
            let approved = try await TimeEntry.query(on: app.db).filter(\.$status == .approved).all()
            #expect(approved.count == 3 && approved.allSatisfy { $0.hourlyWageCents != nil && $0.billedMinutes == 90 })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "timeEntry").filter(\.$action == "update").count() == 3)
        }
    }

    @Test("a credential revoked, a portfolio link taken back and a mentor assigned by twenty at once: one each")
    func records() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let catalog = try await SignedCredentialTests.catalogEntry(app, token: s.coordinator)
            let recorded = try await SignedCredentialTests.record(app, token: s.coordinator, student: fixture.a.otherStudent, credential: catalog.id)
            let credentialID = try #require(recorded.object["issuedCredentialId"] as? String)
            Self.once(try await Self.race { _ in
                try await app.send(.POST, "/api/v1/issued-credentials/\(credentialID)/revoke", token: s.coordinator, json: ["reason": "Exam voided"])
            })
            #expect(try await Self.audits(app, "issuedCredential", "revoke") == 1)

            let link = try await app.send(.POST, "/api/v1/me/portfolio-links", token: s.older, json: PortfolioLinkInput(expiresInDays: 7)).json(PortfolioLinkJSON.self)
            let revokes = try await Self.race { _ in try await app.send(.POST, "/api/v1/me/portfolio-links/\(link.id)/revoke", token: s.older) }
            #expect(revokes.allSatisfy { $0 == .ok })
            #expect(try await Self.audits(app, "portfolioLink", "revoke") == 1)

            let admin = try await app.token(fixture.a.email("admin"))
            let cleared = try await app.send(.PUT, "/api/v1/mentors/\(fixture.a.mentor)/profile", token: admin, json: MentoringTests.Profile(
                expertise: "Cyber", backgroundCheckStatus: "cleared", checkedOn: "2026-01-10", expiresOn: "2028-01-10"))
            try #require(cleared.status == .ok, "\(cleared.text)")
            Self.once(try await Self.race { _ in
                try await app.send(.POST, "/api/v1/teams/\(s.team.id)/mentors", token: admin,
                                   json: ["mentorId": fixture.a.mentor.uuidString, "startsOn": "2026-11-01"])
            }, .created)
            #expect(try await MentorAssignment.query(on: app.db).count() == 1)
        }
    }
}
