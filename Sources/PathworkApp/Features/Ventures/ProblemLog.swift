import Fluent
import Foundation
import PathworkDomain
import Vapor

struct ProblemInput: Content {
    var title: String?
    var location: String?
    var affected: String?
    var frequency: String?
    var details: String?
    var walkId: UUID?
}

struct CurationInput: Content {
    var pathwayCodes: [String]?
    var status: String?
}

struct ProblemJSON: Content {
    var id: UUID
    var title: String
    var location: String
    var affected: String
    var frequency: LoggedProblem.Frequency
    var details: String
    var walkId: UUID?
    var loggedBy: String
    var pathwayCodes: [String]
    var status: LoggedProblem.Status
    var mergedInto: UUID?
    var hasPhoto: Bool
    var echoes: Int
    var echoedByMe: Bool
    var loggedAt: Date?
}

/// The problem log: students log what frustrates people on opportunity walks; classmates say
/// "me too" and comment; teachers tag pathways, archive, and merge duplicates into one.
enum ProblemLog {
    /// Teachers curate: admins, coordinators and team leads.
    static func curates(_ viewer: Viewer) -> Bool { viewer.roles.contains { $0 == .admin || $0 == .coordinator || $0 == .lead } }

    /// Who reads and writes in the log: the district's staff and students.
    static func require(_ viewer: Viewer) throws {
        guard viewer.isStaff || viewer.roles.contains(.student) else { throw Abort(.forbidden, reason: "The problem log is for students and staff.") }
    }

    static func log(_ input: ProblemInput, photo: File?, on req: Request) async throws -> LoggedProblem {
        let viewer = try req.viewer
        try require(viewer)
        let tenant = try req.tenant
        var errors: [FieldError] = []
        let title = input.title?.trimmed ?? ""
        if !(1...200).contains(title.count) { errors.append(FieldError(field: "title", message: "Say what the problem is (up to 200 characters).")) }
        for (field, value, limit) in [("location", input.location, 200), ("affected", input.affected, 200), ("details", input.details, 2000)] where (value?.count ?? 0) > limit {
            errors.append(FieldError(field: field, message: "Keep it under \(limit) characters."))
        }
        let frequency = input.frequency.flatMap(LoggedProblem.Frequency.init(rawValue:))
        if frequency == nil { errors.append(FieldError(field: "frequency", message: "Say how often it happens.")) }
        if let walk = input.walkId, try await tenant.query(OpportunityWalk.self).filter(\.$id == walk).first() == nil {
            errors.append(.reference(field: "walkId", message: "Choose one of the district's opportunity walks."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let problem = LoggedProblem()
        problem.id = UUID()
        problem.districtID = tenant.districtID
        problem.walkID = input.walkId
        problem.loggedBy = viewer.personID
        problem.title = title
        problem.location = input.location?.trimmed ?? ""
        problem.affected = input.affected?.trimmed ?? ""
        problem.frequency = frequency!
        problem.details = input.details?.trimmed ?? ""
        problem.pathwayCodes = ""
        problem.status = .open
        var stored: AttachmentStore.StoredFile?
        if let photo, photo.data.readableBytes > 0 {
            stored = try AttachmentStore.store(photo, district: tenant.districtID, id: try problem.requireID(), dataDirectory: req.pathwork.config.dataDirectory)
            guard stored!.contentType == "image/png" || stored!.contentType == "image/jpeg" else {
                try? FileManager.default.removeItem(atPath: stored!.path)
                throw PathworkError.invalid([FieldError(field: "photo", message: "Attach a photo as PNG or JPEG.")])
            }
            problem.photoFilename = stored!.filename
            problem.photoContentType = stored!.contentType
        }
        do {
            return try await req.change { tenant, audit in
                try await problem.create(on: tenant.db)
                audit.created("loggedProblem", id: problem.id, ["title": problem.title, "location": problem.location, "frequency": problem.frequency.rawValue])
                return problem
            }
        } catch {
            if let stored { try? FileManager.default.removeItem(atPath: stored.path) }
            throw error
        }
    }

    /// "Me too", once a person; `on: false` takes it back.
    static func echo(_ raw: String?, on: Bool, req: Request) async throws -> LoggedProblem {
        let viewer = try req.viewer
        try require(viewer)
        let found = try await req.tenant.find(LoggedProblem.self, raw)
        return try await req.change { tenant, audit in
            let problem = try await tenant.find(LoggedProblem.self, found.requireID())
            let existing = try await tenant.query(ProblemEcho.self).filter(\.$problem.$id == problem.requireID()).filter(\.$personID == viewer.personID).first()
            if on {
                guard problem.status == .open else { throw PathworkError.conflict("problem.closed", "This problem is \(problem.status.rawValue); add your \"me too\" to the one it was merged into.") }
                guard existing == nil else { throw PathworkError.conflict("problem.echoed", "You already said \"me too\".") }
                let echo = ProblemEcho()
                echo.districtID = tenant.districtID
                echo.$problem.id = try problem.requireID()
                echo.personID = viewer.personID
                try await echo.create(on: tenant.db)
                audit.created("problemEcho", id: echo.id, ["problemID": try problem.requireID().uuidString])
            } else if let existing {
                audit.deleted("problemEcho", id: existing.id, ["problemID": try problem.requireID().uuidString])
                try await existing.delete(on: tenant.db)
            }
            return problem
        }
    }

    static func comment(_ raw: String?, body: String?, req: Request) async throws -> ProblemComment {
        let viewer = try req.viewer
        try require(viewer)
        let text = body?.trimmed ?? ""
        guard (1...1000).contains(text.count) else { throw PathworkError.invalid([FieldError(field: "body", message: "Write your comment (up to 1,000 characters).")]) }
        let problem = try await req.tenant.find(LoggedProblem.self, raw)
        return try await req.change { tenant, audit in
            let comment = ProblemComment()
            comment.districtID = tenant.districtID
            comment.$problem.id = try problem.requireID()
            comment.authorID = viewer.personID
            comment.body = text
            try await comment.create(on: tenant.db)
            audit.created("problemComment", id: comment.id, ["problemID": try problem.requireID().uuidString, "body": text])
            return comment
        }
    }

    /// A teacher tags pathways or archives (or reopens) a problem.
    static func curate(_ raw: String?, _ input: CurationInput, req: Request) async throws -> LoggedProblem {
        let viewer = try req.viewer
        guard curates(viewer) else { throw Abort(.forbidden, reason: "Teachers curate the log.") }
        var errors: [FieldError] = []
        let codes = (input.pathwayCodes ?? []).map(\.trimmed).filter { !$0.isEmpty }
        if let bad = codes.first(where: { !PathwayLinks.isLinkable($0) }) {
            errors.append(FieldError(field: "pathwayCodes", message: "\(bad) is not a pathway of the Career Clusters framework."))
        }
        let status = input.status.map { LoggedProblem.Status(rawValue: $0) }
        if case .some(let chosen) = status, chosen == nil || chosen == .merged {
            errors.append(FieldError(field: "status", message: "Choose open or archived; merge a duplicate instead of marking it merged."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let found = try await req.tenant.find(LoggedProblem.self, raw)
        return try await req.change { tenant, audit in
            let problem = try await tenant.find(LoggedProblem.self, found.requireID())
            let before = ["pathwayCodes": problem.pathwayCodes, "status": problem.status.rawValue]
            if input.pathwayCodes != nil { problem.pathwayCodes = Array(Set(codes)).sorted().joined(separator: ",") }
            if let chosen = status ?? nil {
                guard problem.status != .merged else { throw PathworkError.conflict("problem.merged", "A merged problem stays merged.") }
                problem.status = chosen
            }
            try await problem.save(on: tenant.db)
            audit.updated("loggedProblem", id: problem.id, from: before, to: ["pathwayCodes": problem.pathwayCodes, "status": problem.status.rawValue])
            return problem
        }
    }

    /// Merges a duplicate into another problem: its "me too"s (once a person), comments, tags
    /// and ventures move there, and it points there from then on.
    static func merge(_ raw: String?, into target: UUID?, req: Request) async throws -> LoggedProblem {
        let viewer = try req.viewer
        guard curates(viewer) else { throw Abort(.forbidden, reason: "Teachers curate the log.") }
        let found = try await req.tenant.find(LoggedProblem.self, raw)
        guard let target, try await req.tenant.query(LoggedProblem.self).filter(\.$id == target).first() != nil else {
            throw PathworkError.invalid([.reference(field: "into", message: "Choose the problem to merge it into.")])
        }
        guard target != found.id else { throw PathworkError.invalid([.rule(field: "into", message: "A problem is not merged into itself.")]) }
        return try await req.change { tenant, audit in
            let duplicate = try await tenant.find(LoggedProblem.self, found.requireID())
            let keeper = try await tenant.find(LoggedProblem.self, target)
            guard duplicate.status != .merged, keeper.status != .merged else {
                throw PathworkError.conflict("problem.merged", "Merge into a problem that is not itself merged, from one not yet merged.")
            }
            let echoed = Set(try await tenant.query(ProblemEcho.self).filter(\.$problem.$id == target).all(\.$personID))
            for echo in try await tenant.query(ProblemEcho.self).filter(\.$problem.$id == duplicate.requireID()).all() {
                if echoed.contains(echo.personID) || echo.personID == keeper.loggedBy { try await echo.delete(on: tenant.db) }
                else { echo.$problem.id = target; try await echo.save(on: tenant.db) }
            }
            // The duplicate's author says "me too" on the problem it joins.
            if !echoed.contains(duplicate.loggedBy) && duplicate.loggedBy != keeper.loggedBy {
                let echo = ProblemEcho()
                echo.districtID = tenant.districtID
                echo.$problem.id = target
                echo.personID = duplicate.loggedBy
                try await echo.create(on: tenant.db)
            }
            for comment in try await tenant.query(ProblemComment.self).filter(\.$problem.$id == duplicate.requireID()).all() {
                comment.$problem.id = target
                try await comment.save(on: tenant.db)
            }
            for venture in try await tenant.query(Venture.self).filter(\.$problemID == duplicate.requireID()).all() {
                venture.problemID = target
                try await venture.save(on: tenant.db)
            }
            keeper.pathwayCodes = Array(Set(keeper.pathways + duplicate.pathways)).sorted().joined(separator: ",")
            try await keeper.save(on: tenant.db)
            duplicate.status = .merged
            duplicate.mergedInto = target
            try await duplicate.save(on: tenant.db)
            audit.updated("loggedProblem", id: duplicate.id, from: ["status": "open"], to: ["status": "merged", "mergedInto": target.uuidString])
            return keeper
        }
    }

    static func json(_ problems: [LoggedProblem], viewer: Viewer, tenant: Tenant) async throws -> [ProblemJSON] {
        let ids = problems.compactMap(\.id)
        let echoes = ids.isEmpty ? [] : try await tenant.query(ProblemEcho.self).filter(\.$problem.$id ~~ ids).all()
        let people = Dictionary(try await tenant.query(Person.self).filter(\.$id ~~ problems.map(\.loggedBy)).all().map { (try $0.requireID(), $0) },
                                uniquingKeysWith: { a, _ in a })
        return try problems.map { p in
            let id = try p.requireID()
            let mine = echoes.filter { $0.$problem.id == id }
            return ProblemJSON(id: id, title: p.title, location: p.location, affected: p.affected, frequency: p.frequency, details: p.details, walkId: p.walkID,
                               loggedBy: (viewer.isStaff ? people[p.loggedBy]?.fullName : people[p.loggedBy]?.shortName) ?? "—", pathwayCodes: p.pathways,
                               status: p.status, mergedInto: p.mergedInto, hasPhoto: p.photoFilename != nil, echoes: mine.count,
                               echoedByMe: mine.contains { $0.personID == viewer.personID }, loggedAt: p.createdAt)
        }
    }
}
