import Foundation
import Vapor

/// What a page's parts (`SiteRoute.segments`) make: the link to it and the pattern its route
/// is registered under, so both come from the one place the address is written.
extension SiteRoute {
    enum Segment {
        case constant(String)
        case parameter(String, UUID)
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
