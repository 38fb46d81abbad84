import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PitchEventJSON: Content {
    var id: UUID
    var title: String
    var kind: PitchEvent.Kind
    var heldOn: String
    var location: String
    var audience: String
    var status: PitchEvent.Status
    var audienceVoting: Bool
    var rubric: PitchRubric
    var lineup: [Slot]

    struct Slot: Content { var position: Int; var ventureId: UUID; var venture: String }

    init(_ e: PitchEvent, lineup slots: [PitchSlot]) throws {
        id = try e.requireID(); title = e.title; kind = e.kind; heldOn = e.heldOn; location = e.location; audience = e.audience; status = e.status
        audienceVoting = e.audienceVoting; rubric = e.scoring
        lineup = slots.map { Slot(position: $0.position, ventureId: $0.$venture.id, venture: $0.venture.name) }
    }
}

/// `/api/v1` for pitch events: scheduling, the lineup, judges' links, scoring, votes, results.
enum PitchEventsAPI {
    static func json(_ event: PitchEvent, tenant: Tenant) async throws -> PitchEventJSON {
        try PitchEventJSON(event, lineup: try await PitchDirectory.lineup(event, tenant: tenant))
    }

    static func register(_ api: any RoutesBuilder, web: any RoutesBuilder, registry: APIRegistry) {
        defineSchemas(registry)
        let tag = "Ventures"
        api.endpoint(APIOperation(method: .GET, path: ["pitch-events"], summary: "Pitch events (staff and students all; judges theirs)", tag: tag,
                                  response: .array(.ref("PitchEvent"))), registry: registry) { req in
            var result: [PitchEventJSON] = []
            for event in try await PitchDirectory.list(try req.viewer, tenant: try req.tenant) { result.append(try await json(event, tenant: try req.tenant)) }
            return result
        }
        api.endpoint(APIOperation(method: .POST, path: ["pitch-events"], summary: "Schedule a pitch event (the standard rubric unless one is given)", tag: tag,
                                  body: .ref("PitchEventInput"), response: .ref("PitchEvent"), success: .created,
                                  rules: [.rule("the rubric has 1 to 10 criteria named once each, weights 1 to 100, 2 to 6 levels each")]), registry: registry) { req in
            try await json(try await PitchEventsWriter.create(try req.input(PitchEventInput.self), on: req), tenant: try req.tenant).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["pitch-events", ":eventID"], summary: "A pitch event with its lineup", tag: tag, response: .ref("PitchEvent")),
                     registry: registry) { req in
            try await json(try await PitchDirectory.find(req.parameters.get("eventID"), req: req), tenant: try req.tenant)
        }
        api.endpoint(APIOperation(method: .POST, path: ["pitch-events", ":eventID", "lineup"], summary: "Add a venture at the end of the lineup, or move one up a place",
                                  tag: tag, body: .object([("ventureId", .string(format: "uuid")), ("moveUp", .boolean)], required: ["ventureId"]), response: .ref("PitchEvent"),
                                  rules: [OperationRule(code: "pitch.*", says: "the event is still scheduled; a venture is listed once")]), registry: registry) { req in
            _ = try await PitchEventsWriter.lineUp(req.parameters.get("eventID"), venture: try req.input(UUID?.self, at: "ventureId"),
                                                   moveUp: (try? req.input(Bool.self, at: "moveUp")) ?? false, on: req)
            return try await json(try await req.tenant.find(PitchEvent.self, req.parameters.get("eventID")), tenant: try req.tenant)
        }
        for (step, status) in [("open", PitchEvent.Status.judging), ("close", .closed)] {
            api.endpoint(APIOperation(method: .POST, path: ["pitch-events", ":eventID", .constant(step)],
                                      summary: step == "open" ? "Open judging" : "Close the event: results and feedback are shared", tag: tag, response: .ref("PitchEvent"),
                                      rules: [OperationRule(code: "pitch.*", says: "events move scheduled → judging → closed, with a lineup")]), registry: registry) { req in
                try await json(try await PitchEventsWriter.advance(req.parameters.get("eventID"), to: status, on: req), tenant: try req.tenant)
            }
        }
        api.endpoint(APIOperation(method: .POST, path: ["pitch-events", ":eventID", "judges"], summary: "Invite a judge; the answer holds their sign-in link, shown once",
                                  tag: tag, body: .object([("givenName", .words(maxLength: 100)), ("familyName", .words(maxLength: 100)), ("email", .string(format: "email"))],
                                                          required: ["givenName", "familyName", "email"]),
                                  response: .object([("judgeId", .string(format: "uuid")), ("link", .string())], required: ["judgeId", "link"]), success: .created,
                                  rules: [.rule("the email has a local part and a domain with a dot"),
                                          OperationRule(code: "judge.elsewhere", says: "the email is not a person of another district"),
                                          OperationRule(code: "pitch.closed", says: "the event is not closed")]), registry: registry) { req in
            let (judge, token) = try await PitchEventsWriter.invite(req.parameters.get("eventID"), try req.input(JudgeInvite.self), on: req)
            return try await ["judgeId": try judge.requireID().uuidString, "link": JudgeSignIn.link(token, req: req)].encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["pitch-events", ":eventID", "ventures", ":ventureID", "score"],
                                  summary: "A judge's levels (by criterion) and comment for one venture, saved as they go", tag: tag,
                                  body: .object([("levels", .dictionary(.bounded(minimum: 1, maximum: 6))), ("comment", .text(minLength: 0, maxLength: 2000))], required: []),
                                  response: .object([("levels", .dictionary(.integer()))], required: ["levels"]),
                                  rules: [.rule("each level is one of its criterion's"), OperationRule(code: "pitch.not-judging", says: "judging is open")]), registry: registry) { req in
            let scores = try await PitchEventsWriter.score(req.parameters.get("eventID"), venture: req.parameters.get("ventureID", as: UUID.self),
                                                           try req.input(ScoreInput.self), on: req)
            return ["levels": Dictionary(scores.map { ($0.criterion, $0.level) }, uniquingKeysWith: { a, _ in a })]
        }
        api.endpoint(APIOperation(method: .POST, path: ["pitch-events", ":eventID", "votes"], summary: "An audience member's vote, once an event", tag: tag,
                                  body: .object([("ventureId", .string(format: "uuid"))], required: ["ventureId"]),
                                  response: .object([("id", .string(format: "uuid"))], required: ["id"]), success: .created,
                                  rules: [OperationRule(code: "pitch.*", says: "the event takes votes now and the caller has not voted"),
                                          OperationRule(code: "reference.missing", says: "the venture is in the lineup")]), registry: registry) { req in
            let vote = try await PitchEventsWriter.vote(req.parameters.get("eventID"), venture: try req.input(UUID?.self, at: "ventureId"), on: req)
            return try await ["id": try vote.requireID().uuidString].encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["pitch-events", ":eventID", "results"], summary: "Results: standardized and raw, ties stated (staff any time, others once closed)",
                                  tag: tag, response: .ref("PitchResults")), registry: registry) { req in
            try await PitchDirectory.readableResults(try await PitchDirectory.find(req.parameters.get("eventID"), req: req), req: req)
        }
        web.get("judge", ":token") { req async throws -> Response in try await JudgeSignIn.signIn(req) }
    }

    static func defineSchemas(_ registry: APIRegistry) {
        let criterion = Schema.object([("name", .words(maxLength: 200)), ("weight", .bounded(minimum: 1, maximum: 100)),
                                       ("levels", .list(.words(maxLength: 500), minItems: 2, maxItems: 6))], required: ["name", "weight", "levels"])
        registry.define("PitchEventInput", .object([
            ("title", .words(maxLength: 200)), ("kind", .enumeration(PitchEvent.Kind.allCases.map(\.rawValue))), ("heldOn", .string(format: "date")),
            ("location", .text(minLength: 0, maxLength: 300)), ("audience", .text(minLength: 0, maxLength: 300)), ("audienceVoting", .boolean),
            ("rubric", .object([("criteria", .list(criterion, minItems: 1, maxItems: 10))], required: ["criteria"])),
        ], required: ["title", "kind", "heldOn"]))
        registry.define("PitchEvent", .object([
            ("id", .string(format: "uuid")), ("title", .string()), ("kind", .enumeration(PitchEvent.Kind.allCases.map(\.rawValue))), ("heldOn", .string(format: "date")),
            ("location", .string()), ("audience", .string()), ("status", .enumeration(PitchEvent.Status.allCases.map(\.rawValue))), ("audienceVoting", .boolean),
            ("rubric", .object([("criteria", .array(criterion))], required: ["criteria"])),
            ("lineup", .array(.object([("position", .integer()), ("ventureId", .string(format: "uuid")), ("venture", .string())], required: ["position", "ventureId", "venture"]))),
        ], required: ["id", "title", "kind", "heldOn", "location", "audience", "status", "audienceVoting", "rubric", "lineup"]))
        registry.define("PitchResults", .object([
            ("method", .string()), ("incompleteScorecards", .integer()),
            ("standings", .array(.object([("ventureId", .string(format: "uuid")), ("venture", .string()), ("rank", .integer()), ("tied", .boolean),
                                          ("judges", .integer()), ("rawMeanThousandths", .integer()), ("standardizedThousandths", .integer()),
                                          ("criteria", .dictionary(.integer())), ("audienceVotes", .integer())],
                                         required: ["ventureId", "venture", "rank", "tied", "judges", "rawMeanThousandths", "standardizedThousandths", "criteria", "audienceVotes"]))),
        ], required: ["method", "standings", "incompleteScorecards"]))
    }
}

/// A judge signs in by the link in their invitation: it opens a session as the judge and
/// lands on the event.
enum JudgeSignIn {
    static func link(_ token: String, req: Request) -> String { "\(BadgeIssuer.baseURL(req.application))/judge/\(token)" }

    static func signIn(_ req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let judge = try await EventJudge.query(on: req.db).filter(\.$linkHash == SecretToken.hash(token)).first(),
              let person = try await Person.find(judge.personID, on: req.db), !person.isDisabled else {
            throw Abort(.notFound, reason: "This judging link is not valid. Ask the event's coordinator for a new one.")
        }
        let response = req.redirect(to: SiteRoute.pitchEvent(judge.$event.id).path)
        try await SignIn.startSession(for: person, on: req, response: response)
        return response
    }
}
