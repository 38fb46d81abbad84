import Fluent
import PathworkDomain
import Plot
import Vapor

/// Sections later features add to a page of an earlier one (a student's teams on their
/// profile, a team's mentors on its page), so the earlier feature need not know the later ones.
final class PageSections<Subject: Sendable>: @unchecked Sendable {
    typealias Section = @Sendable (Request, Subject) async throws -> Node<HTML.BodyContext>
    private let lock = NSLock()
    private var sections: [Section] = []

    func add(_ section: @escaping Section) { lock.withLock { sections.append(section) } }
    var all: [Section] { lock.withLock { sections } }

    func render(_ req: Request, _ subject: Subject) async throws -> Node<HTML.BodyContext> {
        var nodes: [Node<HTML.BodyContext>] = []
        for section in all { nodes.append(try await section(req, subject)) }
        return .group(nodes)
    }
}
