import Foundation

/// JSON kept in a text column: keys in order, so the same value always reads the same and
/// two stored copies compare as text.
enum StoredJSON {
    static func string<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
