import Foundation
import Plot
import Vapor

struct FieldError: Codable, Sendable, Equatable {
    let field: String
    let message: String
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

    static func invalid(_ errors: [FieldError]) -> PathworkError {
        PathworkError(status: .unprocessableEntity, code: "validation",
                      reason: errors.map(\.message).joined(separator: " "), fieldErrors: errors)
    }

    static func conflict(_ code: String, _ reason: String, field: String? = nil) -> PathworkError {
        PathworkError(status: .conflict, code: code, reason: reason,
                      fieldErrors: field.map { [FieldError(field: $0, message: reason)] } ?? [])
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
        case let error as any AbortError:
            status = error.status; detail = error.reason; headers = error.headers
        case let error as DecodingError:
            status = .badRequest
            detail = "The request body could not be read: \(Self.describe(error))"
        default:
            break
        }
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

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let prefix = path(context)
            return "the field \(prefix.isEmpty ? key.stringValue : prefix + "." + key.stringValue) is required."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "the field \(path(context)) has the wrong type."
        case .dataCorrupted(let context):
            let at = path(context)
            return at.isEmpty ? "it is not valid JSON." : "the field \(at) is not valid: \(context.debugDescription)."
        @unknown default:
            return "it is not valid."
        }
    }
}
