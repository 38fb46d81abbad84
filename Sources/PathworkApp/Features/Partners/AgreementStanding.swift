import Fluent
import Foundation
import PathworkDomain
import Vapor

/// How an agreement's objectives stand and how healthy a partnership is, counted from the
/// district's records: approved hours on the partner's engagements, its mentors' sessions, the
/// interactions logged — each within the agreement's term.
enum AgreementStanding {
    static func progress(of agreement: PartnershipAgreement, tenant: Tenant) async throws -> [(objective: PartnershipObjective, progress: ObjectiveProgress)] {
        let objectives = try await tenant.query(PartnershipObjective.self).filter(\.$agreement.$id == agreement.requireID()).all()
        guard let term = agreement.term else { return objectives.map { ($0, ObjectiveProgress(value: 0, target: $0.target)) } }
        var counted: [ObjectiveMeasure: Int] = [:]
        for measure in Set(objectives.map(\.measure)) where measure != .recorded {
            counted[measure] = try await count(measure, partner: agreement.$partner.id, term: term, tenant: tenant)
        }
        return objectives.map { objective in
            let value = objective.measure == .recorded ? objective.recordedValue ?? 0 : counted[objective.measure] ?? 0
            return (objective, ObjectiveProgress(value: value, target: objective.target))
        }
    }

    static func count(_ measure: ObjectiveMeasure, partner: UUID, term: ClosedRange<CalendarDate>, tenant: Tenant) async throws -> Int {
        let (first, last) = (term.lowerBound.description, term.upperBound.description)
        switch measure {
        case .engagementHours:
            let engagements = try await tenant.query(Engagement.self).filter(\.$client.$id == partner).all(\.$id)
            guard !engagements.isEmpty else { return 0 }
            let minutes = try await tenant.query(TimeEntry.self).filter(\.$engagementID ~~ engagements).filter(\.$status == .approved)
                .filter(\.$workDate >= first).filter(\.$workDate <= last).all(\.$minutes)
            return minutes.reduce(0, +) / 60
        case .mentoringSessions:
            let mentors = try await PartnerDirectory.people(of: partner, tenant: tenant).filter { $0.roles.contains(.mentor) }.map(\.link.$person.id)
            guard !mentors.isEmpty else { return 0 }
            return try await tenant.query(MentoringSession.self).filter(\.$mentorID ~~ mentors)
                .filter(\.$heldOn >= first).filter(\.$heldOn <= last).count()
        case .interactions:
            return try await tenant.query(PartnerInteraction.self).filter(\.$partner.$id == partner)
                .filter(\.$happenedOn >= first).filter(\.$happenedOn <= last).count()
        case .recorded:
            return 0
        }
    }

    /// The partnership's health by the rules `PartnershipHealth` states, from its latest
    /// agreement, its log and its evaluations.
    static func health(of partnerID: UUID, tenant: Tenant, today: CalendarDate) async throws -> (health: PartnershipHealth, reasons: [String]) {
        let interactions = try await tenant.query(PartnerInteraction.self).filter(\.$partner.$id == partnerID).all()
        let agreements = try await tenant.query(PartnershipAgreement.self).filter(\.$partner.$id == partnerID).all()
        let evaluations = agreements.isEmpty ? [] : try await tenant.query(PartnershipEvaluation.self)
            .filter(\.$agreement.$id ~~ agreements.compactMap(\.id)).all()
        let rated = evaluations.filter { $0.ratedOn != nil }.max { ($0.ratedOn ?? "") < ($1.ratedOn ?? "") }
        let lastEvaluation = evaluations.compactMap { [$0.ratedOn, $0.answeredOn].compactMap { $0 }.max() }.max()
        let facts = PartnershipHealth.Facts(
            today: today,
            lastContact: interactions.map(\.happenedOn).max().flatMap(CalendarDate.init(iso:)),
            overdueNextSteps: interactions.filter { $0.nextStepState(today: today) == .overdue }.count,
            agreementEnds: agreements.map(\.endsOn).max().flatMap(CalendarDate.init(iso:)),
            lastEvaluation: lastEvaluation.flatMap(CalendarDate.init(iso:)),
            latestRatings: rated.map { Array($0.ratingValues.values) } ?? [])
        return PartnershipHealth.assess(facts)
    }
}
