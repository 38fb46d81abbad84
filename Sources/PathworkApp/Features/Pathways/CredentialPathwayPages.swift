import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

struct RequirementProgressJSON: Content {
    var id: UUID
    var year: Int
    var title: String
    var kind: PathwayRequirementKind
    var met: Bool
    var percent: Int
    var doneMinutes: Int?
    var neededMinutes: Int?
    var issuesBadge: Bool
}

struct PathwayProgressJSON: Content {
    var pathwayId: UUID
    var title: String
    var studentId: UUID
    var percent: Int
    var complete: Bool
    var requirements: [RequirementProgressJSON]

    init(_ item: PathwayRecords.StudentPathway) throws {
        pathwayId = try item.pathway.requireID()
        title = item.pathway.title
        studentId = item.enrollment.studentID
        percent = item.progress.percent
        complete = item.progress.isComplete
        requirements = try zip(item.requirements, item.progress.requirements).map { requirement, progress in
            try RequirementProgressJSON(id: try requirement.requireID(), year: requirement.year, title: requirement.title, kind: requirement.kind, met: progress.met,
                                    percent: progress.percent, doneMinutes: progress.doneMinutes, neededMinutes: requirement.minutes,
                                    issuesBadge: requirement.issuesBadge)
        }
    }
}

struct CreatedJSON: Content {
    var id: UUID
}

/// Credential pathways over the API and on pages; progress on the student's page.
enum CredentialPathwayPages {
    static func register(_ app: Application, pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        let kinds = Schema.enumeration(PathwayRequirementKind.allCases.map(\.rawValue))
        registry.define("PathwayProgress", .object([
            ("pathwayId", .string(format: "uuid")), ("title", .string()), ("studentId", .string(format: "uuid")), ("percent", .integer()),
            ("complete", .boolean), ("requirements", .array(.object([
                ("id", .string(format: "uuid")), ("year", .integer()), ("title", .string()), ("kind", kinds), ("met", .boolean),
                ("percent", .integer()), ("doneMinutes", .nullable(.integer())), ("neededMinutes", .nullable(.integer())), ("issuesBadge", .boolean),
            ], required: ["id", "year", "title", "kind", "met", "percent", "issuesBadge"]))),
        ], required: ["pathwayId", "title", "studentId", "percent", "complete", "requirements"]))
        let idOnly = Schema.object([("id", .string(format: "uuid"))], required: ["id"])
        api.endpoint(APIOperation(method: .POST, path: ["credential-pathways"], summary: "Create a multi-year credential pathway", tag: "Pathways",
                                  body: .object([("title", .words(maxLength: 160)), ("description", .text(minLength: 0, maxLength: 2000)),
                                                 ("years", .bounded(minimum: 1, maximum: 6))], required: ["title", "years"]),
                                  response: idOnly, success: .created), registry: registry) { req in
            let pathway = try await CredentialPathwayWriter.create(try req.input(CredentialPathwayInput.self), on: req)
            return try await CreatedJSON(id: pathway.requireID()).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["credential-pathways", ":pathwayID", "requirements"], summary: "Add a requirement",
                                  tag: "Pathways", body: .object([("year", .bounded(minimum: 1, maximum: 6)), ("title", .words(maxLength: 160)), ("kind", kinds),
                                                                  ("roleName", .text(minLength: 0, maxLength: 160)), ("hours", .bounded(minimum: 1, maximum: 2000)),
                                                                  ("credentialTitle", .text(minLength: 0, maxLength: 160)), ("courseCode", .text(minLength: 0, maxLength: 20)),
                                                                  ("issuesBadge", .boolean)], required: ["year", "title", "kind"]),
                                  response: idOnly, success: .created,
                                  rules: [.rule("year is within the pathway's years"), .rule("roleHours names roleName and hours"),
                                          .rule("credential names credentialTitle and issues no badge of its own"), .rule("course names courseCode")]), registry: registry) { req in
            let pathway = try await req.tenant.find(CredentialPathway.self, req.parameters.get("pathwayID"))
            let requirement = try await CredentialPathwayWriter.addRequirement(try req.input(PathwayRequirementInput.self), to: pathway, on: req)
            return try await CreatedJSON(id: requirement.requireID()).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["credential-pathways", ":pathwayID", "enrollments"], summary: "Put a student on the pathway",
                                  tag: "Pathways", body: .object([("studentId", .string(format: "uuid")), ("startedOn", .string(format: "date"))],
                                                                 required: ["studentId"]),
                                  response: idOnly, success: .created), registry: registry) { req in
            let pathway = try await req.tenant.find(CredentialPathway.self, req.parameters.get("pathwayID"))
            let enrollment = try await CredentialPathwayWriter.enroll(try req.input(PathwayEnrollmentInput.self), in: pathway, on: req)
            return try await CreatedJSON(id: enrollment.requireID()).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["pathway-checkpoints"], summary: "Record a lab module or exam a student completed",
                                  tag: "Pathways", body: .object([("requirementId", .string(format: "uuid")), ("studentId", .string(format: "uuid")),
                                                                  ("completedOn", .string(format: "date")), ("evidence", .words(maxLength: 500))],
                                                                 required: ["requirementId", "studentId", "completedOn", "evidence"]),
                                  response: idOnly, success: .created,
                                  rules: [.rule("the requirement is a lab module or exam the student's pathway holds"), .rule("completedOn is today or earlier")]), registry: registry) { req in
            let checkpoint = try await CredentialPathwayWriter.recordCheckpoint(try req.input(PathwayCheckpointInput.self), on: req)
            return try await CreatedJSON(id: checkpoint.requireID()).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["credential-pathways", "progress"], summary: "A student's progress on their pathways, from the records",
                                  tag: "Pathways", query: [.uuid("studentId", "the student (students see only their own)")],
                                  response: .array(.ref("PathwayProgress"))), registry: registry) { req in
            let viewer = try req.viewer
            let asked = try? req.query.get(UUID.self, at: "studentId")
            let student: UUID
            if viewer.roles.contains(.student) { student = viewer.personID }
            else if viewer.can(.viewStudentDetails), let asked { student = try await PeopleDirectory.find(asked, viewer: viewer, tenant: try req.tenant).id }
            else { throw Abort(.forbidden, reason: "District staff name a student; students see their own.") }
            return try await PathwayRecords.pathways(of: student, tenant: try req.tenant, today: req.today).map(PathwayProgressJSON.init)
        }
        CredentialPathwayScreens.register(pages)
        app.personSections.add { req, record in try await studentSection(req, record: record) }
        app.approvalHooks.add { students, tenant, audit, now in
            try await PathwayRecords.awardMilestones(students: students, tenant: tenant, audit: audit, app: app, now: now)
        }
    }

    /// One pathway's requirements with this student's progress, year by year.
    static func progressList<C: HTML.BodyContext>(_ item: PathwayRecords.StudentPathway) -> Node<C> {
        .ol(.class("progress"), .forEach(Array(zip(item.requirements, item.progress.requirements))) { pair in step(pair.0, pair.1) })
    }

    private static func step(_ requirement: PathwayRequirement, _ progress: RequirementProgress) -> Node<HTML.ListContext> {
        let state = progress.met ? "done"
            : requirement.kind == .roleHours ? "\(ChildLabor.hours(progress.doneMinutes ?? 0)) of \(ChildLabor.hours(requirement.minutes ?? 0))" : "not yet"
        let gauge: Node<HTML.BodyContext> = requirement.kind == .roleHours ? Layout.meter(progress.percent, max: 100, label: "\(progress.percent)%") : .empty
        let badge: Node<HTML.BodyContext> = requirement.issuesBadge ? .span(.class("muted"), .text(" · earns a signed credential")) : .empty
        return .li(.text("Year \(requirement.year): \(requirement.title) — "), .strong(.text(state)), .text(" "), gauge, badge)
    }

    static func studentSection(_ req: Request, record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        guard record.roles.contains(.student), Policy.seesStudentDetails(viewerRoles: viewer.roles, isSelf: record.id == viewer.personID) else { return .empty }
        let items = try await PathwayRecords.pathways(of: record.id, tenant: try req.tenant, today: req.today)
        guard !items.isEmpty else { return .empty }
        return .section(.class("card"), .h2(.text("Credential pathways")),
            .forEach(items) { item in
                .group(.h3(.text("\(item.pathway.title): \(item.progress.percent)% of requirements met")),
                       .p(.class("muted"), .text("Started \(item.enrollment.startedOn). Progress comes from completed courses, approved hours, recorded credentials and recorded lab modules and exams.")),
                       progressList(item))
            })
    }
}
