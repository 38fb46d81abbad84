import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// One thing waiting for the person whose home it is: what, since when, and the page (or the
/// one button) that settles it.
struct QueueItem {
    /// The date it has waited since, or is due: the queue runs oldest first.
    var since: String
    var title: String
    var detail: String
    var route: SiteRoute
    var urgent = false
    /// A form that settles it in one click, when one can.
    var action: Node<HTML.BodyContext>? = nil
}

/// Every role's home as its work queue: what waits for this person, oldest first, each item
/// one click from done. The sources are the features' own records, read for the viewer's reach.
enum WorkQueue {
    static func items(for viewer: Viewer, req: Request) async throws -> [QueueItem] {
        let tenant = try req.tenant
        let today = req.today
        var items: [QueueItem] = []
        if viewer.isStaff { items += try await StaffQueue.items(viewer, tenant: tenant, today: today, now: req.now) }
        if viewer.roles.contains(.supervisor) { items += try await supervising(viewer, tenant: tenant, today: today) }
        if !viewer.isStaff && (viewer.roles.contains(.guardian) || viewer.roles.contains(.student) || viewer.roles.contains(.supervisor)) {
            items += try await signing(viewer, tenant: tenant)
        }
        if viewer.roles.contains(.student) { items += try await studentItems(viewer, tenant: tenant, today: today) }
        if viewer.roles.contains(.judge) { items += try await judging(viewer, tenant: tenant) }
        items += try await nextSteps(viewer, tenant: tenant, today: today)
        items += try await surveys(viewer, tenant: tenant, today: today)
        items += try await beyondPlans(viewer, tenant: tenant, today: today)
        return items.sorted { ($0.since, $0.title) < ($1.since, $1.title) }
    }

    static func section(_ items: [QueueItem], empty: String) -> Node<HTML.BodyContext> {
        .section(.class("card queue"), .h2(.text(items.isEmpty ? "Nothing waits for you" : "Waiting for you (\(items.count))")),
            .if(items.isEmpty, .p(.text(empty))),
            .ul(.class("log"), .forEach(items) { item in
                .li(.if(item.urgent, .span(.class("tag warn"), .text("Late"))), .text(item.urgent ? " " : ""),
                    .a(.href(item.route.path), .text(item.title)),
                    .span(.class("muted"), .text(" · \(item.detail)")),
                    .unwrap(item.action) { .group(.text(" "), $0) })
            }))
    }

    static func date(_ instant: Date?) -> String { String((instant ?? Date()).formatted(.iso8601.year().month().day())) }

    /// The viewer's next steps with partners, late or due within the week.
    /// Open surveys sent to this person and not yet answered; urgent once reminded or in their last three days.
    static func surveys(_ viewer: Viewer, tenant: Tenant, today: CalendarDate) async throws -> [QueueItem] {
        let waiting = try await tenant.query(SurveyInvitation.self).filter(\.$personID == viewer.personID).filter(\.$completedOn == nil).all()
        guard !waiting.isEmpty else { return [] }
        let surveys = try await tenant.query(Survey.self).filter(\.$id ~~ waiting.map(\.surveyID)).filter(\.$status == .open).all()
        return try surveys.compactMap { survey in
            guard let closes = CalendarDate(iso: survey.closesOn), closes >= today else { return nil }
            return QueueItem(since: date(survey.sentAt), title: "\(survey.remindedAt == nil ? "" : "Reminder: ")Answer the survey “\(survey.title)”",
                             detail: "Closes \(survey.closesOn)" + (survey.anonymous ? "; anonymous" : ""), route: .surveyStep(try survey.requireID(), step: "answer"),
                             urgent: survey.remindedAt != nil || closes.dayNumber - today.dayNumber <= 3)
        }
    }

    /// Washington's High School and Beyond Plan: for counselors, plans complete and waiting for
    /// their sign-off; for a student in grade 7 or above, their own plan until it is signed off.
    static func beyondPlans(_ viewer: Viewer, tenant: Tenant, today: CalendarDate) async throws -> [QueueItem] {
        guard viewer.can(.signOffBeyondPlans) || viewer.roles.contains(.student),
              try await LaborCheck.settings(tenant).overlay == .washington else { return [] }
        let year = SchoolCalendar.schoolYearStart(containing: today)
        if viewer.roles.contains(.student) {
            guard let grade = try await tenant.query(StudentProfile.self).filter(\.$person.$id == viewer.personID).first()?.grade, grade >= BeyondPlanRules.firstGrade,
                  try await tenant.query(BeyondPlanSignOff.self).filter(\.$studentID == viewer.personID).filter(\.$schoolYear == year).first() == nil else { return [] }
            let missing = BeyondPlanRules.missing(try await BeyondPlanWriter.contents(student: viewer.personID, tenant: tenant), grade: grade)
            return [QueueItem(since: today.description, title: "Update your High School and Beyond Plan",
                              detail: missing.isEmpty ? "complete: a counselor will review it" : "still needed: \(missing.map(\.title).joined(separator: ", "))",
                              route: .beyondPlan(viewer.personID))]
        }
        let ready = try await BeyondPlanRoster.rows(tenant: tenant, year: year).filter { $0.status == .ready }.count
        guard ready > 0 else { return [] }
        return [QueueItem(since: today.description, title: "High School and Beyond Plans to sign off: \(ready)", detail: "complete and waiting for a review",
                          route: .beyondPlans)]
    }

    static func nextSteps(_ viewer: Viewer, tenant: Tenant, today: CalendarDate) async throws -> [QueueItem] {
        try await PartnersAPI.openNextSteps(of: viewer.personID, tenant: tenant).compactMap { step in
            guard let state = step.nextStepState(today: today), state.isOnHome else { return nil }
            return QueueItem(since: step.nextStepDueOn ?? today.description, title: "\(step.partner.name): \(step.nextStep ?? "")",
                             detail: "\(state.title), due \(step.nextStepDueOn ?? "")", route: .client(step.$partner.id), urgent: state == .overdue,
                             action: PartnerPage.nextStepButton(step, viewer: viewer, back: "home"))
        }
    }

    /// A worksite supervisor's interns: hours to approve (all at once), evaluations due,
    /// agreements to sign.
    static func supervising(_ viewer: Viewer, tenant: Tenant, today: CalendarDate) async throws -> [QueueItem] {
        let placements = try await tenant.query(Placement.self).filter(\.$supervisorID == viewer.personID)
            .filter(\.$status ~~ [.active, .awaitingSignatures]).with(\.$opportunity).all()
        let names = try await PlacementDirectory.names(of: placements.map(\.studentID), viewer: viewer, tenant: tenant)
        return try await placementItems(placements, names: names, viewer: viewer, tenant: tenant, today: today, approveInline: true)
    }

    /// Hours waiting, evaluations due and missing signatures on some placements, as items.
    static func placementItems(_ placements: [Placement], names: [UUID: String], viewer: Viewer, tenant: Tenant, today: CalendarDate,
                               approveInline: Bool) async throws -> [QueueItem] {
        let ids = placements.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let waiting = Dictionary(grouping: try await tenant.query(PlacementHours.self).filter(\.$placement.$id ~~ ids).filter(\.$status == .submitted).all(),
                                 by: \.$placement.id)
        let evaluated = Dictionary(grouping: try await tenant.query(PlacementEvaluation.self).filter(\.$placement.$id ~~ ids).all(), by: \.$placement.id)
        var items: [QueueItem] = []
        for placement in placements {
            let id = try placement.requireID()
            let who = names[placement.studentID] ?? "—"
            if let hours = waiting[id], let oldest = hours.map(\.workDate).min() {
                let minutes = hours.reduce(0) { $0 + $1.minutes }
                let late = (CalendarDate(iso: oldest).map { today.dayNumber - $0.dayNumber } ?? 0) > 7
                let approve: Node<HTML.BodyContext> = .form(.class("inline"), .method(.post), .action(SiteRoute.placementHours(step: "approve").path),
                    Layout.csrfField(viewer.csrfToken), .input(.type(.hidden), .name("ids"), .value(hours.compactMap { $0.id?.uuidString }.joined(separator: ","))),
                    .input(.type(.hidden), .name("back"), .value("home")),
                    .button(.type(.submit), .class("secondary"), .text("Approve \(ChildLabor.hours(minutes))")))
                items.append(QueueItem(since: oldest, title: "Hours to approve: \(who)", detail: "\(hours.count) entr\(hours.count == 1 ? "y" : "ies") at \(placement.opportunity.title)",
                                       route: .placement(id), urgent: late, action: approveInline ? approve : nil))
            }
            if placement.status == .active, let due = evaluationDue(placement, done: Set((evaluated[id] ?? []).map(\.point)), today: today) {
                items.append(QueueItem(since: due.date.description, title: "\(due.point.title) due: \(who)", detail: placement.opportunity.title,
                                       route: .placement(id), urgent: due.date < today.adding(days: -7)))
            }
        }
        return items
    }

    /// The midpoint evaluation is due from the placement's middle day; the final one from two
    /// weeks before its end.
    static func evaluationDue(_ placement: Placement, done: Set<PlacementEvaluation.Point>, today: CalendarDate) -> (point: PlacementEvaluation.Point, date: CalendarDate)? {
        guard let start = CalendarDate(iso: placement.startsOn), let end = CalendarDate(iso: placement.endsOn) else { return nil }
        let midpoint = start.adding(days: (end.dayNumber - start.dayNumber) / 2), final = end.adding(days: -14)
        if !done.contains(.midpoint), midpoint <= today, today < final { return (.midpoint, midpoint) }
        if !done.contains(.final), final <= today { return (.final, final) }
        return nil
    }

    /// Agreements the viewer has yet to sign: their own as a student, their children's as a
    /// parent, their interns' as a supervisor.
    static func signing(_ viewer: Viewer, tenant: Tenant) async throws -> [QueueItem] {
        guard let query = try await PlacementDirectory.reach(of: viewer, tenant: tenant) else { return [] }
        let waiting = try await query.filter(\.$status == .awaitingSignatures).with(\.$opportunity).all()
        var items: [QueueItem] = []
        for placement in waiting {
            let agreement = try await PlacementAgreement.review(placement, tenant: tenant)
            let mine = try await PlacementAgreement.roles(of: viewer, on: placement, tenant: tenant).filter(agreement.missing.contains)
            guard !mine.isEmpty, agreement.problems.isEmpty else { continue }
            items.append(QueueItem(since: date(placement.createdAt), title: "Sign the training agreement: \(placement.opportunity.title)",
                                   detail: "version \(placement.version), as \(mine.map { $0.title.lowercased() }.joined(separator: " and "))",
                                   route: .placement(try placement.requireID())))
        }
        return items
    }

    /// A judge's events: those open to score, with how many pitches wait, and those to come.
    static func judging(_ viewer: Viewer, tenant: Tenant) async throws -> [QueueItem] {
        let events = try await PitchDirectory.list(viewer, tenant: tenant).filter { $0.status != .closed }
        var items: [QueueItem] = []
        for event in events {
            let id = try event.requireID()
            let pitches = try await tenant.query(PitchSlot.self).filter(\.$event.$id == id).count()
            let scored = Set(try await tenant.query(PitchScore.self).filter(\.$event.$id == id).filter(\.$judgeID == viewer.personID).all(\.$ventureID)).count
            items.append(QueueItem(since: event.heldOn, title: event.status == .judging ? "Score the pitches: \(event.title)" : "You judge \(event.title)",
                                   detail: event.status == .judging ? "\(pitches - scored) of \(pitches) still to score" : "on \(event.heldOn); \(pitches) pitches",
                                   route: .pitchEvent(id)))
        }
        return items
    }

    /// A student's offers to answer, hours sent back and reflections to write.
    static func studentItems(_ viewer: Viewer, tenant: Tenant, today: CalendarDate) async throws -> [QueueItem] {
        var items: [QueueItem] = []
        let offers = try await tenant.query(OpportunityApplication.self).filter(\.$studentID == viewer.personID).filter(\.$status == .offered).with(\.$opportunity).all()
        for offer in offers {
            let id = try offer.requireID()
            items.append(QueueItem(since: date(offer.statusChangedAt), title: "Offer: \(offer.opportunity.title)", detail: "accept or decline",
                                   route: .opportunity(offer.$opportunity.id),
                                   action: .group(ApplicationSections.button(.accept, id, viewer: viewer, title: "Accept"), .text(" "),
                                                  ApplicationSections.button(.decline, id, viewer: viewer, title: "Decline", secondary: true))))
        }
        let placements = try await tenant.query(Placement.self).filter(\.$studentID == viewer.personID).filter(\.$status == .active).with(\.$opportunity).all()
        for placement in placements {
            let id = try placement.requireID()
            let rejected = try await tenant.query(PlacementHours.self).filter(\.$placement.$id == id).filter(\.$status == .rejected).all()
            for entry in rejected {
                items.append(QueueItem(since: entry.workDate, title: "Hours sent back: \(entry.workDate)", detail: entry.reason, route: .placement(id)))
            }
            if placement.reflection.isEmpty, let end = CalendarDate(iso: placement.endsOn), end.adding(days: -21) <= today {
                items.append(QueueItem(since: end.adding(days: -21).description, title: "Write your reflection: \(placement.opportunity.title)",
                                       detail: "before the placement ends on \(placement.endsOn)", route: .placement(id)))
            }
        }
        return items
    }
}
