import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// A drone-repair internship at Skyline in district A with the fixture's supervisor as its
/// worksite supervisor (background check cleared), the 17-year-old "other" student's offer
/// accepted (or the 15-year-old's, `young`), and a guardian of theirs who can sign in.
struct PlacementSetup {
    let coordinator: String
    let student: String
    let supervisor: String
    let guardian: String
    let opportunityID: String
    let applicationID: String

    static func make(_ app: Application, _ fixture: Fixture, pay: String = "districtPaid", seats: Int = 1, young: Bool = false) async throws -> PlacementSetup {
        let who = young ? "student" : "other", studentID = young ? fixture.a.student : fixture.a.otherStudent
        let coordinator = try await app.token(fixture.a.email("coordinator"))
        let partner = try await app.send(.POST, "/api/v1/clients", token: coordinator, json: ClientInput(name: "Skyline Drone Works")).json(ClientJSON.self)
        for person in [fixture.a.client, fixture.a.supervisor] {
            #expect(try await app.send(.POST, "/api/v1/clients/\(partner.id)/contacts", token: coordinator, json: ["personId": person.uuidString]).status.code < 300)
        }
        #expect(try await app.send(.PUT, "/api/v1/mentors/\(fixture.a.supervisor)/profile", token: coordinator,
                                   json: ["backgroundCheckStatus": "cleared", "checkedOn": "2026-06-01", "expiresOn": "2028-06-01"]).status == .ok)
        let opportunity = try await app.send(.POST, "/api/v1/opportunities", token: coordinator, json: OpportunityBody(
            partnerId: partner.id, title: "Drone repair internship", kind: "internship", pay: pay, seats: seats,
            startsOn: "2026-11-02", endsOn: "2027-05-28", pathwayCodes: ["DT.6"], publish: true))
        let opportunityID = try #require(opportunity.object["id"] as? String)
        let student = try await app.token(fixture.a.email(who))
        let applied = try await app.send(.POST, "/api/v1/opportunities/\(opportunityID)/applications", token: student, json: ["answer": "I rebuild quadcopters."])
        let applicationID = try #require(applied.object["id"] as? String)
        #expect(try await app.send(.POST, "/api/v1/opportunity-applications/\(applicationID)/offer", token: coordinator).object["status"] as? String == "offered")
        #expect(try await app.send(.POST, "/api/v1/opportunity-applications/\(applicationID)/accept", token: student).object["status"] as? String == "accepted")
        try await AuditLog.change(on: app.db, by: .system("test"), services: app.pathwork) { db, audit in
            let tenant = Tenant(districtID: fixture.a.id, db: db)
            let draft = PersonDraft(givenName: "Gia", familyName: "Alphason", email: fixture.a.email("gia"), roles: [.guardian])
            let gia = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: nil, password: nil), email: draft.email,
                                                    passwordHash: try Bcrypt.hash(Fixture.password, cost: 4), tenant: tenant, audit: audit).id
            try await GuardianLink(districtID: fixture.a.id, guardianID: gia, studentID: studentID).create(on: db)
        }
        return PlacementSetup(coordinator: coordinator, student: student, supervisor: try await app.token(fixture.a.email("supervisor")),
                              guardian: try await app.token(fixture.a.email("gia")), opportunityID: opportunityID, applicationID: applicationID)
    }

    /// The terms that make the agreement complete.
    static let terms: [String: AnyEncodable] = [
        "learningObjectives": AnyEncodable("Diagnose and repair quadcopter motors; plan a survey flight under FAA Part 107."),
        "schedule": AnyEncodable("Tue and Thu 3:30–5:30 pm"), "safetyTraining": AnyEncodable("Shop safety and LiPo battery handling"),
        "safetyTrainingCompleted": AnyEncodable(true), "hourlyWageCents": AnyEncodable(1650),
    ]
}

struct OpportunityBody: Content {
    var partnerId: UUID
    var title: String
    var kind: String
    var pay: String
    var seats: Int
    var startsOn: String
    var endsOn: String
    var pathwayCodes: [String]
    var publish: Bool
}

struct AnyEncodable: Encodable, Sendable {
    private let encodeValue: @Sendable (any Encoder) throws -> Void
    init<T: Encodable & Sendable>(_ value: T) { encodeValue = { try value.encode(to: $0) } }
    func encode(to encoder: any Encoder) throws { try encodeValue(encoder) }
}
