import Fluent
import Foundation
import PathworkDomain
import Vapor

/// `/api/v1` for the problem log, ventures, canvas versions, interviews, prototypes, mentors
/// and the pathway's stages.
enum VenturesAPI {
    static let problemQuery: [QueryParameter] = [
        .choice("status", LoggedProblem.Status.allCases.map(\.rawValue), "open (default), merged or archived"),
        .uuid("walkId", "Only problems logged on this opportunity walk"),
        .choice("pathway", PathwayLinks.codeSchemaValues, "Only problems tagged with this pathway"),
    ]

    static func problems(_ req: Request) async throws -> [LoggedProblem] {
        try ProblemLog.require(try req.viewer)
        let values = try QueryParameter.filterForm(req.url, declared: problemQuery)
        var query = try req.tenant.query(LoggedProblem.self).filter(\.$status == (values["status"].flatMap(LoggedProblem.Status.init(rawValue:)) ?? .open))
        if let walk = values["walkId"].flatMap(UUID.init(uuidString:)) { query = query.filter(\.$walkID == walk) }
        let found = try await query.sort(\.$createdAt, .descending).all()
        guard let pathway = values["pathway"] else { return found }
        return found.filter { $0.pathways.contains(pathway) }
    }

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        defineSchemas(registry)
        let tag = "Ventures"
        api.endpoint(APIOperation(method: .GET, path: ["problems"], summary: "The problem log, newest first", tag: tag, query: problemQuery,
                                  response: .array(.ref("LoggedProblem"))), registry: registry) { req in
            try await ProblemLog.json(try await problems(req), viewer: try req.viewer, tenant: try req.tenant)
        }
        api.endpoint(APIOperation(method: .POST, path: ["problems"], summary: "Log a problem (a photo goes with the page's form)", tag: tag,
                                  body: .ref("LoggedProblemInput"), response: .ref("LoggedProblem"), success: .created), registry: registry) { req in
            let problem = try await ProblemLog.log(try req.input(ProblemInput.self), photo: nil, on: req)
            return try await ProblemLog.json([problem], viewer: try req.viewer, tenant: try req.tenant)[0].encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["problems", ":problemID"], summary: "One problem", tag: tag, response: .ref("LoggedProblem")), registry: registry) { req in
            try ProblemLog.require(try req.viewer)
            return try await ProblemLog.json([try await req.tenant.find(LoggedProblem.self, req.parameters.get("problemID"))], viewer: try req.viewer, tenant: try req.tenant)[0]
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["problems", ":problemID"], summary: "A teacher tags pathways, archives or reopens", tag: tag,
                                  body: .object([("pathwayCodes", .list(PathwayLinks.codeSchema, minItems: 0, maxItems: 10)), ("status", .enumeration(["open", "archived"]))], required: []),
                                  response: .ref("LoggedProblem"), rules: [OperationRule(code: "problem.merged", says: "a merged problem stays merged")]), registry: registry) { req in
            let problem = try await ProblemLog.curate(req.parameters.get("problemID"), try req.input(CurationInput.self), req: req)
            return try await ProblemLog.json([problem], viewer: try req.viewer, tenant: try req.tenant)[0]
        }
        api.endpoint(APIOperation(method: .POST, path: ["problems", ":problemID", "merge"], summary: "Merge a duplicate into another problem", tag: tag,
                                  body: .object([("into", .string(format: "uuid"))], required: ["into"]), response: .ref("LoggedProblem"),
                                  rules: [.rule("a problem is not merged into itself"), OperationRule(code: "problem.merged", says: "neither problem is already merged")]),
                     registry: registry) { req in
            let keeper = try await ProblemLog.merge(req.parameters.get("problemID"), into: try req.input(UUID?.self, at: "into"), req: req)
            return try await ProblemLog.json([keeper], viewer: try req.viewer, tenant: try req.tenant)[0]
        }
        for on in [true, false] {
            api.endpoint(APIOperation(method: on ? .POST : .DELETE, path: ["problems", ":problemID", "echo"], summary: on ? "Say \"me too\"" : "Take back a \"me too\"",
                                      tag: tag, response: .ref("LoggedProblem"),
                                      rules: on ? [OperationRule(code: "problem.*", says: "the problem is open and the caller has not said \"me too\" yet")] : []),
                         registry: registry) { req in
                let problem = try await ProblemLog.echo(req.parameters.get("problemID"), on: on, req: req)
                return try await ProblemLog.json([problem], viewer: try req.viewer, tenant: try req.tenant)[0]
            }
        }
        api.endpoint(APIOperation(method: .POST, path: ["problems", ":problemID", "comments"], summary: "Comment on a problem", tag: tag,
                                  body: .object([("body", .words(maxLength: 1000))], required: ["body"]),
                                  response: .object([("id", .string(format: "uuid")), ("body", .string())], required: ["id", "body"]), success: .created),
                     registry: registry) { req in
            let comment = try await ProblemLog.comment(req.parameters.get("problemID"), body: try req.input(String.self, at: "body"), req: req)
            return try await ["id": try comment.requireID().uuidString, "body": comment.body].encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["ventures"], summary: "Ventures the caller reaches (members their own, mentors theirs, staff all)",
                                  tag: tag, response: .array(.ref("Venture"))), registry: registry) { req in
            let viewer = try req.viewer
            var result: [VentureJSON] = []
            for venture in try await VentureDirectory.list(viewer, tenant: try req.tenant) { result.append(try await VentureDirectory.json(venture, viewer: viewer, tenant: try req.tenant)) }
            return result
        }
        api.endpoint(APIOperation(method: .POST, path: ["ventures"], summary: "Start a venture on a problem", tag: tag, body: .ref("VentureInput"),
                                  response: .ref("Venture"), success: .created,
                                  rules: [.rule("at most 12 students, and at least one (a student starting one is on it)"), OperationRule(code: "reference.missing", says: "the problem is open; the members are students")]),
                     registry: registry) { req in
            let venture = try await VenturesWriter.create(try req.input(VentureInput.self), on: req)
            return try await VentureDirectory.json(venture, viewer: try req.viewer, tenant: try req.tenant).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["ventures", ":ventureID"], summary: "A venture with its stages", tag: tag, response: .ref("Venture")),
                     registry: registry) { req in
            try await VentureDirectory.json(try await VentureDirectory.find(req.parameters.get("ventureID"), req: req), viewer: try req.viewer, tenant: try req.tenant)
        }
        api.endpoint(APIOperation(method: .GET, path: ["ventures", ":ventureID", "canvas-versions"], summary: "Every saved canvas version, oldest first",
                                  tag: tag, response: .array(.ref("CanvasVersion"))), registry: registry) { req in
            let venture = try await VentureDirectory.find(req.parameters.get("ventureID"), req: req)
            return try await req.tenant.query(CanvasVersion.self).filter(\.$venture.$id == venture.requireID()).sort(\.$number).all().map(CanvasVersionJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["ventures", ":ventureID", "canvas-versions"], summary: "Save a new canvas version", tag: tag,
                                  body: .object([("blocks", .object(CanvasBlock.allCases.map { ($0.rawValue, .text(minLength: 0, maxLength: BusinessModelCanvas.maximumBlockLength)) }, required: [])),
                                                 ("note", .text(minLength: 0, maxLength: 500))], required: ["blocks"]),
                                  response: .ref("CanvasVersion"), success: .created,
                                  rules: [.rule("at least one block is written"), OperationRule(code: "canvas.unchanged", says: "the canvas differs from the latest version")]),
                     registry: registry) { req in
            try await CanvasVersionJSON(try await VenturesWriter.saveCanvas(req.parameters.get("ventureID"), try req.input(CanvasInput.self), on: req))
                .encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["ventures", ":ventureID", "interviews"], summary: "Log a customer interview", tag: tag,
                                  body: .object([("interviewedOn", .string(format: "date")), ("who", .words(maxLength: 200)), ("learned", .words(maxLength: 2000))],
                                                required: ["interviewedOn", "who", "learned"]),
                                  response: .object([("id", .string(format: "uuid"))], required: ["id"]), success: .created,
                                  rules: [.rule("the interview is today or earlier")]), registry: registry) { req in
            let interview = try await VenturesWriter.interview(req.parameters.get("ventureID"), try req.input(InterviewInput.self), on: req)
            return try await ["id": try interview.requireID().uuidString].encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["ventures", ":ventureID", "prototypes"], summary: "Record a prototype (a file goes with the page's form)", tag: tag,
                                  body: .object([("title", .words(maxLength: 200)), ("details", .text(minLength: 0, maxLength: 2000)), ("madeOn", .string(format: "date"))],
                                                required: ["title", "madeOn"]),
                                  response: .object([("id", .string(format: "uuid"))], required: ["id"]), success: .created,
                                  rules: [.rule("it was made today or earlier")]), registry: registry) { req in
            let prototype = try await VenturesWriter.prototype(req.parameters.get("ventureID"), try req.input(PrototypeInput.self), file: nil, on: req)
            return try await ["id": try prototype.requireID().uuidString].encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["ventures", ":ventureID", "mentors"], summary: "Attach a partner's mentor", tag: tag,
                                  body: .object([("mentorId", .string(format: "uuid"))], required: ["mentorId"]),
                                  response: .object([("id", .string(format: "uuid"))], required: ["id"]), success: .created,
                                  rules: [OperationRule(code: "venture.mentor", says: "the mentor is not attached already")]), registry: registry) { req in
            let link = try await VenturesWriter.addMentor(req.parameters.get("ventureID"), mentor: try req.input(UUID?.self, at: "mentorId"), on: req)
            return try await ["id": try link.requireID().uuidString].encodeResponse(status: .created, for: req)
        }
    }

    static func defineSchemas(_ registry: APIRegistry) {
        registry.define("LoggedProblemInput", .object([
            ("title", .words(maxLength: 200)), ("location", .text(minLength: 0, maxLength: 200)), ("affected", .text(minLength: 0, maxLength: 200)),
            ("frequency", .enumeration(LoggedProblem.Frequency.allCases.map(\.rawValue))), ("details", .text(minLength: 0, maxLength: 2000)),
            ("walkId", .string(format: "uuid")),
        ], required: ["title", "frequency"]))
        registry.define("LoggedProblem", .object([
            ("id", .string(format: "uuid")), ("title", .string()), ("location", .string()), ("affected", .string()),
            ("frequency", .enumeration(LoggedProblem.Frequency.allCases.map(\.rawValue))), ("details", .string()), ("walkId", .string(format: "uuid")),
            ("loggedBy", .string()), ("pathwayCodes", .array(.string())), ("status", .enumeration(LoggedProblem.Status.allCases.map(\.rawValue))),
            ("mergedInto", .string(format: "uuid")), ("hasPhoto", .boolean), ("echoes", .integer()), ("echoedByMe", .boolean), ("loggedAt", .string(format: "date-time")),
        ], required: ["id", "title", "location", "affected", "frequency", "details", "loggedBy", "pathwayCodes", "status", "hasPhoto", "echoes", "echoedByMe"]))
        registry.define("VentureInput", .object([
            ("name", .words(maxLength: 120)), ("problemId", .string(format: "uuid")), ("pathwayCode", PathwayLinks.codeSchema.orBlank),
            ("memberIds", .list(.string(format: "uuid"), minItems: 0, maxItems: 12)),
        ], required: ["name"]))
        let requirement = Schema.object([("artifact", .enumeration(VentureArtifact.allCases.map(\.rawValue))), ("count", .integer()), ("done", .integer())],
                                        required: ["artifact", "count", "done"])
        registry.define("Venture", .object([
            ("id", .string(format: "uuid")), ("name", .string()), ("problemId", .string(format: "uuid")), ("pathwayCode", .string()),
            ("status", .enumeration(Venture.Status.allCases.map(\.rawValue))),
            ("members", .array(.object([("studentId", .string(format: "uuid")), ("name", .string())], required: ["studentId", "name"]))),
            ("canvasVersions", .integer()), ("interviews", .integer()), ("prototypes", .integer()),
            ("stages", .array(.object([("year", .integer()), ("title", .string()), ("requirements", .array(requirement)), ("complete", .boolean), ("percent", .integer())],
                                      required: ["year", "title", "requirements", "complete", "percent"]))),
        ], required: ["id", "name", "pathwayCode", "status", "members", "canvasVersions", "interviews", "prototypes", "stages"]))
        registry.define("CanvasVersion", .object([
            ("id", .string(format: "uuid")), ("number", .integer()), ("blocks", .dictionary(.string())), ("note", .string()), ("savedAt", .string(format: "date-time")),
        ], required: ["id", "number", "blocks", "note", "savedAt"]))
    }
}
