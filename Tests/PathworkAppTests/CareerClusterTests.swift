import Foundation
@testable import PathworkApp
import PathworkDomain
import Testing
import Vapor

@Suite("Career clusters")
struct CareerClusterPageTests {
    @Test("both frameworks over the API, with the district's own teams and credentials placed on pathways")
    func api() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let original = try await app.send(.GET, "/api/v1/career-clusters?framework=2006", token: coordinator).json([CareerClusterJSON].self)
            #expect(original.count == 16)
            #expect(original.reduce(0) { $0 + $1.pathways.count } == 79)
            #expect(original.first { $0.code == "IT" }?.counterparts == ["DT"])
            let modern = try await app.send(.GET, "/api/v1/career-clusters", token: coordinator).json([CareerClusterJSON].self)
            #expect(modern.count == 14)
            #expect(modern.first { $0.code == "PS" }?.counterparts == ["GV", "LW"])
            let bad = try await app.send(.GET, "/api/v1/career-clusters?framework=1999", token: coordinator)
            #expect(bad.status == .badRequest && bad.object["code"] as? String == "query.invalid")
            #expect(bad.text.contains("\"field\":\"framework\""))

            let team = try await app.send(.POST, "/api/v1/teams", token: coordinator, json: TeamInput(name: "Cyber Range", discipline: "security")).json(TeamJSON.self)
            let credential = try await SignedCredentialTests.catalogEntry(app, token: coordinator)
            let created = try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator,
                                             json: PathwayLinkInput(pathwayCode: "IT.2", teamId: team.id.uuidString))
            #expect(created.status == .created)
            #expect(try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator,
                                       json: PathwayLinkInput(pathwayCode: "DT", credentialId: credential.id.uuidString)).status
                    == .unprocessableEntity)  // DT lists sub-clusters: place on one of them
            #expect(try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator,
                                       json: PathwayLinkInput(pathwayCode: "DT.3", credentialId: credential.id.uuidString)).status == .created)
            let again = try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator,
                                           json: PathwayLinkInput(pathwayCode: "IT.2", teamId: team.id.uuidString))
            #expect(again.text.contains("already leads to this pathway"))
            let unknown = try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator, json: PathwayLinkInput(pathwayCode: "XX.9"))
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("\"field\":\"pathwayCode\""))
            let neither = try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator, json: PathwayLinkInput(pathwayCode: "IT.2"))
            #expect(neither.object["code"] as? String == "validation.rule" && neither.text.contains("\"field\":\"teamId\""))

            let student = try await app.token(fixture.a.email("student"))
            let seen = try await app.send(.GET, "/api/v1/career-clusters?framework=2006", token: student).json([CareerClusterJSON].self)
            #expect(seen.first { $0.code == "IT" }?.pathways.first { $0.code == "IT.2" }?.links.map(\.name) == ["Cyber Range"])
            #expect(try await app.send(.POST, "/api/v1/career-pathway-links", token: student,
                                       json: PathwayLinkInput(pathwayCode: "IT.3", teamId: team.id.uuidString)).status == .forbidden)
            let mentor = try await app.token(fixture.a.email("mentor"))
            #expect(try await app.send(.GET, "/api/v1/career-clusters", token: mentor).status == .forbidden)
            // Another district sees the framework but none of alpha's teams, and cannot place them.
            let beta = try await app.token(fixture.b.email("admin"))
            let betaView = try await app.send(.GET, "/api/v1/career-clusters?framework=2006", token: beta).json([CareerClusterJSON].self)
            #expect(betaView.allSatisfy { $0.pathways.allSatisfy(\.links.isEmpty) })
            let foreign = try await app.send(.POST, "/api/v1/career-pathway-links", token: beta,
                                             json: PathwayLinkInput(pathwayCode: "IT.3", teamId: team.id.uuidString))
            #expect(foreign.text.contains("Choose one of the district's teams"))
            let linkID = try created.json(PathwayLinkJSON.self).id
            #expect(try await app.send(.DELETE, "/api/v1/career-pathway-links/\(linkID)", token: beta).status == .notFound)
            #expect(try await app.send(.DELETE, "/api/v1/career-pathway-links/\(linkID)", token: coordinator).status == .noContent)
        }
    }

    @Test("the page: switch frameworks, place a team on a pathway with errors on the form, remove it")
    func page() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let team = try await app.send(.POST, "/api/v1/teams", token: coordinator, json: TeamInput(name: "Drone Works", discipline: "aerial")).json(TeamJSON.self)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let modern = try await browser.get("/career-clusters")
            #expect(modern.text.contains("Public Service &amp; Safety"))
            #expect(modern.text.contains("Network Systems &amp; Cybersecurity"))
            let original = try await browser.get("/career-clusters?framework=2006")
            #expect(original.text.contains("Transportation Operations"))
            #expect(original.text.contains("In 2024: Supply Chain &amp; Transportation"))
            let refused = try await browser.submit("/career-clusters", form: ["pathwayCode": "", "teamId": team.id.uuidString], from: "/career-clusters")
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Choose a pathway of the Career Clusters framework."))
            let placed = try await browser.submit("/career-clusters", form: ["pathwayCode": "TR.5", "teamId": team.id.uuidString, "credentialId": ""],
                                                  from: "/career-clusters")
            let shown = try await browser.get(try #require(placed.location))
            #expect(shown.text.contains("Drone Works now leads to this pathway."))
            #expect(shown.text.contains("Team: Drone Works"))
            let remove = try #require(shown.text.firstMatch(of: /action="(\/career-clusters\/links\/[0-9a-f-]+\/remove[^"]*)"/)).1
            let removed = try await browser.submit(String(remove).replacingOccurrences(of: "&amp;", with: "&"), form: [:], from: "/career-clusters?framework=2006")
            #expect(try await browser.get(try #require(removed.location)).text.contains("Taken off the pathway."))
            #expect(!(try await browser.get("/career-clusters?framework=2006")).text.contains("Team: Drone Works"))

            let student = try await app.browser(signedInAs: fixture.a.email("student"))
            let view = try await student.get("/career-clusters")
            #expect(view.status == .ok)
            #expect(!view.text.contains("Place on pathway"))
        }
    }

    @Test("placements on a whole cluster made before the framework listed its sub-clusters stay shown and editable; new ones go on a sub-cluster")
    func wholeClusterPlacements() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let team = try await app.send(.POST, "/api/v1/teams", token: coordinator, json: TeamInput(name: "Stage Crew", discipline: "theatre")).json(TeamJSON.self)
            // Written as an earlier Pathwork wrote them, when "Arts, Entertainment & Design" was listed whole.
            let link = PathwayLink()
            link.districtID = fixture.a.id
            link.pathwayCode = "AD"
            link.subject = .team
            link.subjectID = team.id
            try await link.create(on: app.db)
            let course = Course()
            course.districtID = fixture.a.id
            course.code = "THR101"
            course.title = "Technical Theatre"
            course.creditTenths = 10
            course.pathwayCode = "AD"
            course.prerequisites = ""
            try await course.create(on: app.db)

            let modern = try await app.send(.GET, "/api/v1/career-clusters", token: coordinator).json([CareerClusterJSON].self)
            let arts = try #require(modern.first { $0.code == "AD" })
            #expect(arts.links.map(\.name) == ["Stage Crew"] && arts.pathways.count == 6)
            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let page = try await browser.get("/career-clusters")
            #expect(page.text.contains("Team: Stage Crew") && page.text.contains("Courses: THR101 Technical Theatre"))
            #expect(try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator,
                                       json: PathwayLinkInput(pathwayCode: "AD", teamId: team.id.uuidString)).status == .unprocessableEntity)
            #expect(try await app.send(.POST, "/api/v1/career-pathway-links", token: coordinator,
                                       json: PathwayLinkInput(pathwayCode: "AD.6", teamId: team.id.uuidString)).status == .created)

            // The course keeps its placement through an edit, and its form offers it until another is picked.
            let renamed = try await app.send(.PATCH, "/api/v1/courses/\(course.id!)", token: coordinator, json: CourseInput(title: "Stagecraft"))
            #expect(renamed.status == .ok)
            #expect(try renamed.json(CourseJSON.self).pathwayCode == "AD")
            let form = try await browser.get("/courses/\(course.id!)")
            #expect(form.text.contains("selected>2024: Arts, Entertainment &amp; Design (the whole cluster)</option>"))
            #expect(try await browser.get("/courses").text.contains("2024: Arts, Entertainment &amp; Design (the whole cluster)"))
            let template = PlanTemplate()
            template.districtID = fixture.a.id
            template.title = "Stagecraft"
            template.pathwayCode = "AD"
            template.courses = "THR101:9"
            template.postsecondary = ""
            template.milestones = ""
            try await template.create(on: app.db)
            let retitled = try await app.send(.PATCH, "/api/v1/plan-templates/\(template.id!)", token: coordinator, json: PlanTemplateInput(title: "Stage"))
            #expect(try retitled.json(PlanTemplateJSON.self).pathwayCode == "AD")
            let moved = try await app.send(.PATCH, "/api/v1/courses/\(course.id!)", token: coordinator, json: CourseInput(pathwayCode: "AD.4"))
            #expect(try moved.json(CourseJSON.self).pathwayCode == "AD.4")
            let back = try await app.send(.PATCH, "/api/v1/courses/\(course.id!)", token: coordinator, json: CourseInput(pathwayCode: "AD"))
            #expect(back.status == .unprocessableEntity && back.text.contains("\"field\":\"pathwayCode\""))
        }
    }

    @Test("the demo's placements name real pathways")
    func demoCodes() {
        for (_, codes) in DemoPathways.teamLinks + DemoPathways.credentialLinks {
            for code in codes { #expect(PathwayLinks.isLinkable(code), "\(code)") }
        }
    }
}

@Suite("Occupations")
struct OccupationPageTests {
    @Test("the starter set shows under its pathways; a district adds its own, checked field by field, seen only in that district")
    func occupations() async throws {
        try await withPathwork { app, fixture, _ in
            let coordinator = try await app.token(fixture.a.email("coordinator"))
            let starter = try await app.send(.GET, "/api/v1/occupations?pathwayCode=IT.2", token: coordinator).json([OccupationJSON].self)
            #expect(starter.map(\.socCode).contains("15-1212"))
            let bad = try await app.send(.POST, "/api/v1/occupations", token: coordinator, json: OccupationInput(socCode: "151212", title: "", pathwayCode: "DT.3"))
            for field in ["socCode", "title", "pathwayCode"] { #expect(bad.text.contains("\"field\":\"\(field)\"")) }
            let taken = try await app.send(.POST, "/api/v1/occupations", token: coordinator,
                                           json: OccupationInput(socCode: "15-1212", title: "Security analyst", pathwayCode: "IT.2"))
            #expect(taken.text.contains("already on the framework"))

            let browser = try await app.browser(signedInAs: fixture.a.email("coordinator"))
            let added = try await browser.submit("/career-clusters/occupations",
                                                 form: ["socCode": "15-1255", "title": "Web and Digital Interface Designers", "pathwayCode": "IT.4"],
                                                 from: "/career-clusters?framework=2006")
            let page = try await browser.get(try #require(added.location))
            #expect(page.text.contains("Web and Digital Interface Designers was added."))
            #expect(page.text.contains("Web and Digital Interface Designers (15-1255)"))
            #expect(page.text.contains("Information Security Analysts (15-1212)"))
            let refused = try await browser.submit("/career-clusters/occupations", form: ["socCode": "x", "title": "y", "pathwayCode": "IT.4"],
                                                   from: "/career-clusters?framework=2006")
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Enter the 2018 SOC code"))

            let student = try await app.token(fixture.a.email("student"))
            #expect(try await app.send(.POST, "/api/v1/occupations", token: student,
                                       json: OccupationInput(socCode: "15-1299", title: "x", pathwayCode: "IT.4")).status == .forbidden)
            let beta = try await app.token(fixture.b.email("admin"))
            let betaList = try await app.send(.GET, "/api/v1/occupations?pathwayCode=IT.4", token: beta).json([OccupationJSON].self)
            #expect(!betaList.contains { $0.socCode == "15-1255" })
        }
    }
}
