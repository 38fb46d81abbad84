import Fluent
import Foundation
import PathworkDomain
import Vapor

struct ObjectiveJSON: Content {
    var id: UUID
    var description: String
    var target: Int
    var unit: String
    var measure: ObjectiveMeasure
    var howMeasured: String
    var value: Int
    var percent: Int
    var met: Bool
}

struct EvaluationJSON: Content {
    var schoolYear: Int
    var answers: [Int]
    var comment: String?
    var answeredOn: String?
    var ratings: [String: Int]
    var note: String?
    var ratedOn: String?

    init(_ e: PartnershipEvaluation) {
        schoolYear = e.schoolYear; answers = e.answerValues; comment = e.comment; answeredOn = e.answeredOn
        ratings = Dictionary(uniqueKeysWithValues: e.ratingValues.map { ($0.key.uuidString, $0.value) }); note = e.note; ratedOn = e.ratedOn
    }
}

struct AgreementJSON: Content {
    var id: UUID
    var partnerId: UUID
    var title: String
    var startsOn: String
    var endsOn: String
    var districtGives: String
    var partnerGives: String
    var signatories: String
    var signedOn: String?
    var objectives: [ObjectiveJSON]
    var evaluations: [EvaluationJSON]
}

/// `/api/v1` for partnership agreements: terms, objectives with their progress counted from the
/// records, the coordinator's yearly ratings and the partner's answers.
enum AgreementsAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        defineSchemas(registry)
        api.endpoint(APIOperation(method: .POST, path: ["partners", ":partnerID", "agreements"], summary: "Add a partnership agreement", tag: "Partners",
                                  body: .ref("AgreementInput"), response: .ref("Agreement"), success: .created,
                                  rules: [.rule("endsOn is on or after startsOn; signedOn is today or earlier")]), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let partner = try await req.tenant.find(Client.self, req.parameters.get("partnerID"))
            let agreement = try await AgreementsWriter.save(try req.input(AgreementInput.self), partner: partner, agreement: nil, on: req)
            return try await json(agreement, req: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["partnership-agreements", ":agreementID"], summary: "An agreement with its objectives' progress and evaluations",
                                  tag: "Partners", response: .ref("Agreement")), registry: registry) { req in
            try req.viewer.require(.manageClients)
            return try await json(try await agreement(req), req: req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["partnership-agreements", ":agreementID"], summary: "Change an agreement's terms", tag: "Partners",
                                  body: .ref("AgreementInput"), response: .ref("Agreement"),
                                  rules: [.rule("endsOn is on or after startsOn; signedOn is today or earlier")]), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let agreement = try await agreement(req)
            let partner = try await req.tenant.find(Client.self, agreement.$partner.id)
            return try await json(try await AgreementsWriter.save(try req.input(AgreementInput.self), partner: partner, agreement: agreement, on: req), req: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["partnership-agreements", ":agreementID", "objectives"], summary: "Add a measurable objective",
                                  tag: "Partners", body: .ref("ObjectiveInput"), response: .ref("Agreement"), success: .created), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let agreement = try await agreement(req)
            _ = try await AgreementsWriter.addObjective(try req.input(ObjectiveInput.self), to: agreement, on: req)
            return try await json(agreement, req: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["partnership-objectives", ":objectiveID", "recorded-value"], summary: "Record an objective's figure by hand",
                                  tag: "Partners", body: .object([("recordedValue", .bounded(minimum: 0, maximum: 10_000_000))], required: ["recordedValue"]),
                                  response: .ref("Agreement")), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let objective = try await AgreementsWriter.record(try req.field(Int.self, at: "recordedValue"), for: req.parameters.get("objectiveID"), on: req)
            return try await json(try await req.tenant.find(PartnershipAgreement.self, objective.$agreement.id), req: req)
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["partnership-objectives", ":objectiveID"], summary: "Remove an objective",
                                  tag: "Partners", success: .noContent), registry: registry) { req in
            try req.viewer.require(.manageClients)
            _ = try await AgreementsWriter.removeObjective(req.parameters.get("objectiveID"), on: req)
            return HTTPStatus.noContent
        }
        api.endpoint(APIOperation(method: .PUT, path: ["partnership-agreements", ":agreementID", "ratings"],
                                  summary: "The coordinator's rating (1–4) of each objective for this school year", tag: "Partners",
                                  body: .object([("ratings", .dictionary(.bounded(minimum: 1, maximum: 4))), ("note", .text(minLength: 0, maxLength: 5000))],
                                                required: ["ratings"]),
                                  response: .ref("Agreement"), rules: [.rule("every objective of the agreement is rated")]), registry: registry) { req in
            try req.viewer.require(.manageClients)
            let agreement = try await agreement(req)
            try await AgreementsWriter.rate(try req.input(RatingsInput.self), agreement: agreement, on: req)
            return try await json(agreement, req: req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["partnership-agreements", ":agreementID", "partner-answers"],
                                  summary: "The partner's answers to this year's questionnaire (its own people only)", tag: "Partners",
                                  body: .object([("answers", .list(.bounded(minimum: 1, maximum: 4), minItems: PartnerQuestionnaire.statements.count,
                                                                   maxItems: PartnerQuestionnaire.statements.count)),
                                                 ("comment", .text(minLength: 0, maxLength: 5000))], required: ["answers"]),
                                  success: .noContent), registry: registry) { req in
            let agreement = try await AgreementPages.partnersOwn(req)
            try await AgreementsWriter.answer(try req.input(PartnerAnswersInput.self), agreement: agreement, on: req)
            return HTTPStatus.noContent
        }
    }

    static func agreement(_ req: Request) async throws -> PartnershipAgreement {
        try await req.tenant.find(PartnershipAgreement.self, req.parameters.get("agreementID"))
    }

    static func json(_ agreement: PartnershipAgreement, req: Request) async throws -> AgreementJSON {
        let tenant = try req.tenant
        let objectives = try await AgreementStanding.progress(of: agreement, tenant: tenant)
        let evaluations = try await tenant.query(PartnershipEvaluation.self).filter(\.$agreement.$id == agreement.requireID())
            .sort(\.$schoolYear, .descending).all()
        return AgreementJSON(id: try agreement.requireID(), partnerId: agreement.$partner.id, title: agreement.title, startsOn: agreement.startsOn,
                             endsOn: agreement.endsOn, districtGives: agreement.districtGives, partnerGives: agreement.partnerGives,
                             signatories: agreement.signatories, signedOn: agreement.signedOn,
                             objectives: try objectives.map { objective, progress in
                                 ObjectiveJSON(id: try objective.requireID(), description: objective.details, target: objective.target, unit: objective.unit,
                                               measure: objective.measure, howMeasured: objective.howMeasured, value: progress.value,
                                               percent: progress.percent, met: progress.isMet)
                             },
                             evaluations: evaluations.map(EvaluationJSON.init))
    }

    static func defineSchemas(_ registry: APIRegistry) {
        registry.define("AgreementInput", .object([
            ("title", .words(maxLength: 200)), ("startsOn", .string(format: "date")), ("endsOn", .string(format: "date")),
            ("districtGives", .text(minLength: 0, maxLength: 5000)), ("partnerGives", .text(minLength: 0, maxLength: 5000)),
            ("signatories", .text(minLength: 0, maxLength: 5000)), ("signedOn", .string(format: "date")),
        ], required: ["title", "startsOn", "endsOn"]))
        registry.define("ObjectiveInput", .object([
            ("description", .words(maxLength: 500)), ("target", .bounded(minimum: 1, maximum: 1_000_000)), ("unit", .words(maxLength: 60)),
            ("measure", .enumeration(ObjectiveMeasure.allCases.map(\.rawValue))), ("howMeasured", .text(minLength: 0, maxLength: 1000)),
            ("recordedValue", .bounded(minimum: 0, maximum: 10_000_000)),
        ], required: ["description", "target", "unit", "measure"]))
        registry.define("Agreement", .object([
            ("id", .string(format: "uuid")), ("partnerId", .string(format: "uuid")), ("title", .string()), ("startsOn", .string(format: "date")),
            ("endsOn", .string(format: "date")), ("districtGives", .string()), ("partnerGives", .string()), ("signatories", .string()),
            ("signedOn", .string(format: "date")),
            ("objectives", .array(.object([
                ("id", .string(format: "uuid")), ("description", .string()), ("target", .integer()), ("unit", .string()),
                ("measure", .enumeration(ObjectiveMeasure.allCases.map(\.rawValue))), ("howMeasured", .string()), ("value", .integer()),
                ("percent", .integer()), ("met", .boolean),
            ], required: ["id", "description", "target", "unit", "measure", "howMeasured", "value", "percent", "met"]))),
            ("evaluations", .array(.object([
                ("schoolYear", .integer()), ("answers", .array(.integer())), ("comment", .string()), ("answeredOn", .string(format: "date")),
                ("ratings", .dictionary(.integer())), ("note", .string()), ("ratedOn", .string(format: "date")),
            ], required: ["schoolYear", "answers", "ratings"]))),
        ], required: ["id", "partnerId", "title", "startsOn", "endsOn", "districtGives", "partnerGives", "signatories", "objectives", "evaluations"]))
    }
}
