import Foundation
import PathworkDomain
import Plot
import Vapor

/// The admin's view of the district's credential-signing keys, with rotation: after a suspected
/// leak, rotate, and new credentials carry the new key while old ones still verify.
enum SigningKeysPage {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.signingKeys.pattern) { req async throws -> Page in
            try req.viewer.require(.manageSigningKeys)
            return try await page(req)
        }
        pages.post(SiteRoute.signingKeys.pattern) { req async throws -> Response in
            try req.viewer.require(.manageSigningKeys)
            try await CredentialAPI.rotate(req)
            return req.redirect(to: SiteRoute.signingKeys.path(query: [("notice", "A new signing key is in use; credentials signed before still verify.")]))
        }
    }

    static func page(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let keys = try await CredentialAPI.keys(req)
        return Layout.page("Credential signing keys", viewer: viewer, current: .district, notice: try? req.query.get(String.self, at: "notice"),
            .p(.text("Pathwork signs each credential it issues with the district's Ed25519 key, so anyone can check it against the keys published at "),
               .a(.href("/.well-known/jwks.json"), .text("/.well-known/jwks.json")),
               .text(". The first key is made when the first credential is issued.")),
            .if(keys.isEmpty, .p(.text("No key yet."))),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Key")), .th(.text("Public key")), .th(.text("Made")), .th(.text("State")))),
                .tbody(.forEach(keys) { key in
                    .tr(.td(.code(.text(key.id.uuidString.lowercased().prefix(8) + "…"))), .td(.code(.text(key.publicKeyMultibase))),
                        .td(.text(TimeFormat.dateTime(key.createdAt, zone: viewer.timeZone))),
                        .td(.text(key.retiredAt.map { "retired \(TimeFormat.dateTime($0, zone: viewer.timeZone)); still verifies" } ?? "signs new credentials")))
                }))),
            .form(.method(.post), .action(SiteRoute.signingKeys.path), Layout.csrfField(viewer.csrfToken),
                  .button(.type(.submit), .class("secondary"), .text("Rotate the signing key"))))
    }
}
