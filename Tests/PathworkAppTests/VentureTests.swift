import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("The problem log and ventures")
struct VentureTests {
    struct Problem: Content { var title: String; var location: String; var affected: String; var frequency: String }
    struct NewVenture: Content { var name: String; var problemId: String; var pathwayCode: String; var memberIds: [UUID] }

    @Test("students log problems and say me too once; a teacher tags and merges duplicates, moving their echoes, comments and ventures")
    func problemLog() async throws {
        try await withPathwork { app, fixture, _ in
            let student = try await app.token(fixture.a.email("student")), other = try await app.token(fixture.a.email("other"))
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let outfit = try await app.send(.POST, "/api/v1/problems", token: student, json: Problem(title: "Costume changes take too long", location: "Backstage",
                                                                                                     affected: "Actors and the stage crew", frequency: "weekly"))
            #expect(outfit.status == .created && outfit.object["loggedBy"] as? String == "Student A.")
            let keeper = try #require(outfit.object["id"] as? String)
            let bad = try await app.send(.POST, "/api/v1/problems", token: student, json: ["title": "x", "frequency": "hourly"])
            #expect(bad.status == .unprocessableEntity)
            let duplicate = try #require(try await app.send(.POST, "/api/v1/problems", token: other, json: Problem(title: "Quick changes in the musical are slow",
                                                                                                                    location: "Theater", affected: "Cast", frequency: "weekly")).object["id"] as? String)
            let echoes = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<6 { group.addTask { try await app.send(.POST, "/api/v1/problems/\(duplicate)/echo", token: student).status } }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(echoes.filter { $0 == .ok }.count == 1 && echoes.filter { $0 == .conflict }.count == 5)
            _ = try await app.send(.POST, "/api/v1/problems/\(duplicate)/comments", token: student, json: ["body": "Velcro might help."])
            #expect(try await app.send(.PATCH, "/api/v1/problems/\(keeper)", token: student, json: ["status": "archived"]).status == .forbidden)
            let tagged = try await app.send(.PATCH, "/api/v1/problems/\(keeper)", token: coordinator, json: ["pathwayCodes": ["DT.6"]])
            #expect(tagged.status == .ok, "\(tagged.text)")
            let merged = try await app.send(.POST, "/api/v1/problems/\(duplicate)/merge", token: coordinator, json: ["into": keeper])
            // The student's "me too" moves; the duplicate's author becomes one; the keeper's author is not counted.
            #expect(merged.object["echoes"] as? Int == 1, "\(merged.text)")
            #expect(try await ProblemComment.query(on: app.db).filter(\.$problem.$id == UUID(uuidString: keeper)!).count() == 1)
            #expect(try await app.send(.GET, "/api/v1/problems", token: student).array.count == 1)
            #expect(try await app.send(.GET, "/api/v1/problems?status=merged", token: student).array.count == 1)
            #expect(try await app.send(.POST, "/api/v1/problems/\(duplicate)/echo", token: other).object["code"] as? String == "problem.closed")
            #expect(try await app.send(.POST, "/api/v1/problems/\(keeper)/merge", token: coordinator, json: ["into": keeper]).status == .unprocessableEntity)
            #expect(try await app.send(.GET, "/api/v1/problems", token: try await app.token(fixture.a.email("mentor"))).status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/problems/\(keeper)", token: try await app.token(fixture.b.email("student"))).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/problems?colour=red", token: student).status == .badRequest)
        }
    }

    @Test("a team's venture keeps every canvas version; saves at once each become a version; interviews and a prototype complete year one; a mentor reads it in the limited form")
    func ventures() async throws {
        try await withPathwork { app, fixture, _ in
            let student = try await app.token(fixture.a.email("student")), other = try await app.token(fixture.a.email("other"))
            let problem = try #require(try await app.send(.POST, "/api/v1/problems", token: student, json: Problem(title: "No shower access for some students",
                location: "Gym", affected: "Students without housing", frequency: "daily")).object["id"] as? String)
            let made = try await app.send(.POST, "/api/v1/ventures", token: student, json: NewVenture(name: "Mobile hygiene trailer", problemId: problem,
                                                                                                      pathwayCode: "", memberIds: [fixture.a.otherStudent]))
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(made.object["id"] as? String)
            #expect(Set(((made.object["members"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }) == ["Student Alphason", "Other Alphason"])
            let canvas = "/api/v1/ventures/\(id)/canvas-versions"
            let saves = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for index in 0..<6 {
                    group.addTask { try await app.send(.POST, canvas, token: index % 2 == 0 ? student : other, json: CanvasInput(blocks: ["problem": "Showers \(index)"], note: nil)).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(saves.allSatisfy { $0 == .created })
            let versions = try await app.send(.GET, canvas, token: other).array
            #expect(versions.compactMap { $0["number"] as? Int } == [1, 2, 3, 4, 5, 6])
            let same = (versions.last?["blocks"] as? [String: String]) ?? [:]
            #expect(try await app.send(.POST, canvas, token: student, json: CanvasInput(blocks: same, note: nil)).object["code"] as? String == "canvas.unchanged")
            #expect(try await app.send(.POST, canvas, token: student, json: CanvasInput(blocks: ["nine": "x"], note: nil)).status == .unprocessableEntity)
            for who in ["a parent at pickup", "the school nurse", "a shelter volunteer"] {
                let logged = try await app.send(.POST, "/api/v1/ventures/\(id)/interviews", token: other, json: ["interviewedOn": "2026-11-02", "who": who, "learned": "Mornings are the worst."])
                #expect(logged.status == .created)
            }
            let venture = try await app.send(.GET, "/api/v1/ventures/\(id)", token: student).object
            let stages = try #require(venture["stages"] as? [[String: Any]])
            #expect(stages.first?["complete"] as? Bool == true && stages[1]["complete"] as? Bool == false)

            let coordinator = try await app.token(fixture.a.email("coordinator"))
            // The district defines its own stages; progress counts against them from then on.
            let badge = try #require(UUID(uuidString: try await app.send(.POST, "/api/v1/credentials", token: coordinator,
                json: ["title": "Venture discovery", "kind": "microCredential", "issuer": "Alpha Schools"]).object["id"] as? String ?? ""))
            let defined = [VentureStage(year: 1, title: "Discovery", requirements: [StageRequirement(.interviews, 2)]),
                          VentureStage(year: 2, title: "Model", requirements: [StageRequirement(.canvasVersions, 8)], awardsCredential: badge)]
            #expect(try await app.send(.PUT, "/api/v1/venture-stages", token: student, json: defined).status == .forbidden)
            let twice = [VentureStage(year: 1, title: "Twice", requirements: [StageRequirement(.interviews), StageRequirement(.interviews, 2)])]
            #expect(try await app.send(.PUT, "/api/v1/venture-stages", token: coordinator, json: twice).object["code"] as? String == "validation.rule")
            #expect(try await app.send(.PUT, "/api/v1/venture-stages", token: coordinator, json: defined).status == .ok)
            let redefined = try await app.send(.GET, "/api/v1/ventures/\(id)", token: student).object["stages"] as? [[String: Any]] ?? []
            #expect(redefined.compactMap { $0["title"] as? String } == ["Discovery", "Model"] && redefined.compactMap { $0["percent"] as? Int } == [100, 75])
            // Year one was recorded complete under the first stages; the eighth canvas version completes "Model" and awards each member its credential.
            for text in ["Showers 7", "Showers 8"] {
                #expect(try await app.send(.POST, canvas, token: student, json: CanvasInput(blocks: ["problem": text], note: nil)).status == .created)
            }
            #expect(try await VentureStageCompletion.query(on: app.db).sort(\.$year).all().map(\.title) == ["Problem and solution", "Model"])
            #expect(try await IssuedCredential.query(on: app.db).filter(\.$title == "Venture discovery").count() == 2)
            let portfolio = try await PortfolioJSON.build(student: fixture.a.student, tenant: Tenant(districtID: fixture.a.id, db: app.db), app: app,
                                                          today: CalendarDate(iso: "2026-11-06")!, expiresAt: Date())
            #expect(portfolio.ventures.first?.name == "Mobile hygiene trailer" && portfolio.ventures.first?.stagesCompleted == ["Year 1: Discovery", "Year 2: Model"])
            let page = try await app.browser(signedInAs: fixture.a.email("coordinator")).get("/people/\(fixture.a.student)").text
            #expect(page.contains("Entrepreneurship pathway") && page.contains("Mobile hygiene trailer"))
            let plan = try await app.browser(signedInAs: fixture.a.email("student")).get("/people/\(fixture.a.student)/plan").text
            #expect(plan.contains("Entrepreneurship pathway") && plan.contains("year 2 complete"))
            #expect(try await app.send(.POST, "/api/v1/ventures/\(id)/mentors", token: coordinator, json: ["mentorId": fixture.a.mentor.uuidString]).status == .created)
            let mentor = try await app.token(fixture.a.email("mentor"))
            let seen = try await app.send(.GET, "/api/v1/ventures/\(id)", token: mentor).object
            #expect(Set(((seen["members"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }) == ["Student A.", "Other A."])
            #expect(try await Disclosure.query(on: app.db).filter(\.$viewerID == fixture.a.mentor).count() == 2)
            #expect(try await app.send(.GET, "/api/v1/ventures/\(id)", token: try await app.token(fixture.a.email("client"))).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/ventures/\(id)", token: try await app.token(fixture.b.email("coordinator"))).status == .notFound)
            #expect(try await app.send(.POST, canvas, token: mentor, json: CanvasInput(blocks: ["problem": "x"], note: nil)).status == .notFound)
        }
    }

    @Test("pages: log a problem with a photo on a phone, say me too, start a venture, save two canvas versions and compare them")
    func pages() async throws {
        try await withPathwork { app, fixture, _ in
            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            let csrf = try await student.csrfToken(on: "/problems")
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]
            let boundary = "pathwork-test-boundary"
            var body = ByteBuffer()
            for (name, value) in [("_csrf", csrf), ("title", "Lockers jam in the cold"), ("location", "B hall"), ("affected", "Everyone in B hall"), ("frequency", "daily")] {
                body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
            }
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"locker.png\"\r\nContent-Type: image/png\r\n\r\n")
            body.writeBytes(png)
            body.writeString("\r\n--\(boundary)--\r\n")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
            headers.add(name: .cookie, value: student.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
            let logged = try await app.testing().sendRequest(.POST, "/problems", headers: headers, body: body)
            #expect(logged.status == .seeOther)
            let problem = try #require(logged.headers.first(name: .location)?.split(separator: "?").first.map(String.init))
            #expect(try await student.get("\(problem)/photo").status == .ok)
            let other = try await app.browser(signedInAs: fixture.a.email("other"))
            #expect(try await other.submit("\(problem)/echo", form: [:], from: problem).status == .seeOther)
            #expect(try await other.get(problem).text.contains("1 me too"))

            let problemID = String(problem.split(separator: "/").last!)
            let started = try await student.submit("/ventures/new", form: ["name": "Warm lockers", "problemId": problemID, "pathwayCode": ""], from: "/ventures/new",
                                                   pairs: [("memberIds[]", fixture.a.otherStudent.uuidString)])
            #expect(started.status == .seeOther, "\(started.text.prefix(3000))")
            let venture = try #require(started.location?.split(separator: "?").first.map(String.init))
            for (index, text) in ["Lockers jam when it is cold", "Lockers jam when it is cold\nThe hinges ice up"].enumerated() {
                let saved = try await student.submit("\(venture)/canvas", form: ["problem": text, "solution": index == 0 ? "" : "Heated hinge covers"], from: "\(venture)/canvas")
                #expect(saved.location?.contains("version%20\(index + 1)") == true)
            }
            let page = try await student.get(venture).text
            #expect(page.contains("version 1 and version 2") && page.contains("The hinges ice up") && page.contains("Solution added"))
            #expect(try await student.submit("\(venture)/canvas", form: ["problem": "Lockers jam when it is cold\nThe hinges ice up", "solution": "Heated hinge covers"],
                                             from: "\(venture)/canvas").status == .unprocessableEntity)
        }
    }
}
