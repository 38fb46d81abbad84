import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Deliverable attachments")
struct AttachmentTests {
    @Test("files are type-checked, stored under the data folder, and reach only those who reach the deliverable")
    func attach() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let plant = try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: "Valley Water")).json(ClientJSON.self)
            _ = try await app.send(.POST, "/api/v1/clients/\(plant.id)/contacts", token: token, json: ["personId": fixture.a.client])
            let team = try await app.send(.POST, "/api/v1/teams", token: token, json: TeamInput(name: "Robotics", discipline: "x")).json(TeamJSON.self)
            let engagement = try await app.send(.POST, "/api/v1/engagements", token: token, json: EngagementInput(
                clientId: plant.id, teamId: team.id, title: "Inspection", startsOn: "2026-11-10", hourlyRateCents: 4500)).json(EngagementJSON.self)
            let deliverable = try await app.send(.POST, "/api/v1/engagements/\(engagement.id)/deliverables", token: token,
                                                 json: DeliverableInput(title: "Report", dueOn: "2026-12-01")).json(DeliverableJSON.self)
            func upload(_ name: String, _ bytes: [UInt8]) async throws -> Reply {
                var (headers, body) = multipartUpload(name, bytes)
                headers.bearerAuthorization = BearerAuthorization(token: token)
                let response = try await app.testing().sendRequest(.POST, "/api/v1/deliverables/\(deliverable.id)/attachments", headers: headers, body: body)
                return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
            }
            let pdf = Array("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF".utf8)
            let stored = try await upload("../Algae report.pdf", pdf)
            #expect(stored.status == .created, "\(stored.text)")
            let attachment = try stored.json(AttachmentJSON.self)
            #expect(attachment.filename == "Algae report.pdf")
            #expect(attachment.contentType == "application/pdf")
            let rejected = try await upload("report.pdf", [0x4D, 0x5A, 0x90, 0x00])
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.object["code"] as? String == "attachment.rejected")
            #expect(try await upload("run.exe", [0x4D, 0x5A]).status == .unprocessableEntity)
            var empty = HTTPHeaders()
            empty.bearerAuthorization = BearerAuthorization(token: token)
            empty.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=b0undary")
            let noParts = try await app.testing().sendRequest(.POST, "/api/v1/deliverables/\(deliverable.id)/attachments",
                                                              headers: empty, body: ByteBuffer(string: "--b0undary--\r\n"))
            #expect(noParts.status == .unprocessableEntity && String(buffer: noParts.body).contains(#""field":"file""#))
            #expect(try await DeliverableAttachment.query(on: app.db).count() == 1)

            let client = try await app.browser(signedInAs: fixture.a.email("client"))
            #expect(try await client.get("/attachments/\(attachment.id)").status == .notFound)  // still planned
            _ = try await app.send(.POST, "/api/v1/deliverables/\(deliverable.id)/submit", token: token)
            let download = try await client.get("/attachments/\(attachment.id)")
            #expect(download.status == .ok)
            #expect(download.text == String(decoding: pdf, as: UTF8.self))
            #expect(download.headers.first(name: .contentDisposition) == "attachment; filename=\"Algae report.pdf\"")
            #expect(try await client.get("/engagements/\(engagement.id)").text.contains("Algae report.pdf"))
            let beta = try await app.token(fixture.b.email("admin"))
            #expect(try await app.send(.GET, "/api/v1/attachments/\(attachment.id)", token: beta).status == .notFound)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/attachments/\(attachment.id)", token: mentor).status == .forbidden)

            // The page form: a multipart body with its anti-forgery token.
            let staff = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let csrf = try await staff.csrfToken(on: "/engagements/\(engagement.id)")
            var (headers, body) = multipartUpload("data.csv", Array("depth,species\n3,Cladophora\n".utf8), csrf: csrf)
            headers.add(name: .cookie, value: staff.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let page = try await app.testing().sendRequest(.POST, "/deliverables/\(deliverable.id)/attachments", headers: headers, body: body)
            #expect(page.status == .seeOther)
            #expect(try await DeliverableAttachment.query(on: app.db).count() == 2)
        }
    }
}
