import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// Linking parents and guardians to students by hand, for districts that do not roster them
/// (or a family the student information system has wrong): on the student's page, by the
/// guardian's email, since a district has too many guardians to choose from a list.
enum GuardianLinkPages {
    struct Snapshot: Codable {
        var guardianID: UUID
        var studentID: UUID
    }

    /// What was typed into the link form and why it was refused, for the page shown again.
    enum Typed: StorageKey { typealias Value = (email: String, error: String) }

    static func register(_ app: Application, pages: any RoutesBuilder) {
        pages.post(SiteRoute.addGuardian(.pattern).pattern) { req async throws -> Response in
            let student = try await PeoplePages.load(req)
            try req.viewer.require(.editPerson)
            let email = try req.field(String.self, at: "email") ?? ""
            let guardian: Person
            do {
                guardian = try await link(email, to: student, on: req)
            } catch let refused as PathworkError where !refused.fieldErrors.isEmpty {
                // The student's page again, the email kept and the problem beside its field.
                req.storage[Typed.self] = (email, refused.reason)
                var page = try await PersonPage.handle(req)
                page.status = refused.status
                return try await page.encodeResponse(for: req)
            }
            return req.redirect(to: SiteRoute.person(student.id).path(query: [("notice", "\(guardian.fullName) is linked as a parent or guardian.")]))
        }
        pages.post(SiteRoute.removeGuardian(.pattern, guardian: .pattern).pattern) { req async throws -> Response in
            let student = try await PeoplePages.load(req)
            try req.viewer.require(.editPerson)
            let guardianID = try req.parameters.require("guardianID", as: UUID.self)
            try await req.change { tenant, audit in
                guard let existing = try await tenant.query(GuardianLink.self).filter(\.$guardianID == guardianID)
                    .filter(\.$studentID == student.id).first() else { return }
                try await existing.delete(on: tenant.db)
                audit.deleted(GuardianLink.schema, id: existing.id, Snapshot(guardianID: guardianID, studentID: student.id))
            }
            return req.redirect(to: SiteRoute.person(student.id).path(query: [("notice", "The link is removed.")]))
        }
        app.personSections.add { req, record in try await section(req, record) }
    }

    /// Links the district's parent or guardian with this email to the student; linking twice
    /// leaves one link (checked inside the change, and the table's unique key says so too).
    static func link(_ email: String, to student: PersonRecord, on req: Request) async throws -> Person {
        guard student.roles.contains(.student) else { throw Abort(.badRequest, reason: "Only students have parents and guardians linked.") }
        let tenant = try req.tenant
        func refuse(_ message: String) -> PathworkError {
            PathworkError(status: .unprocessableEntity, code: "guardian.email", reason: message, fieldErrors: [FieldError(field: "email", message: message)])
        }
        guard let normalized = EmailAddress.normalize(email) else { throw refuse("Enter the parent's or guardian's email address.") }
        guard let guardian = try await tenant.query(Person.self).filter(\.$email == normalized).first() else {
            throw refuse("No one in the district has the email \(normalized); add them on People first, with the parent or guardian role.")
        }
        let guardianID = try guardian.requireID()
        guard try await tenant.roles(of: guardianID).contains(.guardian) else {
            throw refuse("\(guardian.fullName) does not have the parent or guardian role.")
        }
        let studentID = student.id
        try await req.change { tenant, audit in
            if try await tenant.query(GuardianLink.self).filter(\.$guardianID == guardianID).filter(\.$studentID == studentID).first() != nil { return }
            let link = GuardianLink(districtID: tenant.districtID, guardianID: guardianID, studentID: studentID)
            try await link.create(on: tenant.db)
            audit.created(GuardianLink.schema, id: link.id, Snapshot(guardianID: guardianID, studentID: studentID))
        }
        return guardian
    }

    /// On a student's page, their parents and guardians; on a guardian's, their children.
    static func section(_ req: Request, _ record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        let isStudent = record.roles.contains(.student), isGuardian = record.roles.contains(.guardian)
        guard viewer.reach == .wholeDistrict, isStudent || isGuardian else { return .empty }
        let tenant = try req.tenant
        let links = try await tenant.query(GuardianLink.self)
            .group(.or) { $0.filter(\.$studentID == record.id).filter(\.$guardianID == record.id) }.all()
        let otherIDs = links.map { $0.studentID == record.id ? $0.guardianID : $0.studentID }
        let others = otherIDs.isEmpty ? [] : try await tenant.query(Person.self).filter(\.$id ~~ otherIDs)
            .sort(\.$familyName).sort(\.$givenName).all()
        let manages = viewer.can(.editPerson) && isStudent
        return .section(.class("card"), .id("guardians"),
            .h2(.text(isStudent ? "Parents and guardians" : "Children")),
            .p(.class("muted"), .text(isStudent
                ? "Each sees this student's record and signs for them; no other student's."
                : "This parent or guardian sees these students' records and signs for them.")),
            .if(others.isEmpty, .p(.text(isStudent ? "No parent or guardian is linked." : "No student is linked."))),
            .ul(.forEach(try others.map { ($0, try $0.requireID()) }) { other, otherID in
                .li(.a(.href(SiteRoute.person(otherID).path), .text(other.fullName)), .text(" — \(other.email)"),
                    .if(manages,
                        .form(.method(.post), .action(SiteRoute.removeGuardian(record.id, guardian: otherID).path), .class("inline"),
                              Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("link"), .text("Remove")))))
            }),
            .if(manages,
                .form(.method(.post), .action(SiteRoute.addGuardian(record.id).path), Layout.csrfField(viewer.csrfToken),
                      FormField.text("Link a parent or guardian by email", name: "email", value: req.storage[Typed.self]?.email, type: .email,
                                     error: req.storage[Typed.self]?.error),
                      .button(.type(.submit), .text("Link")))),
            .if(manages, .p(.class("muted"), .text("A student imported from the student information system has their links made again, "
                                                     + "from the set, whenever an import changes them."))))
    }
}
