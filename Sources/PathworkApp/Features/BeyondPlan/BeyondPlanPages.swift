import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// Washington's High School and Beyond Plan: a page per student (written by the student on a
/// phone, helped by staff, signed off by a counselor each year), its API, and a summary on the
/// student's page and plan of study.
enum BeyondPlanPages {
    static func register(_ app: Application, pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("ResumeLine", BeyondPlanJSON.lineSchema)
        let plan = BeyondPlanJSON.schema
        api.endpoint(APIOperation(method: .GET, path: ["people", ":personID", "beyond-plan"], summary: "A student's High School and Beyond Plan (Washington)",
                                  tag: "Pathways", response: plan), registry: registry) { req in
            try await BeyondPlanJSON.build(try await BeyondPlanWriter.student(req), on: req)
        }
        api.endpoint(APIOperation(method: .PUT, path: ["people", ":personID", "beyond-plan"], summary: "Write the plan's goals and graduation pathway options",
                                  tag: "Pathways", body: .object([("careerGoals", .text(minLength: 0, maxLength: BeyondPlanWriter.longest)),
                                                                  ("educationGoals", .text(minLength: 0, maxLength: BeyondPlanWriter.longest)),
                                                                  ("graduationPathways", .array(.enumeration(GraduationPathwayOption.allCases.map(\.rawValue))))],
                                                                 required: ["careerGoals", "educationGoals", "graduationPathways"]),
                                  response: plan), registry: registry) { req in
            let student = try await BeyondPlanWriter.student(req)
            try await BeyondPlanWriter.save(try req.input(BeyondPlanInput.self), student: student.id, on: req)
            return try await BeyondPlanJSON.build(student, on: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["people", ":personID", "beyond-plan", "sign-off"], summary: "Sign off the plan for this school year (counselors)",
                                  tag: "Pathways", body: .object([("note", .text(minLength: 0, maxLength: BeyondPlanWriter.longest))], required: []),
                                  response: plan, success: .created, rules: [.rule("every part the student's grade requires is in the plan")]),
                     registry: registry) { req in
            let student = try await BeyondPlanWriter.student(req)
            _ = try await BeyondPlanWriter.signOff(try req.input(BeyondPlanSignOffInput.self), student: student, on: req)
            return try await BeyondPlanJSON.build(student, on: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["beyond-plan-sign-offs", ":signOffID"], summary: "Take back a sign-off given in error (counselors)",
                                  tag: "Pathways", success: .noContent), registry: registry) { req in
            _ = try await BeyondPlanWriter.withdraw(req.parameters.get("signOffID", as: UUID.self), on: req)
            return HTTPStatus.noContent
        }
        api.endpoint(APIOperation(method: .POST, path: ["people", ":personID", "beyond-plan", "resume-entries"], summary: "Add a line to the student's résumé",
                                  tag: "Pathways", body: .object([("kind", .enumeration(ResumeEntryKind.allCases.map(\.rawValue))), ("title", .text(minLength: 1, maxLength: 200)),
                                                                  ("organization", .text(minLength: 0, maxLength: 200)), ("startsOn", .string(format: "date")),
                                                                  ("endsOn", .nullable(.string(format: "date"))), ("recognition", .text(minLength: 0, maxLength: 500))],
                                                                 required: ["kind", "title", "startsOn"]),
                                  response: .ref("ResumeLine"), success: .created,
                                  rules: [.rule("startsOn is today or earlier"), .rule("endsOn is not before startsOn")]), registry: registry) { req in
            let student = try await BeyondPlanWriter.student(req)
            let entry = try await BeyondPlanWriter.addEntry(try req.input(ResumeEntryInput.self), student: student.id, on: req)
            return try await ResumeLine(id: entry.requireID(), kind: entry.kind, title: entry.title,
                                        detail: [entry.organization, entry.recognition].filter { !$0.isEmpty }.joined(separator: " · "),
                                        startsOn: entry.startsOn, endsOn: entry.endsOn, fromPathwork: false).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["resume-entries", ":resumeEntryID"], summary: "Remove a résumé line the student added",
                                  tag: "Pathways", success: .noContent), registry: registry) { req in
            try await BeyondPlanWriter.requireWashington(try req.tenant)
            _ = try await BeyondPlanWriter.removeEntry(req.parameters.get("resumeEntryID", as: UUID.self), on: req)
            return HTTPStatus.noContent
        }

        pages.get(SiteRoute.beyondPlan(.pattern).pattern) { req async throws -> Page in
            try await page(req, student: try await BeyondPlanWriter.student(req))
        }
        pages.post(SiteRoute.beyondPlan(.pattern).pattern) { req async throws -> Response in
            let student = try await BeyondPlanWriter.student(req)
            let input = BeyondPlanInput(careerGoals: try req.field(String.self, at: "careerGoals"), educationGoals: try req.field(String.self, at: "educationGoals"),
                                        graduationPathways: try req.field([String].self, at: "graduationPathways") ?? [])
            return try await respond(req, student: student, notice: "The plan was saved.") { try await BeyondPlanWriter.save(input, student: student.id, on: req) }
        }
        pages.post(SiteRoute.beyondPlanStep(.pattern, step: "sign-off").pattern) { req async throws -> Response in
            let student = try await BeyondPlanWriter.student(req)
            let input = BeyondPlanSignOffInput(note: try req.field(String.self, at: "note"))
            return try await respond(req, student: student, notice: "Signed off for this school year.") {
                _ = try await BeyondPlanWriter.signOff(input, student: student, on: req)
            }
        }
        pages.post(SiteRoute.beyondPlanStep(.pattern, step: "resume").pattern) { req async throws -> Response in
            let student = try await BeyondPlanWriter.student(req)
            let input = try req.input(ResumeEntryInput.self)
            return try await respond(req, student: student, notice: "Added to the résumé.") { _ = try await BeyondPlanWriter.addEntry(input, student: student.id, on: req) }
        }
        pages.post(SiteRoute.withdrawBeyondPlanSignOff(.pattern).pattern) { req async throws -> Response in
            let student = try await BeyondPlanWriter.withdraw(req.parameters.get("signOffID", as: UUID.self), on: req)
            return req.redirect(to: SiteRoute.beyondPlan(student).path(query: [("notice", "The sign-off was taken back.")]))
        }
        pages.post(SiteRoute.removeResumeEntry(.pattern).pattern) { req async throws -> Response in
            try await BeyondPlanWriter.requireWashington(try req.tenant)
            let student = try await BeyondPlanWriter.removeEntry(req.parameters.get("resumeEntryID", as: UUID.self), on: req)
            return req.redirect(to: SiteRoute.beyondPlan(student).path(query: [("notice", "The line was removed.")]) + "#resume")
        }
        BeyondPlanRoster.register(pages)
        app.personSections.add { req, record in try await summary(req, record) }
        app.studyPlanSections.add { req, record in try await summary(req, record) }
    }

    /// Runs a form's change; its field errors come back on the page with what was typed.
    static func respond(_ req: Request, student: PersonRecord, notice: String, _ change: () async throws -> Void) async throws -> Response {
        do {
            try await change()
            return req.redirect(to: SiteRoute.beyondPlan(student.id).path(query: [("notice", notice)]))
        } catch let error as PathworkError where !error.fieldErrors.isEmpty {
            var shown = try await page(req, student: student, errors: error.fieldErrors)
            shown.status = error.status
            return try await shown.encodeResponse(for: req)
        }
    }

    /// On the student's page and plan of study, where the district follows Washington's rules.
    static func summary(_ req: Request, _ record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        guard record.roles.contains(.student), let grade = record.profile?.grade, grade >= BeyondPlanRules.firstGrade,
              Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: record.id == viewer.personID),
              try await LaborCheck.settings(try req.tenant).overlay == .washington else { return .empty }
        let tenant = try req.tenant
        let year = SchoolCalendar.schoolYearStart(containing: req.today)
        let signed = try await tenant.query(BeyondPlanSignOff.self).filter(\.$studentID == record.id).filter(\.$schoolYear == year).first()
        let missing = BeyondPlanRules.missing(try await BeyondPlanWriter.contents(student: record.id, tenant: tenant), grade: grade)
        return .section(.class("card"), .id("beyond-plan"), .h2(.text("High School and Beyond Plan")),
            .p(.text(signed.map { "Current: signed off on \($0.signedOn). " } ?? "Not yet signed off this school year. "),
               .text(missing.isEmpty ? "Nothing missing. " : "Still needed: \(missing.map(\.title).joined(separator: ", ")). "),
               .a(.href(SiteRoute.beyondPlan(record.id).path), .text("Open the plan")),
               .if(viewer.can(.viewStudentDetails), .group(.text(" · "), .a(.href(SiteRoute.beyondPlans.path), .text("Every student's plan"))))))
    }
}
