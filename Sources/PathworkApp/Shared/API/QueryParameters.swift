import Foundation
import PathworkDomain
import Vapor

/// A query parameter an API operation takes: documented in the OpenAPI document with its
/// schema, and checked before the handler runs, so an unknown parameter or a malformed value
/// is a 400 naming it instead of a silent default.
struct QueryParameter: Sendable {
    var name: String
    var description: String
    var schema: Schema
    /// Why a value is refused, or nil when it is acceptable.
    var problem: @Sendable (String) -> String?

    static func uuid(_ name: String, _ description: String) -> QueryParameter {
        QueryParameter(name: name, description: description, schema: .string(format: "uuid")) {
            UUID(uuidString: $0) == nil ? "Give an id (a UUID)." : nil
        }
    }

    static func date(_ name: String, _ description: String) -> QueryParameter {
        QueryParameter(name: name, description: description, schema: .string(format: "date")) {
            CalendarDate(iso: $0) == nil ? "Give a date as YYYY-MM-DD." : nil
        }
    }

    static func choice(_ name: String, _ values: [String], _ description: String) -> QueryParameter {
        QueryParameter(name: name, description: description, schema: .enumeration(values)) {
            values.contains($0) ? nil : "Choose one of: \(values.joined(separator: ", "))."
        }
    }

    static func integer(_ name: String, _ range: ClosedRange<Int>, _ description: String) -> QueryParameter {
        QueryParameter(name: name, description: description, schema: .bounded(minimum: range.lowerBound, maximum: range.upperBound)) {
            Int($0).map(range.contains) == true ? nil : "Give a whole number from \(range.lowerBound) to \(range.upperBound)."
        }
    }

    static func text(_ name: String, _ description: String, maxLength: Int = 200) -> QueryParameter {
        QueryParameter(name: name, description: description, schema: .text(minLength: 0, maxLength: maxLength)) {
            $0.count > maxLength ? "Keep it under \(maxLength) characters." : nil
        }
    }

    /// A value matching a pattern the handler reads itself, such as an outcome scope.
    static func matching(_ name: String, pattern: String, _ description: String, valid: @escaping @Sendable (String) -> Bool) -> QueryParameter {
        QueryParameter(name: name, description: description, schema: .pattern(pattern)) {
            valid($0) ? nil : "Not a valid \(name): \(description)."
        }
    }

    /// A page's filter form, where every field arrives and "any" is an empty value: the
    /// non-empty values (a notice aside), checked as the API checks them, a 400 naming the field
    /// otherwise. A checkbox among `checkboxes` sends "on", which reads as "true".
    static func filterForm(_ url: URI, declared: [QueryParameter], checkboxes: Set<String> = []) throws -> [String: String] {
        let items = (URLComponents(string: "?" + (url.query ?? ""))?.queryItems ?? [])
            .filter { !($0.value ?? "").isEmpty && $0.name != "notice" }
            .map { checkboxes.contains($0.name) && $0.value == "on" ? URLQueryItem(name: $0.name, value: "true") : $0 }
        var components = URLComponents()
        components.queryItems = items
        let errors = problems(in: URI(string: "/?" + (components.percentEncodedQuery ?? "")), declared: declared)
        if !errors.isEmpty {
            throw PathworkError(status: .badRequest, code: "query.invalid", reason: errors.map(\.message).joined(separator: " "), fieldErrors: errors)
        }
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    /// Every problem with the request's query string against what the operation declares.
    static func problems(in url: URI, declared: [QueryParameter]) -> [FieldError] {
        guard let query = url.query, !query.isEmpty else { return [] }
        let items = URLComponents(string: "?" + query)?.queryItems ?? []
        var errors: [FieldError] = []
        for item in items {
            guard let parameter = declared.first(where: { $0.name == item.name }) else {
                let known = declared.map(\.name)
                errors.append(FieldError(field: item.name, message: known.isEmpty
                    ? "This operation takes no query parameters."
                    : "Unknown parameter; this operation takes \(known.joined(separator: ", "))."))
                continue
            }
            if let problem = parameter.problem(item.value ?? "") { errors.append(FieldError(field: item.name, message: problem)) }
        }
        return errors
    }
}
