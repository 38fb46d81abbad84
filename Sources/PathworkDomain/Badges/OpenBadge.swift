import Crypto

/// An Open Badges 3.0 `OpenBadgeCredential` (1EdTech, on the W3C VC 2.0 data model), built from
/// what the district recorded. The student is named only by salted hashes of their email and
/// name: the credential travels, and a minor's identity should travel only with their say-so.
public struct OpenBadge: Sendable {
    public struct Issuer: Sendable {
        public var id: String, name: String, url: String
        public init(id: String, name: String, url: String) { self.id = id; self.name = name; self.url = url }
    }

    public struct Achievement: Sendable {
        public var id: String, name: String, description: String, criteria: String, achievementType: String
        public init(id: String, name: String, description: String, criteria: String, achievementType: String) {
            self.id = id; self.name = name; self.description = description; self.criteria = criteria; self.achievementType = achievementType
        }
    }

    public struct Evidence: Sendable {
        public var id: String?, name: String, narrative: String
        public init(id: String? = nil, name: String, narrative: String) { self.id = id; self.name = name; self.narrative = narrative }
    }

    public static let contexts: JSONValue = [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]

    public var id: String
    public var issuer: Issuer
    public var achievement: Achievement
    public var recipientEmail: String
    public var recipientName: String
    public var salt: String
    public var validFrom: String
    public var validUntil: String?
    public var evidence: [Evidence]

    public init(id: String, issuer: Issuer, achievement: Achievement, recipientEmail: String, recipientName: String, salt: String,
                validFrom: String, validUntil: String?, evidence: [Evidence]) {
        self.id = id; self.issuer = issuer; self.achievement = achievement; self.recipientEmail = recipientEmail
        self.recipientName = recipientName; self.salt = salt; self.validFrom = validFrom; self.validUntil = validUntil; self.evidence = evidence
    }

    /// "sha256$" + hex SHA-256 of the identity followed by the salt: Open Badges' IdentityHash,
    /// which an employer recomputes from the email the student gives them.
    public static func identityHash(_ identity: String, salt: String) -> String {
        "sha256$" + SHA256.hash(data: Array((identity + salt).utf8)).lowercaseHex
    }

    public var document: [String: JSONValue] {
        var credential: [String: JSONValue] = [
            "@context": Self.contexts,
            "id": .string(id),
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": .string(achievement.name),
            "issuer": ["id": .string(issuer.id), "type": ["Profile"], "name": .string(issuer.name), "url": .string(issuer.url)],
            "validFrom": .string(validFrom),
            "credentialSubject": [
                "type": ["AchievementSubject"],
                "identifier": [
                    ["type": "IdentityObject", "identityType": "emailAddress", "hashed": true,
                     "identityHash": .string(Self.identityHash(recipientEmail.lowercased(), salt: salt)), "salt": .string(salt)],
                    ["type": "IdentityObject", "identityType": "name", "hashed": true,
                     "identityHash": .string(Self.identityHash(recipientName, salt: salt)), "salt": .string(salt)],
                ],
                "achievement": [
                    "id": .string(achievement.id), "type": ["Achievement"], "name": .string(achievement.name),
                    "description": .string(achievement.description), "criteria": ["narrative": .string(achievement.criteria)],
                    "achievementType": .string(achievement.achievementType),
                    "creator": ["id": .string(issuer.id), "type": ["Profile"], "name": .string(issuer.name)],
                ],
            ],
        ]
        if let validUntil { credential["validUntil"] = .string(validUntil) }
        if !evidence.isEmpty {
            credential["evidence"] = .array(evidence.map { item in
                var entry: [String: JSONValue] = ["type": ["Evidence"], "name": .string(item.name), "narrative": .string(item.narrative)]
                if let id = item.id { entry["id"] = .string(id) }
                return .object(entry)
            })
        }
        return credential
    }
}

/// What a verifier is told about an issued credential: revocation wins over expiry, and a
/// credential is expired from its `validUntil` day on.
public enum BadgeStatus: String, Codable, Sendable {
    case valid, expired, revoked

    public static func of(revoked: Bool, validUntil: CalendarDate?, today: CalendarDate) -> BadgeStatus {
        if revoked { return .revoked }
        if let validUntil, today >= validUntil { return .expired }
        return .valid
    }
}
