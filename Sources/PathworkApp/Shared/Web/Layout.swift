import Foundation
import PathworkDomain
import Plot
import Vapor

/// A rendered page. Pages are values, rendered once, sent as UTF-8 HTML.
struct Page: AsyncResponseEncodable, Sendable {
    let html: String
    var status: HTTPResponseStatus = .ok

    func encodeResponse(for request: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: html))
    }
}

/// The frame every page shares: skip link, header with the district and navigation for the
/// viewer's roles, a main landmark, and no inline script or style (the CSP forbids them).
enum Layout {
    struct NavItem {
        let title: String
        let route: SiteRoute
        /// The heading it sits under when the navigation is long enough to group.
        var group: NavGroup = .none
    }

    enum NavGroup: String, CaseIterable {
        case none = ""
        case students = "Students and teams"
        case learning = "Work-based learning"
        case clientWork = "Client work and pay"
        case reports = "Reports"
        case district = "District"
    }

    static func navigation(for viewer: Viewer) -> [NavItem] {
        var items = [NavItem(title: "Home", route: .home)]
        func add(_ title: String, _ route: SiteRoute, _ group: NavGroup) { items.append(NavItem(title: title, route: route, group: group)) }
        if viewer.can(.viewDirectory) { add(viewer.isExternal ? "My students" : "People", .people, .students) }
        if viewer.can(.keepOwnTime) {
            add("My time", .time, .students)
            add("Explore", .explore, .learning)
            add("Portfolio", .portfolio, .learning)
        }
        if viewer.can(.viewTeams) { add("Teams", .teams, .students) }
        if viewer.can(.mentorStudents) { add("Mentoring", .mentoring, .students) }
        if viewer.can(.superviseTime) {
            add("Approvals", .approvals, .students)
            add("Kiosks", .kiosks, .students)
        }
        if viewer.can(.manageClients) { add("Partners", .clients, .learning) }
        if viewer.isStaff || viewer.roles.contains(.student) || viewer.roles.contains(.clientContact) || viewer.roles.contains(.supervisor) {
            add("Opportunities", .opportunities, .learning)
        }
        if viewer.isStaff || viewer.roles.contains(.student) || viewer.roles.contains(.guardian) || viewer.roles.contains(.supervisor) {
            add("Placements", .placements, .learning)
        }
        if viewer.isStaff || viewer.roles.contains(.student) { add("Problem log", .problems, .learning) }
        if viewer.isStaff || viewer.roles.contains(.student) || viewer.roles.contains(.mentor) { add("Ventures", .ventures, .learning) }
        if viewer.isStaff || viewer.roles.contains(.student) || viewer.roles.contains(.judge) { add("Pitch events", .pitchEvents, .learning) }
        if viewer.can(.exploreCareers) { add("Careers", .careerClusters, .learning) }
        if viewer.can(.manageCredentials) { add("Credentials", .credentials, .learning) }
        if viewer.can(.viewClientWork) {
            add("Requests", .requests, .clientWork)
            add("Engagements", .engagements, .clientWork)
        }
        if viewer.can(.billClients) || viewer.roles.contains(.clientContact) { add("Invoices", .invoices, .clientWork) }
        if viewer.can(.runPayroll) { add("Payroll", .payroll, .clientWork) }
        if viewer.can(.viewAggregates) {
            add("Outcomes", .outcomes, .reports)
            add("After high school", .postsecondary, .reports)
            add("Perkins V", .perkins, .reports)
        }
        if viewer.can(.manageConnections) { add("Surveys", .surveys, .reports) } else if viewer.roles.contains(.student) { add("Surveys", .surveys, .learning) }
        if viewer.can(.createPerson) {
            add("Schools", .schools, .district)
            add("District", .district, .district)
        }
        if viewer.can(.importStudentFiles) { add("Student files", .studentFiles, .district) }
        if viewer.can(.viewAuditLog) { add("Audit log", .audit, .district) }
        items.append(NavItem(title: "Account", route: .account))
        return items
    }

    /// The main navigation: a plain row when short; grouped under headings when long, so a
    /// coordinator's fifteen-odd places are found in one look.
    static func navigationList(for viewer: Viewer, current: SiteRoute?) -> Node<HTML.BodyContext> {
        let items = navigation(for: viewer)
        func link(_ item: NavItem) -> Node<HTML.ListContext> {
            .li(.a(.href(item.route.path), .text(item.title), .if(item.route == current, .attribute(named: "aria-current", value: "page"))))
        }
        guard items.count > 9 else { return .ul(.forEach(items, link)) }
        let loose = items.filter { $0.group == .none }
        return .ul(.class("groups"),
            .forEach(loose.prefix(1), link),
            .forEach(NavGroup.allCases.filter { group in group != .none && items.contains { $0.group == group } }) { group in
                .li(.class("group"), .span(.class("group-title"), .text(group.rawValue)), .ul(.forEach(items.filter { $0.group == group }, link)))
            },
            .forEach(loose.dropFirst(), link))
    }

    static func page(_ title: String, viewer: Viewer?, current: SiteRoute? = nil, status: HTTPResponseStatus = .ok,
                     notice: String? = nil, _ content: Node<HTML.BodyContext>...) -> Page {
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(title) · Pathwork"),
                .link(.rel(.stylesheet), .href(SiteRoute.stylesheet.path))
            ),
            .body(
                .a(.class("skip"), .href("#main"), .text("Skip to content")),
                .header(.class("site"),
                    .div(.class("bar"),
                        .a(.class("brand"), .href(SiteRoute.home.path), .text("Pathwork")),
                        .unwrap(viewer) { viewer in
                            .group(
                                .nav(.ariaLabel("Main"), navigationList(for: viewer, current: current)),
                                .form(.class("signout"), .method(.post), .action(SiteRoute.signOut.path),
                                      csrfField(viewer.csrfToken),
                                      .span(.class("who"), .text("\(viewer.givenName) \(viewer.familyName) · \(viewer.primaryRole.title)")),
                                      .button(.type(.submit), .class("link"), .text("Sign out")))
                            )
                        }
                    )
                ),
                .main(.id("main"), .attribute(named: "tabindex", value: "-1"),
                      .h1(.text(title)),
                      .unwrap(notice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
                      .group(content))
            )
        )
        return Page(html: html.render(), status: status)
    }

    /// A page for a visitor without a session (sign-in, the kiosk). Its forms echo the token the
    /// anti-forgery check will expect: a session's when there is one, else the browser's
    /// anonymous token, set as a cookie on this response when new.
    static func signedOutPage(_ req: Request, title: String, status: HTTPResponseStatus = .ok, notice: String? = nil,
                              _ content: (String) -> Node<HTML.BodyContext>) -> Response {
        let response = Response(status: status)
        let token = req.auth.get(Viewer.self)?.csrfToken ?? CSRF.anonymousToken(for: req, response: response)
        response.headers.contentType = .html
        response.body = .init(string: page(title, viewer: nil, status: status, notice: notice, content(token)).html)
        return response
    }

    /// An option with its text as content (Plot's own `<option>` carries only a label).
    static func option(_ value: String, _ title: String, selected: Bool) -> Node<HTML.SelectContext> {
        .element(named: "option", nodes: [
            Node<HTML.BodyContext>.attribute(named: "value", value: value, ignoreIfValueIsEmpty: false),
            selected ? .attribute(named: "selected") : .empty,
            .text(title),
        ])
    }

    /// A `<meter>` (Plot has none) with its value as text for browsers and readers that show no gauge.
    static func meter<C: HTML.BodyContext>(_ value: Int, max: Int, label: String) -> Node<C> {
        .element(named: "meter", nodes: [
            Node<HTML.BodyContext>.attribute(named: "min", value: "0"), .attribute(named: "max", value: String(max)),
            .attribute(named: "value", value: String(value)), .text(label),
        ])
    }

    static func legend<C: HTML.BodyContext>(_ text: String) -> Node<C> {
        .element(named: "legend", nodes: [Node<HTML.BodyContext>.text(text)])
    }

    static func csrfField<C: HTML.BodyContext>(_ token: String?) -> Node<C> {
        .input(.type(.hidden), .name(CSRF.fieldName), .value(token ?? ""))
    }
}

/// Form building blocks with labels tied to inputs and errors read out next to the field.
enum FormField {
    static func text<C: HTML.BodyContext>(_ label: String, name: String, value: String?, type: HTMLInputType = .text,
                     required: Bool = false, error: String? = nil, autocomplete: String? = nil) -> Node<C> {
        .div(.class(error == nil ? "field" : "field invalid"),
             .label(.for(name), .text(label)),
             .input(.type(type), .name(name), .id(name), .value(value ?? ""), .required(required),
                    .attribute(named: "autocomplete", value: autocomplete),
                    .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
                    .attribute(named: "aria-describedby", value: error == nil ? nil : "\(name)-error")),
             .unwrap(error) { .p(.class("error"), .id("\(name)-error"), .text($0)) })
    }

    static func select<C: HTML.BodyContext>(_ label: String, name: String, options: [(value: String, title: String)], selected: String?,
                       error: String? = nil) -> Node<C> {
        .div(.class(error == nil ? "field" : "field invalid"),
             .label(.for(name), .text(label)),
             .select(.attribute(named: "name", value: name), .id(name),
                     .attribute(named: "aria-describedby", value: error == nil ? nil : "\(name)-error"),
                     .forEach(options) { option in
                         Layout.option(option.value, option.title, selected: option.value == (selected ?? ""))
                     }),
             .unwrap(error) { .p(.class("error"), .id("\(name)-error"), .text($0)) })
    }

    static func textarea<C: HTML.BodyContext>(_ label: String, name: String, value: String?, rows: Int, error: String? = nil) -> Node<C> {
        .div(.class(error == nil ? "field" : "field invalid"),
             .label(.for(name), .text(label)),
             .textarea(.name(name), .id(name), .rows(rows), .attribute(named: "aria-invalid", value: error == nil ? nil : "true"),
                       .attribute(named: "aria-describedby", value: error == nil ? nil : "\(name)-error"), .text(value ?? "")),
             .unwrap(error) { .p(.class("error"), .id("\(name)-error"), .text($0)) })
    }

    static func checkbox<C: HTML.BodyContext>(_ label: String, name: String, checked: Bool) -> Node<C> {
        .div(.class("check"),
             .input(.type(.checkbox), .name(name), .id(name), .value("on"), .checked(checked)),
             .label(.for(name), .text(label)))
    }

    static func errorSummary<C: HTML.BodyContext>(_ errors: [FieldError]) -> Node<C> {
        .if(!errors.isEmpty,
            .div(.class("error-summary"), .attribute(named: "role", value: "alert"),
                 .h2(.text("Please correct the following")),
                 .ul(.forEach(errors) { error in .li(.a(.href("#\(error.field)"), .text(error.message))) })))
    }
}

extension Date {
    func formatted(in timeZone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: timeZone) ?? .gmt
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        return formatter.string(from: self)
    }
}
