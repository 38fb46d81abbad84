import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PartnerInput: Content {
    var name: String?
    var sector: String?
    var address: String?
    var website: String?
    var description: String?
}

struct PartnerContactInput: Content {
    var personId: UUID?
    var title: String?
    var phone: String?
}

/// Every change to partner organizations: their details, their people and the log of the
/// district's interactions with them. Each is one audited change.
enum PartnersWriter {
    static func update(_ partner: Client, _ input: PartnerInput, on req: Request) async throws -> Client {
        let name = input.name?.nonEmpty ?? partner.name
        var errors: [FieldError] = []
        if name.count > 160 { errors.append(FieldError(field: "name", message: "Keep the name under 160 characters.")) }
        for (field, value, limit) in [("sector", input.sector, 160), ("address", input.address, 500), ("website", input.website, 300),
                                      ("description", input.description, 5000)] where (value?.count ?? 0) > limit {
            errors.append(FieldError(field: field, message: "Keep it under \(limit) characters."))
        }
        if let website = input.website?.nonEmpty, !(website.hasPrefix("https://") || website.hasPrefix("http://")) {
            errors.append(.rule(field: "website", message: "Give the full address, starting with https://."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let partnerID = try partner.requireID()
        return try await req.change { tenant, audit in
            let current = try await tenant.find(Client.self, partnerID)
            if name != current.name, try await tenant.query(Client.self).filter(\.$name == name).first() != nil {
                throw PathworkError.invalid([.duplicate(field: "name", message: "This district already has a partner with that name.")])
            }
            let before = try PartnerJSON(current)
            current.name = name
            if let sector = input.sector { current.sector = sector.trimmed }
            if let address = input.address { current.address = address.trimmed }
            if let website = input.website { current.website = website.nonEmpty }
            if let description = input.description { current.details = description.nonEmpty }
            let after = try PartnerJSON(current)
            guard after != before else { return current }
            try await current.save(on: tenant.db)
            audit.updated("partner", id: partnerID, from: before, to: after)
            return current
        }
    }

    /// Makes a person one of the organization's people: a client contact, a mentor or a
    /// worksite supervisor (a person of the district's staff or a student cannot be).
    static func linkContact(_ input: PartnerContactInput, to partner: Client, on req: Request) async throws {
        let tenant = try req.tenant
        let person = try await tenant.find(Person.self, input.personId)
        let roles = try await tenant.roles(of: person.requireID())
        guard roles.contains(where: \.isExternal) else {
            throw PathworkError.invalid([.reference(field: "personId", message: "Choose a client contact, mentor or worksite supervisor.")])
        }
        var errors: [FieldError] = []
        if (input.title?.count ?? 0) > 160 { errors.append(FieldError(field: "title", message: "Keep the job title under 160 characters.")) }
        if (input.phone?.count ?? 0) > 40 { errors.append(FieldError(field: "phone", message: "Keep the phone number under 40 characters.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let partnerID = try partner.requireID(), contactID = try person.requireID()
        try await req.change { tenant, audit in
            if let link = try await tenant.query(ClientContactLink.self).filter(\.$client.$id == partnerID).filter(\.$person.$id == contactID).first() {
                let before = PartnerContactRecord(link)
                if let title = input.title { link.title = title.nonEmpty }
                if let phone = input.phone { link.phone = phone.nonEmpty }
                guard PartnerContactRecord(link) != before else { return }
                try await link.save(on: tenant.db)
                audit.updated("clientContact", id: link.id, from: before, to: PartnerContactRecord(link))
                return
            }
            let link = ClientContactLink(districtID: tenant.districtID, clientID: partnerID, personID: contactID)
            link.title = input.title?.nonEmpty
            link.phone = input.phone?.nonEmpty
            try await link.create(on: tenant.db)
            audit.created("clientContact", id: link.id, PartnerContactRecord(link))
        }
    }

    /// Takes a person off the organization (undoing `linkContact`); the person stays.
    static func unlinkContact(_ raw: String?, of partner: Client, on req: Request) async throws {
        let link = try await req.tenant.find(ClientContactLink.self, raw)
        guard link.$client.id == partner.id else { throw Abort(.notFound, reason: "No such contact of this partner.") }
        try await req.change { tenant, audit in
            guard let current = try await tenant.query(ClientContactLink.self).filter(\.$id == link.requireID()).first() else { return }
            try await current.delete(on: tenant.db)
            audit.deleted("clientContact", id: current.id, PartnerContactRecord(current))
        }
    }

    static func logInteraction(_ input: PartnerInteractionInput, with partner: Client, on req: Request) async throws -> PartnerInteraction {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let today = req.today
        var errors: [FieldError] = []
        let kind = input.kind.flatMap(InteractionKind.init(rawValue:))
        if kind == nil {
            errors.append(FieldError(field: "kind", message: "Choose one of: \(InteractionKind.allCases.map(\.rawValue).joined(separator: ", "))."))
        }
        let happened = CalendarDate(iso: input.happenedOn ?? "")
        if happened == nil || happened! > today { errors.append(.rule(field: "happenedOn", message: "Enter the date (today or earlier) as YYYY-MM-DD.")) }
        let summary = input.summary?.nonEmpty ?? ""
        if summary.isEmpty || summary.count > 5000 { errors.append(FieldError(field: "summary", message: "Say what was discussed or done.")) }
        let step = input.nextStep?.nonEmpty
        let owner = input.nextStepOwnerId?.nonEmpty.flatMap(UUID.init(uuidString:))
        let due = input.nextStepDueOn?.nonEmpty.flatMap(CalendarDate.init(iso:))
        if let step {
            if step.count > 1000 { errors.append(FieldError(field: "nextStep", message: "Keep the next step under 1,000 characters.")) }
            if let owner {
                let staff = try await tenant.roles(of: owner).contains(where: \.isDistrictStaff)
                if !staff { errors.append(.reference(field: "nextStepOwnerId", message: "Choose a member of the district's staff to own the next step.")) }
            } else {
                errors.append(.rule(field: "nextStepOwnerId", message: "Choose who owns the next step."))
            }
            if due == nil { errors.append(.rule(field: "nextStepDueOn", message: "Enter when the next step is due, as YYYY-MM-DD.")) }
        } else if input.nextStepOwnerId?.nonEmpty != nil || input.nextStepDueOn?.nonEmpty != nil {
            errors.append(.rule(field: "nextStep", message: "Say what the next step is, or leave its owner and date empty."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let partnerID = try partner.requireID()
        return try await req.change { tenant, audit in
            let interaction = PartnerInteraction()
            interaction.districtID = tenant.districtID
            interaction.$partner.id = partnerID
            interaction.kind = kind!
            interaction.happenedOn = happened!.description
            interaction.summary = summary
            interaction.loggedBy = viewer.personID
            interaction.nextStep = step
            interaction.nextStepOwnerID = step == nil ? nil : owner
            interaction.nextStepDueOn = step == nil ? nil : due?.description
            try await interaction.create(on: tenant.db)
            audit.created("partnerInteraction", id: interaction.id, try PartnerInteractionJSON(interaction, today: today))
            return interaction
        }
    }

    /// Marks a next step done (today) or open again. Doing what is already so changes nothing.
    static func setNextStep(_ raw: String?, done: Bool, on req: Request) async throws -> PartnerInteraction {
        let tenant = try req.tenant
        let found = try await tenant.find(PartnerInteraction.self, raw)
        guard found.nextStep != nil else {
            throw PathworkError.conflict("partner.no-next-step", "This interaction has no next step to mark.")
        }
        let today = req.today
        let id = try found.requireID()
        return try await req.change { tenant, audit in
            let interaction = try await tenant.find(PartnerInteraction.self, id)
            guard (interaction.nextStepDoneOn != nil) != done else { return interaction }
            let before = try PartnerInteractionJSON(interaction, today: today)
            interaction.nextStepDoneOn = done ? today.description : nil
            try await interaction.save(on: tenant.db)
            audit.updated("partnerInteraction", id: id, from: before, to: try PartnerInteractionJSON(interaction, today: today))
            return interaction
        }
    }
}

/// A contact link as the audit log keeps it.
struct PartnerContactRecord: Codable, Equatable {
    var partnerID: UUID
    var personID: UUID
    var title: String?
    var phone: String?

    init(_ link: ClientContactLink) {
        partnerID = link.$client.id; personID = link.$person.id; title = link.title; phone = link.phone
    }
}
