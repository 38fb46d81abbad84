import Fluent
import Foundation
import PathworkDomain
import Vapor

/// An application as its reader may see it: staff see the student's full name; the partner's
/// people see first name and last initial, and each look is a disclosure.
struct ReviewedApplicationJSON: Content {
    var id: UUID
    var opportunityId: UUID
    var studentId: UUID
    var studentName: String
    var answer: String
    var status: ApplicationStatus
    var submittedAt: Date?
}

/// Offers, the waitlist and students' answers to offers. Every move is decided inside the
/// change against the seats as they stand then, so two offers cannot both take the last seat
/// and a freed seat goes to the longest-waiting student in the same change that freed it.
enum ApplicationReview {
    /// Staff who review applications, and the people of the partner offering the opportunity.
    static func canReview(_ opportunity: Opportunity, viewer: Viewer, tenant: Tenant) async throws -> Bool {
        if viewer.roles.contains(where: { $0 == .admin || $0 == .coordinator || $0 == .counselor }) { return true }
        guard viewer.isExternal else { return false }
        return try await tenant.query(ClientContactLink.self).filter(\.$person.$id == viewer.personID)
            .filter(\.$client.$id == opportunity.$partner.id).first() != nil
    }

    static func act(_ action: ApplicationAction, on raw: String?, req: Request) async throws -> OpportunityApplication {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let found = try await tenant.find(OpportunityApplication.self, raw)
        if action.byStudent {
            guard found.studentID == viewer.personID else { throw Abort(.notFound) }
        } else {
            let opportunity = try await tenant.find(Opportunity.self, found.$opportunity.id)
            guard try await canReview(opportunity, viewer: viewer, tenant: tenant) else {
                throw found.studentID == viewer.personID ? Abort(.forbidden, reason: "Reviewers make offers.") : Abort(.notFound)
            }
        }
        let now = req.now
        return try await req.change { tenant, audit in
            let application = try await tenant.find(OpportunityApplication.self, found.requireID())
            let opportunity = try await tenant.find(Opportunity.self, application.$opportunity.id)
            let others = try await tenant.query(OpportunityApplication.self).filter(\.$opportunity.$id == opportunity.requireID())
                .filter(\.$id != application.requireID()).all()
            let held = others.filter(\.status.holdsSeat).count
            let old = application.status
            let new: ApplicationStatus
            switch ApplicationRules.next(from: old, action, seats: opportunity.seats, heldByOthers: held) {
            case .success(let status): new = status
            case .failure(let refusal): throw PathworkError.conflict(refusal.code, refusal.message)
            }
            try await move(application, to: new, by: viewer.personID, at: now, tenant: tenant, audit: audit)
            if ApplicationRules.freesSeat(from: old, to: new) {
                let waitlist = others.filter { $0.status == .waitlisted }
                    .sorted { ($0.statusChangedAt ?? .distantPast, $0.createdAt ?? .distantPast) < ($1.statusChangedAt ?? .distantPast, $1.createdAt ?? .distantPast) }
                for next in ApplicationRules.promoted(waitlist: waitlist, seats: opportunity.seats, held: held) {
                    try await move(next, to: .offered, by: viewer.personID, at: now, tenant: tenant, audit: audit)
                }
            }
            return application
        }
    }

    private static func move(_ application: OpportunityApplication, to status: ApplicationStatus, by person: UUID, at now: Date,
                             tenant: Tenant, audit: AuditRecorder) async throws {
        let before = application.status
        application.status = status
        application.statusChangedAt = now
        application.decidedBy = person
        try await application.save(on: tenant.db)
        audit.updated("opportunityApplication", id: application.id, from: ["status": before.rawValue], to: ["status": status.rawValue])
    }

    /// The applications to an opportunity for a reviewer, oldest first; a partner's reading is
    /// disclosed once per student shown. A student who is no reviewer reads their own (what
    /// they just sent), never anyone else's.
    static func applications(to opportunity: Opportunity, req: Request) async throws -> [ReviewedApplicationJSON] {
        let viewer = try req.viewer
        if try await canReview(opportunity, viewer: viewer, tenant: try req.tenant) { return try await reviewed(opportunity, req: req) }
        guard viewer.roles.contains(.student) else { throw Abort(.notFound) }
        return try await reviewed(opportunity, of: viewer.personID, req: req)
    }

    /// The list itself (or one student's part of it), for a caller that has checked the viewer
    /// may read it.
    static func reviewed(_ opportunity: Opportunity, of student: UUID? = nil, req: Request) async throws -> [ReviewedApplicationJSON] {
        let viewer = try req.viewer
        let tenant = try req.tenant
        var query = tenant.query(OpportunityApplication.self).filter(\.$opportunity.$id == (try opportunity.requireID()))
        if let student { query = query.filter(\.$studentID == student) }
        let applications = try await query.sort(\.$createdAt).sort(\.$id).all()
        let people = Dictionary(try await tenant.query(Person.self).filter(\.$id ~~ applications.map(\.studentID)).all().map { (try $0.requireID(), $0) },
                                uniquingKeysWith: { a, _ in a })
        for studentID in Set(applications.map(\.studentID)) {
            try await req.discloseIfExternal(studentID: studentID, context: "applications: \(opportunity.title)")
        }
        return try applications.map { application in
            let person = people[application.studentID]
            return ReviewedApplicationJSON(id: try application.requireID(), opportunityId: application.$opportunity.id, studentId: application.studentID,
                                           studentName: (viewer.isStaff ? person?.fullName : person?.shortName) ?? "—", answer: application.answer,
                                           status: application.status, submittedAt: application.createdAt)
        }
    }
}
