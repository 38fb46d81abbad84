import Fluent
import Foundation
import Plot
import Vapor

/// A secret address a calendar app can subscribe to without signing in. Only its hash is kept;
/// making a new one replaces the old, which then stops working.
final class CalendarSubscription: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "calendar_subscriptions"

    enum Kind: String, Codable, Sendable { case team, client }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "kind") var kind: Kind
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

enum CalendarSubscriptions {
    static func register(public app: any RoutesBuilder, pages: any RoutesBuilder) {
        app.get("calendars", ":token") { req async throws -> Response in
            let raw = req.parameters.get("token") ?? ""
            let token = raw.hasSuffix(".ics") ? String(raw.dropLast(4)) : raw
            guard let subscription = try await CalendarSubscription.query(on: req.db)
                .filter(\.$tokenHash == SecretToken.hash(token)).first() else { throw Abort(.notFound) }
            let tenant = Tenant(districtID: subscription.districtID, db: req.db)
            let query = tenant.query(Engagement.self)
            let name: String
            switch subscription.kind {
            case .team:
                query.filter(\.$team.$id == subscription.subjectID)
                name = try await tenant.find(Team.self, subscription.subjectID).name
            case .client:
                query.filter(\.$client.$id == subscription.subjectID)
                name = try await tenant.find(Client.self, subscription.subjectID).name
            }
            return try await Calendars.response(name: name, engagements: try await query.all(), tenant: tenant, req: req)
        }
        pages.post("calendars", "teams", ":teamID") { req async throws -> Response in
            try req.viewer.require(.viewTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            let token = try await issue(.team, subject: team.requireID(), on: req)
            return req.redirect(to: SiteRoute.team(try team.requireID()).path(query: [("notice", "Subscribe your calendar app to \(subscriptionURL(token, req: req)) — keep it private; making a new link stops this one.")]))
        }
        pages.post("calendars", "clients", ":clientID") { req async throws -> Response in
            let client = try await req.clientScope.client(req.parameters.get("clientID", as: UUID.self), try req.tenant)
            let token = try await issue(.client, subject: client.requireID(), on: req)
            return req.redirect(to: SiteRoute.home.path(query: [("notice", "Subscribe your calendar app to \(subscriptionURL(token, req: req)) — keep it private; making a new link stops this one.")]))
        }
    }

    static func subscriptionURL(_ token: String, req: Request) -> String {
        let scheme = req.arrivedOverHTTPS ? "https" : "http"
        let host = req.headers.first(name: .host) ?? "127.0.0.1"
        return "\(scheme)://\(host)/calendars/\(token).ics"
    }

    /// A new secret for the subject, replacing any earlier one.
    static func issue(_ kind: CalendarSubscription.Kind, subject: UUID, on req: Request) async throws -> String {
        let token = SecretToken.generate()
        let viewer = try req.viewer
        try await req.change { tenant, audit in
            try await tenant.query(CalendarSubscription.self).filter(\.$kind == kind).filter(\.$subjectID == subject).delete()
            let subscription = CalendarSubscription()
            subscription.districtID = tenant.districtID
            subscription.kind = kind
            subscription.subjectID = subject
            subscription.tokenHash = SecretToken.hash(token)
            subscription.createdBy = viewer.personID
            try await subscription.create(on: tenant.db)
            audit.created("calendarSubscription", id: subscription.id, ["kind": kind.rawValue, "subjectID": subject.uuidString])
        }
        return token
    }

    static func button(_ action: String, viewer: Viewer) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(action), Layout.csrfField(viewer.csrfToken),
              .button(.type(.submit), .class("link"), .text("Make a private subscription link for calendar apps")))
    }
}
