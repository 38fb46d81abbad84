import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PlacementInput: Content {
    var learningObjectives: String?
    var pathwayCode: String?
    var schedule: String?
    var safetyTraining: String?
    var safetyTrainingCompleted: Bool?
    var supervisorId: UUID?
    var startsOn: String?
    var endsOn: String?
    var pay: String?
    var hourlyWageCents: Int?

    init(form: [String: String]) {
        func text(_ key: String) -> String? { form[key] }
        learningObjectives = text("learningObjectives"); pathwayCode = text("pathwayCode"); schedule = text("schedule")
        safetyTraining = text("safetyTraining"); safetyTrainingCompleted = form["safetyTrainingCompleted"] == "on"
        supervisorId = text("supervisorId")?.nonEmpty.flatMap(UUID.init(uuidString:)); startsOn = text("startsOn"); endsOn = text("endsOn")
        pay = text("pay"); hourlyWageCents = text("hourlyWage").flatMap { $0.nonEmpty }.map { Money.cents(from: $0) ?? -1 }
    }
}

struct SignatureInput: Content {
    var signer: AgreementSigner?
    var signedName: String?
    var version: Int?
}

/// Placing a student from an accepted application, editing the training agreement (a new
/// version whenever its terms change) and signing it. The placement runs once every signer
/// has signed the version in force; all of it is decided inside the change.
enum PlacementsWriter {
    static func place(application raw: String?, on req: Request) async throws -> Placement {
        let viewer = try req.viewer
        try viewer.require(.manageClients)
        let found = try await req.tenant.find(OpportunityApplication.self, raw)
        let opportunity = try await req.tenant.find(Opportunity.self, found.$opportunity.id)
        guard opportunity.kind.isPlacement else {
            throw PathworkError(status: .unprocessableEntity, code: "placement.kind",
                                reason: "A \(opportunity.kind.title.lowercased()) is attended, not a placement; take attendance instead.")
        }
        let supervisors = try await partnerSupervisors(opportunity.$partner.id, tenant: try req.tenant)
        return try await req.change { tenant, audit in
            let application = try await tenant.find(OpportunityApplication.self, found.requireID())
            guard application.status == .accepted else {
                throw PathworkError.conflict("placement.not-accepted", "Only an accepted offer is placed; this application is \(application.status.title.lowercased()).")
            }
            if try await tenant.query(Placement.self).filter(\.$opportunity.$id == opportunity.requireID())
                .filter(\.$studentID == application.studentID).first() != nil {
                throw PathworkError.conflict("placement.exists", "This student is already placed in this opportunity.")
            }
            let placement = try Placement(in: opportunity, studentID: application.studentID, applicationID: try application.requireID(),
                                          supervisorID: supervisors.count == 1 ? supervisors.first : nil, createdBy: viewer.personID)
            try await placement.create(on: tenant.db)
            audit.created("placement", id: placement.id, try PlacementJSON(placement, agreement: nil))
            try await connect(placement, tenant: tenant)
            return placement
        }
    }

    /// The people of a partner who supervise at its worksite.
    static func partnerSupervisors(_ partnerID: UUID, tenant: Tenant) async throws -> [UUID] {
        let people = try await tenant.query(ClientContactLink.self).filter(\.$client.$id == partnerID).all(\.$person.$id)
        guard !people.isEmpty else { return [] }
        return try await tenant.query(RoleAssignment.self).filter(\.$person.$id ~~ people).filter(\.$role == .supervisor).all(\.$person.$id).sorted()
    }

    /// The supervisor reaches their intern in the limited form, as a connected contact does.
    private static func connect(_ placement: Placement, tenant: Tenant) async throws {
        guard let supervisor = placement.supervisorID else { return }
        if try await tenant.query(StudentConnection.self).filter(\.$student.$id == placement.studentID).filter(\.$contact.$id == supervisor).first() == nil {
            try await StudentConnection(districtID: tenant.districtID, studentID: placement.studentID, contactID: supervisor).create(on: tenant.db)
        }
    }

    /// The coordinator changes the agreement. Unchanged terms change nothing; any change is
    /// a new version, and the placement waits for everyone's signature again.
    static func edit(_ raw: String?, _ input: PlacementInput, on req: Request) async throws -> Placement {
        try req.viewer.require(.manageClients)
        let tenant = try req.tenant
        let found = try await tenant.find(Placement.self, raw)
        var terms = found.terms
        var errors: [FieldError] = []
        if let text = input.learningObjectives { terms.learningObjectives = text.trimmed }
        if let code = input.pathwayCode?.trimmed {
            if !code.isEmpty && !PathwayLinks.isLinkable(code) { errors.append(FieldError(field: "pathwayCode", message: "\(code) is not a pathway of the Career Clusters framework.")) }
            terms.pathwayCode = code
        }
        if let text = input.schedule { terms.schedule = text.trimmed }
        if let text = input.safetyTraining { terms.safetyTraining = text.trimmed }
        if let done = input.safetyTrainingCompleted { terms.safetyTrainingCompleted = done }
        if let supervisor = input.supervisorId {
            if try await !partnerSupervisors(found.partnerID, tenant: tenant).contains(supervisor) {
                errors.append(.reference(field: "supervisorId", message: "Choose a worksite supervisor of the partner."))
            }
            terms.supervisor = supervisor.uuidString
        }
        for (field, value, keyPath) in [("startsOn", input.startsOn, \TrainingAgreementTerms.startsOn), ("endsOn", input.endsOn, \.endsOn)] {
            guard let value else { continue }
            if let date = CalendarDate(iso: value) { terms[keyPath: keyPath] = date } else { errors.append(FieldError(field: field, message: "Enter the date as YYYY-MM-DD.")) }
        }
        if let raw = input.pay {
            if let pay = OpportunityPay(rawValue: raw) { terms.pay = pay } else { errors.append(FieldError(field: "pay", message: "Choose who pays.")) }
        }
        if let cents = input.hourlyWageCents {
            if cents < 0 || cents > 100_000 { errors.append(FieldError(field: "hourlyWageCents", message: "Enter the hourly wage in dollars and cents, such as 16.50.")) }
            else { terms.hourlyWageCents = cents }
        }
        if terms.pay == .unpaid && input.hourlyWageCents == nil { terms.hourlyWageCents = nil }
        for (field, text, limit) in [("learningObjectives", terms.learningObjectives, 4000), ("schedule", terms.schedule, 1000), ("safetyTraining", terms.safetyTraining, 1000)]
        where text.count > limit {
            errors.append(FieldError(field: field, message: "Keep it under \(limit) characters."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let proposed = terms
        return try await req.change { tenant, audit in
            let placement = try await tenant.find(Placement.self, found.requireID())
            guard placement.status != .completed && placement.status != .ended else {
                throw PathworkError.conflict("placement.closed", "This placement is \(placement.status.title.lowercased()); its agreement no longer changes.")
            }
            guard !proposed.changes(from: placement.terms).isEmpty else { return placement }
            let before = try PlacementJSON(placement, agreement: nil)
            placement.apply(proposed)
            placement.version += 1
            let agreement = try await PlacementAgreement.review(placement, tenant: tenant)
            placement.status = agreement.status(after: placement.status)
            try await placement.save(on: tenant.db)
            audit.updated("placement", id: placement.id, from: before, to: try PlacementJSON(placement, agreement: nil))
            if placement.startedAt != nil { audit.emit(.students([placement.studentID])) }
            try await connect(placement, tenant: tenant)
            return placement
        }
    }

    /// One signature on the version the signer read. A version changed meanwhile, a term
    /// missing, or the same signer again is refused; the last signature starts the placement.
    static func sign(_ raw: String?, _ input: SignatureInput, on req: Request) async throws -> Placement {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let found = try await tenant.find(Placement.self, raw)
        let mine = try await PlacementAgreement.roles(of: viewer, on: found, tenant: tenant)
        guard !mine.isEmpty else { throw Abort(.notFound) }
        var errors: [FieldError] = []
        let signer = input.signer ?? (mine.count == 1 ? mine[0] : nil)
        if signer == nil { errors.append(FieldError(field: "signer", message: "Say whether you sign as \(mine.map(\.title).joined(separator: " or ")).")) }
        else if !mine.contains(signer!) { errors.append(.rule(field: "signer", message: "You cannot sign as \(signer!.title.lowercased()) on this placement.")) }
        let name = input.signedName?.trimmed ?? ""
        if name.isEmpty || name.count > 200 { errors.append(FieldError(field: "signedName", message: "Type your full name to sign.")) }
        if input.version == nil { errors.append(FieldError(field: "version", message: "Give the version of the agreement you read.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let now = req.now
        return try await req.change { tenant, audit in
            let placement = try await tenant.find(Placement.self, found.requireID())
            guard placement.status == .awaitingSignatures || placement.status == .active else {
                throw PathworkError.conflict("placement.closed", "This placement is \(placement.status.title.lowercased()).")
            }
            guard input.version == placement.version else {
                throw PathworkError.conflict("agreement.changed", "The agreement changed to version \(placement.version) since you read it; read it again before signing.")
            }
            let before = try await PlacementAgreement.review(placement, tenant: tenant)
            if let problem = before.problems.first {
                throw PathworkError(status: .unprocessableEntity, code: "agreement.incomplete",
                                    reason: "The agreement is not ready to sign: " + before.problems.map(\.message).joined(separator: " "),
                                    fieldErrors: [.rule(field: problem.field, message: problem.message)])
            }
            guard before.required.contains(signer!) else {
                throw PathworkError(status: .unprocessableEntity, code: "agreement.not-required", reason: "A \(signer!.title.lowercased()) does not sign for a student of 18 or older.")
            }
            guard before.missing.contains(signer!) else {
                throw PathworkError.conflict("agreement.signed", "The \(signer!.title.lowercased()) has already signed version \(placement.version).")
            }
            let signature = PlacementSignature()
            signature.districtID = tenant.districtID
            signature.$placement.id = try placement.requireID()
            signature.version = placement.version
            signature.signer = signer!
            signature.personID = viewer.personID
            signature.signedName = name
            signature.signedAt = now
            try await signature.create(on: tenant.db)
            audit.created("placementSignature", id: signature.id, ["placementID": try placement.requireID().uuidString, "version": String(placement.version),
                                                                    "signer": signer!.rawValue, "signedName": name])
            let after = try await PlacementAgreement.review(placement, tenant: tenant)
            let status = after.status(after: placement.status)
            if status != placement.status {
                audit.updated("placement", id: placement.id, from: ["status": placement.status.rawValue], to: ["status": status.rawValue])
                placement.status = status
                if status == .active && placement.startedAt == nil { placement.startedAt = now }
                try await placement.save(on: tenant.db)
                audit.emit(.students([placement.studentID]))
            }
            return placement
        }
    }

    /// The coordinator ends a placement early (the student left, the worksite closed).
    static func end(_ raw: String?, on req: Request) async throws -> Placement {
        try req.viewer.require(.manageClients)
        let found = try await req.tenant.find(Placement.self, raw)
        return try await req.change { tenant, audit in
            let placement = try await tenant.find(Placement.self, found.requireID())
            guard placement.status == .awaitingSignatures || placement.status == .active else {
                throw PathworkError.conflict("placement.closed", "This placement is already \(placement.status.title.lowercased()).")
            }
            audit.updated("placement", id: placement.id, from: ["status": placement.status.rawValue], to: ["status": PlacementStatus.ended.rawValue])
            placement.status = .ended
            try await placement.save(on: tenant.db)
            audit.emit(.students([placement.studentID]))
            return placement
        }
    }
}
