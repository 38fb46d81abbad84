import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Partners")
struct PartnerTests {
    struct Interaction: Encodable {
        var kind = "meeting"
        var happenedOn = "2026-11-04"
        var summary = "Planned the spring drone internship"
        var nextStep: String?
        var nextStepOwnerId: String?
        var nextStepDueOn: String?
    }

    func partner(_ app: Application, _ token: String, _ name: String = "Skyline Drone Works") async throws -> ClientJSON {
        try await app.send(.POST, "/api/v1/clients", token: token, json: ClientInput(name: name, sector: "Aerospace")).json(ClientJSON.self)
    }

    /// Skyline, with a call whose next step, "Call back", the coordinator owns.
    func partnerWithNextStep(_ app: Application, _ fixture: Fixture) async throws -> (token: String, partner: ClientJSON, interaction: String) {
        let token = try await app.token(fixture.a.email("coordinator"))
        let skyline = try await partner(app, token)
        let logged = try await app.send(.POST, "/api/v1/partners/\(skyline.id)/interactions", token: token, json: Interaction(
            nextStep: "Call back", nextStepOwnerId: fixture.a.coordinator.uuidString, nextStepDueOn: "2026-11-10"))
        return (token, skyline, try #require(logged.object["id"] as? String))
    }

    func fields(_ reply: Reply) -> Set<String> {
        Set((reply.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
    }

    @Test("a partner is found by name, sector, pathway and what it does; its details are edited; a bad filter is named")
    func findAndEdit() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let skyline = try await partner(app, token)
            _ = try await partner(app, token, "Valley Water")
            let edited = try await app.send(.PATCH, "/api/v1/partners/\(skyline.id)", token: token,
                                            json: PartnerInput(website: "skyline.example", description: "Hosts drone interns"))
            #expect(edited.status == .unprocessableEntity && fields(edited) == ["website"])
            let saved = try await app.send(.PATCH, "/api/v1/partners/\(skyline.id)", token: token,
                                           json: PartnerInput(website: "https://skyline.example", description: "Hosts drone interns"))
            #expect(saved.object["website"] as? String == "https://skyline.example")
            let taken = try await app.send(.PATCH, "/api/v1/partners/\(skyline.id)", token: token, json: PartnerInput(name: "Valley Water"))
            #expect(taken.status == .conflict && fields(taken) == ["name"])

            #expect(try await app.send(.POST, "/api/v1/career-pathway-links", token: token,
                                       json: ["pathwayCode": "TR.4", "partnerId": skyline.id.uuidString]).status == .created)
            #expect(try await app.send(.GET, "/api/v1/partners?pathway=TR.4", token: token).array.map { ($0["partner"] as? [String: Any])?["name"] as? String } == ["Skyline Drone Works"])
            #expect(try await app.send(.GET, "/api/v1/partners?q=valley", token: token).array.count == 1)
            #expect(try await app.send(.GET, "/api/v1/partners?sector=aerospace", token: token).array.count == 2)
            #expect(try await app.send(.GET, "/api/v1/partners?kind=mentors", token: token).array.isEmpty)
            let bad = try await app.send(.GET, "/api/v1/partners?kind=sponsor&colour=red", token: token)
            #expect(bad.status == .badRequest && fields(bad) == ["kind", "colour"])

            // A mentor joins the organization with a job title: it is now a source of mentors.
            let linked = try await app.send(.POST, "/api/v1/clients/\(skyline.id)/contacts", token: token,
                                            json: ["personId": fixture.a.mentor.uuidString, "title": "Chief pilot"])
            #expect(linked.status == .ok)
            let mentors = try await app.send(.GET, "/api/v1/partners?kind=mentors", token: token).array
            #expect(mentors.count == 1 && (mentors.first?["kinds"] as? [String]) == ["mentors"])
            let detail = try await app.send(.GET, "/api/v1/partners/\(skyline.id)", token: token)
            let contact = try #require((detail.object["contacts"] as? [[String: Any]])?.first)
            #expect(contact["title"] as? String == "Chief pilot" && contact["roles"] as? [String] == ["mentor"])
            #expect(try await app.send(.POST, "/api/v1/clients/\(skyline.id)/contacts", token: token,
                                       json: ["personId": fixture.a.student.uuidString]).object["code"] as? String == "reference.missing")
            let removed = try await app.send(.DELETE, "/api/v1/partners/\(skyline.id)/contacts/\(contact["id"] as! String)", token: token)
            #expect(removed.status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/partners?kind=mentors", token: token).array.isEmpty)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "clientContact").count() == 2)
        }
    }

    @Test("an interaction's next step needs an owner from the staff and a date; it shows on the owner's home until done")
    func interactionsAndNextSteps() async throws {
        try await withPathwork { app, fixture, _ in
            let token = try await app.token(fixture.a.email("coordinator"))
            let skyline = try await partner(app, token)
            let path = "/api/v1/partners/\(skyline.id)/interactions"
            let future = try await app.send(.POST, path, token: token, json: Interaction(happenedOn: "2026-12-01"))
            #expect(future.status == .unprocessableEntity && fields(future) == ["happenedOn"])
            #expect(fields(try await app.send(.POST, path, token: token, json: Interaction(summary: " "))) == ["summary"])
            let ownerless = try await app.send(.POST, path, token: token, json: Interaction(nextStep: "Send the agreement"))
            #expect(fields(ownerless) == ["nextStepOwnerId", "nextStepDueOn"])
            let outsider = try await app.send(.POST, path, token: token, json: Interaction(
                nextStep: "Send the agreement", nextStepOwnerId: fixture.a.mentor.uuidString, nextStepDueOn: "2026-11-03"))
            #expect(outsider.object["code"] as? String == "reference.missing" && fields(outsider) == ["nextStepOwnerId"])
            let stray = try await app.send(.POST, path, token: token, json: Interaction(nextStepDueOn: "2026-11-03"))
            #expect(fields(stray) == ["nextStep"])
            let logged = try await app.send(.POST, path, token: token, json: Interaction(
                nextStep: "Send the agreement", nextStepOwnerId: fixture.a.coordinator.uuidString, nextStepDueOn: "2026-11-03"))
            #expect(logged.status == .created && logged.object["nextStepState"] as? String == "overdue")
            let id = try #require(logged.object["id"] as? String)
            #expect(try await app.send(.GET, "/api/v1/next-steps", token: token).array.count == 1)
            let summary = try await app.send(.GET, "/api/v1/partners", token: token).array.first
            #expect(summary?["lastContactOn"] as? String == "2026-11-04" && summary?["openNextSteps"] as? Int == 1)

            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let home = try await coordinator.get("/")
            #expect(home.text.contains("Waiting for you") && home.text.contains("Send the agreement") && home.text.contains("Overdue"))
            let done = try await coordinator.submit("/partner-interactions/\(id)/done", form: ["back": "home"], from: "/")
            #expect(done.status == .seeOther && done.location?.hasPrefix("/?") == true)
            #expect(!(try await coordinator.get("/").text.contains("Send the agreement")))
            #expect(try await app.send(.GET, "/api/v1/next-steps", token: token).array.isEmpty)
            let reopened = try await app.send(.POST, "/api/v1/partner-interactions/\(id)/reopen", token: token)
            #expect(reopened.object["nextStepState"] as? String == "overdue")
            let plain = try await app.send(.POST, path, token: token, json: Interaction(kind: "call"))
            #expect(try await app.send(.POST, "/api/v1/partner-interactions/\(plain.object["id"] as! String)/done", token: token).status == .conflict)
        }
    }

    @Test("marking a next step done many times at once changes it once")
    func doneAtOnce() async throws {
        try await withPathwork { app, fixture, _ in
            let (token, _, id) = try await partnerWithNextStep(app, fixture)
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<12 { group.addTask { try await app.send(.POST, "/api/v1/partner-interactions/\(id)/done", token: token).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .ok })
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "partnerInteraction").filter(\.$action == "update").count() == 1)
        }
    }

    @Test("partners are the coordinator's: another district, a client contact and a mentor reach none of them")
    func reach() async throws {
        try await withPathwork { app, fixture, _ in
            let (_, skyline, id) = try await partnerWithNextStep(app, fixture)
            let beta = try await app.token(fixture.b.email("coordinator"))
            #expect(try await app.send(.GET, "/api/v1/partners/\(skyline.id)", token: beta).status == .notFound)
            #expect(try await app.send(.PATCH, "/api/v1/partners/\(skyline.id)", token: beta, json: PartnerInput(name: "Taken")).status == .notFound)
            #expect(try await app.send(.POST, "/api/v1/partner-interactions/\(id)/done", token: beta).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/partners", token: beta).array.isEmpty)
            for who in ["client", "mentor", "student"] {
                let outsider = try await app.token(fixture.a.email(who))
                #expect(try await app.send(.GET, "/api/v1/partners", token: outsider).status == .forbidden)
                #expect(try await app.send(.POST, "/api/v1/partner-interactions/\(id)/done", token: outsider).status == .forbidden)
            }
            let pages = try await app.browser(signedInAs: fixture.b.email("coordinator"))
            #expect(try await pages.get("/partners/\(skyline.id)").status == .notFound)
            #expect(!(try await pages.get("/partners").text.contains("Skyline")))
        }
    }

    @Test("the partner pages: filter, edit with errors beside fields, people, pathways and the log; old client links redirect")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let added = try await coordinator.submit("/partners", form: ["name": "Skyline Drone Works", "sector": "Aerospace"], from: "/partners")
            let page = try #require(added.location?.components(separatedBy: "?").first)
            #expect(try await coordinator.get("/partners?kind=nonsense").status == .badRequest)
            #expect(try await coordinator.get("/partners?q=sky&sector=&pathway=&kind=").text.contains("1 partner"))
            let bad = try await coordinator.submit(page + "/edit", form: ["name": "Skyline Drone Works", "website": "skyline"], from: page + "/edit")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("starting with https://"))
            #expect(try await coordinator.submit(page + "/edit", form: ["name": "Skyline Drone Works", "website": "https://skyline.example",
                                                                         "description": "Drone repair and flight school"],
                                                 from: page + "/edit").status == .seeOther)
            #expect(try await coordinator.submit(page + "/contacts", form: ["personId": fixture.a.supervisor.uuidString, "title": "Shop lead"],
                                                 from: page).status == .seeOther)
            #expect(try await coordinator.submit(page + "/pathways", form: ["pathwayCode": "TR.4"], from: page).status == .seeOther)
            let empty = try await coordinator.submit(page + "/interactions", form: ["kind": "visit", "happenedOn": "2026-11-05", "summary": ""], from: page)
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Say what was discussed"))
            #expect(try await coordinator.submit(page + "/interactions", form: [
                "kind": "visit", "happenedOn": "2026-11-05", "summary": "Toured the repair shop", "nextStep": "Draft the agreement",
                "nextStepOwnerId": fixture.a.coordinator.uuidString, "nextStepDueOn": "2026-11-07"], from: page).status == .seeOther)
            let shown = try await coordinator.get(page)
            for text in ["Drone repair and flight school", "Shop lead", "Worksite supervisor", "Toured the repair shop", "Draft the agreement", "Due this week"] {
                #expect(shown.text.contains(text), "partner page lacks \(text)")
            }
            #expect(try await coordinator.get("/partners?kind=hosts").text.contains("Skyline Drone Works"))
            #expect(try await coordinator.get("/").text.contains("Draft the agreement"))
            let old = try await coordinator.get(page.replacingOccurrences(of: "/partners/", with: "/clients/"))
            #expect(old.status == .movedPermanently && old.location == page)
        }
    }

    @Test("mentors and supervisors who typed their organization join it when partners arrive, made once")
    func joinTypedOrganizations() async throws {
        try await withPathwork { app, fixture, _ in
            for id in [fixture.a.mentor, fixture.a.supervisor] {
                let person = try #require(try await Person.find(id, on: app.db))
                person.organization = " Skyline Drone Works "
                try await person.save(on: app.db)
            }
            try await CreatePartnerships.joinOrganizations(on: app.db)
            try await CreatePartnerships.joinOrganizations(on: app.db)
            let partners = try await Client.query(on: app.db).filter(\.$districtID == fixture.a.id).all()
            #expect(partners.map(\.name) == ["Skyline Drone Works"])
            #expect(try await ClientContactLink.query(on: app.db).filter(\.$client.$id == partners[0].requireID()).count() == 2)
            #expect(try await Client.query(on: app.db).filter(\.$districtID == fixture.b.id).filter(\.$name == "Skyline Drone Works").count() == 0)
            for link in try await ClientContactLink.query(on: app.db).with(\.$client).with(\.$person).all() {
                #expect(link.districtID == link.client.districtID && link.districtID == link.person.districtID)
            }
        }
    }
}
