import Fluent
import Foundation
import PathworkDomain
import Vapor

struct OpportunityInput: Content {
    var partnerId: UUID?
    var title: String?
    var kind: String?
    var stage: String?
    var pay: String?
    var description: String?
    var pathwayCodes: [String]?
    var minimumAge: Int?
    var minimumGrade: Int?
    var maximumGrade: Int?
    var requiredCredentialId: UUID?
    var seats: Int?
    var startsOn: String?
    var endsOn: String?
    var applyBy: String?
    var location: String?
    var transport: String?

    /// From a page's form, where every value is text and "none" is empty.
    init(form: [String: String]) {
        func text(_ key: String) -> String? { form[key]?.nonEmpty }
        func number(_ key: String) -> Int? { text(key).flatMap { Int($0) ?? -1 } }
        partnerId = text("partnerId").flatMap(UUID.init(uuidString:)); title = text("title"); kind = text("kind"); stage = text("stage")
        pay = text("pay"); description = text("description"); pathwayCodes = text("pathwayCode").map { [$0] }
        minimumAge = number("minimumAge"); minimumGrade = number("minimumGrade"); maximumGrade = number("maximumGrade")
        requiredCredentialId = text("requiredCredentialId").flatMap(UUID.init(uuidString:)); seats = number("seats")
        startsOn = text("startsOn"); endsOn = text("endsOn"); applyBy = text("applyBy"); location = text("location"); transport = text("transport")
    }
}

struct ApplicationInput: Content {
    var answer: String?
}

/// Proposing, publishing and closing opportunities, and students applying to them.
enum OpportunitiesWriter {
    /// Staff add an opportunity for any partner, published at once or kept as a proposal; a
    /// partner's people propose one for their own organization, which the coordinator publishes.
    static func create(_ input: OpportunityInput, publish: Bool, on req: Request) async throws -> Opportunity {
        let viewer = try req.viewer
        let tenant = try req.tenant
        var errors: [FieldError] = []
        var partnerID = input.partnerId
        if !viewer.can(.manageClients) {
            let own = try await tenant.query(ClientContactLink.self).filter(\.$person.$id == viewer.personID).all(\.$client.$id)
            if partnerID == nil, own.count == 1 { partnerID = own.first }
            if partnerID.map({ !own.contains($0) }) ?? true {
                errors.append(.reference(field: "partnerId", message: "Choose your organization."))
            }
        } else if let id = partnerID, try await tenant.query(Client.self).filter(\.$id == id).first() == nil {
            errors.append(.reference(field: "partnerId", message: "Choose one of the district's partners."))
        } else if partnerID == nil {
            errors.append(.rule(field: "partnerId", message: "Choose the partner that offers it."))
        }
        let checked = try await check(input, tenant: tenant, errors: &errors)
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let status: Opportunity.Status = publish && viewer.can(.manageClients) ? .published : .proposed
        let partner = partnerID!
        return try await req.change { tenant, audit in
            let opportunity = Opportunity()
            opportunity.districtID = tenant.districtID
            opportunity.$partner.id = partner
            checked.fill(opportunity)
            opportunity.status = status
            opportunity.proposedBy = viewer.personID
            try await opportunity.create(on: tenant.db)
            audit.created("opportunity", id: opportunity.id, try OpportunityJSON(opportunity))
            return opportunity
        }
    }

    /// What the form said, checked: the values to store.
    struct Checked: Sendable {
        var title: String, kind: OpportunityKind, stage: CareerConnectStage, pay: OpportunityPay, details: String, pathways: [String]
        var minimumAge: Int?, minimumGrade: Int?, maximumGrade: Int?, credential: UUID?, seats: Int
        var startsOn: CalendarDate, endsOn: CalendarDate, applyBy: CalendarDate?, location: String, transport: String

        func fill(_ o: Opportunity) {
            o.title = title; o.kind = kind; o.stage = stage; o.pay = pay; o.details = details; o.pathwayCodes = pathways.joined(separator: ",")
            o.minimumAge = minimumAge; o.minimumGrade = minimumGrade; o.maximumGrade = maximumGrade; o.requiredCredentialID = credential
            o.seats = seats; o.startsOn = startsOn.description; o.endsOn = endsOn.description; o.applyBy = applyBy?.description
            o.location = location; o.transport = transport
        }
    }

    static func check(_ input: OpportunityInput, tenant: Tenant, errors: inout [FieldError]) async throws -> Checked {
        let title = input.title?.nonEmpty ?? ""
        if title.isEmpty || title.count > 200 { errors.append(FieldError(field: "title", message: "Name the opportunity (up to 200 characters).")) }
        let kind = input.kind.flatMap(OpportunityKind.init(rawValue:))
        if kind == nil { errors.append(FieldError(field: "kind", message: "Choose what kind of opportunity it is.")) }
        let stage = input.stage.flatMap(CareerConnectStage.init(rawValue:)) ?? kind?.usualStage ?? .explore
        let pay = input.pay.flatMap(OpportunityPay.init(rawValue:)) ?? .unpaid
        let pathways = (input.pathwayCodes ?? []).map(\.trimmed).filter { !$0.isEmpty }
        if let bad = pathways.first(where: { !PathwayLinks.isLinkable($0) }) {
            errors.append(FieldError(field: "pathwayCodes", message: "\(bad) is not a pathway of the Career Clusters framework."))
        }
        if let age = input.minimumAge, !(12...21).contains(age) { errors.append(FieldError(field: "minimumAge", message: "Give an age from 12 to 21, or none.")) }
        for (field, grade) in [("minimumGrade", input.minimumGrade), ("maximumGrade", input.maximumGrade)] {
            if let grade, !StudentDraft.grades.contains(grade) { errors.append(FieldError(field: field, message: "Give a grade from \(StudentDraft.grades.lowerBound) to \(StudentDraft.grades.upperBound), or none.")) }
        }
        if let credential = input.requiredCredentialId, try await tenant.query(Credential.self).filter(\.$id == credential).first() == nil {
            errors.append(.reference(field: "requiredCredentialId", message: "Choose a credential from the catalog."))
        }
        let start = CalendarDate(iso: input.startsOn ?? ""), end = CalendarDate(iso: input.endsOn ?? input.startsOn ?? "")
        if start == nil { errors.append(FieldError(field: "startsOn", message: "Enter the first day as YYYY-MM-DD.")) }
        if end == nil { errors.append(FieldError(field: "endsOn", message: "Enter the last day as YYYY-MM-DD.")) }
        let applyBy = input.applyBy?.nonEmpty.flatMap(CalendarDate.init(iso:))
        if input.applyBy?.nonEmpty != nil, applyBy == nil { errors.append(FieldError(field: "applyBy", message: "Enter the date applications close as YYYY-MM-DD.")) }
        let seats = input.seats ?? 1
        if let start, let end {
            for problem in OpportunityRules.problems(stage: stage, pay: pay, seats: seats, startsOn: start, endsOn: end, applyBy: applyBy,
                                                     minimumGrade: input.minimumGrade, maximumGrade: input.maximumGrade) {
                errors.append(.rule(field: problem.field, message: problem.message))
            }
        }
        for (field, value, limit) in [("description", input.description, 5000), ("location", input.location, 300), ("transport", input.transport, 1000)]
        where (value?.count ?? 0) > limit {
            errors.append(FieldError(field: field, message: "Keep it under \(limit) characters."))
        }
        return Checked(title: title, kind: kind ?? .careerFair, stage: stage, pay: pay, details: input.description?.trimmed ?? "", pathways: pathways,
                       minimumAge: input.minimumAge, minimumGrade: input.minimumGrade, maximumGrade: input.maximumGrade,
                       credential: input.requiredCredentialId, seats: seats, startsOn: start ?? .init(dayNumber: 0), endsOn: end ?? .init(dayNumber: 0),
                       applyBy: applyBy, location: input.location?.trimmed ?? "", transport: input.transport?.trimmed ?? "")
    }

    /// Publishes a proposal, or closes an opportunity to new applications.
    static func set(_ raw: String?, to status: Opportunity.Status, on req: Request) async throws -> Opportunity {
        let found = try await req.tenant.find(Opportunity.self, raw)
        return try await req.change { tenant, audit in
            let opportunity = try await tenant.find(Opportunity.self, found.requireID())
            guard opportunity.status != status else { return opportunity }
            let before = try OpportunityJSON(opportunity)
            opportunity.status = status
            try await opportunity.save(on: tenant.db)
            audit.updated("opportunity", id: opportunity.id, from: before, to: try OpportunityJSON(opportunity))
            return opportunity
        }
    }

    /// A student applies: the opportunity is published, still open, and the student eligible —
    /// checked inside the change, so a closing or a rule met meanwhile is seen.
    static func apply(to raw: String?, _ input: ApplicationInput, on req: Request) async throws -> OpportunityApplication {
        let viewer = try req.viewer
        let answer = input.answer?.nonEmpty ?? ""
        if answer.isEmpty || answer.count > 2000 {
            throw PathworkError.invalid([FieldError(field: "answer", message: "Say in a few sentences why you want to take part (up to 2,000 characters).")])
        }
        let found = try await req.tenant.find(Opportunity.self, raw)
        guard found.status == .published else { throw Abort(.notFound) }
        let today = req.today
        let now = req.now
        return try await req.change { tenant, audit in
            let opportunity = try await tenant.find(Opportunity.self, found.requireID())
            guard opportunity.status == .published else {
                throw PathworkError.conflict("opportunity.closed", "This opportunity is no longer taking applications.")
            }
            if let applyBy = opportunity.applyBy.flatMap(CalendarDate.init(iso:)), applyBy < today {
                throw PathworkError.conflict("opportunity.closed", "Applications closed on \(applyBy).")
            }
            let reasons = try await OpportunityDirectory.reasons(opportunity, student: viewer.personID, tenant: tenant, today: today)
            guard reasons.isEmpty else {
                throw PathworkError(status: .unprocessableEntity, code: "opportunity.ineligible", reason: reasons.joined(separator: " "))
            }
            if let existing = try await tenant.query(OpportunityApplication.self).filter(\.$opportunity.$id == opportunity.requireID())
                .filter(\.$studentID == viewer.personID).first() {
                guard existing.status == .withdrawn else {
                    throw PathworkError.conflict("opportunity.already-applied", "You have already applied.")
                }
                existing.status = .submitted
                existing.statusChangedAt = now
                existing.answer = answer
                try await existing.save(on: tenant.db)
                audit.updated("opportunityApplication", id: existing.id, from: ["status": "withdrawn"], to: ["status": "submitted"])
                return existing
            }
            let application = OpportunityApplication()
            application.districtID = tenant.districtID
            application.$opportunity.id = try opportunity.requireID()
            application.studentID = viewer.personID
            application.answer = answer
            application.status = .submitted
            application.statusChangedAt = now
            try await application.create(on: tenant.db)
            audit.created("opportunityApplication", id: application.id, ["opportunityID": try opportunity.requireID().uuidString, "status": "submitted"])
            return application
        }
    }

    /// The student takes their application back; they may apply again while it is open. A
    /// seat it held goes to the waitlist.
    static func withdraw(_ raw: String?, on req: Request) async throws -> OpportunityApplication {
        try await ApplicationReview.act(.withdraw, on: raw, req: req)
    }
}
