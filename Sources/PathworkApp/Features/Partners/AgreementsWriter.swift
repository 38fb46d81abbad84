import Fluent
import Foundation
import PathworkDomain
import Vapor

struct AgreementInput: Content {
    var title: String?
    var startsOn: String?
    var endsOn: String?
    var districtGives: String?
    var partnerGives: String?
    var signatories: String?
    var signedOn: String?
}

struct ObjectiveInput: Content {
    var description: String?
    var target: Int?
    var unit: String?
    var measure: String?
    var howMeasured: String?
    var recordedValue: Int?
}

struct PartnerAnswersInput: Content {
    var answers: [Int]?
    var comment: String?
}

struct RatingsInput: Content {
    var ratings: [String: Int]?
    var note: String?
}

/// Changes to partnership agreements, their objectives and their yearly evaluations.
enum AgreementsWriter {
    static func save(_ input: AgreementInput, partner: Client, agreement existing: PartnershipAgreement?, on req: Request) async throws -> PartnershipAgreement {
        var errors: [FieldError] = []
        let title = input.title?.nonEmpty ?? ""
        if title.isEmpty || title.count > 200 { errors.append(FieldError(field: "title", message: "Name the agreement (up to 200 characters).")) }
        let start = CalendarDate(iso: input.startsOn ?? ""), end = CalendarDate(iso: input.endsOn ?? "")
        if start == nil { errors.append(FieldError(field: "startsOn", message: "Enter the first day of the agreement as YYYY-MM-DD.")) }
        if end == nil { errors.append(FieldError(field: "endsOn", message: "Enter the last day of the agreement (its renewal date) as YYYY-MM-DD.")) }
        if let start, let end, end < start { errors.append(.rule(field: "endsOn", message: "The agreement ends on or after it starts.")) }
        let signed = input.signedOn?.nonEmpty
        if let signed, CalendarDate(iso: signed) == nil || CalendarDate(iso: signed)! > req.today {
            errors.append(.rule(field: "signedOn", message: "Enter the date it was signed (today or earlier) as YYYY-MM-DD, or leave it empty."))
        }
        for (field, value) in [("districtGives", input.districtGives), ("partnerGives", input.partnerGives), ("signatories", input.signatories)]
        where (value?.count ?? 0) > 5000 {
            errors.append(FieldError(field: field, message: "Keep it under 5,000 characters."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let partnerID = try partner.requireID()
        return try await req.change { tenant, audit in
            var agreement = PartnershipAgreement()
            if let existing { agreement = try await tenant.find(PartnershipAgreement.self, try existing.requireID()) }
            let before = try agreement.id.map { _ in try AgreementRecord(agreement) }
            agreement.districtID = tenant.districtID
            agreement.$partner.id = partnerID
            agreement.title = title
            agreement.startsOn = start!.description
            agreement.endsOn = end!.description
            agreement.districtGives = input.districtGives?.trimmed ?? ""
            agreement.partnerGives = input.partnerGives?.trimmed ?? ""
            agreement.signatories = input.signatories?.trimmed ?? ""
            agreement.signedOn = signed
            try await agreement.save(on: tenant.db)
            let after = try AgreementRecord(agreement)
            if let before { audit.updated("partnershipAgreement", id: agreement.id, from: before, to: after) }
            else { audit.created("partnershipAgreement", id: agreement.id, after) }
            return agreement
        }
    }

    static func addObjective(_ input: ObjectiveInput, to agreement: PartnershipAgreement, on req: Request) async throws -> PartnershipObjective {
        var errors: [FieldError] = []
        let description = input.description?.nonEmpty ?? ""
        if description.isEmpty || description.count > 500 { errors.append(FieldError(field: "description", message: "Say what the objective is.")) }
        if !(1...1_000_000).contains(input.target ?? 0) { errors.append(FieldError(field: "target", message: "Enter a target, a whole number from 1.")) }
        let unit = input.unit?.nonEmpty ?? ""
        if unit.isEmpty || unit.count > 60 { errors.append(FieldError(field: "unit", message: "Say what is counted, e.g. students, hours, events.")) }
        let measure = input.measure.flatMap(ObjectiveMeasure.init(rawValue:))
        if measure == nil { errors.append(FieldError(field: "measure", message: "Choose how it is measured.")) }
        if (input.howMeasured?.count ?? 0) > 1000 { errors.append(FieldError(field: "howMeasured", message: "Keep it under 1,000 characters.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let agreementID = try agreement.requireID()
        return try await req.change { tenant, audit in
            let objective = PartnershipObjective()
            objective.districtID = tenant.districtID
            objective.$agreement.id = agreementID
            objective.details = description
            objective.target = input.target!
            objective.unit = unit
            objective.measure = measure!
            objective.howMeasured = input.howMeasured?.trimmed ?? ""
            objective.recordedValue = measure == .recorded ? input.recordedValue : nil
            try await objective.create(on: tenant.db)
            audit.created("partnershipObjective", id: objective.id, ObjectiveRecord(objective))
            return objective
        }
    }

    /// The figure of an objective recorded by hand.
    static func record(_ value: Int?, for raw: String?, on req: Request) async throws -> PartnershipObjective {
        let found = try await req.tenant.find(PartnershipObjective.self, raw)
        guard found.measure == .recorded else {
            throw PathworkError.conflict("partnership.counted", "Pathwork counts this objective from its records; it takes no recorded figure.", field: "recordedValue")
        }
        guard let value, (0...10_000_000).contains(value) else {
            throw PathworkError.invalid([FieldError(field: "recordedValue", message: "Enter the figure, a whole number from 0.")])
        }
        return try await req.change { tenant, audit in
            let objective = try await tenant.find(PartnershipObjective.self, found.requireID())
            let before = ObjectiveRecord(objective)
            guard objective.recordedValue != value else { return objective }
            objective.recordedValue = value
            try await objective.save(on: tenant.db)
            audit.updated("partnershipObjective", id: objective.id, from: before, to: ObjectiveRecord(objective))
            return objective
        }
    }

    static func removeObjective(_ raw: String?, on req: Request) async throws -> PartnershipObjective {
        let objective = try await req.tenant.find(PartnershipObjective.self, raw)
        try await req.change { tenant, audit in
            guard let current = try await tenant.query(PartnershipObjective.self).filter(\.$id == objective.requireID()).first() else { return }
            try await current.delete(on: tenant.db)
            audit.deleted("partnershipObjective", id: current.id, ObjectiveRecord(current))
        }
        return objective
    }

    /// The partner's answers for this school year, given by one of its people; answering again
    /// replaces the answers.
    static func answer(_ input: PartnerAnswersInput, agreement: PartnershipAgreement, on req: Request) async throws {
        let viewer = try req.viewer
        let answers = input.answers ?? []
        var errors: [FieldError] = []
        if answers.count != PartnerQuestionnaire.statements.count || !answers.allSatisfy({ (1...4).contains($0) }) {
            errors.append(FieldError(field: "answers", message: "Answer each of the \(PartnerQuestionnaire.statements.count) statements from 1 (disagree) to 4 (agree)."))
        }
        if (input.comment?.count ?? 0) > 5000 { errors.append(FieldError(field: "comment", message: "Keep the comment under 5,000 characters.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let today = req.today
        try await evaluation(of: agreement, year: SchoolCalendar.schoolYearStart(containing: today), on: req) { evaluation in
            evaluation.answers = answers.map(String.init).joined(separator: ",")
            evaluation.comment = input.comment?.nonEmpty
            evaluation.answeredBy = viewer.personID
            evaluation.answeredOn = today.description
        }
    }

    /// The coordinator's rating of each objective (1–4) for this school year.
    static func rate(_ input: RatingsInput, agreement: PartnershipAgreement, on req: Request) async throws {
        let viewer = try req.viewer
        let objectives = try await req.tenant.query(PartnershipObjective.self).filter(\.$agreement.$id == agreement.requireID()).all()
        var ratings: [UUID: Int] = [:]
        var errors: [FieldError] = []
        for objective in objectives {
            let id = try objective.requireID()
            if let value = input.ratings?[id.uuidString] ?? input.ratings?[id.uuidString.lowercased()], (1...4).contains(value) { ratings[id] = value }
            else { errors.append(.rule(field: "ratings.\(id.uuidString)", message: "Rate \"\(objective.details)\" from 1 to 4.")) }
        }
        if objectives.isEmpty { errors.append(.rule(field: "ratings", message: "Add the agreement's objectives before rating them.")) }
        if (input.note?.count ?? 0) > 5000 { errors.append(FieldError(field: "note", message: "Keep the note under 5,000 characters.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let today = req.today, rated = ratings
        try await evaluation(of: agreement, year: SchoolCalendar.schoolYearStart(containing: today), on: req) { evaluation in
            evaluation.ratings = PartnershipEvaluation.ratingsText(rated)
            evaluation.note = input.note?.nonEmpty
            evaluation.ratedBy = viewer.personID
            evaluation.ratedOn = today.description
        }
    }

    /// Finds or makes the year's evaluation inside one change and applies `fill` to it, so the
    /// partner's answers and the coordinator's ratings, given at once, land in one row.
    private static func evaluation(of agreement: PartnershipAgreement, year: Int, on req: Request,
                                   _ fill: @escaping @Sendable (PartnershipEvaluation) -> Void) async throws {
        let agreementID = try agreement.requireID()
        try await req.change { tenant, audit in
            let existing = try await tenant.query(PartnershipEvaluation.self).filter(\.$agreement.$id == agreementID)
                .filter(\.$schoolYear == year).first()
            let evaluation = existing ?? PartnershipEvaluation()
            let before = existing.map(EvaluationRecord.init)
            evaluation.districtID = tenant.districtID
            evaluation.$agreement.id = agreementID
            evaluation.schoolYear = year
            fill(evaluation)
            let after = EvaluationRecord(evaluation)
            guard after != before else { return }
            try await evaluation.save(on: tenant.db)
            if let before { audit.updated("partnershipEvaluation", id: evaluation.id, from: before, to: after) }
            else { audit.created("partnershipEvaluation", id: evaluation.id, after) }
        }
    }
}

struct AgreementRecord: Codable, Equatable {
    var partnerID: UUID, title: String, startsOn: String, endsOn: String, districtGives: String, partnerGives: String, signatories: String
    var signedOn: String?
    init(_ a: PartnershipAgreement) throws {
        partnerID = a.$partner.id; title = a.title; startsOn = a.startsOn; endsOn = a.endsOn; districtGives = a.districtGives
        partnerGives = a.partnerGives; signatories = a.signatories; signedOn = a.signedOn
    }
}

struct ObjectiveRecord: Codable, Equatable {
    var agreementID: UUID, description: String, target: Int, unit: String, measure: ObjectiveMeasure, howMeasured: String, recordedValue: Int?
    init(_ o: PartnershipObjective) {
        agreementID = o.$agreement.id; description = o.details; target = o.target; unit = o.unit; measure = o.measure
        howMeasured = o.howMeasured; recordedValue = o.recordedValue
    }
}

struct EvaluationRecord: Codable, Equatable {
    var agreementID: UUID, schoolYear: Int, answers: String?, comment: String?, answeredBy: UUID?, ratings: String?, note: String?, ratedBy: UUID?
    init(_ e: PartnershipEvaluation) {
        agreementID = e.$agreement.id; schoolYear = e.schoolYear; answers = e.answers; comment = e.comment; answeredBy = e.answeredBy
        ratings = e.ratings; note = e.note; ratedBy = e.ratedBy
    }
}
