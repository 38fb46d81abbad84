import Fluent
import Foundation
import PathworkDomain
import Vapor

struct VentureInput: Content {
    var name: String?
    var problemId: UUID?
    var pathwayCode: String?
    var memberIds: [UUID]?
}

struct CanvasInput: Content {
    var blocks: [String: String]?
    var note: String?

    init(blocks: [String: String]?, note: String?) {
        self.blocks = blocks
        self.note = note
    }

    private enum Keys: String, CodingKey { case blocks, note }
    private struct BlockKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads the canvas's nine blocks by name and nothing else, as the document describes them.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        guard container.contains(.blocks) else { return }
        let blocks = try container.nestedContainer(keyedBy: BlockKey.self, forKey: .blocks)
        var found: [String: String] = [:]
        for block in CanvasBlock.allCases {
            if let text = try blocks.decodeIfPresent(String.self, forKey: BlockKey(stringValue: block.rawValue)) { found[block.rawValue] = text }
        }
        self.blocks = found
    }
}

struct InterviewInput: Content {
    var interviewedOn: String?
    var who: String?
    var learned: String?
}

struct PrototypeInput: Content {
    var title: String?
    var details: String?
    var madeOn: String?
}

/// Ventures: a team adopting a problem, canvas versions saved one after another, customer
/// interviews, prototypes and the partners' mentors attached.
enum VenturesWriter {
    /// Students start a venture with themselves on it; staff for any students.
    static func create(_ input: VentureInput, on req: Request) async throws -> Venture {
        let viewer = try req.viewer
        try ProblemLog.require(viewer)
        let tenant = try req.tenant
        var errors: [FieldError] = []
        let name = input.name?.trimmed ?? ""
        if !(1...120).contains(name.count) { errors.append(FieldError(field: "name", message: "Name the venture (up to 120 characters).")) }
        let code = input.pathwayCode?.trimmed ?? ""
        if !code.isEmpty && !PathwayLinks.isLinkable(code) { errors.append(FieldError(field: "pathwayCode", message: "\(code) is not a pathway of the Career Clusters framework.")) }
        if let problem = input.problemId, try await tenant.query(LoggedProblem.self).filter(\.$id == problem).filter(\.$status == .open).first() == nil {
            errors.append(.reference(field: "problemId", message: "Choose an open problem from the log."))
        }
        var members = Set(input.memberIds ?? [])
        if viewer.roles.contains(.student) && !viewer.isStaff { members.insert(viewer.personID) }
        let students = Set(try await tenant.query(RoleAssignment.self).filter(\.$person.$id ~~ Array(members)).filter(\.$role == .student).all(\.$person.$id))
        if members.isEmpty { errors.append(.rule(field: "memberIds", message: "Name the students on the venture.")) }
        else if let stranger = members.first(where: { !students.contains($0) }) {
            errors.append(.reference(field: "memberIds", message: "\(stranger) is not a student of the district."))
        }
        if members.count > 12 { errors.append(.rule(field: "memberIds", message: "A venture team has at most 12 students.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let today = req.today
        let team = members
        let context = try Context(req)
        return try await req.change { tenant, audit in
            let venture = Venture()
            venture.districtID = tenant.districtID
            venture.name = name
            venture.problemID = input.problemId
            venture.pathwayCode = code
            venture.status = .active
            venture.createdBy = viewer.personID
            try await venture.create(on: tenant.db)
            for student in team.sorted() {
                let member = VentureMember()
                member.districtID = tenant.districtID
                member.$venture.id = try venture.requireID()
                member.studentID = student
                member.joinedOn = today.description
                try await member.create(on: tenant.db)
            }
            audit.created("venture", id: venture.id, ["name": name, "problemID": input.problemId?.uuidString ?? "", "members": team.map(\.uuidString).sorted().joined(separator: ",")])
            try await recorded(try venture.requireID(), tenant: tenant, audit: audit, context: context)
            return venture
        }
    }

    /// The venture the viewer works on: a member, or staff. Anyone else gets 404.
    static func working(_ raw: String?, req: Request) async throws -> Venture {
        let viewer = try req.viewer
        let venture = try await req.tenant.find(Venture.self, raw)
        if viewer.isStaff { return venture }
        guard try await req.tenant.query(VentureMember.self).filter(\.$venture.$id == venture.requireID()).filter(\.$studentID == viewer.personID).first() != nil
        else { throw Abort(.notFound) }
        return venture
    }

    /// Saves a new version; earlier ones are never changed. Numbered inside the change, so two
    /// saves at once become two versions in order.
    static func saveCanvas(_ raw: String?, _ input: CanvasInput, on req: Request) async throws -> CanvasVersion {
        let viewer = try req.viewer
        let found = try await working(raw, req: req)
        var blocks: [CanvasBlock: String] = [:]
        var errors: [FieldError] = []
        for (key, text) in input.blocks ?? [:] {
            guard let block = CanvasBlock(rawValue: key) else { errors.append(FieldError(field: "blocks.\(key)", message: "\(key) is not a block of the canvas.")); continue }
            blocks[block] = text
        }
        let canvas = BusinessModelCanvas(blocks: blocks)
        errors += canvas.problems().map { .rule(field: $0.field, message: $0.message) }
        let note = input.note?.trimmed ?? ""
        if note.count > 500 { errors.append(FieldError(field: "note", message: "Keep the note under 500 characters.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let json = try StoredJSON.string(Dictionary(uniqueKeysWithValues: canvas.blocks.map { ($0.key.rawValue, $0.value) }))
        let now = req.now
        let context = try Context(req)
        return try await req.change { tenant, audit in
            let id = try found.requireID()
            let latest = try await tenant.query(CanvasVersion.self).filter(\.$venture.$id == id).sort(\.$number, .descending).first()
            guard latest?.canvas != canvas else {
                throw PathworkError.conflict("canvas.unchanged", "This is the same as version \(latest!.number); change a block to save a new version.")
            }
            let version = CanvasVersion()
            version.districtID = tenant.districtID
            version.$venture.id = id
            version.number = (latest?.number ?? 0) + 1
            version.blocks = json
            version.note = note
            version.savedBy = viewer.personID
            version.savedAt = now
            try await version.create(on: tenant.db)
            audit.created("canvasVersion", id: version.id, ["ventureID": id.uuidString, "number": String(version.number), "blocks": json])
            try await recorded(id, tenant: tenant, audit: audit, context: context)
            return version
        }
    }

    /// What a change to a venture's record needs to settle stages inside it.
    struct Context: Sendable {
        let app: Application
        let today: CalendarDate
        let now: Date
        let by: UUID
        let name: String

        init(_ req: Request) throws {
            let viewer = try req.viewer
            (app, today, now, by, name) = (req.application, req.today, req.now, viewer.personID, "\(viewer.givenName) \(viewer.familyName)")
        }
    }

    /// After a venture's record grows: its members' outcomes move, and a stage it has just
    /// completed is recorded (and awarded).
    static func recorded(_ venture: UUID, tenant: Tenant, audit: AuditRecorder, context: Context) async throws {
        audit.emit(.students(Set(try await tenant.query(VentureMember.self).filter(\.$venture.$id == venture).all(\.$studentID))))
        try await VentureCompletions.settle([venture], tenant: tenant, audit: audit, app: context.app, today: context.today, now: context.now,
                                            awardedBy: (context.by, context.name))
    }

    static func interview(_ raw: String?, _ input: InterviewInput, on req: Request) async throws -> CustomerInterview {
        let viewer = try req.viewer
        let found = try await working(raw, req: req)
        var errors: [FieldError] = []
        let day = CalendarDate(iso: input.interviewedOn ?? "")
        if day == nil { errors.append(FieldError(field: "interviewedOn", message: "Enter the day of the interview as YYYY-MM-DD.")) }
        else if day! > req.today { errors.append(.rule(field: "interviewedOn", message: "The interview happened today or earlier.")) }
        let who = input.who?.trimmed ?? "", learned = input.learned?.trimmed ?? ""
        if !(1...200).contains(who.count) { errors.append(FieldError(field: "who", message: "Describe who you talked to, without their name (for example, \"a stage manager\").")) }
        if !(1...2000).contains(learned.count) { errors.append(FieldError(field: "learned", message: "Say what you learned (up to 2,000 characters).")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let context = try Context(req)
        return try await req.change { tenant, audit in
            let interview = CustomerInterview()
            interview.districtID = tenant.districtID
            interview.$venture.id = try found.requireID()
            interview.interviewedOn = day!.description
            interview.who = who
            interview.learned = learned
            interview.loggedBy = viewer.personID
            try await interview.create(on: tenant.db)
            audit.created("customerInterview", id: interview.id, ["ventureID": try found.requireID().uuidString, "who": who])
            try await recorded(try found.requireID(), tenant: tenant, audit: audit, context: context)
            return interview
        }
    }

    static func prototype(_ raw: String?, _ input: PrototypeInput, file: File?, on req: Request) async throws -> Prototype {
        let viewer = try req.viewer
        let found = try await working(raw, req: req)
        var errors: [FieldError] = []
        let title = input.title?.trimmed ?? ""
        if !(1...200).contains(title.count) { errors.append(FieldError(field: "title", message: "Name the prototype (up to 200 characters).")) }
        let day = CalendarDate(iso: input.madeOn ?? "")
        if day == nil { errors.append(FieldError(field: "madeOn", message: "Enter the day it was made as YYYY-MM-DD.")) }
        else if day! > req.today { errors.append(.rule(field: "madeOn", message: "It was made today or earlier.")) }
        if (input.details?.count ?? 0) > 2000 { errors.append(FieldError(field: "details", message: "Keep it under 2,000 characters.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let prototype = Prototype()
        prototype.id = UUID()
        prototype.districtID = found.districtID
        prototype.$venture.id = try found.requireID()
        prototype.title = title
        prototype.details = input.details?.trimmed ?? ""
        prototype.madeOn = day!.description
        prototype.loggedBy = viewer.personID
        let context = try Context(req)
        var stored: AttachmentStore.StoredFile?
        if let file, file.data.readableBytes > 0 {
            stored = try AttachmentStore.store(file, district: found.districtID, id: try prototype.requireID(), dataDirectory: req.pathwork.config.dataDirectory)
            prototype.fileFilename = stored?.filename
            prototype.fileContentType = stored?.contentType
        }
        do {
            return try await req.change { tenant, audit in
                try await prototype.create(on: tenant.db)
                audit.created("prototype", id: prototype.id, ["ventureID": try found.requireID().uuidString, "title": title, "file": prototype.fileFilename ?? ""])
                try await recorded(try found.requireID(), tenant: tenant, audit: audit, context: context)
                return prototype
            }
        } catch {
            if let stored { try? FileManager.default.removeItem(atPath: stored.path) }
            throw error
        }
    }

    /// Staff attach a partner's mentor, who then reads the venture in the limited form.
    static func addMentor(_ raw: String?, mentor: UUID?, on req: Request) async throws -> VentureMentor {
        try req.viewer.require(.manageTeams)
        let venture = try await req.tenant.find(Venture.self, raw)
        guard let mentor, try await req.tenant.roles(of: mentor).contains(.mentor) else {
            throw PathworkError.invalid([.reference(field: "mentorId", message: "Choose a mentor.")])
        }
        return try await req.change { tenant, audit in
            if try await tenant.query(VentureMentor.self).filter(\.$venture.$id == venture.requireID()).filter(\.$mentorID == mentor).first() != nil {
                throw PathworkError.conflict("venture.mentor", "This mentor already works with the venture.")
            }
            let link = VentureMentor()
            link.districtID = tenant.districtID
            link.$venture.id = try venture.requireID()
            link.mentorID = mentor
            try await link.create(on: tenant.db)
            audit.created("ventureMentor", id: link.id, ["ventureID": try venture.requireID().uuidString, "mentorID": mentor.uuidString])
            return link
        }
    }
}
