import Fluent
import PathworkDomain
import Plot
import Vapor

/// The mentor's own page, and the mentor parts of person and team pages for staff.
enum MentoringPages {
    struct SessionForm: Content {
        var teamId: String?, studentId: String?, heldOn: String?, minutes: String?, topic: String?
        var input: SessionInput {
            SessionInput(teamId: teamId.flatMap(UUID.init(uuidString:)), studentId: studentId.flatMap(UUID.init(uuidString:)),
                         heldOn: heldOn, minutes: minutes.flatMap { Int($0) }, topic: topic)
        }
    }

    struct ReferralForm: Content {
        var studentId: String?, referredTo: String?, note: String?
        var input: ReferralInput { ReferralInput(studentId: studentId.flatMap(UUID.init(uuidString:)), referredTo: referredTo, note: note) }
    }

    static func register(_ app: Application, pages: any RoutesBuilder) {
        pages.get(SiteRoute.mentoring.pattern) { req async throws -> Page in
            try req.viewer.require(.mentorStudents)
            return try await render(req)
        }
        pages.post(SiteRoute.mentoringSessions.pattern) { req async throws -> Response in
            try req.viewer.require(.mentorStudents)
            do {
                _ = try await MentoringWriter.logSession(try req.input(SessionForm.self).input, on: req)
                return req.redirect(to: SiteRoute.mentoring.path(query: [("notice", "Session logged.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await render(req, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.referrals.pattern) { req async throws -> Response in
            try req.viewer.require(.mentorStudents)
            do {
                _ = try await MentoringWriter.refer(try req.input(ReferralForm.self).input, on: req)
                return req.redirect(to: SiteRoute.mentoring.path(query: [("notice", "Referral recorded; the coordinator will follow up.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await render(req, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.mentorProfile(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            let id = req.parameters.get("personID", as: UUID.self)
            let form = try req.input(MentorProfileInput.self)
            _ = try await MentoringWriter.saveProfile(for: id, form, on: req)
            return req.redirect(to: SiteRoute.person(id ?? .pattern).path(query: [("notice", "Mentor profile saved.")]))
        }
        pages.post(SiteRoute.assignMentor(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            do {
                _ = try await MentoringWriter.assign((try req.field(String.self, at: "mentorId")).flatMap(UUID.init(uuidString:)), to: team,
                                                     from: try req.field(String.self, at: "startsOn"), on: req)
                return req.redirect(to: SiteRoute.team(try team.requireID()).path(query: [("notice", "The mentor was assigned.")]))
            } catch let error as PathworkError where error.status == .unprocessableEntity || error.status == .conflict {
                let errors = error.fieldErrors.isEmpty ? [FieldError(field: "mentorId", message: error.reason)] : error.fieldErrors
                return try await TeamPage.render(req, team: team, errors: errors).encodeResponse(for: req)
            }
        }
        app.teamSections.add { req, team in try await teamSection(req, team: team) }
        app.personSections.add { req, record in try await profileSection(req, record: record) }
    }

    static func render(_ req: Request, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let view = try await MentoringJSON.load(mentorID: viewer.personID, tenant: req.tenant)
        let students = view.teams.flatMap(\.students)
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Mentoring", viewer: viewer, current: .mentoring, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .if(view.teams.isEmpty, .p(.text("You are not assigned to a team yet. The program coordinator assigns mentors to teams."))),
            .forEach(view.teams) { team in
                .section(.class("card"), .h2(.text(team.name)), .p(.class("muted"), .text(team.discipline)),
                    .ul(.forEach(team.students) { .li(.a(.href(SiteRoute.person($0.id).path), .text($0.displayName)), .text(" — \($0.role)")) }),
                    .if(!team.work.isEmpty, .h3(.text("Client work"))),
                    .ul(.forEach(team.work) { work in
                        .li(.text("\(work.engagement) (\(work.status.lowercased()))"), .ul(.forEach(work.deliverables) { .li(.text($0)) }))
                    }))
            },
            .section(.class("card"), .h2(.text("Log a session")),
                .form(.method(.post), .action(SiteRoute.mentoringSessions.path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Team", name: "teamId", options: [(value: "", title: "Any")] + view.teams.map { (value: $0.id.uuidString, title: $0.name) },
                                     selected: nil, error: error("teamId")),
                    FormField.select("Student (optional)", name: "studentId",
                                     options: [(value: "", title: "Whole team")] + students.map { (value: $0.id.uuidString, title: $0.displayName) },
                                     selected: nil, error: error("studentId")),
                    FormField.text("Date", name: "heldOn", value: req.today.description, type: .date, error: error("heldOn")),
                    FormField.text("Minutes", name: "minutes", value: "60", type: .number, error: error("minutes")),
                    FormField.text("Topic", name: "topic", value: nil, error: error("topic")),
                    .button(.type(.submit), .text("Log session")))),
            .section(.class("card"), .h2(.text("Refer a student onward")),
                .form(.method(.post), .action(SiteRoute.referrals.path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Student", name: "studentId", options: [(value: "", title: "Choose")] + students.map { (value: $0.id.uuidString, title: $0.displayName) },
                                     selected: nil, error: error("studentId")),
                    FormField.text("Referred to", name: "referredTo", value: nil, error: error("referredTo")),
                    FormField.text("Note", name: "note", value: nil),
                    .button(.type(.submit), .text("Refer")))),
            .h2(.text("Your sessions")),
            .if(view.sessions.isEmpty, .p(.text("No sessions logged yet."))),
            .ul(.forEach(view.sessions) { .li(.text("\($0.heldOn) · \($0.minutes) min · \($0.topic)")) }))
    }

    static func teamSection(_ req: Request, team: Team) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let assignments = try await tenant.query(MentorAssignment.self).filter(\.$team.$id == team.requireID()).filter(\.$endsOn == nil).all()
        let mentors = try await TeamForms.people(withRoles: [.mentor], tenant: tenant)
        let names = Dictionary(try mentors.saved().map { ($0.id, $0.fullName) }, uniquingKeysWith: { a, _ in a })
        let assigned = Set(assignments.map(\.mentorID))
        return .group(
            .h2(.text("Mentors")),
            .if(assignments.isEmpty, .p(.text("No mentor yet."))),
            .ul(.forEach(assignments) { .li(.a(.href(SiteRoute.person($0.mentorID).path), .text(names[$0.mentorID] ?? "Mentor")), .text(" since \($0.startsOn)")) }),
            .if(viewer.can(.manageTeams), .form(.method(.post), .action(SiteRoute.assignMentor(try team.requireID()).path), Layout.csrfField(viewer.csrfToken),
                FormField.select("Assign a mentor", name: "mentorId", options: [(value: "", title: "Choose a mentor")]
                                    + (try mentors.filter { !assigned.contains(try $0.requireID()) }.map { (value: try $0.requireID().uuidString, title: "\($0.fullName)\($0.organization.map { " — \($0)" } ?? "")") }),
                                 selected: nil),
                .input(.type(.hidden), .name("startsOn"), .value(req.today.description)),
                .button(.type(.submit), .class("secondary"), .text("Assign mentor")))))
    }

    /// On a mentor's or worksite supervisor's person page, for staff: expertise and background
    /// check, editable. Supervising a minor at a worksite needs a current check, as mentoring does.
    static func profileSection(_ req: Request, record: PersonRecord) async throws -> Node<HTML.BodyContext> {
        let viewer = try req.viewer
        guard record.roles.contains(.mentor) || record.roles.contains(.supervisor), viewer.isStaff else { return .empty }
        let profile = try await req.tenant.query(MentorProfile.self).filter(\.$personID == record.id).first()
        let check = profile?.check ?? BackgroundCheck(status: .notStarted)
        let current = check.isCurrent(on: req.today)
        return .section(.class("card"), .h2(.text(record.roles.contains(.mentor) ? "Mentor profile" : "Supervisor profile")),
            .p(.strong(.text(current ? "Background check current" : "Background check not current")),
               .text(" · \(check.status.title)\(check.expiresOn.map { ", expires \($0)" } ?? "")")),
            .if(viewer.can(.manageTeams), .form(.method(.post), .action(SiteRoute.mentorProfile(record.id).path), Layout.csrfField(viewer.csrfToken),
                FormField.text("Expertise", name: "expertise", value: profile?.expertise),
                FormField.select("Background check", name: "backgroundCheckStatus",
                                 options: BackgroundCheck.Status.allCases.map { (value: $0.rawValue, title: $0.title) }, selected: check.status.rawValue),
                FormField.text("Checked on", name: "checkedOn", value: check.checkedOn?.description, type: .date),
                FormField.text("Expires on", name: "expiresOn", value: check.expiresOn?.description, type: .date),
                .button(.type(.submit), .class("secondary"), .text("Save profile")))))
    }
}
