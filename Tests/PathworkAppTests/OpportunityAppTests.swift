import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Opportunities and applications")
struct OpportunityAppTests {
    /// Skyline with the fixture's client contact as one of its people.
    func skyline(_ app: Application, _ fixture: Fixture, token: String) async throws -> ClientJSON {
        let partner = try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: "Skyline Drone Works")).json(ClientJSON.self)
        _ = try await app.send(.POST, "/api/v1/clients/\(partner.id)/contacts", token: token, json: ["personId": fixture.a.client.uuidString])
        return partner
    }

    func internship(_ extra: [String: Any] = [:]) -> [String: Any] {
        ["title": "Drone repair internship", "kind": "internship", "pay": "districtPaid", "minimumAge": 16, "seats": 7,
         "startsOn": "2027-02-01", "endsOn": "2027-05-28", "applyBy": "2027-01-15", "pathwayCodes": ["DT.6"]].merging(extra) { $1 }
    }

    func post(_ app: Application, _ path: String, token: String, _ body: [String: Any]) async throws -> Reply {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        headers.contentType = .json
        let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
        return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    @Test("a partner proposes, the coordinator publishes; a student sees why they cannot apply, another applies once, withdraws and applies again")
    func proposeAndApply() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            _ = try await skyline(app, fixture, token: coordinator)
            let contact = try await app.token(fixture.a.email("client"))
            let launch = try await post(app, "/api/v1/opportunities", token: contact, internship(["stage": "launch", "pay": "unpaid"]))
            #expect(launch.status == .unprocessableEntity && launch.text.contains(#""field":"pay""#))
            let proposed = try await post(app, "/api/v1/opportunities", token: contact, internship(["publish": true]))
            #expect(proposed.status == .created && proposed.object["status"] as? String == "proposed")
            let id = try #require(proposed.object["id"] as? String)
            let young = try await app.token(fixture.a.email("student")), older = try await app.token(fixture.a.email("other"))
            #expect(try await app.send(.GET, "/api/v1/me/opportunities", token: older).array.isEmpty)
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(id)/publish", token: contact).status == .forbidden)
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(id)/publish", token: coordinator).object["status"] as? String == "published")

            let seen = try #require(try await app.send(.GET, "/api/v1/me/opportunities", token: young).array.first)
            #expect(seen["eligible"] as? Bool == false && seen["reasons"] as? [String] == ["You must be 16 or older."])
            #expect(try await app.send(.GET, "/api/v1/me/opportunities?eligible=true", token: young).array.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/me/opportunities?pathway=DT.6&eligible=true", token: older).array.count == 1)
            let refused = try await app.send(.POST, "/api/v1/opportunities/\(id)/applications", token: young, json: ["answer": "I fly drones every weekend."])
            #expect(refused.status == .unprocessableEntity && refused.object["code"] as? String == "opportunity.ineligible")

            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await app.send(.POST, "/api/v1/opportunities/\(id)/applications", token: older, json: ["answer": "I repair my own quadcopter."]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1 && statuses.filter { $0 == .conflict }.count == 7)
            let applications = try await app.send(.GET, "/api/v1/opportunities/\(id)/applications", token: coordinator).array
            #expect(applications.count == 1)
            let application = try #require(applications.first?["id"] as? String)
            // The student who applied reads their own application; one who did not reads none.
            let own = try await app.send(.GET, "/api/v1/opportunities/\(id)/applications", token: older).array
            #expect(own.count == 1 && own.first?["id"] as? String == application)
            #expect(try await app.send(.GET, "/api/v1/opportunities/\(id)/applications", token: young).array.isEmpty)
            #expect(try await app.send(.POST, "/api/v1/opportunity-applications/\(application)/withdraw", token: young).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/opportunity-applications/\(application)/withdraw", token: older).object["status"] as? String == "withdrawn")
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(id)/applications", token: older, json: ["answer": "Still keen."]).status == .created)
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(id)/close", token: coordinator).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me/opportunities", token: older).array.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/opportunities?stage=nowhere", token: coordinator).status == .badRequest)

            let beta = try await app.token(fixture.b.email("coordinator"))
            #expect(try await app.send(.GET, "/api/v1/opportunities/\(id)", token: beta).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(id)/publish", token: beta).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/opportunities", token: try await app.token(fixture.a.email("mentor"))).array.isEmpty)
        }
    }

    @Test("the pages: a coordinator adds and publishes with errors beside the fields; a student on the list sees reasons and applies from the page")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let partner = try await skyline(app, fixture, token: token)
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let form: [String: String] = ["partnerId": partner.id.uuidString, "title": "Spring job shadow", "kind": "jobShadow", "pay": "unpaid",
                                          "minimumGrade": "11", "startsOn": "2027-03-02", "endsOn": "2027-03-01", "publish": "on"]
            let bad = try await coordinator.submit("/opportunities/new", form: form, from: "/opportunities/new")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("ends on or after the day it starts"))
            var good = form
            good["endsOn"] = "2027-03-02"
            let made = try await coordinator.submit("/opportunities/new", form: good, from: "/opportunities/new")
            let page = try #require(made.location?.components(separatedBy: "?").first)
            #expect(try await coordinator.get(page).text.contains("Students grade 11 and up"))

            let young = try await app.browser(signedInAs: fixture.a.email("student"))
            let list = try await young.get("/opportunities")
            #expect(list.text.contains("Spring job shadow") && list.text.contains("It is for grade 11 and up."))
            #expect(!(try await young.get("/opportunities?pathway=&stage=&eligible=on").text.contains("Spring job shadow")))
            let older = try await app.browser(signedInAs: fixture.a.email("other"))
            let empty = try await older.submit(page + "/apply", form: ["answer": ""], from: page)
            #expect(empty.status == .unprocessableEntity)
            #expect(try await older.submit(page + "/apply", form: ["answer": "I want to see an engineering firm."], from: page).status == .seeOther)
            #expect(try await older.get("/opportunities").text.contains("You applied"))
            #expect(try await coordinator.get(page).text.contains("I want to see an engineering firm."))
        }
    }
}
