import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// iCalendar feeds of visits and deliverable due dates, per team and per client, and the
/// team page's view of its client work.
enum Calendars {
    static func events(for engagements: [Engagement], tenant: Tenant) async throws -> [ICalendar.Event] {
        let ids = engagements.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let titles = Dictionary(try engagements.map { (try $0.requireID(), $0.title) }, uniquingKeysWith: { a, _ in a })
        let visits = try await tenant.query(Visit.self).filter(\.$engagement.$id ~~ ids).all()
        let deliverables = try await tenant.query(Deliverable.self).filter(\.$engagement.$id ~~ ids).filter(\.$status != .accepted).all()
        let visitEvents = try visits.compactMap { visit in
            try CalendarDate(iso: visit.dueOn).map {
                ICalendar.Event(uid: "visit-\(try visit.requireID().uuidString.lowercased())@pathwork", date: $0,
                                summary: "Visit: \(titles[visit.$engagement.id] ?? "")", description: visit.report ?? "Status: \(visit.status.rawValue)")
            }
        }
        let dueEvents = try deliverables.compactMap { deliverable in
            try CalendarDate(iso: deliverable.dueOn).map {
                ICalendar.Event(uid: "deliverable-\(try deliverable.requireID().uuidString.lowercased())@pathwork", date: $0,
                                summary: "Due: \(deliverable.title)", description: "\(titles[deliverable.$engagement.id] ?? "") · \(deliverable.status.title)")
            }
        }
        return (visitEvents + dueEvents).sorted { ($0.date, $0.uid) < ($1.date, $1.uid) }
    }

    static func response(name: String, engagements: [Engagement], req: Request) async throws -> Response {
        try await response(name: name, engagements: engagements, tenant: try req.tenant, req: req)
    }

    static func response(name: String, engagements: [Engagement], tenant: Tenant, req: Request) async throws -> Response {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime]
        let stamp = formatter.string(from: req.now).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") + "Z"
        let text = ICalendar.document(name: name, events: try await events(for: engagements, tenant: tenant), stamp: stamp)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"pathwork.ics\"")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    static func teamFeed(_ req: Request) async throws -> Response {
        try req.viewer.require(.viewTeams)
        let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
        let engagements = try await req.tenant.query(Engagement.self).filter(\.$team.$id == team.requireID()).all()
        return try await response(name: team.name, engagements: engagements, req: req)
    }

    static func clientFeed(_ req: Request) async throws -> Response {
        let client = try await req.clientScope.client(req.parameters.get("clientID", as: UUID.self), try req.tenant)
        let engagements = try await req.tenant.query(Engagement.self).filter(\.$client.$id == client.requireID()).all()
        return try await response(name: client.name, engagements: engagements, req: req)
    }

    static func register(_ app: Application, pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        pages.get(SiteRoute.teamCalendar(.pattern).pattern, use: teamFeed)
        pages.get(SiteRoute.clientCalendar(.pattern).pattern, use: clientFeed)
        api.endpoint(APIOperation(method: .GET, path: ["teams", ":teamID", "calendar.ics"], summary: "The team's visits and due dates (iCalendar)",
                                  tag: "Engagements", response: .string(), produces: "text/calendar"), registry: registry, use: teamFeed)
        api.endpoint(APIOperation(method: .GET, path: ["clients", ":clientID", "calendar.ics"], summary: "The client's visits and due dates (iCalendar)",
                                  tag: "Engagements", response: .string(), produces: "text/calendar"), registry: registry, use: clientFeed)
        app.teamSections.add { req, team in try await teamWork(req, team: team) }
    }

    /// On the team page: its active engagements, the next visits and what is due.
    static func teamWork(_ req: Request, team: Team) async throws -> Node<HTML.BodyContext> {
        let tenant = try req.tenant
        let today = req.today
        let engagements = try await tenant.query(Engagement.self).filter(\.$team.$id == team.requireID())
            .filter(\.$status ~~ [.proposed, .active, .onHold]).sort(\.$startsOn).all()
        let clients = try await tenant.query(Client.self).all()
        let upcoming = try await events(for: engagements, tenant: tenant).filter { $0.date >= today }.prefix(8)
        return .group(
            .h2(.text("Client work")),
            try EngagementPages.table(engagements, clients: clients),
            .h3(.text("Coming up")),
            .if(upcoming.isEmpty, .p(.text("No visits or deliverables coming up."))),
            .ul(.forEach(Array(upcoming)) { .li(.text("\($0.date) — \($0.summary)")) }),
            .p(.a(.href(SiteRoute.teamCalendar(try team.requireID()).path), .text("Download the team calendar (.ics)"))),
            CalendarSubscriptions.button("/calendars/teams/\(try team.requireID().uuidString.lowercased())", viewer: try req.viewer))
    }
}
