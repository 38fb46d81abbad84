import Foundation

/// What every form and input reader does to text: trim it, and treat blank as absent. The API
/// documents the same reading (`Schema.words`), so both count white space and length alike: JSON
/// Schema's `\s` as schemathesis's Python reads it (which includes \x1c–\x1f), and lengths in
/// code points.
extension String {
    static let blank = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{1C}\u{1D}\u{1E}\u{1F}"))

    var trimmed: String { trimmingCharacters(in: Self.blank) }
    var nonEmpty: String? { trimmed.isEmpty ? nil : trimmed }
    /// The length JSON Schema's `minLength` and `maxLength` count: code points.
    var schemaLength: Int { unicodeScalars.count }
    /// Text a person wrote, no longer than `maxLength` as sent: what `Schema.words(maxLength:)` documents.
    func isWords(maxLength: Int) -> Bool { nonEmpty != nil && schemaLength <= maxLength }
    /// Every character drawn from `allowed`, between `length` characters: what a pattern such as
    /// `^[A-Z0-9-]{1,20}$` documents.
    func consists(of allowed: CharacterSet, length: ClosedRange<Int>) -> Bool {
        length.contains(schemaLength) && unicodeScalars.allSatisfy(allowed.contains)
    }
}
