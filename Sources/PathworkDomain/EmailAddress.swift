import Foundation

/// Email addresses are compared case-insensitively and stored lowercased, so one person
/// cannot end up with two accounts that differ only in capitals.
public enum EmailAddress {
    public static func normalize(_ raw: String) -> String? {
        let email = raw.trimmingWhitespace.lowercased()
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty,
              parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," })
        else { return nil }
        return email
    }
}
