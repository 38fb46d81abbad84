import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Partnership agreements")
struct AgreementTests {
    func fields(_ reply: Reply) -> Set<String> {
        Set((reply.object["errors"] as? [[String: String]] ?? []).compactMap { $0["field"] })
    }

    func objectives(_ reply: Reply) -> [[String: Any]] { reply.object["objectives"] as? [[String: Any]] ?? [] }

    @Test("an agreement's objectives are counted from the records within its term, or recorded by hand")
    func objectivesCounted() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let path = "/api/v1/partners/\(s.plant.id)/agreements"
            let backwards = try await app.send(.POST, path, token: s.coordinator, json: AgreementInput(title: "Water partnership", startsOn: "2026-08-01", endsOn: "2026-07-31"))
            #expect(backwards.status == .unprocessableEntity && fields(backwards) == ["endsOn"])
            let created = try await app.send(.POST, path, token: s.coordinator, json: AgreementInput(
                title: "Water partnership", startsOn: "2026-08-01", endsOn: "2027-07-31", districtGives: "Robotics team time",
                partnerGives: "Real inspections and a site", signatories: "Dana Cruz, plant manager; Corey N., coordinator", signedOn: "2026-08-05"))
            #expect(created.status == .created)
            let agreement = try #require(created.object["id"] as? String)
            let objectivesPath = "/api/v1/partnership-agreements/\(agreement)/objectives"
            for (description, target, unit, measure) in [("Inspection hours", 2, "hours", "engagementHours"), ("Check-ins", 4, "interactions", "interactions"),
                                                         ("Students touring the plant", 20, "students", "recorded")] {
                let added = try await app.send(.POST, objectivesPath, token: s.coordinator,
                                               json: ObjectiveInput(description: description, target: target, unit: unit, measure: measure))
                #expect(added.status == .created, "\(added.text)")
            }
            // Two approved hours and one left unapproved; a visit logged in term, one before it.
            for (from, to, approve) in [((15, 0), (16, 0), true), ((16, 0), (17, 0), true), ((17, 0), (17, 30), false)] {
                let entry = try await s.entry(app, token: s.coordinator, student: fixture.a.student, "2026-11-03", from: from, to: to)
                try #require(entry.status == .created, "\(entry.text)")
                if approve { _ = try await app.send(.POST, "/api/v1/time-entries/\(try entry.json(TimeEntryJSON.self).id!)/approve", token: s.lead) }
            }
            for date in ["2026-10-01", "2026-07-15"] {
                _ = try await app.send(.POST, "/api/v1/partners/\(s.plant.id)/interactions", token: s.coordinator,
                                       json: ["kind": "visit", "happenedOn": date, "summary": "Quarterly check-in"])
            }
            var detail = try await app.send(.GET, "/api/v1/partnership-agreements/\(agreement)", token: s.coordinator)
            let byName = Dictionary(uniqueKeysWithValues: objectives(detail).map { ($0["description"] as! String, $0) })
            #expect(byName["Inspection hours"]?["value"] as? Int == 2 && byName["Inspection hours"]?["met"] as? Bool == true)
            #expect(byName["Check-ins"]?["value"] as? Int == 1 && byName["Check-ins"]?["percent"] as? Int == 25)
            let recorded = try #require(byName["Students touring the plant"]?["id"] as? String)
            let counted = try #require(byName["Check-ins"]?["id"] as? String)
            #expect(try await app.send(.PUT, "/api/v1/partnership-objectives/\(counted)/recorded-value", token: s.coordinator,
                                       json: ["recordedValue": 3]).object["code"] as? String == "partnership.counted")
            detail = try await app.send(.PUT, "/api/v1/partnership-objectives/\(recorded)/recorded-value", token: s.coordinator, json: ["recordedValue": 12])
            #expect(objectives(detail).first { $0["id"] as? String == recorded }?["percent"] as? Int == 60)
            #expect(try await app.send(.DELETE, "/api/v1/partnership-objectives/\(recorded)", token: s.coordinator).status == .noContent)
            #expect(objectives(try await app.send(.GET, "/api/v1/partnership-agreements/\(agreement)", token: s.coordinator)).count == 2)
        }
    }

    @Test("the yearly evaluation: the partner answers in its portal, the coordinator rates every objective, both kept by school year")
    func evaluation() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let agreement = try await app.send(.POST, "/api/v1/partners/\(s.plant.id)/agreements", token: s.coordinator, json: AgreementInput(
                title: "Water partnership", startsOn: "2026-08-01", endsOn: "2027-07-31")).object["id"] as! String
            let objective = try await app.send(.POST, "/api/v1/partnership-agreements/\(agreement)/objectives", token: s.coordinator,
                                               json: ObjectiveInput(description: "Check-ins", target: 4, unit: "visits", measure: "interactions"))
            let objectiveID = try #require(objectives(objective).first?["id"] as? String)
            let ratings = "/api/v1/partnership-agreements/\(agreement)/ratings"
            #expect(fields(try await app.send(.PUT, ratings, token: s.coordinator, json: RatingsInput(ratings: [:]))) == ["ratings.\(objectiveID)"])
            let rated = try await app.send(.PUT, ratings, token: s.coordinator, json: RatingsInput(ratings: [objectiveID: 2], note: "Fewer visits than planned"))
            #expect((rated.object["evaluations"] as? [[String: Any]])?.first?["schoolYear"] as? Int == 2026)

            // The contact answers on the portal page; a contact of another organization cannot see it.
            let contact = try await app.browser(signedInAs: fixture.a.email("client"))
            let home = try await contact.get("/")
            #expect(home.text.contains("Answer this year's questionnaire"))
            let form = "/partnership-agreements/\(agreement)/questionnaire"
            let missing = try await contact.submit(form, form: ["answer-0": "4"], from: form)
            #expect(missing.status == .unprocessableEntity && missing.text.contains("Answer each of the 4 statements"))
            #expect(try await contact.submit(form, form: ["answer-0": "4", "answer-1": "3", "answer-2": "2", "answer-3": "4", "comment": "Great students"],
                                             from: form).status == .seeOther)
            let detail = try await app.send(.GET, "/api/v1/partnership-agreements/\(agreement)", token: s.coordinator)
            let year = try #require((detail.object["evaluations"] as? [[String: Any]])?.first)
            #expect(year["answers"] as? [Int] == [4, 3, 2, 4] && year["comment"] as? String == "Great students")
            #expect((year["ratings"] as? [String: Int])?[objectiveID] == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$entity == "partnershipEvaluation").count() == 2)

            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let page = try await coordinator.get("/partnership-agreements/\(agreement)")
            #expect(page.text.contains("Great students") && page.text.contains("2026–2027"))
            let partner = try await coordinator.get("/partners/\(s.plant.id)")
            #expect(partner.text.contains("Partnership: At risk") && partner.text.contains("below 2.5 of 4"))

            let mentor = try await app.browser(signedInAs: fixture.a.email("mentor"))
            #expect(try await mentor.get(form).status == .notFound)
            let beta = try await app.token(fixture.b.email("coordinator"))
            #expect(try await app.send(.GET, "/api/v1/partnership-agreements/\(agreement)", token: beta).status == .notFound)
            #expect(try await app.send(.PUT, ratings, token: beta, json: RatingsInput(ratings: [objectiveID: 4])).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/partnership-agreements/\(agreement)", token: s.client).status == .forbidden)
        }
    }

    @Test("agreement pages: add with errors beside the fields, edit, add an objective, record its figure")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let added = try await coordinator.submit("/partners", form: ["name": "Skyline Drone Works"], from: "/partners")
            let partner = try #require(added.location?.components(separatedBy: "?").first)
            let bad = try await coordinator.submit(partner + "/agreements", form: ["title": "Drone internships", "startsOn": "2026-09-01", "endsOn": ""], from: partner)
            #expect(bad.status == .unprocessableEntity && bad.text.contains("its renewal date"))
            let made = try await coordinator.submit(partner + "/agreements", form: ["title": "Drone internships", "startsOn": "2026-09-01",
                                                                                     "endsOn": "2027-06-30", "signatories": "Sam Patel"], from: partner)
            let page = try #require(made.location?.components(separatedBy: "?").first)
            #expect(try await coordinator.submit(page + "/objectives", form: ["description": "Interns hosted", "target": "7", "unit": "students",
                                                                               "measure": "recorded"], from: page).status == .seeOther)
            #expect(try await coordinator.submit(page + "/edit", form: ["title": "Drone internships", "startsOn": "2026-09-01", "endsOn": "2027-06-30",
                                                                         "signatories": "Sam Patel", "signedOn": "2026-09-03"], from: page).status == .seeOther)
            let objective = try #require(try await PartnershipObjective.query(on: app.db).first()?.requireID())
            #expect(try await coordinator.submit("/partnership-objectives/\(objective.uuidString.lowercased())/record", form: ["recordedValue": "7"],
                                                 from: page).status == .seeOther)
            let shown = try await coordinator.get(page)
            for text in ["Interns hosted", "7 of 7 students", "met", "signed", "2026-09-03"] { #expect(shown.text.contains(text), "lacks \(text)") }
            #expect(try await coordinator.get(partner).text.contains("Drone internships"))
        }
    }

    @Test("the signed copy of an agreement is uploaded, kept with its history, and read by staff and the partner's own people only")
    func signedCopy() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await TimeSetup.make(app, fixture)
            let created = try await app.send(.POST, "/api/v1/partners/\(s.plant.id)/agreements", token: s.coordinator, json: AgreementInput(
                title: "Water partnership", startsOn: "2026-08-01", endsOn: "2027-07-31"))
            let agreement = try #require(created.object["id"] as? String)
            let path = "/api/v1/partnership-agreements/\(agreement)/document"
            func upload(_ name: String, _ bytes: [UInt8], token: String) async throws -> Reply {
                var (headers, body) = multipartUpload(name, bytes)
                headers.bearerAuthorization = BearerAuthorization(token: token)
                let response = try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
                return Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
            }
            #expect(try await app.send(.GET, path, token: s.coordinator).status == .notFound)
            let pdf = Array("%PDF-1.7\nsigned by both\n%%EOF".utf8)
            #expect(try await upload("signed.pdf", pdf, token: s.coordinator).status == .created)
            let renamed = try await upload("signed.pdf", Array("MZ not a pdf".utf8), token: s.coordinator)
            #expect(renamed.status == .unprocessableEntity && renamed.object["code"] as? String == "attachment.rejected")
            #expect(try await upload("signed.pdf", pdf, token: s.client).status == .forbidden)
            let download = try await app.send(.GET, path, token: s.client)
            #expect(download.status == .ok && download.text == String(decoding: pdf, as: UTF8.self))
            #expect(try await app.send(.GET, path, token: try await app.token(fixture.a.email("mentor"))).status == .notFound)
            #expect(try await app.send(.GET, path, token: try await app.token(fixture.b.email("coordinator"))).status == .notFound)

            let staff = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let page = "/partnership-agreements/\(agreement)"
            let csrf = try await staff.csrfToken(on: page)
            var (headers, body) = multipartUpload("countersigned.pdf", pdf + Array(" v2".utf8), csrf: csrf)
            headers.add(name: .cookie, value: staff.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            #expect(try await app.testing().sendRequest(.POST, "\(page)/document", headers: headers, body: body).status == .seeOther)
            let shown = try await staff.get(page).text
            #expect(shown.contains("countersigned.pdf") && shown.contains("Earlier uploads: signed.pdf."))
            #expect(try await AgreementDocument.query(on: app.db).count() == 2)
        }
    }
}
