import Fluent
import PathworkDomain
import Vapor

/// The signed-in person making a request, with the roles they hold in their district.
struct Viewer: Authenticatable, Sendable {
    let personID: UUID
    let districtID: UUID
    let email: String
    let givenName: String
    let familyName: String
    let roles: Set<Role>
    let timeZone: String
    /// Set for browser sessions: the anti-forgery token every form must echo.
    let csrfToken: String?

    func can(_ action: Action) -> Bool { Policy.allows(roles, action) }

    var reach: Reach { Policy.reach(roles) }

    var isStaff: Bool { roles.contains(where: \.isDistrictStaff) }

    var isExternal: Bool { !isStaff && roles.contains(where: \.isExternal) }

    /// The role a person is treated as for home pages and disclosure records: the most
    /// privileged one they hold.
    var primaryRole: Role { roles.min() ?? .student }

    func require(_ action: Action) throws {
        guard can(action) else { throw Abort(.forbidden, reason: "Your role does not allow this.") }
    }

    static func load(personID: UUID, csrfToken: String?, on db: any Database) async throws -> Viewer? {
        guard let person = try await Person.query(on: db).filter(\.$id == personID)
            .with(\.$roleAssignments).first(), !person.isDisabled,
              let district = try await District.find(person.districtID, on: db) else { return nil }
        return Viewer(personID: personID, districtID: person.districtID, email: person.email,
                      givenName: person.givenName, familyName: person.familyName,
                      roles: Set(person.roleAssignments.map(\.role)), timeZone: district.timeZone,
                      csrfToken: csrfToken)
    }
}

extension Request {
    /// The signed-in viewer; throws 401 when there is none.
    var viewer: Viewer {
        get throws {
            guard let viewer = auth.get(Viewer.self) else { throw Abort(.unauthorized) }
            return viewer
        }
    }

    /// The caller's district, as the only path to its data.
    var tenant: Tenant {
        get throws { Tenant(districtID: try viewer.districtID, db: db) }
    }
}
