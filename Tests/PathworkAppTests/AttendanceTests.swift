import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Attendance at Explore events")
struct AttendanceTests {
    @Test("students check in on the day with the code; staff and the partner mark the roster; placements take no attendance")
    func attendance() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let partner = try await app.send(.POST, "/api/v1/clients", token: coordinator, json: ClientInput(name: "Front Range Cyber Alliance")).json(ClientJSON.self)
            _ = try await app.send(.POST, "/api/v1/clients/\(partner.id)/contacts", token: coordinator, json: ["personId": fixture.a.client.uuidString])
            let shadow = try await app.send(.POST, "/api/v1/opportunities", token: coordinator, json: OpportunityBody(
                partnerId: partner.id, title: "SOC job shadow", kind: "jobShadow", pay: "unpaid", seats: 10, startsOn: "2026-11-06", endsOn: "2026-11-06",
                pathwayCodes: [], publish: true))
            let id = try #require(shadow.object["id"] as? String)
            let student = try await app.token(fixture.a.email("student")), other = try await app.token(fixture.a.email("other"))
            _ = try await app.send(.POST, "/api/v1/opportunities/\(id)/applications", token: other, json: ["answer": "I want to see a SOC."])
            let first = try await app.send(.POST, "/api/v1/opportunities/\(id)/check-in", token: student, json: ["code": "123456"])
            #expect(first.status == .unprocessableEntity, "\(first.text)")
            let code = try #require(try await app.send(.POST, "/api/v1/opportunities/\(id)/check-in-code", token: coordinator).object["code"] as? String)
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(id)/check-in-code", token: student).status == .forbidden)
            let wrong = String(code.reversed()) == code ? "000000" : String(code.reversed())
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(id)/check-in", token: student, json: ["code": wrong == code ? "999999" : wrong]).text.contains("\"field\":\"code\""))
            let browser = try await app.browser(signedInAs: fixture.a.email("student"))
            let page = "/opportunities/\(id)/check-in"
            #expect(try await browser.get("/opportunities/\(id)").text.contains("Check in at the event"))
            #expect(try await browser.submit(page, form: ["code": code], from: page).status == .seeOther)
            #expect(try await browser.get(page).text.contains("You checked in on 2026-11-06."))
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(id)/check-in", token: student, json: ["code": code]).status == .ok)

            let contact = try await app.token(fixture.a.email("client"))
            let marked = try await app.send(.PUT, "/api/v1/opportunities/\(id)/attendance", token: contact, json: ["studentIds": [fixture.a.student, fixture.a.otherStudent]])
            #expect(Set(marked.array.compactMap { $0["studentName"] as? String }) == ["Student A.", "Other A."])
            let stranger = try await app.send(.PUT, "/api/v1/opportunities/\(id)/attendance", token: coordinator, json: ["studentIds": [fixture.a.admin]])
            #expect(stranger.object["code"] as? String == "reference.missing")
            let staff = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let event = "/opportunities/\(id)"
            #expect(try await staff.get(event).text.contains("Check-in code: \(code)"))
            let saved = try await staff.submit("\(event)/attendance", form: [:], from: event, pairs: [("attended[]", fixture.a.otherStudent.uuidString)])
            #expect(saved.location?.contains("1%20attended") == true)
            #expect(try await app.send(.GET, "/api/v1/opportunities/\(id)/attendance", token: coordinator).array.map { $0["studentName"] as? String } == ["Other Alphason"])
            #expect(try await app.send(.GET, "/api/v1/opportunities/\(id)/attendance", token: try await app.token(fixture.a.email("mentor"))).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/opportunities/\(id)/attendance", token: try await app.token(fixture.b.email("coordinator"))).status == .notFound)

            let internship = try await app.send(.POST, "/api/v1/opportunities", token: coordinator, json: OpportunityBody(
                partnerId: partner.id, title: "SOC internship", kind: "internship", pay: "partnerPaid", seats: 2, startsOn: "2026-11-02", endsOn: "2027-01-29",
                pathwayCodes: [], publish: true)).object["id"] as? String
            #expect(try await app.send(.POST, "/api/v1/opportunities/\(try #require(internship))/check-in-code", token: coordinator).object["code"] as? String == "attendance.placement")
        }
    }
}
