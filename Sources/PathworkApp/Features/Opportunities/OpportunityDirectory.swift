import Fluent
import Foundation
import PathworkDomain
import Vapor

struct OpportunityJSON: Content, Equatable {
    var id: UUID
    var partnerId: UUID
    var title: String
    var kind: OpportunityKind
    var stage: CareerConnectStage
    var pay: OpportunityPay
    var description: String
    var pathwayCodes: [String]
    var minimumAge: Int?
    var minimumGrade: Int?
    var maximumGrade: Int?
    var requiredCredentialId: UUID?
    var seats: Int
    var startsOn: String
    var endsOn: String
    var applyBy: String?
    var location: String
    var transport: String
    var status: Opportunity.Status

    init(_ o: Opportunity) throws {
        id = try o.requireID(); partnerId = o.$partner.id; title = o.title; kind = o.kind; stage = o.stage; pay = o.pay; description = o.details
        pathwayCodes = o.pathways; minimumAge = o.minimumAge; minimumGrade = o.minimumGrade; maximumGrade = o.maximumGrade
        requiredCredentialId = o.requiredCredentialID; seats = o.seats; startsOn = o.startsOn; endsOn = o.endsOn; applyBy = o.applyBy
        location = o.location; transport = o.transport; status = o.status
    }
}

/// An opportunity as a student sees it: whether they may apply, and why not when not.
struct StudentOpportunityJSON: Content {
    var opportunity: OpportunityJSON
    var partner: String
    var eligible: Bool
    var reasons: [String]
    var applicationId: UUID?
    var applicationStatus: OpportunityApplication.Status?
}

/// Which opportunities a viewer sees, and a student's eligibility for them.
enum OpportunityDirectory {
    struct Filter: Sendable {
        var pathway: String?
        var stage: CareerConnectStage?
        var kind: OpportunityKind?
        var eligibleOnly = false
    }

    static let queryParameters: [QueryParameter] = [
        .choice("pathway", PathwayLinks.codeSchemaValues, "A Career Clusters pathway or sub-cluster code"),
        .choice("stage", CareerConnectStage.allCases.map(\.rawValue), "Where it sits on the Career Connect continuum"),
        .choice("kind", OpportunityKind.allCases.map(\.rawValue), "The kind of opportunity"),
        .choice("eligible", ["true", "false"], "For a student: only those they may apply to"),
    ]

    /// Staff see every opportunity; a partner's people their organizations' own; students the
    /// published ones. Newest first by start.
    static func visible(to viewer: Viewer, tenant: Tenant) async throws -> [Opportunity] {
        try await reach(of: viewer, tenant: tenant)?.with(\.$partner).sort(\.$startsOn).sort(\.$title).all() ?? []
    }

    /// The opportunities a viewer reaches, as a query; nil when they reach none.
    private static func reach(of viewer: Viewer, tenant: Tenant) async throws -> QueryBuilder<Opportunity>? {
        let query = tenant.query(Opportunity.self)
        if viewer.isStaff { return query }
        if viewer.roles.contains(.student) { return query.filter(\.$status == .published) }
        let own = try await tenant.query(ClientContactLink.self).filter(\.$person.$id == viewer.personID).all(\.$client.$id)
        return own.isEmpty ? nil : query.filter(\.$partner.$id ~~ own)
    }

    static func find(_ raw: String?, viewer: Viewer, tenant: Tenant) async throws -> Opportunity {
        let opportunity = try await tenant.find(Opportunity.self, raw)
        guard let query = try await reach(of: viewer, tenant: tenant),
              try await query.filter(\.$id == opportunity.requireID()).first() != nil else { throw Abort(.notFound) }
        return opportunity
    }

    static func matches(_ opportunity: Opportunity, _ filter: Filter) -> Bool {
        if let pathway = filter.pathway, !opportunity.pathways.contains(pathway) { return false }
        if let stage = filter.stage, opportunity.stage != stage { return false }
        if let kind = filter.kind, opportunity.kind != kind { return false }
        return true
    }

    /// Why a student may not take an opportunity, by its rules, their age on its first day,
    /// their grade and the credentials they hold then.
    static func reasons(_ opportunity: Opportunity, student: UUID, tenant: Tenant, today: CalendarDate) async throws -> [String] {
        try await reasons([opportunity], student: student, tenant: tenant, today: today)[opportunity.id!] ?? []
    }

    static func reasons(_ opportunities: [Opportunity], student: UUID, tenant: Tenant, today: CalendarDate) async throws -> [UUID: [String]] {
        let profile = try await tenant.query(StudentProfile.self).filter(\.$person.$id == student).first()
        let birth = profile.flatMap { CalendarDate(iso: $0.birthDate) }
        let credentialIDs = Set(opportunities.compactMap(\.requiredCredentialID))
        let titles = credentialIDs.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await tenant.query(Credential.self)
            .filter(\.$id ~~ credentialIDs).all().map { (try $0.requireID(), $0.title) })
        var result: [UUID: [String]] = [:]
        for opportunity in opportunities {
            let start = CalendarDate(iso: opportunity.startsOn) ?? today
            let held = opportunity.requiredCredentialID == nil ? [] : try await HeldCredentials.titles(of: student, on: start, tenant: tenant)
            let rules = OpportunityEligibility(minimumAge: opportunity.minimumAge, minimumGrade: opportunity.minimumGrade,
                                               maximumGrade: opportunity.maximumGrade,
                                               requiredCredential: opportunity.requiredCredentialID.flatMap { titles[$0] })
            result[try opportunity.requireID()] = rules.reasons(age: birth?.age(on: start), grade: profile?.grade, credentials: held)
        }
        return result
    }

    /// What a student sees: published opportunities matching the filter, each with their
    /// eligibility and their application.
    static func forStudent(_ viewer: Viewer, filter: Filter, tenant: Tenant, today: CalendarDate) async throws -> [StudentOpportunityJSON] {
        let opportunities = try await visible(to: viewer, tenant: tenant).filter { matches($0, filter) }
        let reasons = try await reasons(opportunities, student: viewer.personID, tenant: tenant, today: today)
        let applications = Dictionary(try await tenant.query(OpportunityApplication.self).filter(\.$studentID == viewer.personID).all()
            .map { ($0.$opportunity.id, $0) }, uniquingKeysWith: { a, _ in a })
        return try opportunities.compactMap { opportunity in
            let id = try opportunity.requireID()
            let why = reasons[id] ?? []
            if filter.eligibleOnly && !why.isEmpty { return nil }
            return StudentOpportunityJSON(opportunity: try OpportunityJSON(opportunity), partner: opportunity.partner.name, eligible: why.isEmpty,
                                          reasons: why, applicationId: applications[id]?.id, applicationStatus: applications[id]?.status)
        }
    }
}
