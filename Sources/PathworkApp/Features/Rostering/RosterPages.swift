import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// The district's staff role mapping (set once, saved, used by every import after), and the
/// note on an imported person's page of what the next import will set.
enum RosterPages {
    static func register(_ app: Application, pages: any RoutesBuilder) {
        pages.post(SiteRoute.rosterRoleMapping.pattern) { req async throws -> Response in
            try req.viewer.require(.importRoster)
            var choices: [String: Role?] = [:]
            var errors: [FieldError] = []
            for rosterRole in RosterPeople.staffRoles {
                // A role the form did not send keeps its mapping; an empty choice leaves it out.
                guard let value = try? req.content.get(String.self, at: rosterRole) else { continue }
                if value.isEmpty { choices[rosterRole] = .some(nil); continue }
                guard let role = Role(rawValue: value), RosterPeople.staffTargets.contains(role) else {
                    errors.append(FieldError(field: rosterRole, message: "Choose one of the listed roles, or leave \(rosterRole) out."))
                    continue
                }
                choices[rosterRole] = role
            }
            guard errors.isEmpty else { return try await ImportPage.render(req, errors: errors).encodeResponse(for: req) }
            let chosen = choices
            try await req.change { tenant, audit in
                let saved = try await tenant.query(RosterRoleMapping.self).all()
                for (rosterRole, role) in chosen {
                    let mapping = saved.first { $0.rosterRole == rosterRole } ?? RosterRoleMapping()
                    let before = mapping.id == nil ? nil : mapping.role?.rawValue ?? ""
                    guard before != (role?.rawValue ?? "") || mapping.id == nil else { continue }
                    mapping.districtID = tenant.districtID
                    mapping.rosterRole = rosterRole
                    mapping.role = role
                    try await mapping.save(on: tenant.db)
                    audit.record("update", RosterRoleMapping.schema, id: mapping.id, before: before, after: role?.rawValue ?? "")
                }
            }
            return req.redirect(to: SiteRoute.rosterImport.path(query: [("notice", "The role mapping was saved; the next import uses it.")]))
        }
        app.personSections.add { req, record in
            let viewer = try req.viewer
            guard viewer.can(.editPerson),
                  let source = try await req.tenant.query(RosterRecord.self).filter(\.$file == RosterFile.users.rawValue)
                    .filter(\.$recordID == record.id).first() else { return .empty }
            let student = record.roles.contains(.student)
            return .section(.class("card"), .id("rostered"),
                .h2(.text("From the student information system")),
                .p(.text("Imported as OneRoster user "), .code(.text(source.sourcedID)),
                   .text(source.endedOn.map { ", which the import of \($0) no longer had." } ?? ".")),
                .p(.text("The next import that changes this person sets their name, email, whether they can sign in"
                         + (student ? ", student number, birth date, grade, school, race and ethnicity, sex and program flags" : "")
                         + ", and their role from the mapping; edits made here to those are overwritten then.")))
        }
    }

    /// The mapping form, shown on the import page.
    static func form(_ mapping: [String: Role], csrf: String?, errors: [FieldError]) -> Node<HTML.BodyContext> {
        let options = [(value: "", title: "Left out")] + RosterPeople.staffTargets.map { (value: $0.rawValue, title: $0.title) }
        return .section(.class("card"), .id("role-mapping"),
            .h2(.text("Staff roles")),
            .p(.text("What each OneRoster staff role becomes in Pathwork. Saved once; every import after uses it.")),
            .form(.method(.post), .action(SiteRoute.rosterRoleMapping.path), Layout.csrfField(csrf),
                  .forEach(RosterPeople.staffRoles) { rosterRole in
                      FormField.select(rosterRole, name: rosterRole, options: options, selected: mapping[rosterRole]?.rawValue ?? "",
                                       error: errors.first { $0.field == rosterRole }?.message)
                  },
                  .button(.type(.submit), .text("Save the mapping"))))
    }
}
