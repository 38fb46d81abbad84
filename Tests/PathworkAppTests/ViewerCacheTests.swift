import Foundation
@testable import PathworkApp
import Testing
import Vapor

@Suite("Viewers kept in memory between API calls are never staler than the last change")
struct ViewerCacheTests {
    @Test("after a token has been used, a change of roles or name, or disabling, shows on its next call")
    func changesShowAtOnce() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.token(fixture.a.email("admin"))
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            #expect(try await app.send(.GET, "/api/v1/me", token: coordinator).object["roles"] as? [String] == ["coordinator"])
            #expect(app.pathwork.viewers.count == 1)

            let patched = try await app.send(.PATCH, "/api/v1/people/\(fixture.a.coordinator)", token: admin,
                                             json: RolesAndName(roles: ["coordinator", "lead"], givenName: "Corinne"))
            #expect(patched.status == .ok, "\(patched.text)")
            let me = try await app.send(.GET, "/api/v1/me", token: coordinator)
            #expect(me.object["roles"] as? [String] == ["coordinator", "lead"])
            #expect(me.object["givenName"] as? String == "Corinne")

            #expect(try await app.send(.POST, "/api/v1/people/\(fixture.a.coordinator)/disable", token: admin).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me", token: coordinator).status == .unauthorized)
            // The admin's own token still works after the cache was emptied: it is read again.
            #expect(try await app.send(.GET, "/api/v1/me", token: admin).status == .ok)
        }
    }

    @Test("a clock event leaves the kept viewers; any other change empties them")
    func onlyOtherChangesEmpty() async throws {
        try await withPathwork { app, fixture, clock in
            let s = try await TimeSetup.make(app, fixture)
            let admin = try await app.token(fixture.a.email("admin"))
            clock.advance(minutes: 70)  // after school
            app.pathwork.viewers.invalidate()
            #expect(try await app.send(.GET, "/api/v1/me", token: s.student).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me", token: admin).status == .ok)
            #expect(app.pathwork.viewers.count == 2)
            let clockIn = try await app.send(.POST, "/api/v1/clock/in", token: s.student, json: ["activity": "training"])
            #expect(clockIn.status == .created, "\(clockIn.text)")
            #expect(try await app.send(.POST, "/api/v1/clock/out", token: s.student).status == .ok)
            #expect(app.pathwork.viewers.count == 2)
            let school = try await app.send(.POST, "/api/v1/schools", token: admin, json: ["name": "Annex", "locale": "rural"])
            #expect(school.status == .created, "\(school.text)")
            #expect(app.pathwork.viewers.count == 0)
        }
    }

    @Test("a viewer read while a change commits is not kept; a full cache starts again from empty")
    func readsRacingAChange() async throws {
        let cache = ViewerCache(capacity: 2)
        let viewer = Viewer(personID: UUID(), districtID: UUID(), email: "a@b.test", givenName: "A", familyName: "B",
                            roles: [.student], timeZone: "America/Denver", csrfToken: nil)
        let expiry = Date(timeIntervalSince1970: 2_000_000_000)
        let loads = LoadCounter()

        _ = try await cache.viewer(tokenHash: "one") { loads.add(); cache.invalidate(); return (viewer, expiry) }
        #expect(cache.count == 0)
        _ = try await cache.viewer(tokenHash: "one") { loads.add(); return (viewer, expiry) }
        _ = try await cache.viewer(tokenHash: "one") { loads.add(); return (viewer, expiry) }
        #expect(loads.value == 2)
        #expect(cache.count == 1)

        #expect(try await cache.viewer(tokenHash: "nobody") { loads.add(); return nil } == nil)
        #expect(cache.count == 1)
        _ = try await cache.viewer(tokenHash: "two") { (viewer, expiry) }
        _ = try await cache.viewer(tokenHash: "three") { (viewer, expiry) }
        #expect(cache.count == 1)
    }
}

private struct RolesAndName: Encodable {
    let roles: [String]
    let givenName: String
}

private final class LoadCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
