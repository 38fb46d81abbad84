import Crypto
import Foundation
import PathworkDomain
import Testing

/// The W3C's eddsa-jcs-2022 test vector (vc-di-eddsa, TestVectors/eddsa-jcs-2022): an alumni
/// credential, its canonical form, the proof options' canonical form and the combined hash.
@Suite struct DataIntegrityVectorTests {
    static let document: [String: JSONValue] = [
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": "https://vc.example/issuers/5678",
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": ["id": "did:example:abcdefgh", "alumniOf": "The School of Examples"],
    ]
    static let options: [String: JSONValue] = [
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "created": "2023-02-24T23:36:38Z",
        "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "proofPurpose": "assertionMethod",
    ]

    @Test func canonicalFormsMatchTheVector() {
        #expect(JSONValue.object(Self.document).canonical == #"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"credentialSubject":{"alumniOf":"The School of Examples","id":"did:example:abcdefgh"},"description":"A minimum viable example of an Alumni Credential.","id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33","issuer":"https://vc.example/issuers/5678","name":"Alumni Credential","type":["VerifiableCredential","AlumniCredential"],"validFrom":"2023-01-01T00:00:00Z"}"#)
        #expect(JSONValue.object(Self.options).canonical == #"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"created":"2023-02-24T23:36:38Z","cryptosuite":"eddsa-jcs-2022","proofPurpose":"assertionMethod","type":"DataIntegrityProof","verificationMethod":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}"#)
        #expect(DataIntegrityProof.hashData(document: Self.document, proofOptions: Self.options).lowercaseHex
            == "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19")
    }

    @Test func theVectorsKeyPairEncodesAsTheVectorSays() throws {
        // privateKeyMultibase: multicodec 0x8026 (ed25519-priv) then the 32-byte seed.
        let privateBytes = try #require(Multibase.decodeBase58btc("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"))
        #expect(Array(privateBytes.prefix(2)) == [0x80, 0x26])
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateBytes.dropFirst(2))
        #expect(Multibase.ed25519PublicKey(Array(key.publicKey.rawRepresentation)) == "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
        #expect(Multibase.decodeEd25519PublicKey("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2") == Array(key.publicKey.rawRepresentation))
    }
}

@Suite struct CanonicalJSONTests {
    @Test func membersSortByUTF16CodeUnitsAsRFC8785Says() {
        // RFC 8785 section 3.2.3's example: 😀 (a surrogate pair, D83D…) sorts before U+FB33.
        let value: JSONValue = ["\u{20AC}": "Euro Sign", "\r": "Carriage Return", "\u{FB33}": "Hebrew Letter Dalet With Dagesh",
                                "1": "One", "\u{1F600}": "Emoji: Grinning Face", "\u{80}": "Control", "\u{F6}": "Latin Small Letter O With Diaeresis"]
        #expect(value.canonical == "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\",\"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}")
    }

    @Test func stringsEscapeOnlyWhatJSONRequires() {
        let value: JSONValue = ["text": "quote \" back \\ tab \t nl \n bell \u{07} slash / é", "n": -42, "ok": true, "none": .null, "list": []]
        #expect(value.canonical == #"{"list":[],"n":-42,"none":null,"ok":true,"text":"quote \" back \\ tab \t nl \n bell \u0007 slash / é"}"#)
    }

    @Test func decodedJSONCanonicalizesTheSameWhateverItsOrder() throws {
        let a = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"b": [1, {"y": 2, "x": false}], "a": "z"}"#.utf8))
        let b = try JSONDecoder().decode(JSONValue.self, from: Data(#"{"a":"z","b":[1,{"x":false,"y":2}]}"#.utf8))
        #expect(a == b)
        #expect(a.canonical == #"{"a":"z","b":[1,{"x":false,"y":2}]}"#)
    }
}

@Suite struct MultibaseTests {
    @Test(arguments: [[UInt8](), [0], [0, 0, 1], [255, 254, 253], Array(0..<64)])
    func base58RoundTrips(_ bytes: [UInt8]) {
        #expect(Multibase.decodeBase58btc(Multibase.base58btc(bytes)) == bytes)
    }

    @Test func knownEncodings() {
        #expect(Multibase.base58btc(Array("Hello World!".utf8)) == "z2NEpo7TZRRrLZSi2U")
        #expect(Multibase.base58btc([0, 0, 0x28, 0x7f, 0xb4, 0xcd]) == "z11233QC4")
        #expect(Multibase.decodeBase58btc("x123") == nil)
        #expect(Multibase.decodeBase58btc("z0OIl") == nil)
    }
}

@Suite struct OpenBadgeTests {
    static func badge() -> OpenBadge {
        OpenBadge(id: "https://pathwork.example/credentials/1", issuer: .init(id: "https://pathwork.example/issuers/demo", name: "Demo District", url: "https://pathwork.example"),
                  achievement: .init(id: "https://pathwork.example/achievements/2", name: "FAA Part 107 Remote Pilot", description: "Remote pilot certificate",
                                     criteria: "Passed the FAA knowledge test.", achievementType: "License"),
                  recipientEmail: "Jordan@Demo.test", recipientName: "Jordan Whitfield", salt: "c2FsdA", validFrom: "2026-11-05T00:00:00Z",
                  validUntil: "2028-11-05T00:00:00Z", evidence: [.init(name: "Certificate", narrative: "Certificate 4471123")])
    }

    @Test func signedBadgeVerifiesAndAnyChangeBreaksIt() throws {
        let key = Curve25519.Signing.PrivateKey()
        let signed = try DataIntegrityProof.sign(Self.badge().document, verificationMethod: "https://pathwork.example/issuers/demo#key-1",
                                                 created: "2026-11-05T16:00:00Z", key: key)
        try DataIntegrityProof.verify(.object(signed), publicKey: key.publicKey)
        #expect(DataIntegrityProof.verificationMethod(of: .object(signed)) == "https://pathwork.example/issuers/demo#key-1")

        var tampered = signed
        tampered["validUntil"] = "2099-01-01T00:00:00Z"
        #expect(throws: DataIntegrityProof.Failure.badSignature) { try DataIntegrityProof.verify(.object(tampered), publicKey: key.publicKey) }
        var otherProof = signed
        if case .object(var proof) = signed["proof"]! { proof["created"] = "2027-01-01T00:00:00Z"; otherProof["proof"] = .object(proof) }
        #expect(throws: DataIntegrityProof.Failure.badSignature) { try DataIntegrityProof.verify(.object(otherProof), publicKey: key.publicKey) }
        #expect(throws: DataIntegrityProof.Failure.badSignature) {
            try DataIntegrityProof.verify(.object(signed), publicKey: Curve25519.Signing.PrivateKey().publicKey)
        }
        var unsigned = signed
        unsigned["proof"] = nil
        #expect(throws: DataIntegrityProof.Failure.missingProof) { try DataIntegrityProof.verify(.object(unsigned), publicKey: key.publicKey) }
    }

    @Test func theRecipientIsNamedOnlyBySaltedHashes() {
        let document = JSONValue.object(Self.badge().document)
        #expect(!document.canonical.contains("Jordan"))
        #expect(!document.canonical.lowercased().contains("demo.test"))
        // An employer given the email recomputes the hash; the email's case does not matter.
        #expect(document.canonical.contains(OpenBadge.identityHash("jordan@demo.test", salt: "c2FsdA")))
        #expect(OpenBadge.identityHash("a@b.test", salt: "s") == "sha256$" + SHA256.hash(data: Array("a@b.tests".utf8)).lowercaseHex)
        #expect(document["type"] == ["VerifiableCredential", "OpenBadgeCredential"])
        #expect(document["credentialSubject"]?["achievement"]?["achievementType"] == "License")
    }

    @Test func statusRevocationWinsThenExpiry() {
        let day = CalendarDate(iso: "2026-11-23")!
        #expect(BadgeStatus.of(revoked: false, validUntil: nil, today: day) == .valid)
        #expect(BadgeStatus.of(revoked: false, validUntil: CalendarDate(iso: "2026-11-24"), today: day) == .valid)
        #expect(BadgeStatus.of(revoked: false, validUntil: day, today: day) == .expired)
        #expect(BadgeStatus.of(revoked: true, validUntil: CalendarDate(iso: "2020-01-01"), today: day) == .revoked)
    }
}
