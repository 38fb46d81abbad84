import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A stage of the pathway a venture completed, recorded once, the day its last artifact came in.
final class VentureStageCompletion: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "venture_stage_completions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "venture_id") var venture: Venture
    @Field(key: "year") var year: Int
    @Field(key: "title") var title: String
    @Field(key: "completed_on") var completedOn: String

    init() {}
}

struct CreateVentureStageCompletions: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(VentureStageCompletion.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("venture_id", .uuid, .required, .references(Venture.schema, "id"))
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("completed_on", .string, .required)
            .unique(on: "venture_id", "year")
            .create()
    }

    func revert(on db: any Database) async throws { try await db.schema(VentureStageCompletion.schema).delete() }
}

/// Inside every change that adds to a venture's record: stages it has just completed are
/// recorded, and where a stage awards a credential each member is given it, signed, in the same
/// change — with the credential pathways' milestones, as a recorded credential does elsewhere.
enum VentureCompletions {
    static func settle(_ ventureIDs: [UUID], tenant: Tenant, audit: AuditRecorder, app: Application, today: CalendarDate, now: Date,
                       awardedBy: (id: UUID, name: String)) async throws {
        let stages = try await VentureDirectory.stages(tenant)
        var students: Set<UUID> = []
        for venture in try await tenant.query(Venture.self).filter(\.$id ~~ ventureIDs).all() {
            let id = try venture.requireID()
            let record = try await VentureDirectory.record(venture, tenant: tenant)
            let done = Set(try await tenant.query(VentureStageCompletion.self).filter(\.$venture.$id == id).all(\.$year))
            let members = try await tenant.query(VentureMember.self).filter(\.$venture.$id == id).all(\.$studentID)
            for stage in stages where !done.contains(stage.year) && StageProgress(stage: stage, record: record).isComplete {
                let completion = VentureStageCompletion()
                completion.districtID = tenant.districtID
                completion.$venture.id = id
                completion.year = stage.year
                completion.title = stage.title
                completion.completedOn = today.description
                try await completion.create(on: tenant.db)
                audit.created("ventureStageCompletion", id: completion.id, ["ventureID": id.uuidString, "year": String(stage.year), "title": stage.title])
                students.formUnion(members)
                guard let credentialID = stage.awardsCredential, let credential = try await tenant.query(Credential.self).filter(\.$id == credentialID).first() else { continue }
                for member in members {
                    let attainment = CredentialAttainment()
                    attainment.districtID = tenant.districtID
                    attainment.studentID = member
                    attainment.$credential.id = credentialID
                    attainment.earnedOn = today.description
                    attainment.expiresOn = credential.validityMonths.map { today.adding(months: $0).description }
                    attainment.evidence = "Completed year \(stage.year) of the entrepreneurship pathway (\(stage.title)) with the venture \(venture.name)"
                    attainment.verifiedBy = awardedBy.id
                    try await attainment.create(on: tenant.db)
                    audit.created("credentialAttainment", id: attainment.id, ["studentID": member.uuidString, "credential": credential.title, "evidence": attainment.evidence])
                    let award = try BadgeIssuer.award(for: attainment, credential: credential, verifierName: awardedBy.name)
                    _ = try await BadgeIssuer.issue(award, to: try await tenant.find(Person.self, member), tenant: tenant, audit: audit, app: app, now: now)
                }
            }
        }
        guard !students.isEmpty else { return }
        try await PathwayRecords.awardMilestones(students: students, tenant: tenant, audit: audit, app: app, now: now)
        audit.emit(.students(students))
    }
}
