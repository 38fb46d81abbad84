import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PlacementEvaluationJSON: Content {
    var id: UUID
    var placementId: UUID
    var point: PlacementEvaluation.Point
    var ratings: [String: Int]
    var meanTenths: Int
    var overallLevel: Int
    var comments: String
    var evaluatorId: UUID
    var submittedAt: Date

    init(_ e: PlacementEvaluation) throws {
        id = try e.requireID(); placementId = e.$placement.id; point = e.point
        ratings = try JSONDecoder().decode([String: Int].self, from: Data(e.ratings.utf8))
        meanTenths = e.meanTenths; overallLevel = e.overallLevel; comments = e.comments; evaluatorId = e.evaluatorID; submittedAt = e.submittedAt
    }
}

/// `/api/v1` for placements: placing, the training agreement and its signatures, worksite
/// hours and their approval, evaluations, reflection, completion and the district's rubric.
enum PlacementsAPI {
    static func filter(_ req: Request) throws -> PlacementDirectory.Filter {
        let values = try QueryParameter.filterForm(req.url, declared: PlacementDirectory.queryParameters)
        return PlacementDirectory.Filter(status: values["status"].flatMap(PlacementStatus.init(rawValue:)), partner: values["partnerId"].flatMap(UUID.init(uuidString:)))
    }

    /// With the agreement; an outside viewer does not read the names the student and their
    /// family typed to sign (their full names), only that they signed.
    static func detail(_ placement: Placement, req: Request) async throws -> PlacementJSON {
        var json = try PlacementJSON(placement, agreement: try await PlacementAgreement.review(placement, tenant: try req.tenant))
        if try req.viewer.isExternal {
            json.signatures = json.signatures?.map { signature in
                var shown = signature
                if signature.signer == .student || signature.signer == .guardian { shown.signedName = "" }
                return shown
            }
        }
        return json
    }

    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        defineSchemas(registry)
        let tag = "Placements"
        api.endpoint(APIOperation(method: .GET, path: ["placements"], summary: "Placements the caller reaches (staff all, students their own, guardians their children's, supervisors their interns')",
                                  tag: tag, query: PlacementDirectory.queryParameters, response: .array(.ref("Placement"))), registry: registry) { req in
            let placements = try await PlacementDirectory.list(try req.viewer, filter: try filter(req), tenant: try req.tenant)
            for studentID in Set(placements.map(\.studentID)) { try await req.discloseIfExternal(studentID: studentID, context: "api: placements") }
            return try placements.map { try PlacementJSON($0, agreement: nil) }
        }
        api.endpoint(APIOperation(method: .POST, path: ["opportunity-applications", ":applicationID", "place"], summary: "Place a student whose offer was accepted",
                                  tag: tag, response: .ref("Placement"), success: .created,
                                  rules: [OperationRule(code: "placement.*", says: "the opportunity is a placement (internship, pre-apprenticeship, co-op), the offer accepted, the student not already placed")]),
                     registry: registry) { req in
            let placement = try await PlacementsWriter.place(application: req.parameters.get("applicationID"), on: req)
            return try await detail(placement, req: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["placements", ":placementID"], summary: "A placement with its training agreement and signatures",
                                  tag: tag, response: .ref("Placement")), registry: registry) { req in
            try await detail(try await PlacementDirectory.find(req.parameters.get("placementID"), req: req), req: req)
        }
        api.endpoint(APIOperation(method: .PATCH, path: ["placements", ":placementID"], summary: "Change the training agreement; any change is a new version to sign again",
                                  tag: tag, body: .ref("PlacementInput"), response: .ref("Placement"),
                                  rules: [OperationRule(code: "placement.closed", says: "the placement is not completed or ended")]), registry: registry) { req in
            try await detail(try await PlacementsWriter.edit(req.parameters.get("placementID"), try req.input(PlacementInput.self), on: req), req: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["placements", ":placementID", "signatures"], summary: "Sign the version of the training agreement read",
                                  tag: tag, body: .object([("signer", .enumeration(AgreementSigner.allCases.map(\.rawValue))), ("signedName", .words(maxLength: 200)),
                                                           ("version", .bounded(minimum: 1, maximum: 10_000))], required: ["signedName", "version"]),
                                  response: .ref("Placement"), success: .created,
                                  rules: [.rule("the caller signs as a role they hold on this placement"),
                                          OperationRule(code: "agreement.*", says: "the version is the one in force, complete, needs this signer, not yet signed by them")]),
                     registry: registry) { req in
            let placement = try await PlacementsWriter.sign(req.parameters.get("placementID"), try req.input(SignatureInput.self), on: req)
            return try await detail(placement, req: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["placements", ":placementID", "end"], summary: "End a placement early", tag: tag,
                                  response: .ref("Placement")), registry: registry) { req in
            try await detail(try await PlacementsWriter.end(req.parameters.get("placementID"), on: req), req: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["placements", ":placementID", "complete"],
                                  summary: "Complete a placement (final evaluation and reflection in), optionally awarding a signed credential",
                                  tag: tag, body: .object([("credentialId", .string(format: "uuid"))], required: []), response: .ref("Placement"),
                                  rules: [OperationRule(code: "placement.*", says: "the placement runs, with its final evaluation and the student's reflection")]),
                     registry: registry) { req in
            try await detail(try await PlacementEvaluations.complete(req.parameters.get("placementID"), try req.input(CompletionInput.self), on: req), req: req)
        }
        registerHours(api, registry: registry, tag: tag)
        registerEvaluations(api, registry: registry, tag: tag)
    }

    static func registerHours(_ api: any RoutesBuilder, registry: APIRegistry, tag: String) {
        api.endpoint(APIOperation(method: .GET, path: ["placements", ":placementID", "hours"], summary: "Hours at the worksite, newest first", tag: tag,
                                  response: .array(.ref("PlacementHours"))), registry: registry) { req in
            let placement = try await PlacementDirectory.find(req.parameters.get("placementID"), req: req)
            return try await req.tenant.query(PlacementHours.self).filter(\.$placement.$id == placement.requireID())
                .sort(\.$startsAt, .descending).all().map(PlacementHoursJSON.init)
        }
        let labor = [OperationRule(code: "time.*", says: "the times are in order, not in the future, and within an entry's longest length"),
                     OperationRule(code: "labor.*", says: "the child-labor rules in force for the student's age on the work date, counting team time too"),
                     .rule("the work date falls within the placement")]
        api.endpoint(APIOperation(method: .POST, path: ["placements", ":placementID", "hours"], summary: "The student logs hours worked; they wait for the supervisor",
                                  tag: tag, body: .object([("startsAt", .string(format: "date-time")), ("endsAt", .string(format: "date-time")),
                                                           ("note", .text(minLength: 0, maxLength: 500))], required: ["startsAt", "endsAt"]),
                                  response: .ref("PlacementHours"), success: .created, rules: labor), registry: registry) { req in
            let hours = try await PlacementHoursWriter.log(req.parameters.get("placementID"), try req.input(PlacementHoursInput.self), on: req)
            return try await PlacementHoursJSON(hours).encodeResponse(status: .created, for: req)
        }
        for step in ["clock-in", "clock-out"] {
            api.endpoint(APIOperation(method: .POST, path: ["placements", ":placementID", .constant(step)],
                                      summary: step == "clock-in" ? "The student clocks in at the worksite" : "The student clocks out; the hours wait for the supervisor",
                                      tag: tag, response: .ref("PlacementHours"), rules: step == "clock-in" ? labor : []), registry: registry) { req in
                let raw = req.parameters.get("placementID")
                return try PlacementHoursJSON(step == "clock-in" ? try await PlacementHoursWriter.clockIn(raw, on: req) : try await PlacementHoursWriter.clockOut(raw, on: req))
            }
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["placement-hours", ":hoursID"], summary: "The student takes back hours not yet approved", tag: tag,
                                  success: .noContent), registry: registry) { req in
            try await PlacementHoursWriter.delete(req.parameters.get("hoursID"), on: req)
            return Response(status: .noContent)
        }
        for approve in [true, false] {
            api.endpoint(APIOperation(method: .POST, path: ["placement-hours", .constant(approve ? "approve" : "reject")],
                                      summary: approve ? "The supervisor approves submitted hours (all or none)" : "The supervisor rejects submitted hours with a reason",
                                      tag: tag, body: .object([("ids", .list(.string(format: "uuid"), minItems: 1, maxItems: 500)),
                                                               ("reason", .text(minLength: approve ? 0 : 1, maxLength: 500))], required: approve ? ["ids"] : ["ids", "reason"]),
                                      response: .array(.ref("PlacementHours")),
                                      rules: [OperationRule(code: "time.*", says: "every entry is submitted and, when the district pays, in an open pay period"),
                                              .rule("a rejection's reason is not blank")]),
                         registry: registry) { req in
                try await PlacementHoursWriter.decide(try req.input(HoursDecisionInput.self), approve: approve, on: req).map(PlacementHoursJSON.init)
            }
        }
    }

    static func registerEvaluations(_ api: any RoutesBuilder, registry: APIRegistry, tag: String) {
        api.endpoint(APIOperation(method: .GET, path: ["placements", ":placementID", "evaluations"], summary: "The supervisor's evaluations", tag: tag,
                                  response: .array(.ref("PlacementEvaluation"))), registry: registry) { req in
            let placement = try await PlacementDirectory.find(req.parameters.get("placementID"), req: req)
            return try await req.tenant.query(PlacementEvaluation.self).filter(\.$placement.$id == placement.requireID()).sort(\.$submittedAt).all()
                .map(PlacementEvaluationJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["placements", ":placementID", "evaluations"], summary: "The supervisor rates the student on the district's rubric",
                                  tag: tag, body: .object([("point", .enumeration(PlacementEvaluation.Point.allCases.map(\.rawValue))),
                                                           ("ratings", .dictionary(.bounded(minimum: 1, maximum: 6))), ("comments", .text(minLength: 0, maxLength: 4000))],
                                                          required: ["point", "ratings"]),
                                  response: .ref("PlacementEvaluation"), success: .created,
                                  rules: [.rule("every criterion of the rubric is rated once, within its levels"),
                                          OperationRule(code: "evaluation.done", says: "the point is not yet evaluated"),
                                          OperationRule(code: "placement.not-active", says: "the placement runs")]), registry: registry) { req in
            let evaluation = try await PlacementEvaluations.evaluate(req.parameters.get("placementID"), try req.input(EvaluationInput.self), on: req)
            return try await PlacementEvaluationJSON(evaluation).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["placements", ":placementID", "reflection"], summary: "The student writes their reflection", tag: tag,
                                  body: .object([("reflection", .words(maxLength: 4000))], required: ["reflection"]), response: .ref("Placement"),
                                  rules: [OperationRule(code: "placement.not-active", says: "the placement runs")]), registry: registry) { req in
            try await detail(try await PlacementEvaluations.reflect(req.parameters.get("placementID"), text: try req.input(String.self, at: "reflection"), on: req),
                             req: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["competency-rubric"], summary: "The rubric supervisors rate students on", tag: tag,
                                  response: .ref("CompetencyRubric")), registry: registry) { req in
            _ = try req.viewer
            return try await PlacementEvaluations.rubric(try req.tenant)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["competency-rubric"], summary: "Define the district's rubric", tag: tag,
                                  body: .ref("CompetencyRubric"), response: .ref("CompetencyRubric"),
                                  rules: [.rule("1 to 12 criteria, named once each, each with 2 to 6 level descriptors")]), registry: registry) { req in
            try await PlacementEvaluations.saveRubric(try req.input(RubricInput.self), on: req)
        }
    }

    static func defineSchemas(_ registry: APIRegistry) {
        let signers = AgreementSigner.allCases.map(\.rawValue), pays = OpportunityPay.allCases.map(\.rawValue)
        registry.define("PlacementInput", .object([
            ("learningObjectives", .text(minLength: 0, maxLength: 4000)), ("pathwayCode", PathwayLinks.codeSchema.orBlank),
            ("schedule", .text(minLength: 0, maxLength: 1000)), ("safetyTraining", .text(minLength: 0, maxLength: 1000)), ("safetyTrainingCompleted", .boolean),
            ("supervisorId", .string(format: "uuid")), ("startsOn", .string(format: "date")), ("endsOn", .string(format: "date")),
            ("pay", .enumeration(pays)), ("hourlyWageCents", .bounded(minimum: 0, maximum: 100_000)),
        ], required: []))
        registry.define("Placement", .object([
            ("id", .string(format: "uuid")), ("opportunityId", .string(format: "uuid")), ("applicationId", .string(format: "uuid")),
            ("studentId", .string(format: "uuid")), ("partnerId", .string(format: "uuid")), ("supervisorId", .string(format: "uuid")),
            ("status", .enumeration(PlacementStatus.allCases.map(\.rawValue))), ("version", .integer()), ("learningObjectives", .string()),
            ("pathwayCode", .string()), ("schedule", .string()), ("safetyTraining", .string()), ("safetyTrainingCompleted", .boolean),
            ("startsOn", .string(format: "date")), ("endsOn", .string(format: "date")), ("pay", .enumeration(pays)), ("hourlyWageCents", .integer()),
            ("reflection", .string()), ("completedAt", .string(format: "date-time")),
            ("problems", .array(.object([("field", .string()), ("message", .string())], required: ["field", "message"]))),
            ("requiredSigners", .array(.enumeration(signers))), ("missingSigners", .array(.enumeration(signers))),
            ("signatures", .array(.object([("signer", .enumeration(signers)), ("personId", .string(format: "uuid")), ("signedName", .string()),
                                           ("signedAt", .string(format: "date-time")), ("version", .integer())],
                                          required: ["signer", "personId", "signedName", "signedAt", "version"]))),
        ], required: ["id", "opportunityId", "studentId", "partnerId", "status", "version", "learningObjectives", "pathwayCode", "schedule",
                      "safetyTraining", "safetyTrainingCompleted", "startsOn", "endsOn", "pay", "reflection"]))
        registry.define("PlacementHours", .object([
            ("id", .string(format: "uuid")), ("placementId", .string(format: "uuid")), ("studentId", .string(format: "uuid")),
            ("workDate", .string(format: "date")), ("startsAt", .string(format: "date-time")), ("endsAt", .string(format: "date-time")),
            ("minutes", .integer()), ("status", .enumeration(TimeEntryStatus.allCases.map(\.rawValue))), ("source", .enumeration(["clock", "kiosk", "manual"])),
            ("note", .string()), ("reason", .string()), ("flags", .array(.string())), ("paidBy", .enumeration(pays)), ("hourlyWageCents", .integer()),
        ], required: ["id", "placementId", "studentId", "workDate", "startsAt", "minutes", "status", "source", "note", "reason", "flags", "paidBy"]))
        registry.define("PlacementEvaluation", .object([
            ("id", .string(format: "uuid")), ("placementId", .string(format: "uuid")), ("point", .enumeration(PlacementEvaluation.Point.allCases.map(\.rawValue))),
            ("ratings", .dictionary(.integer())), ("meanTenths", .integer()), ("overallLevel", .integer()), ("comments", .string()),
            ("evaluatorId", .string(format: "uuid")), ("submittedAt", .string(format: "date-time")),
        ], required: ["id", "placementId", "point", "ratings", "meanTenths", "overallLevel", "comments", "evaluatorId", "submittedAt"]))
        registry.define("CompetencyRubric", .object([
            ("name", .words(maxLength: 200)),
            ("criteria", .list(.object([("name", .words(maxLength: 200)), ("levels", .list(.words(maxLength: 1000), minItems: 2, maxItems: 6))],
                                       required: ["name", "levels"]), minItems: 1, maxItems: 12)),
        ], required: ["name", "criteria"]))
    }
}
