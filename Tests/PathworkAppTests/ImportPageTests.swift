import Fluent
import Foundation
@testable import PathworkApp
import Testing
import Vapor
import VaporTesting

/// The admin's import page: upload a OneRoster zip, read the check's report; nothing written.
@Suite("Import page")
struct ImportPageTests {
    /// Posts the file as the page's form does: to the form's address, which carries the token.
    func upload(_ app: Application, _ browser: Browser, filename: String, _ bytes: Data) async throws -> (status: HTTPResponseStatus, text: String) {
        let page = try await browser.get("/district/import").text
        let action = try #require(page.firstMatch(of: #/action="(/district/import\?_csrf=[^"]+)"/#)?.1)
        let upload = multipartUpload(field: "set", filename, Array(bytes))
        var headers = upload.0
        headers.add(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let reply = try await app.testing().sendRequest(.POST, String(action), headers: headers, body: upload.1)
        return (reply.status, reply.body.string)
    }

    @Test("an admin uploads a set and reads its report; a fixed set reads clean; the district is unchanged")
    func report() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let page = try await admin.get("/district/import")
            #expect(page.status == .ok)
            #expect(page.text.contains("enctype=\"multipart/form-data\""))
            #expect(try await admin.get("/district").text.contains("/district/import"))
            let people = try await Person.query(on: app.db).count()

            var files = RosterImportCommandTests.files
            files["roles.csv"]! += "r3,,,u9,primary,student,,,s1,\n"
            let broken = try await upload(app, admin, filename: "export.zip", Data(contentsOf: try RosterImportCommandTests.zip(files)))
            #expect(broken.status == .ok)
            #expect(broken.text.contains("<td>roles.csv</td><td>4</td><td>userSourcedId</td><td><code>u9</code></td>"), "\(broken.text)")
            #expect(broken.text.contains("1 errors, 1 warnings: the set cannot be applied until its errors are fixed."))
            #expect(broken.text.contains("<td>users.csv</td><td>bulk</td><td>2</td>"))

            let fixed = try await upload(app, admin, filename: "export.zip",
                                         Data(contentsOf: try RosterImportCommandTests.zip(RosterImportCommandTests.files)))
            #expect(fixed.text.contains("0 errors, 1 warnings: the set can be applied."))
            #expect(try await Person.query(on: app.db).count() == people)
        }
    }

    @Test("a clean set previews what it would add, is applied from the preview, and is listed with its report; a coordinator cannot apply")
    func apply() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let preview = try await upload(app, admin, filename: "north.zip", Data(contentsOf: try RosterImportCommandTests.zip(RosterSet().files)))
            #expect(preview.text.contains("What applying it would do"))
            #expect(preview.text.contains("<td>users.csv</td><td>7</td><td>0</td><td>0</td><td>0</td><td>1</td>"), "\(preview.text)")
            #expect(preview.text.contains("Pathwork serves grades 6 through 12; this student is left out."))
            #expect(try await person("ava.reyes@north.test", app) == nil)
            let token = try #require(preview.text.firstMatch(of: #/name="upload" value="([^"]+)"/#)?.1)

            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let forbidden = try await coordinator.submit("/district/import/apply", form: ["upload": String(token)], from: "/people")
            #expect(forbidden.status == .forbidden)

            let applied = try await admin.submit("/district/import/apply", form: ["upload": String(token), "fileName": "north.zip"], from: "/district/import")
            #expect(applied.status == .seeOther)
            let location = try #require(applied.headers.first(name: .location))
            let record = try await admin.get(location)
            #expect(record.text.contains("What it did") && record.text.contains("north.zip"))
            #expect(try await person("ava.reyes@north.test", app) != nil)
            #expect(try await admin.get("/district/import").text.contains(location))
            #expect(try await admin.get("/people?q=reyes").text.contains("Ava"))
            // The upload is gone once applied.
            let again = try await admin.submit("/district/import/apply", form: ["upload": String(token)], from: "/district/import")
            #expect(again.text.contains("That upload is gone"))
            // Another district's admin cannot read this import.
            let other = try await app.browser(signedInAs: fixture.b.email("admin"))
            #expect(try await other.get(location).status == .notFound)
        }
    }

    @Test("the staff role mapping is saved once and used by the next import; a role that is not a staff role is refused")
    func roleMapping() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            #expect(try await admin.get("/district/import").text.contains("Staff roles"))
            let refused = try await admin.submit("/district/import/roles", form: ["teacher": "student"], from: "/district/import")
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Choose one of the listed roles, or leave teacher out."))
            let saved = try await admin.submit("/district/import/roles", form: ["teacher": "coordinator", "counselor": ""], from: "/district/import")
            #expect(saved.status == .seeOther)
            let mapping = try await Tenant(districtID: fixture.a.id, db: app.db).rosterRoleMapping()
            #expect(mapping["teacher"] == .coordinator && mapping["counselor"] == nil && mapping["principal"] == .coordinator)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == RosterRoleMapping.schema).count() > 0)

            let preview = try await upload(app, admin, filename: "north.zip", Data(contentsOf: try RosterImportCommandTests.zip(RosterSet().files)))
            let token = try #require(preview.text.firstMatch(of: #/name="upload" value="([^"]+)"/#)?.1)
            #expect(preview.text.contains("The district&#39;s role mapping leaves counselor out.") || preview.text.contains("role mapping leaves counselor out"))
            _ = try await admin.submit("/district/import/apply", form: ["upload": String(token)], from: "/district/import")
            let tamsin = try #require(try await person("tam.lee@north.test", app))
            #expect(try await Tenant(districtID: fixture.a.id, db: app.db).roles(of: tamsin.id!) == [.coordinator])
            #expect(try await person("ida.cole@north.test", app) == nil)
            // The imported person's page says what the next import sets.
            let page = try await admin.get("/people/\(tamsin.id!.uuidString.lowercased())")
            #expect(page.text.contains("From the student information system") && page.text.contains("t1u"))
        }
    }

    func person(_ email: String, _ app: Application) async throws -> Person? {
        try await Person.query(on: app.db).filter(\.$email == email).first()
    }

    @Test("a set larger than a form's body limit streams to disk and is checked")
    func large() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            var files = RosterImportCommandTests.files
            // 16 MB in a file the check reads past, stored without compression: more than any form may send.
            files["results.csv"] = "sourcedId\n" + String(repeating: "r-0000000000000000000000000000000\n", count: 500_000)
            let zip = try RosterImportCommandTests.zip(files, compressed: false)
            let bytes = try Data(contentsOf: zip)
            #expect(bytes.count > 16_000_000)
            let reply = try await upload(app, admin, filename: "big-export.zip", bytes)
            #expect(reply.status == .ok)
            #expect(reply.text.contains("0 errors, 2 warnings: the set can be applied."), "\(reply.text.suffix(2000))")
            #expect(reply.text.contains("Pathwork does not use this file"))
        }
    }

    @Test("what is not a zip is refused with the field named; only admins reach the page")
    func refusals() async throws {
        try await withPathwork { app, fixture, _ in
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            let csv = try await upload(app, admin, filename: "users.csv", Data("sourcedId\n".utf8))
            #expect(csv.status == .unprocessableEntity)
            #expect(csv.text.contains("Upload the set as a .zip"))
            let junk = try await upload(app, admin, filename: "export.zip", Data("not a zip".utf8))
            #expect(junk.status == .unprocessableEntity)
            #expect(junk.text.contains("export.zip is not a zip file that can be read."))
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await coordinator.get("/district/import").status == .forbidden)
            // A token that is not the session's, in the address or the body, is refused before anything is read.
            var headers = multipartUpload(field: "set", "export.zip", [1, 2, 3]).0
            headers.add(name: .cookie, value: admin.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let forged = try await app.testing().sendRequest(.POST, "/district/import?_csrf=forged", headers: headers,
                                                             body: multipartUpload(field: "set", "export.zip", [1, 2, 3]).1)
            #expect(forged.status == .forbidden)
        }
    }
}
