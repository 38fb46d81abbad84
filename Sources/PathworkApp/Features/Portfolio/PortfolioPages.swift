import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

struct PortfolioLinkInput: Content {
    var expiresInDays: Int?
}

struct PortfolioLinkJSON: Content {
    var id: UUID
    var createdAt: Date
    var expiresAt: Date
    var revokedAt: Date?
    var live: Bool
    /// Only in the answer that creates the link: the token is not stored.
    var url: String?
}

/// The student's shareable portfolio: links they make and take back, the public page behind a
/// link, and the client's consent to be named.
enum PortfolioPages {
    static let lifetimes = [7, 30, 90]

    static func register(_ app: Application, web: any RoutesBuilder, pages: any RoutesBuilder, api: any RoutesBuilder, protected: any RoutesBuilder,
                         registry: APIRegistry) {
        let link = Schema.object([("id", .string(format: "uuid")), ("createdAt", .string(format: "date-time")), ("expiresAt", .string(format: "date-time")),
                                  ("revokedAt", .nullable(.string(format: "date-time"))), ("live", .boolean), ("url", .string(format: "uri"))],
                                 required: ["id", "createdAt", "expiresAt", "live"])
        protected.endpoint(APIOperation(method: .POST, path: ["me", "portfolio-links"], summary: "Make a shareable, expiring link to my portfolio",
                                        tag: "Pathways", body: .object([("expiresInDays", .integerChoice(lifetimes))], required: ["expiresInDays"]),
                                        response: link, success: .created), registry: registry) { req in
            try await create(req, days: try req.input(PortfolioLinkInput.self).expiresInDays).encodeResponse(status: .created, for: req)
        }
        protected.endpoint(APIOperation(method: .GET, path: ["me", "portfolio-links"], summary: "My portfolio links", tag: "Pathways",
                                        response: .array(link)), registry: registry) { req in
            try await links(req)
        }
        protected.endpoint(APIOperation(method: .POST, path: ["me", "portfolio-links", ":linkID", "revoke"], summary: "Take a portfolio link back",
                                        tag: "Pathways", response: link), registry: registry) { req in
            try await revoke(req)
        }
        protected.endpoint(APIOperation(method: .PUT, path: ["clients", ":clientID", "portfolio-consent"],
                                        summary: "Record whether the client agrees to be named in student portfolios", tag: "Pathways",
                                        body: .object([("granted", .boolean)], required: ["granted"]),
                                        response: .object([("granted", .boolean)], required: ["granted"])), registry: registry) { req in
            ["granted": try await setConsent(req, granted: try req.input(Bool.self, at: "granted"))]
        }
        api.endpoint(APIOperation(method: .GET, path: ["public", "portfolios", ":token"], summary: "A shared portfolio (no sign-in; the link is the key)",
                                  tag: "Pathways", response: .object([("name", .string()), ("district", .string()), ("approvedMinutes", .integer())],
                                                                    required: ["name", "district", "approvedMinutes"]),
                                  isPublic: true), registry: registry) { req in
            try await shared(req)
        }
        pages.get(SiteRoute.portfolio.pattern) { req async throws -> Page in
            try await settings(req, created: nil)
        }
        pages.post(SiteRoute.portfolio.pattern) { req async throws -> Page in
            let made = try await create(req, days: try req.field(Int.self, at: "expiresInDays"))
            return try await settings(req, created: made.url)
        }
        pages.post(SiteRoute.portfolioLinkRevoke(.pattern).pattern) { req async throws -> Response in
            _ = try await revoke(req)
            return req.redirect(to: SiteRoute.portfolio.path(query: [("notice", "That link no longer works.")]))
        }
        pages.post(SiteRoute.clientPortfolioConsent(.pattern).pattern) { req async throws -> Response in
            let granted = (try req.field(String.self, at: "granted")) == "yes"
            let named = try await setConsent(req, granted: granted)
            let back = try req.viewer.can(.manageClients) ? SiteRoute.client(try req.parameters.require("clientID", as: UUID.self)) : SiteRoute.home
            return req.redirect(to: back.path(query: [("notice", named ? "Portfolios may now name this client." : "Portfolios will not name this client.")]))
        }
        web.get("p", ":token") { req async throws -> Page in
            let portfolio = try await shared(req)
            return PortfolioView.page(portfolio, viewer: req.auth.get(Viewer.self))
        }
        app.clientSections.add { req, client in try await consentSection(req, client: client) }
        pages.get(SiteRoute.applicationStep(.pattern, step: "portfolio").pattern) { req async throws -> Page in
            try await applicantPortfolio(req)
        }
    }

    /// The portfolio that goes with an application, for the people who review it: in the
    /// limited form, and a disclosure when a partner's person reads it.
    static func applicantPortfolio(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let application = try await tenant.find(OpportunityApplication.self, req.parameters.get("applicationID"))
        let opportunity = try await tenant.find(Opportunity.self, application.$opportunity.id)
        guard try await ApplicationReview.canReview(opportunity, viewer: viewer, tenant: tenant) else { throw Abort(.notFound) }
        try await req.discloseIfExternal(studentID: application.studentID, context: "applicant portfolio: \(opportunity.title)")
        let portfolio = try await PortfolioJSON.build(student: application.studentID, tenant: tenant, app: req.application, today: req.today, expiresAt: req.now)
        return Layout.page("\(portfolio.name) — portfolio", viewer: viewer, current: .opportunities,
                           .p(.class("muted"), .text("Sent with an application to "), .a(.href(SiteRoute.opportunity(try opportunity.requireID()).path), .text(opportunity.title)), .text(".")),
                           PortfolioView.body(portfolio))
    }

    static func requireStudent(_ req: Request) throws -> Viewer {
        let viewer = try req.viewer
        guard viewer.roles.contains(.student) else { throw Abort(.forbidden, reason: "Students share their own portfolio.") }
        return viewer
    }

    static func create(_ req: Request, days: Int?) async throws -> PortfolioLinkJSON {
        let viewer = try requireStudent(req)
        guard let days, lifetimes.contains(days) else {
            throw PathworkError.invalid([FieldError(field: "expiresInDays", message: "Choose how long the link works: 7, 30 or 90 days.")])
        }
        let token = SecretToken.generate()
        let now = req.now
        let made = try await req.change { tenant, audit in
            let link = PortfolioLink()
            link.districtID = tenant.districtID
            link.studentID = viewer.personID
            link.tokenHash = SecretToken.hash(token)
            link.createdAt = now
            link.expiresAt = now.addingTimeInterval(TimeInterval(days * 24 * 3600))
            try await link.create(on: tenant.db)
            audit.created("portfolioLink", id: link.id, ["expiresAt": BadgeIssuer.timestamp(link.expiresAt)])
            return link
        }
        return PortfolioLinkJSON(id: try made.requireID(), createdAt: made.createdAt, expiresAt: made.expiresAt, revokedAt: nil, live: true,
                                 url: "\(BadgeIssuer.baseURL(req.application))/p/\(token)")
    }

    static func links(_ req: Request) async throws -> [PortfolioLinkJSON] {
        let viewer = try requireStudent(req)
        let now = req.now
        return try await req.tenant.query(PortfolioLink.self).filter(\.$studentID == viewer.personID).sort(\.$createdAt, .descending).all().map {
            PortfolioLinkJSON(id: try $0.requireID(), createdAt: $0.createdAt, expiresAt: $0.expiresAt, revokedAt: $0.revokedAt, live: $0.isLive(at: now))
        }
    }

    static func revoke(_ req: Request) async throws -> PortfolioLinkJSON {
        let viewer = try requireStudent(req)
        let link = try await req.tenant.find(PortfolioLink.self, req.parameters.get("linkID"))
        guard link.studentID == viewer.personID else { throw Abort(.notFound, reason: "No such portfolio link.") }
        let now = req.now
        // Taking a link back twice is harmless and answers the same; only the first is a change,
        // decided on the row as it stands inside the writer.
        let current = try await req.change { tenant, audit in
            let current = try await tenant.fresh(link)
            guard current.revokedAt == nil else { return current }
            current.revokedAt = now
            try await current.update(on: tenant.db)
            audit.record("revoke", "portfolioLink", id: current.id, before: nil as String?, after: ["revokedAt": BadgeIssuer.timestamp(now)])
            return current
        }
        return PortfolioLinkJSON(id: try current.requireID(), createdAt: current.createdAt, expiresAt: current.expiresAt,
                                 revokedAt: current.revokedAt, live: false)
    }

    /// The portfolio behind a live link, from any district: the token is the capability.
    static func shared(_ req: Request) async throws -> PortfolioJSON {
        let token = req.parameters.get("token") ?? ""
        let now = req.now
        guard let link = try await PortfolioLink.query(on: req.db).filter(\.$tokenHash == SecretToken.hash(token)).first(), link.isLive(at: now) else {
            throw Abort(.notFound, reason: "This portfolio link has expired or was taken back.")
        }
        let district = try await District.stored(link.districtID, on: req.db)
        return try await PortfolioJSON.build(student: link.studentID, tenant: Tenant(districtID: link.districtID, db: req.db), app: req.application,
                                             today: CalendarDate.on(now, timeZone: district.timeZone), expiresAt: link.expiresAt)
    }

    static func setConsent(_ req: Request, granted: Bool) async throws -> Bool {
        let viewer = try req.viewer
        // The client decides; staff record what the client told them, a contact answers for
        // their own organization in the portal.
        let client: Client
        if viewer.can(.manageClients) {
            client = try await req.tenant.find(Client.self, req.parameters.get("clientID"))
        } else {
            guard viewer.roles.contains(.clientContact) else { throw Abort(.forbidden, reason: "Only the client or district staff decide this.") }
            client = try await req.clientScope.client(req.parameters.get("clientID", as: UUID.self), try req.tenant)
        }
        let now = req.now
        try await req.change { tenant, audit in
            let existing = try await tenant.query(PortfolioConsent.self).filter(\.$clientID == client.requireID()).first()
            if granted, existing == nil {
                let consent = PortfolioConsent()
                consent.districtID = tenant.districtID
                consent.clientID = try client.requireID()
                consent.recordedBy = viewer.personID
                consent.recordedAt = now
                try await consent.create(on: tenant.db)
                audit.created("portfolioConsent", id: consent.id, ["client": client.name])
            } else if !granted, let existing {
                try await existing.delete(on: tenant.db)
                audit.deleted("portfolioConsent", id: existing.id, ["client": client.name])
            }
        }
        return granted
    }

    static func consentSection(_ req: Request, client: Client) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        let consent = try await req.tenant.query(PortfolioConsent.self).filter(\.$clientID == client.requireID()).first()
        let staff = viewer.can(.manageClients)
        return .section(.class("card"), .h2(.text(staff ? "Student portfolios" : "Student portfolios: may they name \(client.name)?")),
            .if(!staff, .p(.text("Students can share a portfolio of their work with employers and colleges. It lists the engagements they worked on; "
                                 + "unless you agree, your organization appears only as “a client (not named)”. You can change this at any time."))),
            .p(.text(consent == nil ? "Portfolios say “a client (not named)” for work done for \(client.name)."
                                    : "\(client.name) agreed to be named in student portfolios (recorded \(TimeFormat.dateTime(consent!.recordedAt, zone: viewer.timeZone))).")),
            .form(.method(.post), .action(SiteRoute.clientPortfolioConsent(try client.requireID()).path), Layout.csrfField(viewer.csrfToken),
                  .input(.type(.hidden), .name("granted"), .value(consent == nil ? "yes" : "no")),
                  .button(.type(.submit), .class("secondary"), .text(consent == nil ? (staff ? "Record that the client agrees to be named" : "Yes, portfolios may name \(client.name)")
                                                                    : (staff ? "Stop naming the client" : "Stop naming \(client.name)")))))
    }

    static func settings(_ req: Request, created: String?) async throws -> Page {
        let viewer = try requireStudent(req)
        let all = try await links(req)
        let preview = try await PortfolioJSON.build(student: viewer.personID, tenant: try req.tenant, app: req.application, today: req.today, expiresAt: req.now)
        return Layout.page("My portfolio", viewer: viewer, current: .portfolio, notice: try? req.query.get(String.self, at: "notice"),
            .p(.text("Share a link with an employer or a college. It shows your first name and last initial, your teams and roles, the client work you did, accepted deliverables, your approved hours, the internships you completed and your credentials — nothing else. It stops working when it expires or when you take it back.")),
            .unwrap(created) { url in
                .section(.class("card notice"), .h2(.text("Your new link")), .p(.a(.href(url), .text(url))),
                         .p(.class("muted"), .text("Copy it now: Pathwork keeps only a fingerprint of it and cannot show it again.")))
            },
            .section(.class("card"), .h2(.text("Make a link")),
                .form(.method(.post), .action(SiteRoute.portfolio.path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Works for", name: "expiresInDays", options: lifetimes.map { (value: String($0), title: "\($0) days") }, selected: "30"),
                    .button(.type(.submit), .text("Make a share link")))),
            .if(!all.isEmpty, .section(.class("card"), .h2(.text("Your links")),
                .ul(.forEach(all) { link in
                    .li(.text("Made \(TimeFormat.dateTime(link.createdAt, zone: viewer.timeZone)), "),
                        .text(link.live ? "works until \(TimeFormat.dateTime(link.expiresAt, zone: viewer.timeZone))" : link.revokedAt != nil ? "taken back" : "expired"),
                        .if(link.live, .form(.class("inline"), .method(.post), .action(SiteRoute.portfolioLinkRevoke(link.id).path), Layout.csrfField(viewer.csrfToken),
                                             .button(.type(.submit), .class("link"), .text("Take back")))))
                }))),
            .section(.class("card"), .h2(.text("What the link shows")), PortfolioView.body(preview)))
    }
}
