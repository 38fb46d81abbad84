import Fluent
import PathworkDomain
import SQLKit
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
        try await load(csrfToken: csrfToken, from: "FROM people p", where: "p.id = \(bind: personID)", on: db)?.viewer
    }

    /// The viewer an API token names, and when the token expires.
    static func load(tokenHash: String, on db: any Database) async throws -> (viewer: Viewer, expiresAt: Date)? {
        guard let found = try await load(csrfToken: nil, from: "FROM api_tokens t JOIN people p ON p.id = t.person_id",
                                         where: "t.token_hash = \(bind: tokenHash)", extra: ", t.expires_at AS expires_at", on: db),
              let expiresAt = try found.row.decode(column: "expires_at", as: Date?.self) else { return nil }
        return (found.viewer, expiresAt)
    }

    /// Person, district and roles in one read of plain columns, one row per role: every request
    /// that is signed in starts here, and model queries cost several times more.
    private static func load(csrfToken: String?, from source: SQLQueryString, where condition: SQLQueryString,
                             extra: SQLQueryString = "", on db: any Database) async throws -> (viewer: Viewer, row: any SQLRow)? {
        let rows = try await db.sql().raw("""
            SELECT p.id AS person_id, p.district_id AS district_id, p.email AS email, p.given_name AS given_name,
                   p.family_name AS family_name, d.time_zone AS time_zone, r.role AS role\(extra)
            \(source)
            JOIN districts d ON d.id = p.district_id
            LEFT JOIN role_assignments r ON r.person_id = p.id
            WHERE \(condition) AND p.disabled_at IS NULL
            """).all()
        guard let first = rows.first else { return nil }
        let roles = try rows.compactMap { try $0.decode(column: "role", as: String?.self).flatMap(Role.init(rawValue:)) }
        let viewer = Viewer(personID: try first.decode(column: "person_id", as: UUID.self),
                            districtID: try first.decode(column: "district_id", as: UUID.self),
                            email: try first.decode(column: "email", as: String.self),
                            givenName: try first.decode(column: "given_name", as: String.self),
                            familyName: try first.decode(column: "family_name", as: String.self),
                            roles: Set(roles), timeZone: try first.decode(column: "time_zone", as: String.self), csrfToken: csrfToken)
        return (viewer, first)
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
