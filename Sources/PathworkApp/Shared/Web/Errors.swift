import FluentKit
import Foundation
import Plot
import Vapor

struct FieldError: Codable, Sendable, Equatable {
    let field: String
    let message: String
    var kind = Kind.value

    /// What is wrong, which decides the answer's status when a request has several problems:
    /// the most basic one wins, so a client fixes the shape of its request first.
    enum Kind: Int, Comparable, Sendable {
        /// A value the OpenAPI document itself refuses (type, range, length, pattern, choice): 422 `validation`.
        case value
        /// A rule across fields or dates the document cannot state (an end before its start),
        /// listed in the operation's `x-pathwork-rules`: 422 `validation.rule`.
        case rule
        /// An id naming no record of this district (or none of the kind the field wants): 422
        /// `reference.missing` — not 404, which would say the address itself names nothing.
        case reference
        /// A clash with a record that exists (a name or number taken, seats already filled): 409.
        case conflict

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    private enum CodingKeys: String, CodingKey { case field, message }

    init(field: String, message: String, kind: Kind = .value) {
        self.field = field
        self.message = message
        self.kind = kind
    }

    static func duplicate(field: String, message: String) -> FieldError { FieldError(field: field, message: message, kind: .conflict) }
    static func rule(field: String, message: String) -> FieldError { FieldError(field: field, message: message, kind: .rule) }
    static func reference(field: String, message: String) -> FieldError { FieldError(field: field, message: message, kind: .reference) }
}

/// Pathwork's own errors: an HTTP status, a stable dotted `code` clients can branch on, and
/// per-field messages. Rendered as RFC 9457 problem details for the API and as a page or an
/// inline form error for people.
struct PathworkError: AbortError, Sendable {
    var status: HTTPResponseStatus
    var code: String?
    var reason: String
    var fieldErrors: [FieldError] = []
    var headers: HTTPHeaders = [:]

    /// The answer to a request with these problems; its status and code follow the most basic
    /// kind among them (see `FieldError.Kind`), and every problem is listed.
    static func invalid(_ errors: [FieldError]) -> PathworkError {
        let (status, code): (HTTPResponseStatus, String) = switch errors.map(\.kind).min() ?? .value {
        case .value: (.unprocessableEntity, "validation")
        case .rule: (.unprocessableEntity, "validation.rule")
        case .reference: (.unprocessableEntity, "reference.missing")
        case .conflict: (.conflict, "conflict.duplicate")
        }
        return PathworkError(status: status, code: code, reason: errors.map(\.message).joined(separator: " "), fieldErrors: errors)
    }

    static func conflict(_ code: String, _ reason: String, field: String? = nil) -> PathworkError {
        PathworkError(status: .conflict, code: code, reason: reason,
                      fieldErrors: field.map { [FieldError(field: $0, message: reason, kind: .conflict)] } ?? [])
    }
}

/// RFC 9457 problem details.
struct Problem: Content {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String?
    var errors: [FieldError]?
}

/// Turns every error into a problem document under /api and a friendly page elsewhere, and
/// never leaks internal error text for a 500.
struct ErrorRenderingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return render(error, for: request)
        }
    }

    func render(_ error: any Error, for request: Request) -> Response {
        var status = HTTPResponseStatus.internalServerError
        var detail = "Something went wrong on our side. The problem has been logged."
        var headers = HTTPHeaders()
        var code: String?
        var fieldErrors: [FieldError] = []
        switch error {
        case let error as PathworkError:
            status = error.status; detail = error.reason; headers = error.headers
            code = error.code; fieldErrors = error.fieldErrors
        // Before AbortError: Vapor makes DecodingError one, as a 400 with the decoder's words.
        case let error as DecodingError:
            let field = Self.field(error)
            status = .unprocessableEntity
            code = "validation"
            fieldErrors = [field]
            detail = "\(field.field): \(field.message)"
        case let error as any AbortError:
            status = error.status; detail = error.reason; headers = error.headers
        case let error as any DatabaseError where error.isConstraintFailure:
            // The database's own guard (a unique index) caught what a check before it did not:
            // two requests at once. The loser is told of the clash, not of a server fault.
            status = .conflict
            code = "conflict"
            detail = "This clashes with a record that was just saved; reload and try again."
        default:
            break
        }
        // Every 4xx has a stable code, even when Vapor or Fluent raised it without one.
        if code == nil, status.code >= 400, status.code < 500 { code = Self.code(for: status) }
        if status == .internalServerError {
            request.logger.report(error: error)
        }
        if request.url.path.hasPrefix("/api/") {
            if status == .unauthorized { headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            let problem = Problem(type: code.map { "urn:pathwork:problem:\($0)" } ?? "about:blank",
                                  title: status.reasonPhrase, status: Int(status.code), detail: detail,
                                  code: code, errors: fieldErrors.isEmpty ? nil : fieldErrors)
            let body = (try? JSONEncoder().encode(problem)) ?? Data()
            headers.replaceOrAdd(name: .contentType, value: "application/problem+json")
            return Response(status: status, headers: headers, body: .init(data: body))
        }
        let viewer = request.auth.get(Viewer.self)
        let page = Layout.page(Self.title(for: status), viewer: viewer, status: status,
                               .p(.text(detail)),
                               .p(.a(.href(SiteRoute.home.path), .text("Back to your home page"))))
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: page.html))
    }

    static func title(for status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: "Not found"
        case .forbidden: "Not allowed"
        case .tooManyRequests: "Too many attempts"
        case .unauthorized: "Please sign in"
        case .internalServerError: "Something went wrong"
        default: status.reasonPhrase
        }
    }

    static func code(for status: HTTPResponseStatus) -> String {
        switch status {
        case .badRequest: "request.invalid"
        case .unauthorized: "auth.required"
        case .forbidden: "auth.forbidden"
        case .notFound: "not-found"
        case .methodNotAllowed: "http.method"
        case .conflict: "conflict"
        case .payloadTooLarge: "request.too-large"
        case .unsupportedMediaType: "request.media-type"
        case .unprocessableEntity: "validation"
        case .tooManyRequests: "throttled"
        default: "http.\(status.code)"
        }
    }

    /// The field a body could not be read at, as the API names fields (`student.flags[1]`), and
    /// what was wrong with it in words a person can act on.
    static func field(_ error: DecodingError) -> FieldError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { path, key in
                if let index = key.intValue { return path + "[\(index)]" }
                return path.isEmpty ? key.stringValue : path + "." + key.stringValue
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return FieldError(field: path(context.codingPath + [key]), message: "Required.")
        case .valueNotFound(_, let context):
            return FieldError(field: path(context.codingPath).isEmpty ? "body" : path(context.codingPath), message: "Required; null is not allowed here.")
        case .typeMismatch(let type, let context):
            let at = path(context.codingPath)
            return FieldError(field: at.isEmpty ? "body" : at, message: "Expected \(expected(type)).")
        case .dataCorrupted(let context):
            let at = path(context.codingPath)
            if at.isEmpty { return FieldError(field: "body", message: "The body is not valid JSON or form data.") }
            let said = context.debugDescription
            if said.contains("UUID") { return FieldError(field: at, message: "Give an id (a UUID).") }
            if said.contains("date") || said.contains("Date") { return FieldError(field: at, message: "Give an instant as ISO 8601 with an offset, e.g. 2026-11-03T15:00:00-07:00.") }
            return FieldError(field: at, message: said)
        @unknown default:
            return FieldError(field: "body", message: "The body could not be read.")
        }
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int64.Type, is Int32.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: String(describing: type).hasPrefix("Array") ? "a list" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "\(type)")
        }
    }
}
