import Fluent
import Foundation
import PathworkDomain
import SQLKit
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
        case .studentsHosted, .worksiteHours, .evaluations, .eventAttendance:
            return try await countWorkBasedLearning(measure, partner: partner, first: first, last: last, tenant: tenant)
        case .recorded:
            return 0
        }
    }

    /// Placements, their hours and evaluations, and event attendance are recorded by features
    /// above partnerships, so they are read here by table name (ARCHITECTURE.md, "Dependencies
    /// run one way").
    private static func countWorkBasedLearning(_ measure: ObjectiveMeasure, partner: UUID, first: String, last: String, tenant: Tenant) async throws -> Int {
        let district = tenant.districtID
        let query: SQLQueryString = switch measure {
        case .studentsHosted: """
            SELECT COUNT(DISTINCT student_id) AS n FROM placements WHERE district_id = \(bind: district) AND partner_id = \(bind: partner)
              AND started_at IS NOT NULL AND starts_on <= \(bind: last) AND ends_on >= \(bind: first)
            """
        case .worksiteHours: """
            SELECT CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) / 60 AS n FROM placement_hours h JOIN placements p ON p.id = h.placement_id
            WHERE h.district_id = \(bind: district) AND p.partner_id = \(bind: partner) AND h.status = 'approved'
              AND h.work_date >= \(bind: first) AND h.work_date <= \(bind: last)
            """
        case .evaluations: """
            SELECT COUNT(*) AS n FROM placement_evaluations e JOIN placements p ON p.id = e.placement_id
            WHERE e.district_id = \(bind: district) AND p.partner_id = \(bind: partner) AND e.point = 'final'
              AND p.ends_on >= \(bind: first) AND p.ends_on <= \(bind: last)
            """
        default: """
            SELECT COUNT(DISTINCT a.student_id) AS n FROM event_attendance a JOIN opportunities o ON o.id = a.opportunity_id
            WHERE a.district_id = \(bind: district) AND o.partner_id = \(bind: partner) AND a.attended_on >= \(bind: first) AND a.attended_on <= \(bind: last)
            """
        }
        return try await tenant.db.sql().raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
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
