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
    }

    static func navigation(for viewer: Viewer) -> [NavItem] {
        var items = [NavItem(title: "Home", route: .home)]
        if viewer.can(.viewDirectory) {
            items.append(NavItem(title: viewer.isExternal ? "My students" : "People", route: .people))
        }
        if viewer.can(.keepOwnTime) {
            items.append(NavItem(title: "My time", route: .time))
            items.append(NavItem(title: "Explore", route: .explore))
            items.append(NavItem(title: "Portfolio", route: .portfolio))
        }
        if viewer.can(.viewTeams) { items.append(NavItem(title: "Teams", route: .teams)) }
        if viewer.can(.exploreCareers) { items.append(NavItem(title: "Careers", route: .careerClusters)) }
        if viewer.can(.superviseTime) {
            items.append(NavItem(title: "Approvals", route: .approvals))
            items.append(NavItem(title: "Kiosks", route: .kiosks))
        }
        if viewer.can(.runPayroll) { items.append(NavItem(title: "Payroll", route: .payroll)) }
        if viewer.can(.billClients) || viewer.roles.contains(.clientContact) { items.append(NavItem(title: "Invoices", route: .invoices)) }
        if viewer.can(.manageCredentials) { items.append(NavItem(title: "Credentials", route: .credentials)) }
        if viewer.can(.viewAggregates) { items.append(NavItem(title: "Outcomes", route: .outcomes)) }
        if viewer.can(.mentorStudents) { items.append(NavItem(title: "Mentoring", route: .mentoring)) }
        if viewer.can(.manageClients) { items.append(NavItem(title: "Partners", route: .clients)) }
        if viewer.isStaff || viewer.roles.contains(.student) || viewer.roles.contains(.clientContact) || viewer.roles.contains(.supervisor) {
            items.append(NavItem(title: "Opportunities", route: .opportunities))
        }
        if viewer.isStaff || viewer.roles.contains(.student) || viewer.roles.contains(.guardian) || viewer.roles.contains(.supervisor) {
            items.append(NavItem(title: "Placements", route: .placements))
        }
        if viewer.can(.viewClientWork) {
            items.append(NavItem(title: "Requests", route: .requests))
            items.append(NavItem(title: "Engagements", route: .engagements))
        }
        if viewer.can(.createPerson) {
            items.append(NavItem(title: "Schools", route: .schools))
            items.append(NavItem(title: "District", route: .district))
        }
        if viewer.can(.viewAuditLog) { items.append(NavItem(title: "Audit log", route: .audit)) }
        items.append(NavItem(title: "Account", route: .account))
        return items
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
                                .nav(.ariaLabel("Main"),
                                    .ul(.forEach(navigation(for: viewer)) { item in
                                        .li(.a(.href(item.route.path), .text(item.title),
                                               .if(item.route == current, .attribute(named: "aria-current", value: "page"))))
                                    })
                                ),
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
