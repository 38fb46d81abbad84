import Fluent
import Foundation
import PathworkDomain
import Vapor

struct CanvasVersionJSON: Content {
    var id: UUID
    var number: Int
    var blocks: [String: String]
    var note: String
    var savedAt: Date

    init(_ v: CanvasVersion) throws {
        id = try v.requireID(); number = v.number; note = v.note; savedAt = v.savedAt
        blocks = Dictionary(uniqueKeysWithValues: v.canvas.blocks.map { ($0.key.rawValue, $0.value) })
    }
}

struct StageProgressJSON: Content {
    var year: Int
    var title: String
    var requirements: [Requirement]
    var complete: Bool
    var percent: Int

    struct Requirement: Content { var artifact: VentureArtifact; var count: Int; var done: Int }

    init(_ p: StageProgress) {
        year = p.stage.year; title = p.stage.title; complete = p.isComplete; percent = p.percent
        requirements = zip(p.stage.requirements, p.done).map { Requirement(artifact: $0.artifact, count: $0.count, done: $1) }
    }
}

struct VentureJSON: Content {
    var id: UUID
    var name: String
    var problemId: UUID?
    var pathwayCode: String
    var status: Venture.Status
    var members: [Member]
    var canvasVersions: Int
    var interviews: Int
    var prototypes: Int
    var stages: [StageProgressJSON]

    struct Member: Content { var studentId: UUID; var name: String }
}

/// Who reaches a venture (its members, staff, the mentors attached to it), the names they
/// read, and its progress through the district's stages.
enum VentureDirectory {
    static func reach(of viewer: Viewer, tenant: Tenant) async throws -> QueryBuilder<Venture>? {
        let query = tenant.query(Venture.self)
        if viewer.isStaff { return query }
        var ids: [UUID] = []
        if viewer.roles.contains(.student) { ids += try await tenant.query(VentureMember.self).filter(\.$studentID == viewer.personID).all(\.$venture.$id) }
        if viewer.roles.contains(.mentor) { ids += try await tenant.query(VentureMentor.self).filter(\.$mentorID == viewer.personID).all(\.$venture.$id) }
        return ids.isEmpty ? nil : query.filter(\.$id ~~ ids)
    }

    static func list(_ viewer: Viewer, tenant: Tenant) async throws -> [Venture] {
        try await reach(of: viewer, tenant: tenant)?.sort(\.$name).all() ?? []
    }

    /// One venture the viewer reaches; a mentor's look is a disclosure for each member.
    static func find(_ raw: String?, req: Request) async throws -> Venture {
        let viewer = try req.viewer
        let venture = try await req.tenant.find(Venture.self, raw)
        guard let query = try await reach(of: viewer, tenant: try req.tenant), try await query.filter(\.$id == venture.requireID()).first() != nil else {
            throw Abort(.notFound)
        }
        if viewer.isExternal {
            for member in try await req.tenant.query(VentureMember.self).filter(\.$venture.$id == venture.requireID()).all(\.$studentID) {
                try await req.discloseIfExternal(studentID: member, context: "venture: \(venture.name)")
            }
        }
        return venture
    }

    static func stages(_ tenant: Tenant) async throws -> [VentureStage] {
        guard let stored = try await tenant.query(VentureSequence.self).first() else { return VentureStage.threeYears }
        return try JSONDecoder().decode([VentureStage].self, from: Data(stored.stages.utf8))
    }

    /// What the venture has to show, counted from its records.
    static func record(_ venture: Venture, tenant: Tenant) async throws -> VentureRecord {
        let id = try venture.requireID()
        return VentureRecord(counts: [
            .problem: venture.problemID == nil ? 0 : 1,
            .canvasVersions: try await tenant.query(CanvasVersion.self).filter(\.$venture.$id == id).count(),
            .interviews: try await tenant.query(CustomerInterview.self).filter(\.$venture.$id == id).count(),
            .prototypes: try await tenant.query(Prototype.self).filter(\.$venture.$id == id).count(),
            .pitches: try await tenant.query(PitchSlot.self).filter(\.$venture.$id == id).join(PitchEvent.self, on: \PitchSlot.$event.$id == \PitchEvent.$id)
                .filter(PitchEvent.self, \.$status == .closed).count(),
        ])
    }

    static func json(_ venture: Venture, viewer: Viewer, tenant: Tenant) async throws -> VentureJSON {
        let id = try venture.requireID()
        let members = try await tenant.query(VentureMember.self).filter(\.$venture.$id == id).all(\.$studentID)
        let people = try await tenant.query(Person.self).filter(\.$id ~~ members).sort(\.$givenName).all()
        let record = try await record(venture, tenant: tenant)
        return VentureJSON(id: id, name: venture.name, problemId: venture.problemID, pathwayCode: venture.pathwayCode, status: venture.status,
                           members: try people.map { .init(studentId: try $0.requireID(), name: viewer.isExternal ? $0.shortName : $0.fullName) },
                           canvasVersions: record.count(.canvasVersions), interviews: record.count(.interviews), prototypes: record.count(.prototypes),
                           stages: try await stages(tenant).map { StageProgressJSON(StageProgress(stage: $0, record: record)) })
    }
}
