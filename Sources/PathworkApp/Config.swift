import Foundation

/// Everything Pathwork can be told at start-up, read once from the environment. Every field
/// has a default; a value that is present but wrong stops start-up with a message naming it.
public struct Config: Sendable {
    public enum Storage: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String)

        public var engineName: String {
            if case .postgres = self { return "postgres" }
            return "sqlite"
        }
    }

    public var storage: Storage
    public var dataDirectory: String
    public var hostname = "127.0.0.1"
    public var port = 8080
    /// Where people reach this server, e.g. https://pathwork.example.org. Signed credentials
    /// carry links under it (issuer, verify page), so it must outlive any one deployment's
    /// address; unset, links use http://<hostname>:<port> of the running server.
    public var publicURL: String?
    /// A session ends after this long without a request…
    public var sessionIdleSeconds = 30 * 60
    /// …and after this long in any case, so a stolen cookie does not live forever.
    public var sessionAbsoluteSeconds = 12 * 60 * 60
    public var apiTokenLifetimeSeconds = 24 * 60 * 60
    /// Cookies carry `Secure` when this is true, or when a request arrived over HTTPS
    /// (directly or as reported by a proxy in `X-Forwarded-Proto`).
    public var alwaysSecureCookies = false
    /// bcrypt cost: 12 takes about a quarter second here, the point of a slow hash.
    public var passwordHashCost = 12
    public var signInFailuresPerAccount = 5
    public var signInFailuresPerAddress = 20
    public var signInWindowSeconds = 15 * 60

    public struct Invalid: Error, CustomStringConvertible {
        public let name: String
        public let value: String
        public let expected: String
        public var description: String { "configuration: \(name)=\"\(value)\" is not valid; expected \(expected)" }
    }

    public init(storage: Storage, dataDirectory: String) {
        self.storage = storage
        self.dataDirectory = dataDirectory
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Config {
        let data = env["PATHWORK_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        var config = Config(storage: .sqliteFile(path: data + "/pathwork.sqlite"), dataDirectory: data)
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), URL(string: url)?.host != nil else {
                throw Invalid(name: "DATABASE_URL", value: url, expected: "a postgres:// URL, or unset for SQLite")
            }
            config.storage = .postgres(url: url)
        }
        func int(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let raw = env[name], !raw.isEmpty else { return nil }
            guard let value = Int(raw), range.contains(value) else {
                throw Invalid(name: name, value: raw, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
        config.port = try int("PORT", 1...65535) ?? config.port
        config.sessionIdleSeconds = try int("PATHWORK_SESSION_IDLE_MINUTES", 1...24 * 60).map { $0 * 60 } ?? config.sessionIdleSeconds
        config.sessionAbsoluteSeconds = try int("PATHWORK_SESSION_MAX_HOURS", 1...24 * 14).map { $0 * 3600 } ?? config.sessionAbsoluteSeconds
        config.apiTokenLifetimeSeconds = try int("PATHWORK_TOKEN_HOURS", 1...24 * 90).map { $0 * 3600 } ?? config.apiTokenLifetimeSeconds
        config.passwordHashCost = try int("PATHWORK_PASSWORD_COST", 4...31) ?? config.passwordHashCost
        config.signInFailuresPerAccount = try int("PATHWORK_SIGNIN_FAILURES_PER_ACCOUNT", 1...1000) ?? config.signInFailuresPerAccount
        config.signInFailuresPerAddress = try int("PATHWORK_SIGNIN_FAILURES_PER_ADDRESS", 1...10000) ?? config.signInFailuresPerAddress
        if let raw = env["PATHWORK_PUBLIC_URL"], !raw.isEmpty {
            let trimmed = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            guard let url = URL(string: trimmed), ["http", "https"].contains(url.scheme ?? ""), url.host != nil, url.query == nil else {
                throw Invalid(name: "PATHWORK_PUBLIC_URL", value: raw, expected: "an http:// or https:// address such as https://pathwork.example.org")
            }
            config.publicURL = trimmed
        }
        if let raw = env["PATHWORK_SECURE_COOKIES"], !raw.isEmpty {
            switch raw.lowercased() {
            case "1", "true", "yes": config.alwaysSecureCookies = true
            case "0", "false", "no": config.alwaysSecureCookies = false
            default: throw Invalid(name: "PATHWORK_SECURE_COOKIES", value: raw, expected: "true or false")
            }
        }
        return config
    }

    /// An in-memory database, a cheap hash and loose throttles: what every test starts from.
    public static func testing(storage: Storage = .sqliteMemory) -> Config {
        var config = Config(storage: storage, dataDirectory: NSTemporaryDirectory())
        config.passwordHashCost = 4
        return config
    }
}
