import Fluent
import Foundation
import PathworkDomain
import Vapor

struct MentoringJSON: Content {
    struct TeamView: Content {
        var id: UUID
        var name: String
        var discipline: String
        var students: [Student]
        var work: [Work]
    }

    /// The team's client work a mentor follows: engagement titles and deliverables, no money.
    struct Work: Content {
        var engagement: String
        var status: String
        var deliverables: [String]
    }

    /// Students as a mentor sees them: first name, last initial, the role they do.
    struct Student: Content {
        var id: UUID
        var displayName: String
        var role: String
    }

    var teams: [TeamView]
    var sessions: [Session]
    var referrals: [ReferralView]

    struct Session: Content {
        var heldOn: String
        var minutes: Int
        var topic: String
    }

    struct ReferralView: Content {
        var studentId: UUID
        var referredTo: String
        var note: String
    }

    static func load(mentorID: UUID, tenant: Tenant) async throws -> MentoringJSON {
        let teamIDs = try await MentorReach.teamIDs(of: mentorID, tenant: tenant)
        let teams = try await tenant.query(Team.self).filter(\.$id ~~ Array(teamIDs)).sort(\.$name).all()
        let seats = try await tenant.query(Membership.self).filter(\.$team.$id ~~ Array(teamIDs)).filter(\.$endsOn == nil)
            .with(\.$student).with(\.$role).all()
        let sessions = try await tenant.query(MentoringSession.self).filter(\.$mentorID == mentorID).sort(\.$heldOn, .descending).all()
        let referrals = try await tenant.query(Referral.self).filter(\.$mentorID == mentorID).all()
        let engagements = try await tenant.query(Engagement.self).filter(\.$team.$id ~~ Array(teamIDs))
            .filter(\.$status ~~ [.proposed, .active, .onHold]).all()
        let deliverables = try await tenant.query(Deliverable.self).filter(\.$engagement.$id ~~ engagements.compactMap(\.id)).sort(\.$dueOn).all()
        return MentoringJSON(
            teams: try teams.map { team in
                TeamView(id: try team.requireID(), name: team.name, discipline: team.discipline,
                         students: seats.filter { $0.$team.id == team.id }.map {
                             Student(id: $0.$student.id, displayName: $0.student.shortName, role: $0.role.name)
                         },
                         work: engagements.filter { $0.$team.id == team.id }.map { engagement in
                             Work(engagement: engagement.title, status: engagement.status.title,
                                  deliverables: deliverables.filter { $0.$engagement.id == engagement.id }
                                      .map { "\($0.title) (due \($0.dueOn), \($0.status.title.lowercased()))" })
                         })
            },
            sessions: sessions.map { Session(heldOn: $0.heldOn, minutes: $0.minutes, topic: $0.topic) },
            referrals: referrals.map { ReferralView(studentId: $0.studentID, referredTo: $0.referredTo, note: $0.note) })
    }
}

enum MentoringAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("MentorProfile", .object([
            ("personId", .string(format: "uuid")), ("expertise", .string()),
            ("backgroundCheckStatus", .enumeration(BackgroundCheck.Status.allCases.map(\.rawValue))),
            ("checkedOn", .string(format: "date")), ("expiresOn", .string(format: "date")), ("checkCurrent", .boolean),
        ], required: ["personId", "expertise", "backgroundCheckStatus", "checkCurrent"]))
        api.endpoint(APIOperation(method: .PUT, path: ["mentors", ":personID", "profile"], summary: "Record a mentor's expertise and background check",
                                  tag: "Mentoring", body: .object([
                                      ("expertise", .text(minLength: 0, maxLength: 500)), ("backgroundCheckStatus", .enumeration(BackgroundCheck.Status.allCases.map(\.rawValue))),
                                      ("checkedOn", .string(format: "date")), ("expiresOn", .string(format: "date")),
                                  ], required: []), response: .ref("MentorProfile"), rules: [.rule("expiresOn comes after checkedOn")]), registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let profile = try await MentoringWriter.saveProfile(for: req.parameters.get("personID", as: UUID.self),
                                                                try req.input(MentorProfileInput.self), on: req)
            return MentorProfileJSON(profile, today: req.today)
        }
        api.endpoint(APIOperation(method: .POST, path: ["teams", ":teamID", "mentors"], summary: "Assign a mentor to a team", tag: "Mentoring",
                                  body: .object([("mentorId", .string(format: "uuid")), ("startsOn", .string(format: "date"))],
                                                required: ["mentorId", "startsOn"]),
                                  response: .object([("id", .string(format: "uuid"))], required: ["id"]), success: .created,
                                  rules: [OperationRule(code: "mentor.background-check", says: "a mentor of a team with minors has a current, cleared background check")]),
                     registry: registry) { req in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            let assignment = try await MentoringWriter.assign(try req.field(UUID.self, at: "mentorId"), to: team,
                                                              from: try req.field(String.self, at: "startsOn"), on: req)
            return try await ["id": assignment.requireID().uuidString].encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["mentoring"], summary: "A mentor's teams, students, sessions and referrals",
                                  tag: "Mentoring", response: .object([("teams", .array(.object([], required: []))),
                                                                       ("sessions", .array(.object([], required: []))),
                                                                       ("referrals", .array(.object([], required: [])))],
                                                                      required: ["teams", "sessions", "referrals"])),
                     registry: registry) { req in
            let viewer = try req.viewer
            try viewer.require(.mentorStudents)
            return try await MentoringJSON.load(mentorID: viewer.personID, tenant: req.tenant)
        }
        api.endpoint(APIOperation(method: .POST, path: ["mentoring", "sessions"], summary: "Log a mentoring session", tag: "Mentoring",
                                  body: .object([("teamId", .string(format: "uuid")), ("studentId", .string(format: "uuid")),
                                                 ("heldOn", .string(format: "date")), ("minutes", .bounded(minimum: 1, maximum: 600)), ("topic", .words(maxLength: 500))],
                                                required: ["heldOn", "minutes", "topic"]),
                                  response: .object([("id", .string(format: "uuid"))], required: ["id"]), success: .created,
                                  rules: [.rule("heldOn is today or earlier")]),
                     registry: registry) { req in
            try req.viewer.require(.mentorStudents)
            let session = try await MentoringWriter.logSession(try req.input(SessionInput.self), on: req)
            return try await ["id": session.requireID().uuidString].encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["referrals"], summary: "Refer a student onward", tag: "Mentoring",
                                  body: .object([("studentId", .string(format: "uuid")), ("referredTo", .words(maxLength: 200)),
                                                 ("note", .text(minLength: 0, maxLength: 2000))], required: ["studentId", "referredTo"]),
                                  response: .object([("id", .string(format: "uuid"))], required: ["id"]), success: .created),
                     registry: registry) { req in
            try req.viewer.require(.mentorStudents)
            let referral = try await MentoringWriter.refer(try req.input(ReferralInput.self), on: req)
            return try await ["id": referral.requireID().uuidString].encodeResponse(status: .created, for: req)
        }
    }
}
