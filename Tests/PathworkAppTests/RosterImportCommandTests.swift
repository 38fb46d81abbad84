import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor
import ZIPFoundation

/// `pathwork import oneroster PATH --district S --dry-run` on a folder and on a zip: it reads the
/// whole set, reports each problem at its file, line and column, fails when the set has errors,
/// and writes nothing.
@Suite("OneRoster import command")
struct RosterImportCommandTests {
    static let files: [String: String] = [
        "manifest.csv": "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.orgs,bulk\nfile.users,bulk\nfile.roles,bulk\n",
        "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nd1,,,North,district,,\ns1,,,North High,school,,d1\n",
        "users.csv": "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
            + "u1,,,true,ava,,Ava,Reyes,,,ava@north.test,,,,09,\nu2,,,True,ben,,Ben,Tran,,,ben@north.test,,,,10,\n",
        "roles.csv": "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n"
            + "r1,,,u1,primary,student,,,s1,\nr2,,,u2,primary,student,,,s1,\n",
    ]

    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    static func zip(_ files: [String: String], inFolder folder: String? = nil, compressed: Bool = true) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString).zip")
        let archive = try Archive(url: url, accessMode: .create)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: (folder.map { "\($0)/" } ?? "") + name, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: compressed ? .deflate : .none) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return url
    }

    func run(_ app: Application, _ arguments: [String]) async throws {
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["pathwork"] + arguments))
        context.application = app
        try await ImportCommand().run(using: &context)
    }

    @Test("a clean set in a folder passes the dry run and writes nothing")
    func cleanFolder() async throws {
        try await withPathwork { app, fixture, _ in
            let people = try await Person.query(on: app.db).count()
            let audit = try await AuditEntry.query(on: app.db).count()
            try await run(app, ["oneroster", try folder(Self.files).path, "--district", fixture.a.slug, "--dry-run"])
            #expect(try await Person.query(on: app.db).count() == people)
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
        }
    }

    @Test("without --dry-run the command applies a clean set; run again, it changes nothing")
    func applies() async throws {
        try await withPathwork { app, fixture, _ in
            let path = try folder(Self.files).path
            try await run(app, ["oneroster", path, "--district", fixture.a.slug])
            #expect(try await Person.query(on: app.db).filter(\.$email == "ava@north.test").count() == 1)
            let audit = try await AuditEntry.query(on: app.db).count()
            try await run(app, ["oneroster", path, "--district", fixture.a.slug])
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
            #expect(try await RosterImport.query(on: app.db).first()?.sha256 == (try RosterApply.sha256(of: path)))
        }
    }

    @Test("a zip with its files in a folder is read from there and says so; an error fails the command with its line")
    func zipWithError() async throws {
        try await withPathwork { app, fixture, _ in
            var files = Self.files
            files["roles.csv"]! += "r3,,,u9,primary,student,,,s1,\n"
            let url = try Self.zip(files, inFolder: "export")
            await #expect(throws: CommandFailure.self) {
                try await run(app, ["oneroster", url.path, "--district", fixture.a.slug, "--dry-run"])
            }
            let check = try RosterCheck.run(try RosterSources.open(url.path))
            let report = RosterReport.text(check) as String
            #expect(report.contains("warning: \(url.lastPathComponent): The files are in the folder export/"))
            #expect(report.contains("error: roles.csv, line 4, column userSourcedId (\"u9\"): Names no record of users.csv in this set."))
            #expect(report.contains("users.csv (bulk): 2 rows"))
            #expect(report.hasSuffix("1 errors, 2 warnings: the set cannot be applied until its errors are fixed."))
        }
    }

    @Test("for an unknown district, or for a path that is no set, the command refuses")
    func refusals() async throws {
        try await withPathwork { app, fixture, _ in
            let path = try folder(Self.files).path
            await #expect(throws: CommandFailure.self) { try await run(app, ["oneroster", path, "--district", "nowhere", "--dry-run"]) }
            await #expect(throws: CommandFailure.self) { try await run(app, ["oneroster", path + ".txt", "--district", fixture.a.slug, "--dry-run"]) }
            await #expect(throws: CommandFailure.self) { try await run(app, ["csv", path, "--district", fixture.a.slug, "--dry-run"]) }
        }
    }
}
