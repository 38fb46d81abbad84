import Fluent
import PathworkDomain
import Plot
import Vapor

/// Each role's landing page: what that person does first, with only what they may see.
enum HomePage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.home.pattern) { req async throws -> Page in
            let viewer = try req.viewer
            let tenant = try req.tenant
            let district = try await District.find(viewer.districtID, on: req.db)
            let title = "Welcome, \(viewer.givenName)"
            let body: Node<HTML.BodyContext>
            let queue = viewer.reach == .none ? .empty : WorkQueue.section(try await WorkQueue.items(for: viewer, req: req),
                                                                          empty: "Everything is done for now. New requests, hours, offers and signatures appear here as they arrive.")
            switch viewer.reach {
            case .wholeDistrict: body = .group(queue, try await staff(viewer, tenant: tenant))
            case .connectedStudents:
                let partnership = try await AgreementPages.partnerHome(viewer, tenant: tenant, today: req.today)
                // A judge alone works with no students, only the pitches of their events.
                let students: Node<HTML.BodyContext> = viewer.roles.contains { $0.isExternal && $0 != .judge } ? try await external(viewer, tenant: tenant) : .empty
                body = viewer.roles.contains(.clientContact)
                    ? .group(queue, partnership, try await clientWork(viewer, req: req), students)
                    : .group(queue, partnership, students)
            case .ownChildren: body = .group(queue, try await guardian(viewer, tenant: tenant))
            case .selfOnly: body = .group(queue, try await StudentHome.section(viewer, req: req), try await student(viewer, tenant: tenant))
            case .none: body = try await analyst(tenant: tenant)
            }
            return Layout.page(title, viewer: viewer, current: .home, notice: try? req.query.get(String.self, at: "notice"),
                               .p(.class("muted"), .text("\(district?.name ?? "Your district") · \(viewer.roles.sorted().map(\.title).joined(separator: ", "))")),
                               body)
        }
    }

    struct DirectoryCounts: Sendable {
        var students = 0, staff = 0, partners = 0, schools = 0
    }

    static func counts(tenant: Tenant) async throws -> DirectoryCounts {
        let active = try await tenant.query(Person.self).filter(\.$disabledAt == nil).all(\.$id)
        let roles = try await tenant.query(RoleAssignment.self).filter(\.$person.$id ~~ active).all()
        func people(_ match: (Role) -> Bool) -> Int { Set(roles.filter { match($0.role) }.map(\.$person.id)).count }
        return DirectoryCounts(students: people { $0 == .student }, staff: people(\.isDistrictStaff),
                               partners: people(\.isExternal), schools: try await tenant.query(School.self).count())
    }

    static func staff(_ viewer: Viewer, tenant: Tenant) async throws -> Node<HTML.BodyContext> {
        let c = try await counts(tenant: tenant)
        func card(_ figure: Int, _ label: String, _ route: SiteRoute) -> Node<HTML.BodyContext> {
            .div(.class("card"), .p(.class("figure"), .text(String(figure))), .p(.a(.href(route.path), .text(label))))
        }
        let peopleLink = { (role: Role) in SiteRoute.people.path(query: [("role", role.rawValue)]) }
        return .group(
            .div(.class("cards"),
                 .div(.class("card"), .p(.class("figure"), .text(String(c.students))), .p(.a(.href(peopleLink(.student)), .text("Active students")))),
                 .div(.class("card"), .p(.class("figure"), .text(String(c.staff))), .p(.a(.href(SiteRoute.people.path), .text("District staff")))),
                 .div(.class("card"), .p(.class("figure"), .text(String(c.partners))), .p(.a(.href(peopleLink(.mentor)), .text("Mentors, clients and supervisors")))),
                 card(c.schools, "Schools", viewer.can(.createPerson) ? .schools : .people)),
            .h2(.text("Get started")),
            .ul(
                .li(.a(.href(SiteRoute.people.path), .text("Find a person")), .text(" by name, school, grade, role or student group")),
                .if(viewer.can(.createPerson), .li(.a(.href(SiteRoute.newPerson.path), .text("Add a student, staff member, mentor or client contact")))),
                .if(viewer.can(.createPerson), .li(.a(.href(SiteRoute.district.path), .text("Set the school calendar and time zone")))),
                .if(viewer.can(.viewAuditLog), .li(.a(.href(SiteRoute.audit.path), .text("Review the audit log"))))
            )
        )
    }

    static func external(_ viewer: Viewer, tenant: Tenant) async throws -> Node<HTML.BodyContext> {
        let ids = try await PeopleDirectory.connectedStudentIDs(of: viewer.personID, tenant: tenant)
        let students = try await tenant.query(Person.self).filter(\.$id ~~ ids).filter(\.$disabledAt == nil)
            .sort(\.$givenName).all()
        return .group(
            .h2(.text("Students you work with")),
            .if(students.isEmpty, .p(.text("No students are connected to you yet. Your program coordinator connects you to the students you mentor, host or supervise."))),
            .ul(try .forEach(students) { .li(.a(.href(SiteRoute.person(try $0.requireID()).path), .text($0.shortName))) }),
            .p(.class("muted"), .text("You see first names and last initials only. Each time you open a student's page, the district records it."))
        )
    }

    /// A parent's or guardian's page: their children, each linked to their record.
    static func guardian(_ viewer: Viewer, tenant: Tenant) async throws -> Node<HTML.BodyContext> {
        let ids = try await PeopleDirectory.childIDs(of: viewer.personID, tenant: tenant)
        let children = try await tenant.query(Person.self).filter(\.$id ~~ ids).filter(\.$disabledAt == nil).sort(\.$givenName).all()
        return .group(
            .h2(.text("Your children")),
            .if(children.isEmpty, .p(.text("No students are linked to you yet. Your district links parents and guardians to their children."))),
            .ul(try .forEach(children) { .li(.a(.href(SiteRoute.person(try $0.requireID()).path), .text($0.fullName))) })
        )
    }

    /// A client contact's portal: their organization's requests, engagements and what awaits review.
    static func clientWork(_ viewer: Viewer, req: Request) async throws -> Node<HTML.BodyContext> {
        let tenant = try req.tenant
        let scope = try await req.clientScope
        let engagements = try await scope.engagements(tenant).sort(\.$startsOn, .descending).all()
        let requests = try await scope.requests(tenant).sort(\.$createdAt, .descending).all()
        let waiting = try await tenant.query(Deliverable.self).filter(\.$engagement.$id ~~ engagements.compactMap(\.id))
            .filter(\.$status == .submitted).all()
        let clients = try await tenant.query(Client.self).all()
        var consent: [Node<HTML.BodyContext>] = []
        for client in clients where scope.contains(try client.requireID()) { consent.append(try await PortfolioPages.consentSection(req, client: client)) }
        return .group(
            .h2(.text("Waiting for your review")),
            .if(waiting.isEmpty, .p(.text("Nothing to review right now."))),
            .ul(.forEach(waiting) { .li(.a(.href(SiteRoute.engagement($0.$engagement.id).path), .text("\($0.title) (due \($0.dueOn))"))) }),
            .h2(.text("Your engagements")),
            try EngagementPages.table(engagements, clients: clients),
            .ul(try .forEach(try clients.filter { scope.contains(try $0.requireID()) }) { client in
                .li(.a(.href(SiteRoute.clientCalendar(try client.requireID()).path), .text("\(client.name) calendar (.ics)")), .text(" · "),
                    CalendarSubscriptions.button("/calendars/clients/\(try client.requireID().uuidString.lowercased())", viewer: viewer))
            }),
            .h2(.text("Your requests")),
            .p(.a(.class("button"), .href(SiteRoute.newRequest.path), .text("Request work"))),
            try RequestPages.table(requests, clients: clients),
            .group(consent))
    }

    static func student(_ viewer: Viewer, tenant: Tenant) async throws -> Node<HTML.BodyContext> {
        let record = try await PeopleDirectory.find(viewer.personID, viewer: viewer, tenant: tenant)
        return .group(
            .div(.class("card"),
                 .h2(.text("Your record")),
                 .dl(.class("facts"),
                     .dt(.text("Name")), .dd(.text(record.person.fullName)),
                     .dt(.text("School")), .dd(.text(record.school?.name ?? "—")),
                     .dt(.text("Grade")), .dd(.text(record.profile.map { String($0.grade) } ?? "—")),
                     .dt(.text("Email")), .dd(.text(record.person.email))),
                 .p(.a(.href(SiteRoute.person(viewer.personID).path), .text("See your full record")))),
            .p(.a(.href(SiteRoute.account.path), .text("Change your password")))
        )
    }

    /// Analysts see counts only, with cells under ten shown as "fewer than 10".
    static func analyst(tenant: Tenant) async throws -> Node<HTML.BodyContext> {
        let profiles = try await tenant.query(StudentProfile.self).all()
        let schools = try await tenant.query(School.self).sort(\.$name).all()
        let grades = Array(StudentDraft.grades)
        func cell(_ n: Int) -> String { n < 10 ? "<10" : String(n) }
        return .group(
            .p(.text("Student counts by school and grade. Cells with fewer than 10 students are suppressed.")),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("School")), .forEach(grades) { .th(.text("Grade \($0)")) })),
                .tbody(.forEach(schools) { school in
                    .tr(.td(.text(school.name)), .forEach(grades) { grade in
                        .td(.text(cell(profiles.filter { $0.$school.id == school.id && $0.grade == grade }.count)))
                    })
                })
            ))
        )
    }
}
