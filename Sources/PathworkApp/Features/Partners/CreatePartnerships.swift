import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Clients become partner organizations: one record whatever an organization does with the
/// district. An organization gains a website and a description; its contacts a job title and
/// a phone, and mentors and worksite supervisors may be its contacts too; the district logs
/// its interactions with it. Mentors and supervisors whose organization was typed on their
/// record are joined to the organization of that name (made when there is none), so nothing
/// the district entered before is entered twice; client contacts were linked already.
struct CreatePartnerships: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(Client.schema).field("website", .string).update()
        try await db.schema(Client.schema).field("description", .string).update()
        try await db.schema(ClientContactLink.schema).field("title", .string).update()
        try await db.schema(ClientContactLink.schema).field("phone", .string).update()
        try await db.schema(PartnerInteraction.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("partner_id", .uuid, .required, .references(Client.schema, "id"))
            .field("kind", .string, .required)
            .field("happened_on", .string, .required)
            .field("summary", .string, .required)
            .field("logged_by", .uuid, .required, .references(Person.schema, "id"))
            .field("next_step", .string)
            .field("next_step_owner_id", .uuid, .references(Person.schema, "id"))
            .field("next_step_due_on", .string)
            .field("next_step_done_on", .string)
            .field("created_at", .datetime)
            .create()
        let sql = try db.sql()
        try await sql.raw("CREATE INDEX partner_interactions_partner ON partner_interactions (partner_id, happened_on)").run()
        try await sql.raw("CREATE INDEX partner_interactions_owner ON partner_interactions (next_step_owner_id, next_step_due_on)").run()
        try await Self.joinOrganizations(on: db)
    }

    /// Joins people to the organizations they typed; running it again changes nothing.
    static func joinOrganizations(on db: any Database) async throws {
        let external = try await RoleAssignment.query(on: db).filter(\.$role ~~ [.mentor, .supervisor]).all()
        let ids = Array(Set(external.map(\.$person.id)))
        guard !ids.isEmpty else { return }
        let people = try await Person.query(on: db).filter(\.$id ~~ ids).all()
        for person in people {
            guard let name = person.organization?.trimmingCharacters(in: .whitespaces), !name.isEmpty, let personID = person.id else { continue }
            let clients = try await Client.query(on: db).filter(\.$districtID == person.districtID).all()
            let partner: Client
            if let known = clients.first(where: { $0.name.lowercased() == name.lowercased() }) {
                partner = known
            } else {
                partner = Client(districtID: person.districtID, name: name, sector: "", address: "")
                try await partner.create(on: db)
            }
            let partnerID = try partner.requireID()
            if try await ClientContactLink.query(on: db).filter(\.$client.$id == partnerID).filter(\.$person.$id == personID).first() == nil {
                try await ClientContactLink(districtID: person.districtID, clientID: partnerID, personID: personID).create(on: db)
            }
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(PartnerInteraction.schema).delete()
        try await db.schema(ClientContactLink.schema).deleteField("phone").update()
        try await db.schema(ClientContactLink.schema).deleteField("title").update()
        try await db.schema(Client.schema).deleteField("description").update()
        try await db.schema(Client.schema).deleteField("website").update()
    }
}
