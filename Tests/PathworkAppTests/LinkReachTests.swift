import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// A page shows a person only links they may follow: each role's pages are crawled from its
/// home, and every link answers without 403 or 404.
@Suite("Links each role is shown")
struct LinkReachTests {
    static func links(in html: String) -> [String] {
        let pattern = #/href="(/[^"#]*)"/#
        return html.matches(of: pattern).map { String($0.output.1).replacingOccurrences(of: "&amp;", with: "&") }
    }

    @Test("students, mentors, client contacts and leads: every link on the pages they reach opens for them", arguments: ["student", "other", "mentor", "client", "coordinator"])
    func crawl(who: String) async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            _ = try await s.entry(app, token: s.coordinator, student: fixture.a.student, "2026-11-03", from: (15, 0), to: (16, 0))
            let browser = try await app.browser(signedInAs: fixture.a.email(who))
            var queue = ["/"], seen: Set<String> = ["/"], refused: [String] = []
            while let path = queue.first, seen.count < 150 {
                queue.removeFirst()
                let reply = try await browser.get(path)
                if reply.status == .forbidden || reply.status == .notFound { refused.append("\(path) → \(reply.status.code)"); continue }
                guard reply.headers.contentType?.subType == "html" else { continue }
                // Not followed: signing out ends the crawl, and downloads are not pages.
                for link in Self.links(in: reply.text) where !seen.contains(link) && !link.hasPrefix("/sign-out") && !link.hasPrefix("/static") {
                    seen.insert(link)
                    queue.append(link)
                }
            }
            #expect(refused.isEmpty, "\(who) is shown links it cannot open: \(refused)")
            #expect(seen.count > 3)
        }
    }
}
