import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

/// `pathwork export oneroster`: a valid 1.2 bulk set of what Pathwork holds, which an import
/// (into another installation) turns into the same district, and which exports again unchanged.
@Suite("OneRoster export")
struct RosterExportTests {
    func run(_ app: Application, _ command: any AsyncCommand, _ arguments: [String]) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["pathwork"] + arguments))
        context.application = app
        try await command.run(using: &context)
    }

    func folder() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)") }

    /// Each file's lines, as a set (the order of rows is not part of a set's meaning).
    func lines(_ folder: URL) throws -> [String: Set<String>] {
        var files: [String: Set<String>] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = Set(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8).components(separatedBy: "\r\n"))
        }
        return files
    }

    /// Who the district's people are, in the words that do not depend on ids.
    func people(_ app: Application, district: UUID) async throws -> Set<String> {
        var described = Set<String>()
        for person in try await Person.query(on: app.db).filter(\.$districtID == district).all() {
            let roles = try await Tenant(districtID: district, db: app.db).roles(of: person.id!).map(\.rawValue).sorted()
            let profile = try await StudentProfile.query(on: app.db).filter(\.$person.$id == person.id!).first()
            let children = try await GuardianLink.query(on: app.db).filter(\.$guardianID == person.id!).count()
            let enrolled = try await Enrollment.query(on: app.db).filter(\.$personID == person.id!).count()
            described.insert([person.givenName, person.familyName, person.email, roles.joined(separator: "+"), profile?.studentNumber ?? "",
                              profile?.birthDate ?? "", profile.map { "\($0.grade)" } ?? "", profile?.raceEthnicity?.rawValue ?? "",
                              profile?.sex?.rawValue ?? "", profile.map { p in StudentFlag.allCases.filter { p[$0] }.map(\.rawValue).joined() } ?? "",
                              "\(children)", "\(enrolled)"].joined(separator: "|"))
        }
        return described
    }

    @Test("an export reads clean, imports into another installation as the same district, and exports again line for line")
    func roundTrip() async throws {
        let first = folder(), second = folder()
        var original = Set<String>()
        try await withPathwork { app, fixture, _ in
            let set = folder()
            try FileManager.default.createDirectory(at: set, withIntermediateDirectories: true)
            for (name, text) in RosterSet().files { try Data(text.utf8).write(to: set.appendingPathComponent(name)) }
            try await run(app, ImportCommand(), ["oneroster", set.path, "--district", fixture.a.slug])
            try await run(app, ExportCommand(), ["oneroster", first.path, "--district", fixture.a.slug])
            let check = try RosterCheck.run(try RosterSources.open(first.path))
            if check.issues.errorCount > 0 { Issue.record("\(RosterReport.text(check) as String)") }
            #expect(check.manifest?.version == .v1_2)
            original = try await people(app, district: fixture.a.id)
        }
        try await withPathwork { app, fixture, _ in
            try await run(app, ImportCommand(), ["oneroster", first.path, "--district", fixture.a.slug])
            #expect(try await people(app, district: fixture.a.id) == original)
            try await run(app, ExportCommand(), ["oneroster", second.path, "--district", fixture.a.slug])
            #expect(try lines(second) == lines(first))
            // Importing its own export changes nothing.
            let audit = try await AuditEntry.query(on: app.db).count()
            try await run(app, ImportCommand(), ["oneroster", second.path, "--district", fixture.a.slug])
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
        }
    }
}
