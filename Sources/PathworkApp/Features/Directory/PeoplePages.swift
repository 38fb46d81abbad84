import Fluent
import PathworkDomain
import Plot
import Vapor

/// The directory's pages and their form actions.
enum PeoplePages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.people.pattern, use: PeopleListPage.handle)
        pages.get(SiteRoute.person(.pattern).pattern, use: PersonPage.handle)

        pages.get(SiteRoute.newPerson.pattern) { req async throws -> Page in
            try req.viewer.require(.createPerson)
            return try await PersonFormPage.render(req, form: .init(), editing: nil)
        }
        pages.post(SiteRoute.people.pattern) { req async throws -> Response in
            try req.viewer.require(.createPerson)
            let form = try req.input(PersonFormPage.Form.self)
            do {
                let record = try await PeopleWriter.create(form.submission(), on: req)
                return req.redirect(to: SiteRoute.person(record.id).path(query: [("notice", "\(record.person.fullName) was added.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await PersonFormPage.render(req, form: form, editing: nil, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.editPerson(.pattern).pattern) { req async throws -> Page in
            let record = try await load(req)
            try req.viewer.require(.editPerson)
            return try await PersonFormPage.render(req, form: .init(record), editing: record)
        }
        pages.post(SiteRoute.editPerson(.pattern).pattern) { req async throws -> Response in
            let record = try await load(req)
            try req.viewer.require(.editPerson)
            let form = try req.input(PersonFormPage.Form.self)
            do {
                let updated = try await PeopleWriter.update(record, with: form.submission(), on: req)
                return req.redirect(to: SiteRoute.person(updated.id).path(query: [("notice", "Changes saved.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await PersonFormPage.render(req, form: form, editing: record, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        for (route, disabled) in [(SiteRoute.disablePerson(.pattern), true), (.enablePerson(.pattern), false)] {
            pages.post(route.pattern) { req async throws -> Response in
                let record = try await load(req)
                let viewer = try req.viewer
                try viewer.require(.disablePerson)
                guard record.id != viewer.personID else { throw Abort(.conflict, reason: "You cannot disable your own account.") }
                try await PeopleWriter.setDisabled(disabled, record, on: req)
                let notice = disabled ? "The account is disabled and its sessions have ended." : "The account is enabled."
                return req.redirect(to: SiteRoute.person(record.id).path(query: [("notice", notice)]))
            }
        }
        pages.post(SiteRoute.addConnection(.pattern).pattern) { req async throws -> Response in
            let record = try await load(req)
            try req.viewer.require(.manageConnections)
            let contactID = try req.field(UUID.self, at: "contactId")
            let contact = try await Connections.add(contactID, to: record, on: req)
            return req.redirect(to: SiteRoute.person(record.id).path(query: [("notice", "\(contact.fullName) is connected.")]))
        }
        pages.post(SiteRoute.removeConnection(.pattern, connection: .pattern).pattern) { req async throws -> Response in
            let record = try await load(req)
            try req.viewer.require(.manageConnections)
            try await Connections.remove(req.parameters.get("connectionID", as: UUID.self), from: record, on: req)
            return req.redirect(to: SiteRoute.person(record.id).path(query: [("notice", "Connection removed.")]))
        }
        pages.get(SiteRoute.disclosures(.pattern).pattern) { req async throws -> Page in
            let record = try await load(req)
            let viewer = try req.viewer
            try viewer.require(.viewDisclosures)
            let rows = try await Disclosures.history(of: record.id, tenant: req.tenant)
            return Layout.page("Disclosures of \(record.person.fullName)'s record", viewer: viewer, current: .people,
                .p(.text("Every time a mentor, client contact or worksite supervisor opened this student's record.")),
                .if(rows.isEmpty, .p(.text("No one outside the district has viewed this record."))),
                .if(!rows.isEmpty, .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("When")), .th(.text("Who")), .th(.text("Role")), .th(.text("What")))),
                    .tbody(.forEach(rows) { row in
                        .tr(.td(.text(row.occurredAt.formatted(in: viewer.timeZone))), .td(.text(row.viewerName)),
                            .td(.text(Role(rawValue: row.viewerRole)?.title ?? row.viewerRole)), .td(.text(row.context)))
                    })))),
                .p(.a(.href(SiteRoute.person(record.id).path), .text("Back to the record"))))
        }
    }

    static func load(_ req: Request) async throws -> PersonRecord {
        try await PeopleDirectory.find(req.parameters.get("personID", as: UUID.self), viewer: req.viewer, tenant: req.tenant)
    }
}

/// Connecting outside people to students, audited like every change.
enum Connections {
    struct Snapshot: Codable {
        var studentID: UUID
        var contactID: UUID
    }

    static func add(_ contactID: UUID?, to student: PersonRecord, on req: Request) async throws -> Person {
        let tenant = try req.tenant
        guard student.roles.contains(.student) else { throw Abort(.badRequest, reason: "Only students have connections.") }
        let contact = try await tenant.find(Person.self, contactID)
        let roles = try await tenant.roles(of: contact.requireID())
        guard roles.contains(where: \.isExternal) else {
            throw PathworkError(status: .unprocessableEntity, code: "connection.role", reason: "Only mentors, client contacts and supervisors can be connected.",
                                fieldErrors: [FieldError(field: "contactId", message: "Choose a mentor, client contact or supervisor.")])
        }
        let studentID = student.id
        let contactID = try contact.requireID()
        try await req.change { tenant, audit in
            if try await tenant.query(StudentConnection.self).filter(\.$student.$id == studentID)
                .filter(\.$contact.$id == contactID).first() != nil { return }
            let connection = StudentConnection(districtID: tenant.districtID, studentID: studentID, contactID: contactID)
            try await connection.create(on: tenant.db)
            audit.created("studentConnection", id: connection.id, Snapshot(studentID: studentID, contactID: contactID))
        }
        return contact
    }

    static func remove(_ connectionID: UUID?, from student: PersonRecord, on req: Request) async throws {
        let connection = try await req.tenant.find(StudentConnection.self, connectionID)
        guard connection.$student.id == student.id else { throw Abort(.notFound) }
        try await req.change { tenant, audit in
            try await connection.delete(on: tenant.db)
            audit.deleted("studentConnection", id: connection.id,
                          Snapshot(studentID: connection.$student.id, contactID: connection.$contact.id))
        }
    }
}
