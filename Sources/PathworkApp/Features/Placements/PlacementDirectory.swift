import Fluent
import Foundation
import PathworkDomain
import Vapor

/// Which placements a viewer reaches: staff every one, a student their own, a guardian their
/// children's, a worksite supervisor the interns they supervise. Nobody else reaches any.
enum PlacementDirectory {
    struct Filter: Sendable {
        var status: PlacementStatus?
        var partner: UUID?
    }

    static let queryParameters: [QueryParameter] = [
        .choice("status", PlacementStatus.allCases.map(\.rawValue), "Where the placement stands"),
        .uuid("partnerId", "Only placements at this partner"),
    ]

    static func reach(of viewer: Viewer, tenant: Tenant) async throws -> QueryBuilder<Placement>? {
        let query = tenant.query(Placement.self)
        if viewer.isStaff { return query }
        var students: [UUID] = []
        if viewer.roles.contains(.student) { students.append(viewer.personID) }
        if viewer.roles.contains(.guardian) {
            students += try await tenant.query(GuardianLink.self).filter(\.$guardianID == viewer.personID).all().map(\.studentID)
        }
        let supervises = viewer.roles.contains(.supervisor)
        if students.isEmpty && !supervises { return nil }
        return query.group(.or) { either in
            if !students.isEmpty { either.filter(\.$studentID ~~ students) }
            if supervises { either.filter(\.$supervisorID == viewer.personID) }
        }
    }

    static func list(_ viewer: Viewer, filter: Filter = Filter(), tenant: Tenant) async throws -> [Placement] {
        guard var query = try await reach(of: viewer, tenant: tenant) else { return [] }
        if let status = filter.status { query = query.filter(\.$status == status) }
        if let partner = filter.partner { query = query.filter(\.$partnerID == partner) }
        return try await query.with(\.$opportunity).sort(\.$startsOn, .descending).sort(\.$id).all()
    }

    /// One placement the viewer reaches; an outside viewer's look at it is a disclosure.
    static func find(_ raw: String?, req: Request) async throws -> Placement {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let placement = try await tenant.find(Placement.self, raw)
        guard let query = try await reach(of: viewer, tenant: tenant),
              try await query.filter(\.$id == placement.requireID()).first() != nil else { throw Abort(.notFound) }
        try await req.discloseIfExternal(studentID: placement.studentID, context: "placement")
        return placement
    }

    /// The student's name as this viewer may read it: first name and last initial outside the district.
    static func names(of ids: [UUID], viewer: Viewer, tenant: Tenant) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let people = try await tenant.query(Person.self).filter(\.$id ~~ Array(Set(ids))).all()
        return Dictionary(try people.map { (try $0.requireID(), viewer.isExternal ? $0.shortName : $0.fullName) }, uniquingKeysWith: { a, _ in a })
    }
}
