import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/people`: find and filter people. Staff filter by school, grade, role and student group;
/// outsiders see only the students connected to them.
enum PeopleListPage {
    static func handle(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        try viewer.require(.viewDirectory)
        let tenant = try req.tenant
        let filter = try PeopleFilter(query: req.query)
        let (records, total) = try await PeopleDirectory.search(filter, viewer: viewer, tenant: tenant)
        let schools = viewer.reach == .wholeDistrict ? try await tenant.query(School.self).sort(\.$name).all() : []
        let staff = viewer.reach == .wholeDistrict
        return Layout.page(staff ? "People" : "My students", viewer: viewer, current: .people,
            .if(staff, try filters(filter, schools: schools, canCreate: viewer.can(.createPerson))),
            .p(.attribute(named: "role", value: "status"), .text(total == 1 ? "1 person" : "\(total) people")),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Name")), .th(.text("Roles")),
                           .if(staff, .th(.class("hide-narrow"), .text("School"))), .if(staff, .th(.text("Grade"))),
                           .if(staff, .th(.class("hide-narrow"), .text("Email"))))),
                .tbody(.forEach(records) { record in
                    .tr(.td(.a(.href(SiteRoute.person(record.id).path),
                               .text(staff ? "\(record.person.familyName), \(record.person.givenName)" : record.person.shortName)),
                            .if(record.person.isDisabled, .span(.class("tag"), .text("disabled")))),
                        .td(.text(record.roles.map(\.title).joined(separator: ", "))),
                        .if(staff, .td(.class("hide-narrow"), .text(record.school?.name ?? ""))),
                        .if(staff, .td(.text(record.profile.map { String($0.grade) } ?? ""))),
                        .if(staff, .td(.class("hide-narrow"), .text(record.person.email))))
                })
            )),
            pager(filter, total: total, query: req.url.query)
        )
    }

    static func filters(_ filter: PeopleFilter, schools: [School], canCreate: Bool) throws -> Node<HTML.BodyContext> {
        let schoolOptions = [("", "Any school")] + (try schools.saved().map { ($0.id.uuidString, $0.name) })
        let gradeOptions = [("", "Any grade")] + StudentDraft.grades.map { (String($0), "Grade \($0)") }
        let roleOptions = [("", "Any role")] + Role.allCases.map { ($0.rawValue, $0.title) }
        let groupOptions = [("", "Any student group")] + Subgroup.all.map { ($0.token, $0.title) }
        return .group(
            .form(.class("card"), .method(.get), .action(SiteRoute.people.path), .attribute(named: "role", value: "search"),
                .div(.class("filters"),
                    FormField.text("Name, email or student number", name: "q", value: filter.text, type: .search),
                    FormField.select("School", name: "school", options: schoolOptions.map { (value: $0.0, title: $0.1) },
                                     selected: filter.schoolID?.uuidString),
                    FormField.select("Grade", name: "grade", options: gradeOptions.map { (value: $0.0, title: $0.1) },
                                     selected: filter.grade.map(String.init)),
                    FormField.select("Role", name: "role", options: roleOptions.map { (value: $0.0, title: $0.1) },
                                     selected: filter.role?.rawValue),
                    FormField.select("Student group", name: "subgroup", options: groupOptions.map { (value: $0.0, title: $0.1) },
                                     selected: filter.subgroup?.token),
                    FormField.checkbox("Include disabled accounts", name: "disabled", checked: filter.includeDisabled),
                    .div(.button(.type(.submit), .text("Filter")), .text(" "),
                         .a(.class("button secondary"), .href(SiteRoute.people.path), .text("Clear")))
                )
            ),
            .if(canCreate, .p(.a(.class("button"), .href(SiteRoute.newPerson.path), .text("Add a person"))))
        )
    }

    static func pager(_ filter: PeopleFilter, total: Int, query: String?) -> Node<HTML.BodyContext> {
        var items = URLComponents(string: "?" + (query ?? ""))?.queryItems ?? []
        items.removeAll { $0.name == "offset" }
        func link(_ offset: Int) -> String {
            var components = URLComponents()
            components.queryItems = items + [URLQueryItem(name: "offset", value: String(offset))]
            return SiteRoute.people.path + "?" + (components.percentEncodedQuery ?? "")
        }
        let hasPrevious = filter.offset > 0
        let hasNext = filter.offset + filter.limit < total
        return .if(hasPrevious || hasNext, .nav(.class("pager"), .ariaLabel("Pages"),
            .if(hasPrevious, .a(.href(link(max(0, filter.offset - filter.limit))), .text("← Previous"))),
            .span(.text("\(filter.offset + 1)–\(min(total, filter.offset + filter.limit)) of \(total)")),
            .if(hasNext, .a(.href(link(filter.offset + filter.limit)), .text("Next →")))))
    }
}
