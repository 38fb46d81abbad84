import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// What waits for district staff, by what their roles do: requests to triage, time to approve
/// and clock-ins left open, budgets crossing a threshold, visits and deliverables due,
/// applications and proposals, placements' signatures, hours, evaluations, and papers expiring.
enum StaffQueue {
    static func items(_ viewer: Viewer, tenant: Tenant, today: CalendarDate, now: Date) async throws -> [QueueItem] {
        var items: [QueueItem] = []
        let soon = today.adding(days: 7).description, month = today.adding(days: 30).description
        if viewer.can(.manageClients) {
            for request in try await tenant.query(ServiceRequest.self).filter(\.$status == .submitted).with(\.$client).all() {
                items.append(QueueItem(since: WorkQueue.date(request.createdAt), title: "Triage request: \(request.title)", detail: request.client.name,
                                       route: .request(try request.requireID())))
            }
            let since = now.addingTimeInterval(-30 * 86_400)
            let alerts = try await tenant.query(BudgetAlert.self).filter(\.$reachedAt >= since).all()
            let engagements = Dictionary(try await tenant.query(Engagement.self).filter(\.$id ~~ alerts.map(\.engagementID)).all().map { (try $0.requireID(), $0) },
                                         uniquingKeysWith: { a, _ in a })
            for alert in alerts {
                items.append(QueueItem(since: WorkQueue.date(alert.reachedAt), title: "Budget at \(alert.percent)%: \(engagements[alert.engagementID]?.title ?? "an engagement")",
                                       detail: "decide whether to extend or wrap up", route: .engagement(alert.engagementID), urgent: alert.percent >= 100))
            }
        }
        if viewer.can(.superviseTime) {
            let teams = try await TimeAccess.supervisedTeams(viewer, tenant: tenant)
            var submitted = tenant.query(TimeEntry.self).filter(\.$status == .submitted)
            var open = tenant.query(TimeEntry.self).filter(\.$status == .open)
            if let teams { submitted = submitted.filter(\.$teamID ~~ Array(teams)); open = open.filter(\.$teamID ~~ Array(teams)) }
            let waiting = try await submitted.all(\.$workDate)
            if let oldest = waiting.min() {
                items.append(QueueItem(since: oldest, title: "Time to approve: \(waiting.count) entr\(waiting.count == 1 ? "y" : "ies")",
                                       detail: "oldest from \(oldest)", route: .approvals, urgent: oldest < today.adding(days: -7).description))
            }
            let settings = try await LaborCheck.settings(tenant)
            let flagged = try await open.filter(\.$startsAt < now.addingTimeInterval(TimeInterval(-settings.openFlagMinutes * 60))).all()
            for entry in flagged {
                items.append(QueueItem(since: entry.workDate, title: "Clock-in left open since \(entry.workDate)", detail: "longer than \(ChildLabor.hours(settings.openFlagMinutes))",
                                       route: .approvals, urgent: true))
            }
            var visits = tenant.query(Visit.self).filter(\.$status == .scheduled).filter(\.$dueOn <= soon).with(\.$engagement)
            var deliverables = tenant.query(Deliverable.self).filter(\.$status ~~ [.planned, .revisionRequested]).filter(\.$dueOn <= soon).with(\.$engagement)
            if let teams {
                let mine = try await tenant.query(Engagement.self).filter(\.$team.$id ~~ Array(teams)).all(\.$id)
                visits = visits.filter(\.$engagement.$id ~~ mine)
                deliverables = deliverables.filter(\.$engagement.$id ~~ mine)
            }
            for visit in try await visits.all() {
                items.append(QueueItem(since: visit.dueOn, title: "Visit due: \(visit.engagement.title)", detail: "on \(visit.dueOn)",
                                       route: .engagement(visit.$engagement.id), urgent: visit.dueOn < today.description))
            }
            for deliverable in try await deliverables.all() {
                items.append(QueueItem(since: deliverable.dueOn, title: "Deliverable due: \(deliverable.title)", detail: deliverable.engagement.title,
                                       route: .engagement(deliverable.$engagement.id), urgent: deliverable.dueOn < today.description))
            }
        }
        if viewer.roles.contains(where: { $0 == .admin || $0 == .coordinator || $0 == .counselor }) {
            let applications = try await tenant.query(OpportunityApplication.self).filter(\.$status == .submitted).with(\.$opportunity).all()
            for (opportunity, group) in Dictionary(grouping: applications, by: \.$opportunity.id) {
                items.append(QueueItem(since: WorkQueue.date(group.compactMap(\.createdAt).min()), title: "Applications to review: \(group[0].opportunity.title)",
                                       detail: "\(group.count) waiting", route: .opportunity(opportunity)))
            }
        }
        if viewer.can(.manageClients) { items += try await learning(viewer, tenant: tenant, today: today, within: month) }
        if viewer.can(.recordWorkAuthorizations) {
            let papers = try await tenant.query(WorkAuthorization.self).filter(\.$revokedAt == nil).filter(\.$validUntil >= today.description)
                .filter(\.$validUntil <= month).all()
            for paper in papers {
                guard let student = paper.studentID else { continue }
                items.append(QueueItem(since: paper.validUntil ?? month, title: "\(paper.kind.title) expires \(paper.validUntil ?? "")",
                                       detail: "renew it before the student works again", route: .person(student)))
            }
        }
        return items
    }

    /// Work-based learning: proposals to publish, agreements missing signatures, hours lapsing
    /// with a supervisor, evaluations due, background checks expiring.
    static func learning(_ viewer: Viewer, tenant: Tenant, today: CalendarDate, within month: String) async throws -> [QueueItem] {
        var items: [QueueItem] = []
        for proposal in try await tenant.query(Opportunity.self).filter(\.$status == .proposed).with(\.$partner).all() {
            items.append(QueueItem(since: WorkQueue.date(proposal.createdAt), title: "Proposal to publish: \(proposal.title)", detail: proposal.partner.name,
                                   route: .opportunity(try proposal.requireID())))
        }
        let placements = try await tenant.query(Placement.self).filter(\.$status ~~ [.active, .awaitingSignatures]).with(\.$opportunity).all()
        let names = try await PlacementDirectory.names(of: placements.map(\.studentID), viewer: viewer, tenant: tenant)
        for placement in placements where placement.status == .awaitingSignatures {
            let agreement = try await PlacementAgreement.review(placement, tenant: tenant)
            let detail = agreement.problems.isEmpty ? "waiting for \(agreement.missing.map { $0.title.lowercased() }.joined(separator: ", "))"
                                                    : "the agreement is not complete yet"
            items.append(QueueItem(since: WorkQueue.date(placement.createdAt), title: "Agreement: \(names[placement.studentID] ?? "—"), \(placement.opportunity.title)",
                                   detail: detail, route: .placement(try placement.requireID())))
        }
        // Hours waiting on a supervisor more than a week are the coordinator's to chase.
        items += try await WorkQueue.placementItems(placements.filter { $0.status == .active }, names: names, viewer: viewer, tenant: tenant, today: today,
                                                    approveInline: false).filter { $0.urgent }
        let expiring = try await tenant.query(MentorProfile.self).filter(\.$checkStatus == .cleared).filter(\.$checkExpiresOn <= month).all()
        let people = Dictionary(try await tenant.query(Person.self).filter(\.$id ~~ expiring.map(\.personID)).all().map { (try $0.requireID(), $0.fullName) },
                                uniquingKeysWith: { a, _ in a })
        for profile in expiring {
            guard let expires = profile.checkExpiresOn else { continue }
            items.append(QueueItem(since: expires, title: "Background check \(expires < today.description ? "expired" : "expires") \(expires): \(people[profile.personID] ?? "—")",
                                   detail: "mentors and supervisors of minors need a current one", route: .person(profile.personID), urgent: expires < today.description))
        }
        return items
    }
}
