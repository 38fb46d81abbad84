import Foundation
@testable import PathworkApp
import Testing
import Vapor
import VaporTesting

/// The admin's import page: upload a OneRoster zip, read the check's report; nothing written.
@Suite("Import page")
struct ImportPageTests {
    func upload(_ app: Application, _ browser: Browser, filename: String, _ bytes: Data) async throws -> (status: HTTPResponseStatus, text: String) {
        let csrf = try await browser.csrfToken(on: "/district/import")
        let upload = multipartUpload(field: "set", filename, Array(bytes), csrf: csrf)
        var headers = upload.0
        let body = upload.1
        headers.add(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let reply = try await app.testing().sendRequest(.POST, "/district/import", headers: headers, body: body)
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
        }
    }
}
