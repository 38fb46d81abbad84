import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/people/{id}`: one person. Staff see the whole record; a connected mentor, client contact or
/// supervisor sees first name and last initial, and the view is logged as a disclosure.
enum PersonPage {
    static func handle(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let record = try await PeopleDirectory.find(req.parameters.get("personID", as: UUID.self), viewer: viewer, tenant: tenant)
        try await req.discloseIfExternal(studentID: record.id, context: "page: student record")
        let notice = try? req.query.get(String.self, at: "notice")
        guard Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: record.id == viewer.personID) else {
            return Layout.page(record.person.shortName, viewer: viewer, current: .people,
                .div(.class("card"), .dl(.class("facts"),
                    .dt(.text("Name")), .dd(.text(record.person.shortName)),
                    .dt(.text("Role")), .dd(.text(record.roles.map(\.title).joined(separator: ", "))))),
                .p(.class("muted"), .text("Pathwork shows partners a student's first name, last initial and their work. The district records each view.")))
        }
        let connections = record.roles.contains(.student) ? try await connectionRows(of: record.id, tenant: tenant) : []
        let candidates = viewer.can(.manageConnections) && record.roles.contains(.student)
            ? try await connectionCandidates(tenant: tenant, excluding: connections.map { try $0.contact.requireID() }) : []
        let sections = try await req.application.personSections.render(req, record)
        return Layout.page(record.person.fullName, viewer: viewer, current: .people, notice: notice,
            .if(record.person.isDisabled, .p(.class("error-summary"), .text("This account is disabled: the person cannot sign in."))),
            .div(.class("card"), .dl(.class("facts"),
                .dt(.text("Email")), .dd(.text(record.person.email)),
                .dt(.text("Roles")), .dd(.text(record.roles.map(\.title).joined(separator: ", "))),
                .unwrap(record.person.organization) { .group(.dt(.text("Organization")), .dd(.text($0))) })),
            .unwrap(record.profile) { studentCard($0, school: record.school) },
            actions(record, viewer: viewer),
            sections,
            .if(record.roles.contains(.student) && viewer.reach == .wholeDistrict,
                try connectionsSection(record, connections: connections, candidates: candidates, viewer: viewer))
        )
    }

    static func studentCard(_ profile: StudentProfile, school: School?) -> Node<HTML.BodyContext> {
        let flags = StudentFlag.allCases.filter { profile[$0] }
        return .div(.class("card"), .h2(.text("Student")), .dl(.class("facts"),
            .dt(.text("Student number")), .dd(.text(profile.studentNumber)),
            .dt(.text("Birth date")), .dd(.text(profile.birthDate)),
            .dt(.text("Grade")), .dd(.text(String(profile.grade))),
            .dt(.text("School")), .dd(.text(school.map { "\($0.name) (\($0.locale.title))" } ?? "—")),
            .dt(.text("Race/ethnicity")), .dd(.text(profile.raceEthnicity?.title ?? "Not reported")),
            .dt(.text("Sex")), .dd(.text(profile.sex?.title ?? "Not reported")),
            .dt(.text("Programs and status")), .dd(.text(flags.isEmpty ? "None recorded" : flags.map(\.title).joined(separator: ", ")))))
    }

    static func actions(_ record: PersonRecord, viewer: Viewer) -> Node<HTML.BodyContext> {
        let id = record.id
        return .div(.class("actions"),
            .if(viewer.can(.editPerson), .a(.class("button"), .href(SiteRoute.editPerson(id).path), .text("Edit"))),
            .if(viewer.can(.disablePerson) && id != viewer.personID,
                .form(.method(.post), .action((record.person.isDisabled ? SiteRoute.enablePerson(id) : .disablePerson(id)).path),
                      Layout.csrfField(viewer.csrfToken),
                      .button(.type(.submit), .class(record.person.isDisabled ? "secondary" : "danger"),
                              .text(record.person.isDisabled ? "Enable account" : "Disable account")))),
            .if(record.roles.contains(.student) && viewer.can(.viewDisclosures),
                .a(.class("button secondary"), .href(SiteRoute.disclosures(id).path), .text("Disclosure history"))),
            .if(viewer.can(.viewAuditLog),
                .a(.class("button secondary"), .href(SiteRoute.audit.path(query: [("entity", id.uuidString)])), .text("Change history")))
        )
    }

    static func connectionsSection(_ record: PersonRecord, connections: [StudentConnection], candidates: [Person],
                                   viewer: Viewer) throws -> Node<HTML.BodyContext> {
        .section(.class("card"),
            .h2(.text("Mentors, client contacts and supervisors")),
            .p(.class("muted"), .text("These people can see this student's first name and last initial and the work, never the student record above.")),
            .if(connections.isEmpty, .p(.text("No one outside the district is connected to this student."))),
            .ul(.forEach(try connections.saved()) { connection in
                .li(.text("\(connection.contact.fullName)\(connection.contact.organization.map { " (\($0))" } ?? "")"),
                    .if(viewer.can(.manageConnections),
                        .form(.method(.post), .action(SiteRoute.removeConnection(record.id, connection: connection.id).path),
                              .class("inline"), Layout.csrfField(viewer.csrfToken),
                              .button(.type(.submit), .class("link"), .text("Remove")))))
            }),
            .if(viewer.can(.manageConnections) && !candidates.isEmpty,
                .form(.method(.post), .action(SiteRoute.addConnection(record.id).path),
                      Layout.csrfField(viewer.csrfToken),
                      FormField.select("Connect", name: "contactId",
                                       options: try candidates.saved().map { (value: $0.id.uuidString, title: "\($0.fullName)\($0.organization.map { " — \($0)" } ?? "")") },
                                       selected: nil),
                      .button(.type(.submit), .text("Connect"))))
        )
    }

    static func connectionRows(of studentID: UUID, tenant: Tenant) async throws -> [StudentConnection] {
        try await tenant.query(StudentConnection.self).filter(\.$student.$id == studentID).with(\.$contact).all()
    }

    static func connectionCandidates(tenant: Tenant, excluding: [UUID]) async throws -> [Person] {
        let externalRoles = Role.allCases.filter(\.isExternal)
        let ids = try await tenant.query(RoleAssignment.self).filter(\.$role ~~ externalRoles).all().map(\.$person.id)
        return try await tenant.query(Person.self).filter(\.$id ~~ Set(ids).subtracting(excluding).map { $0 })
            .filter(\.$disabledAt == nil).sort(\.$familyName).sort(\.$givenName).all()
    }
}

extension Application {
    private struct PersonSectionsKey: StorageKey { typealias Value = PageSections<PersonRecord> }

    var personSections: PageSections<PersonRecord> {
        if let sections = storage[PersonSectionsKey.self] { return sections }
        let sections = PageSections<PersonRecord>()
        storage[PersonSectionsKey.self] = sections
        return sections
    }
}
