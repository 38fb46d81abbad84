import Fluent
import Foundation
import PathworkDomain
import Vapor

struct EvaluationInput: Content {
    var point: PlacementEvaluation.Point?
    var ratings: [String: Int]?
    var comments: String?
}

struct RubricInput: Content {
    var name: String?
    var criteria: [CompetencyRubric.Criterion]?
}

struct CompletionInput: Content {
    var credentialId: UUID?
}

/// The district's competency rubric, supervisors' evaluations on it, the student's reflection
/// and completing a placement (which can award a signed credential).
enum PlacementEvaluations {
    static func rubric(_ tenant: Tenant) async throws -> CompetencyRubric {
        guard let stored = try await tenant.query(DistrictRubric.self).first() else { return .workplaceReadiness }
        return try JSONDecoder().decode(CompetencyRubric.self, from: Data(stored.definition.utf8))
    }

    static func canDefineRubric(_ viewer: Viewer) -> Bool { viewer.can(.setDistrictStandards) || viewer.can(.manageClients) }

    static func saveRubric(_ input: RubricInput, on req: Request) async throws -> CompetencyRubric {
        let viewer = try req.viewer
        guard canDefineRubric(viewer) else { throw Abort(.forbidden, reason: "Admins and coordinators define the rubric.") }
        let rubric = CompetencyRubric(name: input.name?.trimmed ?? "",
                                      criteria: (input.criteria ?? []).map { .init(name: $0.name.trimmed, levels: $0.levels.map(\.trimmed)) })
        let problems = rubric.problems()
        if !problems.isEmpty { throw PathworkError.invalid(problems.map { .rule(field: $0.field, message: $0.message) }) }
        let text = try StoredJSON.string(rubric)
        return try await req.change { tenant, audit in
            let stored = try await tenant.query(DistrictRubric.self).first()
            let before = try await PlacementEvaluations.rubric(tenant)
            let row = stored ?? DistrictRubric()
            row.districtID = tenant.districtID
            row.definition = text
            row.updatedBy = viewer.personID
            try await row.save(on: tenant.db)
            audit.updated("competencyRubric", id: row.id, from: before, to: rubric)
            return rubric
        }
    }

    /// The supervisor (or a coordinator) rates the student at midpoint or end, once each.
    static func evaluate(_ raw: String?, _ input: EvaluationInput, on req: Request) async throws -> PlacementEvaluation {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let found = try await tenant.find(Placement.self, raw)
        guard PlacementHoursWriter.decides(viewer, found) else { throw Abort(.notFound) }
        guard let point = input.point else { throw PathworkError.invalid([FieldError(field: "point", message: "Say whether this is the midpoint or final evaluation.")]) }
        let comments = input.comments?.trimmed ?? ""
        guard comments.count <= 4000 else { throw PathworkError.invalid([FieldError(field: "comments", message: "Keep comments under 4,000 characters.")]) }
        let rubric = try await rubric(tenant)
        let score: RubricScore
        switch rubric.score(input.ratings ?? [:]) {
        case .success(let found): score = found
        case .failure(let problems):
            throw PathworkError.invalid(problems.byCriterion.sorted { $0.key < $1.key }.map { .rule(field: "ratings.\($0.key)", message: $0.value) })
        }
        let ratings = try StoredJSON.string(input.ratings ?? [:])
        let definition = try StoredJSON.string(rubric)
        let now = req.now
        return try await req.change { tenant, audit in
            let placement = try await tenant.find(Placement.self, found.requireID())
            guard placement.status == .active else {
                throw PathworkError.conflict("placement.not-active", "Evaluations are made while the placement runs; it is \(placement.status.title.lowercased()).")
            }
            if try await tenant.query(PlacementEvaluation.self).filter(\.$placement.$id == placement.requireID()).filter(\.$point == point).first() != nil {
                throw PathworkError.conflict("evaluation.done", "The \(point.title.lowercased()) is already recorded.")
            }
            let evaluation = PlacementEvaluation()
            evaluation.districtID = tenant.districtID
            evaluation.$placement.id = try placement.requireID()
            evaluation.point = point
            evaluation.rubric = definition
            evaluation.ratings = ratings
            evaluation.meanTenths = score.meanTenths
            evaluation.overallLevel = score.overallLevel
            evaluation.proficient = score.isProficient
            evaluation.comments = comments
            evaluation.evaluatorID = viewer.personID
            evaluation.submittedAt = now
            try await evaluation.create(on: tenant.db)
            audit.created("placementEvaluation", id: evaluation.id, ["placementID": try placement.requireID().uuidString, "point": point.rawValue,
                                                                     "ratings": ratings, "meanTenths": String(score.meanTenths)])
            audit.emit(.students([placement.studentID]))
            return evaluation
        }
    }

    /// The student writes (and may rewrite, until completion) what they learned.
    static func reflect(_ raw: String?, text: String?, on req: Request) async throws -> Placement {
        let viewer = try req.viewer
        let found = try await req.tenant.find(Placement.self, raw)
        guard found.studentID == viewer.personID else { throw Abort(.notFound) }
        let reflection = text?.trimmed ?? ""
        guard (1...4000).contains(reflection.count) else {
            throw PathworkError.invalid([FieldError(field: "reflection", message: "Write your reflection (up to 4,000 characters).")])
        }
        return try await req.change { tenant, audit in
            let placement = try await tenant.find(Placement.self, found.requireID())
            guard placement.status == .active else {
                throw PathworkError.conflict("placement.not-active", "Reflections are written while the placement runs.")
            }
            audit.updated("placement", id: placement.id, from: ["reflection": placement.reflection], to: ["reflection": reflection])
            placement.reflection = reflection
            try await placement.save(on: tenant.db)
            return placement
        }
    }

    /// The coordinator completes a placement whose final evaluation and reflection are in; it
    /// joins the student's portfolio, and a credential from the catalog can be awarded with it.
    static func complete(_ raw: String?, _ input: CompletionInput, on req: Request) async throws -> Placement {
        let viewer = try req.viewer
        try viewer.require(.manageClients)
        let tenant = try req.tenant
        let found = try await tenant.find(Placement.self, raw)
        var chosen: Credential?
        if let id = input.credentialId {
            chosen = try await tenant.query(Credential.self).filter(\.$id == id).first()
            if chosen == nil { throw PathworkError.invalid([.reference(field: "credentialId", message: "Choose a credential from the catalog.")]) }
        }
        let credential = chosen
        let (app, now, today) = (req.application, req.now, req.today)
        return try await req.change { tenant, audit in
            let placement = try await tenant.find(Placement.self, found.requireID())
            guard placement.status == .active else {
                throw PathworkError.conflict("placement.not-active", "Only a running placement is completed; this one is \(placement.status.title.lowercased()).")
            }
            let final = try await tenant.query(PlacementEvaluation.self).filter(\.$placement.$id == placement.requireID()).filter(\.$point == .final).first()
            var missing: [FieldError] = []
            if final == nil { missing.append(.rule(field: "evaluation", message: "The supervisor's final evaluation is not in yet.")) }
            if placement.reflection.isEmpty { missing.append(.rule(field: "reflection", message: "The student's reflection is not written yet.")) }
            if !missing.isEmpty { throw PathworkError(status: .unprocessableEntity, code: "placement.incomplete", reason: missing.map(\.message).joined(separator: " "), fieldErrors: missing) }
            audit.updated("placement", id: placement.id, from: ["status": placement.status.rawValue], to: ["status": PlacementStatus.completed.rawValue])
            placement.status = .completed
            placement.completedAt = now
            if let credential {
                let opportunity = try await tenant.find(Opportunity.self, placement.$opportunity.id)
                let partner = try await tenant.find(Client.self, placement.partnerID)
                let attainment = CredentialAttainment()
                attainment.districtID = tenant.districtID
                attainment.studentID = placement.studentID
                attainment.$credential.id = try credential.requireID()
                attainment.earnedOn = today.description
                attainment.expiresOn = credential.validityMonths.map { today.adding(months: $0).description }
                attainment.evidence = "Completed \(opportunity.title) at \(partner.name), \(placement.startsOn) to \(placement.endsOn); supervisor's final evaluation a mean level of \(final!.meanTenths / 10).\(final!.meanTenths % 10)"
                attainment.verifiedBy = viewer.personID
                try await attainment.create(on: tenant.db)
                audit.created("credentialAttainment", id: attainment.id, ["studentID": placement.studentID.uuidString, "credential": credential.title,
                                                                         "earnedOn": attainment.earnedOn, "evidence": attainment.evidence])
                let student = try await tenant.find(Person.self, placement.studentID)
                let award = try BadgeIssuer.award(for: attainment, credential: credential, verifierName: "\(viewer.givenName) \(viewer.familyName)")
                placement.issuedCredentialID = try await BadgeIssuer.issue(award, to: student, tenant: tenant, audit: audit, app: app, now: now).requireID()
            }
            try await placement.save(on: tenant.db)
            // A credential awarded here may complete a credential pathway's requirement.
            try await PathwayRecords.awardMilestones(students: [placement.studentID], tenant: tenant, audit: audit, app: app, now: now)
            audit.emit(.students([placement.studentID]))
            return placement
        }
    }
}

extension CompetencyRubric: Content {}
