import Fluent
import Foundation
import PathworkDomain

/// The demo's clients, after the seeds: a water-treatment plant with quarterly check-ups, a
/// senior-living facility that hired the cyber team to teach classes, an events company booking
/// drone shows — and requests in every state.
enum DemoClients {
    static func seed(tenant: Tenant, audit: AuditRecorder, named: [String: UUID], calendar: SchoolCalendar, today: CalendarDate) async throws {
        let teams = Dictionary(try await tenant.query(Team.self).all().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func client(_ name: String, _ sector: String, _ address: String, contact: String) async throws -> Client {
            let client = Client(districtID: tenant.districtID, name: name, sector: sector, address: address)
            try await client.create(on: tenant.db)
            audit.created("client", id: client.id, try ClientJSON(client))
            if let person = named[contact] {
                try await ClientContactLink(districtID: tenant.districtID, clientID: client.id!, personID: person).create(on: tenant.db)
            }
            return client
        }
        func request(_ client: Client, _ title: String, _ details: String, by: String, status: ServiceRequestStatus,
                     reason: String? = nil) async throws -> ServiceRequest {
            let request = ServiceRequest()
            request.districtID = tenant.districtID
            request.$client.id = client.id!
            request.submittedBy = named[by] ?? named["coordinator@demo.test"]!
            request.title = title
            request.details = details
            request.location = ""
            request.status = status
            request.declineReason = reason
            try await request.create(on: tenant.db)
            audit.created("serviceRequest", id: request.id, try ServiceRequestJSON(request))
            return request
        }
        let start = calendar.startsOn.adding(days: 21)
        let plant = try await client("St. Vrain Water Treatment Plant", "utilities", "4600 Water Works Rd", contact: "client@demo.test")
        let algae = try await request(plant, "Algae in the intake pipes", "Green growth is clogging intake pipe 3; we need it inspected and identified.",
                                      by: "client@demo.test", status: .accepted)
        var terms = EngagementInput(clientId: plant.id, teamId: teams["Aquatic Robotics"]!.id, title: "Intake inspection and quarterly check-ups",
                                    scope: "Underwater robot inspection of intake pipes, algae identification, and a check-up every quarter.",
                                    hourlyRateCents: 4500, budgetMinutes: 120 * 60, billingIncrementMinutes: 15, poNumber: "WTP-2026-118")
        terms.visits = VisitPlanInput(firstOn: start.adding(days: 90).description, cadence: .quarterly, count: 4)
        let schedule = VisitSchedule(firstOn: start.adding(days: 90), cadence: .quarterly, count: 4)
        let inspection = try await EngagementsWriter.insert(terms, dates: (start, nil, schedule), requestID: algae.id, tenant: tenant, audit: audit)
        inspection.status = .active
        try await inspection.save(on: tenant.db)
        algae.engagementID = inspection.id
        algae.status = .accepted
        try await algae.save(on: tenant.db)
        try await deliverable(inspection, "Algae species report", "report", due: today.adding(days: 10), status: .submitted,
                              actor: named["lead@demo.test"]!, tenant: tenant, audit: audit)
        try await deliverable(inspection, "Pipe inspection video", "data analysis", due: today.adding(days: 30), status: .planned,
                              actor: named["lead@demo.test"]!, tenant: tenant, audit: audit)
        _ = try await request(plant, "Second intake survey", "Survey the north intake before spring runoff.", by: "client@demo.test", status: .submitted)

        let senior = try await client("Sunrise Senior Living", "senior care", "88 Maple Ave", contact: "walter.greene@partners.demo.test")
        var classes = EngagementInput(clientId: senior.id, teamId: teams["Cybersecurity"]!.id, title: "Cyber-awareness classes for residents",
                                      scope: "Four one-hour classes on scams, passwords and safe browsing.", pricing: .fixedFee, fixedFeeCents: 120_000)
        classes.hourlyRateCents = 0
        let taught = try await EngagementsWriter.insert(classes, dates: (start, start.adding(days: 120), nil), requestID: nil, tenant: tenant, audit: audit)
        taught.status = .active
        try await taught.save(on: tenant.db)
        try await deliverable(taught, "Class 1: spotting scams", "training class", due: start.adding(days: 30), status: .accepted,
                              actor: named["lead@demo.test"]!, tenant: tenant, audit: audit)

        let events = try await client("Longmont Aerial Events", "events", "12 Main St", contact: "renee.castillo@partners.demo.test")
        let shows = EngagementInput(clientId: events.id, teamId: teams["Drone Shows"]!.id, title: "Holiday lights drone show",
                                    scope: "A twelve-minute drone light show over the lake for the holiday festival.",
                                    hourlyRateCents: 5500, budgetMinutes: 80 * 60, billingIncrementMinutes: 15, poNumber: "LAE-4412")
        let show = try await EngagementsWriter.insert(shows, dates: (start.adding(days: 30), today.adding(days: 40), nil), requestID: nil,
                                                      tenant: tenant, audit: audit)
        show.status = .active
        try await show.save(on: tenant.db)
        try await deliverable(show, "Show animation storyboard", "show", due: today.adding(days: 12), status: .planned,
                              actor: named["lead@demo.test"]!, tenant: tenant, audit: audit)
        _ = try await request(events, "Drone show for the spring festival", "A ten-minute drone light show on May 15.", by: "renee.castillo@partners.demo.test",
                              status: .submitted)
        _ = try await request(events, "Fireworks replacement downtown", "Replace fireworks with drones over Main Street.",
                              by: "renee.castillo@partners.demo.test", status: .declined,
                              reason: "Flights over crowds need FAA waivers our student pilots cannot hold.")
    }

    private static func deliverable(_ engagement: Engagement, _ title: String, _ kind: String, due: CalendarDate, status: DeliverableStatus,
                                    actor: UUID, tenant: Tenant, audit: AuditRecorder) async throws {
        let deliverable = Deliverable()
        deliverable.districtID = tenant.districtID
        deliverable.$engagement.id = engagement.id!
        deliverable.title = title
        deliverable.kind = kind
        deliverable.dueOn = due.description
        deliverable.status = status
        try await deliverable.create(on: tenant.db)
        audit.created("deliverable", id: deliverable.id, try DeliverableJSON(deliverable))
        let steps: [DeliverableStatus] = status == .accepted ? [.submitted, .accepted] : status == .submitted ? [.submitted] : []
        for step in steps {
            try await DeliverableEvent(districtID: tenant.districtID, deliverableID: deliverable.id!, actorID: actor, status: step,
                                       comment: "", at: Date(timeIntervalSince1970: TimeInterval((due.dayNumber - 3) * 86_400))).create(on: tenant.db)
        }
    }
}
