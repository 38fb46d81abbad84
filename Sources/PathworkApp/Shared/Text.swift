import Foundation

/// What every form and input reader does to text: trim it, and treat blank as absent.
extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
    var nonEmpty: String? { trimmed.isEmpty ? nil : trimmed }
}
