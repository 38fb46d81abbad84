import Foundation
import Vapor

/// Every page Pathwork serves. Routes are registered from `pattern` and links are built from
/// `path`, so a page's address is written in exactly one place.
enum SiteRoute: Equatable, Sendable {
    case home
    case signIn
    case signOut
    case account
    case people
    case newPerson
    case person(UUID)
    case editPerson(UUID)
    case disablePerson(UUID)
    case enablePerson(UUID)
    case addConnection(UUID)
    case removeConnection(UUID, connection: UUID)
    case disclosures(UUID)
    case schools
    case newSchool
    case editSchool(UUID)
    case district
    case audit
    case teams
    case newTeam
    case team(UUID)
    case addTeamRole(UUID)
    case placeOnTeam(UUID)
    case endMembership(UUID)
    case rotateMembership(UUID)
    case stylesheet

    private enum Segment {
        case constant(String)
        case parameter(String, UUID)
    }

    private var segments: [Segment] {
        switch self {
        case .home: []
        case .signIn: [.constant("sign-in")]
        case .signOut: [.constant("sign-out")]
        case .account: [.constant("account")]
        case .people: [.constant("people")]
        case .newPerson: [.constant("people"), .constant("new")]
        case .person(let id): [.constant("people"), .parameter("personID", id)]
        case .editPerson(let id): [.constant("people"), .parameter("personID", id), .constant("edit")]
        case .disablePerson(let id): [.constant("people"), .parameter("personID", id), .constant("disable")]
        case .enablePerson(let id): [.constant("people"), .parameter("personID", id), .constant("enable")]
        case .addConnection(let id): [.constant("people"), .parameter("personID", id), .constant("connections")]
        case .removeConnection(let id, let connection):
            [.constant("people"), .parameter("personID", id), .constant("connections"),
             .parameter("connectionID", connection), .constant("remove")]
        case .disclosures(let id): [.constant("people"), .parameter("personID", id), .constant("disclosures")]
        case .schools: [.constant("schools")]
        case .newSchool: [.constant("schools"), .constant("new")]
        case .editSchool(let id): [.constant("schools"), .parameter("schoolID", id), .constant("edit")]
        case .district: [.constant("district")]
        case .audit: [.constant("audit")]
        case .teams: [.constant("teams")]
        case .newTeam: [.constant("teams"), .constant("new")]
        case .team(let id): [.constant("teams"), .parameter("teamID", id)]
        case .addTeamRole(let id): [.constant("teams"), .parameter("teamID", id), .constant("roles")]
        case .placeOnTeam(let id): [.constant("teams"), .parameter("teamID", id), .constant("memberships")]
        case .endMembership(let id): [.constant("memberships"), .parameter("membershipID", id), .constant("end")]
        case .rotateMembership(let id): [.constant("memberships"), .parameter("membershipID", id), .constant("rotate")]
        case .stylesheet: [.constant("static"), .constant("pathwork.css")]
        }
    }

    /// The link to this page.
    var path: String {
        "/" + segments.map {
            switch $0 {
            case .constant(let s): s
            case .parameter(_, let id): id.uuidString.lowercased()
            }
        }.joined(separator: "/")
    }

    func path(query: [(String, String)]) -> String {
        let items = query.filter { !$0.1.isEmpty }
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
    }

    /// Strict query encoding: URLComponents leaves `=`, `&`-adjacent and `+` ambiguous.
    static func encode(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/:")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// The route pattern to register; the ids in the case are ignored.
    var pattern: [PathComponent] {
        segments.map {
            switch $0 {
            case .constant(let s): .constant(s)
            case .parameter(let name, _): .parameter(name)
            }
        }
    }
}

extension UUID {
    /// A stand-in id for naming a route pattern, never looked up.
    static let pattern = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}
