import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Placement pages")
struct PlacementPageTests {
    @Test("the coordinator places from the opportunity page and writes the agreement; all four sign; hours, approval, evaluation, reflection and completion on the page")
    func wholeFlow() async throws {
        try await withPathwork { app, fixture, _ in
            let s = try await PlacementSetup.make(app, fixture)
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let opportunity = "/opportunities/\(s.opportunityID)"
            #expect(try await coordinator.get(opportunity).text.contains("Place at the worksite"))
            let placed = try await coordinator.submit("/opportunity-applications/\(s.applicationID)/place", form: [:], from: opportunity)
            let edit = try #require(placed.location?.split(separator: "?").first.map(String.init))
            #expect(placed.status == .seeOther && edit.hasSuffix("/edit"))
            let id = String(edit.split(separator: "/")[1])
            let page = "/placements/\(id)"
            #expect(try await coordinator.get(page).text.contains("Before anyone signs:"))

            var form = ["learningObjectives": "Repair quadcopter motors.", "pathwayCode": "DT.6", "schedule": "Tue and Thu 3:30–5:30 pm",
                        "safetyTraining": "Shop safety", "safetyTrainingCompleted": "on", "supervisorId": fixture.a.supervisor.uuidString,
                        "startsOn": "2026-11-02", "endsOn": "2027-05-28", "pay": "districtPaid", "hourlyWage": "16.5O"]
            let refused = try await coordinator.submit(edit, form: form, from: edit)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Enter the hourly wage in dollars and cents"))
            form["hourlyWage"] = "16.50"
            #expect(try await coordinator.submit(edit, form: form, from: edit).status == .seeOther)
            let ready = try await coordinator.get(page).text
            #expect(ready.contains("$16.50 an hour") && ready.contains("Waiting for: Student, Parent or guardian, Worksite supervisor, Program coordinator"))

            for email in ["other", "gia", "supervisor", "coordinator"] {
                let signer = email == "coordinator" ? coordinator : try await app.browser(signedInAs: fixture.a.email(email))
                let signed = try await signer.submit("\(page)/signatures", form: ["signedName": "Signed by \(email)", "version": "2"], from: page)
                #expect(signed.status == .seeOther)
            }
            #expect(try await coordinator.get(page).text.contains("Everyone has signed version 2."))

            let student = try await app.browser(signedInAs: fixture.a.email("other"))
            let logged = try await student.submit("\(page)/hours", form: ["date": "2026-11-04", "from": "15:30", "to": "17:30", "note": "Motors"], from: page)
            #expect(logged.location?.contains("Logged%202%20h") == true || logged.location?.contains("Logged") == true)
            let supervisor = try await app.browser(signedInAs: fixture.a.email("supervisor"))
            let waiting = try await supervisor.get(page)
            #expect(waiting.text.contains("Approve all 1 waiting") && waiting.text.contains("Other A.") && !waiting.text.contains("Alphason, Other"))
            let hoursID = try #require(try await PlacementHours.query(on: app.db).first()?.requireID())
            #expect(try await supervisor.submit("/placement-hours/approve", form: ["ids": hoursID.uuidString, "placementId": id], from: page).status == .seeOther)
            #expect(try await PlacementHours.find(hoursID, on: app.db)?.status == .approved)
            #expect(try await supervisor.get("/placements").text.contains("Other A."))

            let ratings = Dictionary(uniqueKeysWithValues: CompetencyRubric.workplaceReadiness.criteria.map { ("rating.\($0.name)", "3") })
            for point in ["midpoint", "final"] {
                let evaluated = try await supervisor.submit("\(page)/evaluations", form: ratings.merging(["point": point, "comments": "Steady"]) { $1 }, from: page)
                #expect(evaluated.location?.contains("evaluation%20recorded") == true)
            }
            #expect(try await student.submit("\(page)/reflection", form: ["reflection": "I learned to solder."], from: page).status == .seeOther)
            let completed = try await coordinator.submit("\(page)/complete", form: ["credentialId": ""], from: page)
            #expect(completed.location?.contains("Completed") == true)
            let portfolio = try await student.submit("/portfolio", form: ["expiresInDays": "7"], from: "/portfolio")
            let link = try #require(portfolio.text.range(of: #"/p/[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(portfolio.text[$0]) })
            let shared = try await app.browser(signedInAs: fixture.a.email("mentor")).get(link).text
            #expect(shared.contains("Drone repair internship") && shared.contains("2 h approved") && shared.contains("I learned to solder."))

            #expect(try await coordinator.get("/placements?status=completed").text.contains("1 placement"))
            #expect(try await coordinator.get("/placements?colour=red").status == .badRequest)
            #expect(try await app.browser(signedInAs: fixture.a.email("student")).get(page).status == .notFound)
        }
    }

    @Test("the rubric page shows the default; a coordinator changes it, with errors naming the criterion; supervisors read it")
    func rubric() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            #expect(try await coordinator.get("/competency-rubric").text.contains("Workplace readiness"))
            let bad = try await coordinator.submit("/competency-rubric", form: ["name": "Drone shop", "criteria": "Safety: careless | careful\nSafety: a | b"], from: "/competency-rubric")
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Safety is named twice."))
            let good = try await coordinator.submit("/competency-rubric", form: ["name": "Drone shop", "criteria": "Safety: careless | careful | exemplary\nSoldering: cold joints | clean | flawless"],
                                                    from: "/competency-rubric")
            #expect(good.status == .seeOther)
            let token = try await app.token(fixture.a.email("supervisor"))
            let rubric = try await app.send(.GET, "/api/v1/competency-rubric", token: token).object
            #expect(rubric["name"] as? String == "Drone shop" && (rubric["criteria"] as? [Any])?.count == 2)
            #expect(try await app.browser(signedInAs: fixture.a.email("supervisor")).get("/competency-rubric").text.contains("Soldering"))
            #expect(try await app.send(.PUT, "/api/v1/competency-rubric", token: token, json: ["name": AnyEncodable("x"), "criteria": AnyEncodable([CompetencyRubric.Criterion(name: "a", levels: ["1", "2"])])]).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/competency-rubric", token: try await app.token(fixture.b.email("coordinator"))).object["name"] as? String == "Workplace readiness")
        }
    }
}
