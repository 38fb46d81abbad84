import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor

@Suite("The change writer: batched commits, failures alone")
struct ChangeWriterTests {
    struct Refused: Error {}

    @Test("forty changes in one transaction, every fifth refused after writing: the others commit once each, audit chain unbroken",
          arguments: [false, true])
    func failuresStayAlone(rerunnable: Bool) async throws {
        try await withPathwork { app, fixture, _ in
            try await Self.fortyChanges(app: app, district: fixture.a.id, rerunnable: rerunnable)
        }
    }

    /// Lines forty changes up for one transaction (the writer paused until all have queued),
    /// every fifth of them failing after it wrote, and checks what committed. `StorageTests`
    /// runs it on a data file, where the writer begins and commits on its own connection.
    static func fortyChanges(app: Application, district: UUID, rerunnable: Bool) async throws {
        let before = try await School.query(on: app.db).count()
        let writer = app.pathwork.writer
        await writer.pause()
        let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        let name = try await AuditLog.change(on: app.db, by: .system("test", districtID: district),
                                                             services: app.pathwork, rerunnable: rerunnable) { db, audit in
                            let school = School(districtID: district, name: "School \(index)", locale: .town)
                            try await school.create(on: db)
                            audit.created("school", id: school.id, ["name": school.name])
                            // Refused after writing: its row and audit row must both go.
                            if index % 5 == 0 { throw Refused() }
                            return school.name
                        }
                        return (index, name == "School \(index)")
                    } catch {
                        return (index, false)
                    }
                }
            }
            while await writer.waiting < 40 { await Task.yield() }
            await writer.resume()
            return await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 40)
        #expect(outcomes.allSatisfy { $0.value == ($0.key % 5 != 0) })
        let names = Set(try await School.query(on: app.db).all().map(\.name))
        #expect(names.count == before + 32)
        #expect(!names.contains("School 0") && !names.contains("School 35") && names.contains("School 36"))
        #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "school").filter(\.$actorID == "system:test").count() == 32)
        #expect(try await AuditLog.verify(on: app.db).firstBreak == nil)
    }
}
