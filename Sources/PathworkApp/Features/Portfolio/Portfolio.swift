import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// A link a student chose to share: anyone holding it sees their portfolio until it expires or
/// the student takes it back. Only the token's hash is stored, as with sessions.
final class PortfolioLink: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "portfolio_links"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    func isLive(at now: Date) -> Bool { revokedAt == nil && now < expiresAt }
}

/// A client's agreement to be named in student portfolios; without it, portfolios say only
/// "a client" for that client's work.
final class PortfolioConsent: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "portfolio_consents"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "client_id") var clientID: UUID
    @Field(key: "recorded_by") var recordedBy: UUID
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// Exactly what a portfolio shows — and so exactly what it can leak: first name and last
/// initial, teams and roles with dates, engagements worked on (clients named only with their
/// consent), accepted deliverables, approved hours, and credentials with their verify links.
struct PortfolioJSON: Content {
    struct Seat: Content { var team: String; var role: String; var startsOn: String; var endsOn: String? }
    struct Work: Content { var engagement: String; var client: String; var team: String; var approvedMinutes: Int; var acceptedDeliverables: [String] }
    /// A completed placement: where, what kind, the hours approved there and the supervisor's
    /// final evaluation (mean level in tenths).
    struct WorkBasedLearning: Content {
        var title: String; var partner: String; var kind: String; var stage: String; var startsOn: String; var endsOn: String
        var approvedMinutes: Int; var finalMeanTenths: Int?; var reflection: String
    }
    /// A venture the student works on: its name, the problem it takes on, and the stages of
    /// the entrepreneurship pathway it has completed.
    struct VentureWork: Content { var name: String; var problem: String; var stagesCompleted: [String]; var canvasVersions: Int; var pitches: Int }
    struct Badge: Content { var title: String; var validFrom: String; var validUntil: String?; var status: BadgeStatus; var verifyUrl: String }

    var name: String
    var district: String
    var seats: [Seat]
    var work: [Work]
    var approvedMinutes: Int
    var credentials: [Badge]
    var placements: [WorkBasedLearning]
    var ventures: [VentureWork]
    var expiresAt: Date

    static func build(student: UUID, tenant: Tenant, app: Application, today: CalendarDate, expiresAt: Date) async throws -> PortfolioJSON {
        let person = try await tenant.find(Person.self, student)
        let district = try await District.stored(tenant.districtID, on: tenant.db)
        let memberships = try await tenant.query(Membership.self).filter(\.$student.$id == student).with(\.$team).with(\.$role).sort(\.$startsOn).all()
        let seats = memberships.map { Seat(team: $0.team.name, role: $0.role.name, startsOn: $0.startsOn, endsOn: $0.endsOn) }
        let rows = try await tenant.db.sql().raw("""
            SELECT t.engagement_id AS engagement, CAST(SUM(t.minutes) AS BIGINT) AS minutes
            FROM time_entries t
            WHERE t.district_id = \(bind: tenant.districtID) AND t.student_id = \(bind: student) AND t.status = 'approved'
            GROUP BY t.engagement_id
            """).all()
        var total = 0
        var work: [Work] = []
        let consented = Set(try await tenant.query(PortfolioConsent.self).all().map(\.clientID))
        for row in rows {
            let minutes = try row.decode(column: "minutes", as: Int.self)
            total += minutes
            guard let id = try row.decode(column: "engagement", as: UUID?.self),
                  let engagement = try await tenant.query(Engagement.self).filter(\.$id == id).with(\.$client).with(\.$team).first() else { continue }
            let accepted = try await tenant.query(Deliverable.self).filter(\.$engagement.$id == id).filter(\.$status == .accepted).sort(\.$dueOn).all()
            work.append(Work(engagement: engagement.title, client: consented.contains(engagement.$client.id) ? engagement.client.name : "a client (not named)",
                             team: engagement.team.name, approvedMinutes: minutes, acceptedDeliverables: accepted.map(\.title)))
        }
        let placements = try await completedPlacements(of: student, consented: consented, tenant: tenant)
        let base = BadgeIssuer.baseURL(app)
        let badges = try await tenant.query(IssuedCredential.self).filter(\.$studentID == student).filter(\.$revokedAt == nil).sort(\.$validFrom).all()
        return PortfolioJSON(name: person.shortName, district: district.name, seats: seats, work: work.sorted { $0.approvedMinutes > $1.approvedMinutes },
                             approvedMinutes: max(total, 0),
                             credentials: try badges.map { Badge(title: $0.title, validFrom: $0.validFrom, validUntil: $0.validUntil, status: $0.status(on: today),
                                                             verifyUrl: BadgeIssuer.verifyURL(try $0.requireID(), base: base)) },
                             placements: placements, ventures: try await ventures(of: student, tenant: tenant), expiresAt: expiresAt)
    }

    static func ventures(of student: UUID, tenant: Tenant) async throws -> [VentureWork] {
        let ids = try await tenant.query(VentureMember.self).filter(\.$studentID == student).all(\.$venture.$id)
        guard !ids.isEmpty else { return [] }
        let stages = try await VentureDirectory.stages(tenant)
        var result: [VentureWork] = []
        for venture in try await tenant.query(Venture.self).filter(\.$id ~~ ids).sort(\.$name).all() {
            let record = try await VentureDirectory.record(venture, tenant: tenant)
            let problem = try await venture.problemID.asyncMap { try await tenant.query(LoggedProblem.self).filter(\.$id == $0).first()?.title } ?? nil
            result.append(VentureWork(name: venture.name, problem: problem ?? "", stagesCompleted: stages.filter { StageProgress(stage: $0, record: record).isComplete }
                                        .map { "Year \($0.year): \($0.title)" }, canvasVersions: record.count(.canvasVersions), pitches: record.count(.pitches)))
        }
        return result
    }

    static func completedPlacements(of student: UUID, consented: Set<UUID>, tenant: Tenant) async throws -> [WorkBasedLearning] {
        let placements = try await tenant.query(Placement.self).filter(\.$studentID == student).filter(\.$status == .completed)
            .with(\.$opportunity).sort(\.$startsOn).all()
        var result: [WorkBasedLearning] = []
        for placement in placements {
            let id = try placement.requireID()
            let minutes = try await tenant.query(PlacementHours.self).filter(\.$placement.$id == id).filter(\.$status == .approved).all(\.$minutes).reduce(0, +)
            let final = try await tenant.query(PlacementEvaluation.self).filter(\.$placement.$id == id).filter(\.$point == .final).first()
            let partner = consented.contains(placement.partnerID) ? try await tenant.find(Client.self, placement.partnerID).name : "a partner (not named)"
            result.append(WorkBasedLearning(title: placement.opportunity.title, partner: partner, kind: placement.opportunity.kind.title,
                                            stage: placement.opportunity.stage.title, startsOn: placement.startsOn, endsOn: placement.endsOn,
                                            approvedMinutes: minutes, finalMeanTenths: final?.meanTenths, reflection: placement.reflection))
        }
        return result
    }
}
