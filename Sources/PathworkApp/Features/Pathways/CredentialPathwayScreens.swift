import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// The coordinator's pages for credential pathways: the list, and one pathway with its
/// requirements, its students' progress, and forms to add, enroll and record.
enum CredentialPathwayScreens {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.credentialPathways.pattern) { req async throws -> Page in
            try req.viewer.require(.manageCredentials)
            return try await list(req, input: CredentialPathwayInput())
        }
        pages.post(SiteRoute.credentialPathways.pattern) { req async throws -> Response in
            let input = try req.input(CredentialPathwayInput.self)
            do {
                let pathway = try await CredentialPathwayWriter.create(input, on: req)
                return req.redirect(to: SiteRoute.credentialPathway(try pathway.requireID()).path(query: [("notice", "The pathway was created; add its requirements.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await list(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.credentialPathway(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageCredentials)
            return try await detail(req)
        }
        for step in ["requirements", "enrollments", "checkpoints"] {
            pages.post(SiteRoute.credentialPathwayStep(.pattern, step: step).pattern) { req async throws -> Response in
                let pathway = try await req.tenant.find(CredentialPathway.self, req.parameters.get("pathwayID"))
                do {
                    let notice: String
                    switch step {
                    case "requirements":
                        var input = try req.input(PathwayRequirementInput.self)
                        input.issuesBadge = input.issuesBadge ?? false
                        notice = "Added “\(try await CredentialPathwayWriter.addRequirement(input, to: pathway, on: req).title)”."
                    case "enrollments":
                        _ = try await CredentialPathwayWriter.enroll(try req.input(PathwayEnrollmentInput.self), in: pathway, on: req)
                        notice = "The student now follows this pathway."
                    default:
                        _ = try await CredentialPathwayWriter.recordCheckpoint(try req.input(PathwayCheckpointInput.self), on: req)
                        notice = "Recorded."
                    }
                    return req.redirect(to: SiteRoute.credentialPathway(try pathway.requireID()).path(query: [("notice", notice)]))
                } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                    return try await detail(req, errors: error.fieldErrors).encodeResponse(for: req)
                }
            }
        }
    }

    static func list(_ req: Request, input: CredentialPathwayInput, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let pathways = try await req.tenant.query(CredentialPathway.self).sort(\.$title).all()
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Credential pathways", viewer: viewer, current: .credentials, status: errors.isEmpty ? .ok : .unprocessableEntity,
            .p(.text("Multi-year sequences of requirements; each student's progress is computed from completed courses, approved hours, recorded credentials, and lab modules and exams recorded with evidence.")),
            .ul(try .forEach(pathways) { pathway in
                .li(.a(.href(SiteRoute.credentialPathway(try pathway.requireID()).path), .text(pathway.title)), .text(" — \(pathway.years) years"))
            }),
            FormField.errorSummary(errors),
            .section(.class("card"), .h2(.text("New pathway")),
                .form(.method(.post), .action(SiteRoute.credentialPathways.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Name", name: "title", value: input.title, error: error("title")),
                    FormField.text("Description", name: "description", value: input.description),
                    FormField.text("Years", name: "years", value: input.years.map(String.init), type: .number, error: error("years")),
                    .button(.type(.submit), .text("Create pathway")))))
    }

    static func detail(_ req: Request, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let pathway = try await tenant.find(CredentialPathway.self, req.parameters.get("pathwayID"))
        let requirements = try await PathwayRecords.requirements(of: pathway.requireID(), tenant: tenant)
        let enrollments = try await tenant.query(PathwayEnrollment.self).filter(\.$pathwayID == pathway.requireID()).all()
        var rows: [(Person, PathwayRecords.StudentPathway)] = []
        for enrollment in enrollments {
            let person = try await tenant.find(Person.self, enrollment.studentID)
            if let item = try await PathwayRecords.pathways(of: enrollment.studentID, tenant: tenant, today: req.today).first(where: { $0.pathway.id == pathway.id }) {
                rows.append((person, item))
            }
        }
        rows.sort { ($0.1.progress.percent, $1.0.familyName) > ($1.1.progress.percent, $0.0.familyName) }
        let credentials = try await tenant.query(Credential.self).sort(\.$title).all()
        let courses = try await tenant.query(Course.self).sort(\.$code).all()
        let checkpoints = requirements.filter { $0.kind == .checkpoint }
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page(pathway.title, viewer: viewer, current: .credentials, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            .p(.text(pathway.description)),
            FormField.errorSummary(errors),
            .section(.class("card"), .h2(.text("Requirements")),
                .if(requirements.isEmpty, .p(.text("None yet."))),
                .ol(.forEach(requirements) { r in
                    .li(.text("Year \(r.year): \(r.title) — \(r.kind.title)"),
                        .text(r.kind == .roleHours ? " (\(ChildLabor.hours(r.minutes ?? 0)) as \(r.roleName ?? ""))" : (r.credentialTitle ?? r.courseCode).map { " (\($0))" } ?? ""),
                        .if(r.issuesBadge, .span(.class("muted"), .text(" · earns a signed credential"))))
                }),
                .details(.summary(.text("Add a requirement")),
                    .form(.method(.post), .action(SiteRoute.credentialPathwayStep(try pathway.requireID(), step: "requirements").path), Layout.csrfField(viewer.csrfToken),
                        FormField.text("Year", name: "year", value: nil, type: .number, error: error("year")),
                        FormField.text("What the student must do", name: "title", value: nil, error: error("title")),
                        FormField.select("Kind", name: "kind", options: [(value: "", title: "Choose")] + PathwayRequirementKind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                         selected: nil, error: error("kind")),
                        FormField.text("Team role (for hours)", name: "roleName", value: nil, error: error("roleName")),
                        FormField.text("Hours needed", name: "hours", value: nil, type: .number, error: error("hours")),
                        FormField.select("Credential (for a credential)", name: "credentialTitle",
                                         options: [(value: "", title: "None")] + credentials.map { (value: $0.title, title: $0.title) }, selected: nil,
                                         error: error("credentialTitle")),
                        FormField.select("Course (for a completed course)", name: "courseCode",
                                         options: [(value: "", title: "None")] + courses.map { (value: $0.code, title: "\($0.code) \($0.title)") }, selected: nil,
                                         error: error("courseCode")),
                        FormField.checkbox("Meeting it earns a signed credential", name: "issuesBadge", checked: false),
                        .button(.type(.submit), .class("secondary"), .text("Add requirement"))))),
            .section(.class("card"), .h2(.text("Students (\(rows.count))")),
                .forEach(rows) { person, item in
                    .details(.summary(.strong(.text("\(person.familyName), \(person.givenName)")), .text(" — \(item.progress.percent)%")),
                             CredentialPathwayPages.progressList(item))
                },
                .form(.method(.post), .action(SiteRoute.credentialPathwayStep(try pathway.requireID(), step: "enrollments").path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Add a student by student number", name: "studentNumber", value: nil, error: error("studentNumber")),
                    .button(.type(.submit), .class("secondary"), .text("Add student")))),
            .if(!checkpoints.isEmpty && !rows.isEmpty, .section(.class("card"), .h2(.text("Record a lab module or exam")),
                .form(.method(.post), .action(SiteRoute.credentialPathwayStep(try pathway.requireID(), step: "checkpoints").path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Student", name: "studentId", options: try rows.map { (value: try $0.0.requireID().uuidString, title: "\($0.0.familyName), \($0.0.givenName)") },
                                     selected: nil, error: error("studentId")),
                    FormField.select("Lab module or exam", name: "requirementId", options: try checkpoints.map { (value: try $0.requireID().uuidString, title: "Year \($0.year): \($0.title)") },
                                     selected: nil, error: error("requirementId")),
                    FormField.text("Completed on", name: "completedOn", value: req.today.description, type: .date, error: error("completedOn")),
                    FormField.text("Evidence (score, lab report, who checked)", name: "evidence", value: nil, error: error("evidence")),
                    .button(.type(.submit), .text("Record"))))))
    }
}
