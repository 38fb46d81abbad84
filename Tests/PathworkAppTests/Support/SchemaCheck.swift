import Foundation
import PathworkDomain

/// Checks a JSON answer against a schema of Pathwork's OpenAPI document, as a client
/// generated from the document would read it: types, required and undeclared properties,
/// enumerations, formats and bounds. Written for the subset of JSON Schema the document uses
/// (`Schema` in the app), with `$ref` resolved against its components.
struct SchemaCheck {
    let components: [String: Any]

    init(document: [String: Any]) {
        components = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
    }

    /// Every way `value` departs from `schema`, each naming where (`items[3].status`).
    func problems(_ value: JSONValue, against schema: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String {
            guard let target = components[String(ref.split(separator: "/").last ?? "")] as? [String: Any] else { return ["\(path): unknown \(ref)"] }
            return problems(value, against: target, at: path)
        }
        if let options = schema["anyOf"] as? [[String: Any]] {
            return options.contains { problems(value, against: $0, at: path).isEmpty } ? [] : ["\(path): matches none of anyOf"]
        }
        switch schema["type"] as? String {
        case "null":
            return value == .null ? [] : ["\(path): expected null"]
        case "boolean":
            if case .bool = value { return [] }
            return ["\(path): expected a boolean"]
        case "integer":
            guard case .integer(let number) = value else { return ["\(path): expected an integer"] }
            var found: [String] = []
            if let minimum = schema["minimum"] as? Int, number < minimum { found.append("\(path): below \(minimum)") }
            if let maximum = schema["maximum"] as? Int, number > maximum { found.append("\(path): above \(maximum)") }
            return found
        case "string":
            guard case .string(let text) = value else { return ["\(path): expected a string"] }
            var found: [String] = []
            if let allowed = schema["enum"] as? [String], !allowed.contains(text) { found.append("\(path): \(text) is not one of \(allowed)") }
            if let minLength = schema["minLength"] as? Int, text.count < minLength { found.append("\(path): shorter than \(minLength)") }
            if let maxLength = schema["maxLength"] as? Int, text.count > maxLength { found.append("\(path): longer than \(maxLength)") }
            switch schema["format"] as? String {
            case "uuid": if UUID(uuidString: text) == nil { found.append("\(path): \(text) is not a uuid") }
            case "date": if text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil { found.append("\(path): \(text) is not a date") }
            case "date-time": if ISO8601DateFormatter().date(from: text) == nil { found.append("\(path): \(text) is not a date-time") }
            default: break
            }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                found.append("\(path): \(text) does not match \(pattern)")
            }
            return found
        case "array":
            guard case .array(let items) = value else { return ["\(path): expected an array"] }
            let itemSchema = schema["items"] as? [String: Any] ?? [:]
            return items.enumerated().flatMap { problems($1, against: itemSchema, at: "\(path)[\($0)]") }
        case "object":
            guard case .object(let object) = value else { return ["\(path): expected an object"] }
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            var found = (schema["required"] as? [String] ?? []).filter { object[$0] == nil }.map { "\(path).\($0): required but missing" }
            for (key, item) in object {
                guard let property = properties[key] else {
                    if !properties.isEmpty { found.append("\(path).\(key): not in the schema") }
                    continue
                }
                found += problems(item, against: property, at: "\(path).\(key)")
            }
            return found
        default:
            return []
        }
    }
}
