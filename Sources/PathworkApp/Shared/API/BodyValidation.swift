import Foundation
import PathworkDomain
import Vapor

/// A JSON request body as sent, numbers with fractions included, so what the document refuses
/// can be named before any handler decodes the body into its own types.
indirect enum RequestJSON: Codable, Equatable {
    case null, bool(Bool), integer(Int), number(Double), string(String), array([RequestJSON]), object([String: RequestJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([RequestJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: RequestJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// Checks a request body against the schema its operation documents, so the OpenAPI document is
/// what the server enforces: a body the document refuses is a 422 naming each field at fault,
/// and a body it accepts reaches the handler. Handlers then check only what the document cannot
/// say (records that must exist, rules across fields), with the kinds `FieldError` names.
struct BodyValidation {
    let components: [String: Schema]

    func problems(_ value: RequestJSON, against schema: Schema, at path: String) -> [FieldError] {
        let field = path.isEmpty ? "body" : path
        func refuse(_ message: String) -> [FieldError] { [FieldError(field: field, message: message)] }
        switch (schema, value) {
        case (.ref(let name), _):
            guard let target = components[name] else { return [] }
            return problems(value, against: target, at: path)
        case (.nullable(let inner), _):
            return value == .null ? [] : problems(value, against: inner, at: path)
        case (.null, .null), (.boolean, .bool):
            return []
        case (.null, _):
            return refuse("Must be null.")
        case (.boolean, _):
            return refuse("Expected true or false.")
        case (.integer, .integer):
            return []
        case (.bounded(let minimum, let maximum), .integer(let number)):
            return (minimum...maximum).contains(number) ? [] : refuse("Expected a whole number from \(minimum) to \(maximum).")
        case (.integerChoice(let values), .integer(let number)):
            return values.contains(number) ? [] : refuse("Choose one of: \(values.map(String.init).joined(separator: ", ")).")
        case (.integer, _), (.bounded, _), (.integerChoice, _):
            return refuse("Expected a whole number.")
        case (.string(let format, _), .string(let text)):
            return formatProblem(text, format: format).map(refuse) ?? []
        case (.enumeration(let values), .string(let text)):
            return values.contains(text) ? [] : refuse("Choose one of: \(values.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ", ")).")
        case (.text(let minLength, let maxLength), .string(let text)):
            return (minLength...maxLength).contains(text.schemaLength) ? [] : refuse("Use \(minLength) to \(maxLength) characters.")
        case (.words(let maxLength), .string(let text)):
            return text.isWords(maxLength: maxLength) ? [] : refuse("Write something, up to \(maxLength) characters.")
        case (.pattern(let pattern), .string(let text)):
            return text.range(of: pattern, options: .regularExpression) != nil ? [] : refuse("Does not have the expected form (\(pattern)).")
        case (.string, _), (.enumeration, _), (.text, _), (.words, _), (.pattern, _):
            return refuse("Expected text.")
        case (.array(let items), .array(let values)):
            return values.enumerated().flatMap { problems($1, against: items, at: "\(path)[\($0)]") }
        case (.list(let items, let minItems, let maxItems), .array(let values)):
            guard (minItems...maxItems).contains(values.count) else { return refuse("Give \(minItems) to \(maxItems) items.") }
            return values.enumerated().flatMap { problems($1, against: items, at: "\(path)[\($0)]") }
        case (.array, _), (.list, _):
            return refuse("Expected a list.")
        case (.object(let properties, let required), .object(let fields)):
            // In the order the document lists the fields, as a form would show them.
            var found: [FieldError] = []
            for (name, schema) in properties {
                if let field = fields[name] { found += problems(field, against: schema, at: join(path, name)) }
                else if required.contains(name) { found.append(FieldError(field: join(path, name), message: "Required.")) }
            }
            let listed = Set(properties.map(\.0))
            return found + required.filter { !listed.contains($0) && fields[$0] == nil }.map { FieldError(field: join(path, $0), message: "Required.") }
        case (.dictionary(let values), .object(let fields)):
            return fields.sorted { $0.key < $1.key }.flatMap { problems($1, against: values, at: join(path, $0)) }
        case (.object, _), (.dictionary, _):
            return refuse("Expected an object.")
        }
    }

    private func join(_ path: String, _ name: String) -> String { path.isEmpty ? name : path + "." + name }

    /// Formats the server reads itself; date-time, email and uri are left to the handler's decoder.
    private func formatProblem(_ text: String, format: String?) -> String? {
        switch format {
        case "uuid": UUID(uuidString: text) == nil ? "Give an id (a UUID)." : nil
        case "date": CalendarDate(iso: text) == nil ? "Give a date as YYYY-MM-DD." : nil
        default: nil
        }
    }
}

extension APIOperation {
    /// The body's top-level fields, when it is a JSON object.
    private func declaredFields(components: [String: Schema]) -> Set<String>? {
        var schema = body
        if case .ref(let name)? = schema { schema = components[name] }
        guard consumes == "application/json", case .object(let properties, _)? = schema else { return nil }
        return Set(properties.map(\.0))
    }

    /// A body is required when its schema requires a property; otherwise it may be left out.
    var bodyRequired: Bool {
        if case .object(_, let required)? = body { return !required.isEmpty }
        return body != nil
    }

    /// A JSON body against the document, read once: the 422 when the document refuses it, and,
    /// when it carries fields the schema does not declare, the body without them for `input`.
    func checkBody(_ request: Request, components: [String: Schema]) -> CheckedBody {
        guard let body, consumes == "application/json" else { return CheckedBody() }
        guard let data = request.body.data, data.readableBytes > 0 else {
            return CheckedBody(refusal: bodyRequired ? PathworkError.invalid([FieldError(field: "body", message: "Send a JSON body.")]) : nil)
        }
        guard let value = try? JSONDecoder().decode(RequestJSON.self, from: Data(buffer: data)) else {
            return CheckedBody(refusal: PathworkError.invalid([FieldError(field: "body", message: "The body is not valid JSON.")]))
        }
        let problems = BodyValidation(components: components).problems(value, against: body, at: "")
        guard problems.isEmpty else {
            var refusal = PathworkError.invalid(problems)
            // The schema's words are generic; the detail names each field so it reads on its own.
            refusal.reason = problems.map { "\($0.field): \($0.message)" }.joined(separator: " ")
            return CheckedBody(refusal: refusal)
        }
        guard let declared = declaredFields(components: components), case .object(let fields) = value,
              fields.keys.contains(where: { !declared.contains($0) }),
              let kept = try? JSONEncoder().encode(fields.filter { declared.contains($0.key) }) else { return CheckedBody() }
        return CheckedBody(declaredOnly: ByteBuffer(data: kept))
    }
}

/// What `endpoint` learned of a request's body before the handler runs (see `checkBody`).
struct CheckedBody: Sendable {
    /// The 422 for a body the document refuses, thrown where the handler first reads the body,
    /// so a caller without the right answers 403 (or 404) before 422, as without a body at all.
    var refusal: PathworkError?
    /// The body without the fields its schema does not declare, when it had any: `input` decodes
    /// only declared fields, so a field the document lets clients add cannot trip a handler's
    /// input type that happens to share its name.
    var declaredOnly: ByteBuffer?
}

extension Request {
    private struct CheckedBodyKey: StorageKey { typealias Value = CheckedBody }

    /// Set by `endpoint` before the handler runs.
    var checkedBody: CheckedBody? {
        get { storage[CheckedBodyKey.self] }
        set { storage[CheckedBodyKey.self] = newValue }
    }

    private var refusedBody: PathworkError? { checkedBody?.refusal }

    /// The body decoded as `type`, once it has passed the operation's schema.
    func input<T: Decodable>(_ type: T.Type) throws -> T {
        if let refusedBody { throw refusedBody }
        // A body the document lets the client leave out reads as an empty object.
        if body.data?.readableBytes ?? 0 == 0, headers.contentType == nil { return try JSONDecoder().decode(type, from: Data("{}".utf8)) }
        if let declaredOnly = checkedBody?.declaredOnly {
            return try ContentConfiguration.global.requireDecoder(for: .json).decode(type, from: declaredOnly, headers: headers)
        }
        return try content.decode(type)
    }

    /// One field of the body, once it has passed the operation's schema.
    func input<T: Decodable>(_ type: T.Type, at key: String) throws -> T {
        if let refusedBody { throw refusedBody }
        return try content.get(type, at: key)
    }

    /// One optional field of the body (nil when absent), once the body has passed the schema.
    func field<T: Decodable>(_ type: T.Type, at key: String) throws -> T? {
        if let refusedBody { throw refusedBody }
        return try? content.get(type, at: key)
    }
}
