/// What a new password must be. Length over composition rules, and a refusal of the passwords
/// attackers try first, as NIST SP 800-63B (section 5.1.1.2) recommends.
public enum PasswordPolicy {
    public static let minimumLength = 8
    /// bcrypt reads only the first 72 bytes; a longer password would silently lose its tail.
    public static let maximumBytes = 72

    public enum Problem: Equatable, Sendable {
        case tooShort, tooLong, tooCommon, sameAsEmail

        /// Whether the problem is beyond what a length bound on the text can say.
        public var isRule: Bool { self != .tooShort }

        public var message: String {
            switch self {
            case .tooShort: "Use at least \(PasswordPolicy.minimumLength) characters."
            case .tooLong: "Use at most \(PasswordPolicy.maximumBytes) bytes."
            case .tooCommon: "This password is one of the most common ones; choose another."
            case .sameAsEmail: "Do not use your email address as the password."
            }
        }
    }

    public static func check(_ password: String, email: String? = nil) -> Problem? {
        // Code points, as the API's document counts minLength.
        if password.unicodeScalars.count < minimumLength { return .tooShort }
        if password.utf8.count > maximumBytes { return .tooLong }
        let lowered = password.lowercased()
        if CommonPasswords.list.contains(lowered) { return .tooCommon }
        if Set(lowered).count == 1 { return .tooCommon }
        if let email {
            let lowerEmail = email.lowercased()
            let local = lowerEmail.split(separator: "@").first.map(String.init) ?? lowerEmail
            if lowered == lowerEmail || lowered == local { return .sameAsEmail }
        }
        return nil
    }
}
