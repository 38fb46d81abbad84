import Fluent
import PathworkDomain
import Plot
import Vapor

/// `/teams`: the list, a new team, and one team's page with its roles and roster.
enum TeamPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.teams.pattern) { req async throws -> Page in
            let viewer = try req.viewer
            try viewer.require(.viewTeams)
            let tenant = try req.tenant
            let teams = try await tenant.query(Team.self).sort(\.$name).all()
            let today = req.today
            let seats = try await tenant.query(Membership.self).all().filter { $0.isOnRoster(on: today) }
            let programs = try await tenant.query(Program.self).sort(\.$name).all()
            return Layout.page("Teams", viewer: viewer, current: .teams, notice: try? req.query.get(String.self, at: "notice"),
                .if(viewer.can(.manageTeams), .p(.a(.class("button"), .href(SiteRoute.newTeam.path), .text("Create a team")))),
                .if(teams.isEmpty, .p(.text("No teams yet."))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Team")), .th(.text("Discipline")), .th(.text("Students")))),
                    .tbody(try .forEach(teams) { team in
                        .tr(.td(.a(.href(SiteRoute.team(try team.requireID()).path), .text(team.name))), .td(.text(team.discipline)),
                            .td(.text("\(seats.filter { $0.$team.id == team.id }.count) of \(team.capacity)")))
                    }))),
                Programs.section(programs, teams: teams, viewer: viewer))
        }
        pages.get(SiteRoute.newTeam.pattern) { req async throws -> Page in
            try req.viewer.require(.manageTeams)
            return try await TeamForms.newTeam(req, input: TeamInput())
        }
        pages.post(SiteRoute.teams.pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            let input = try req.input(TeamForms.TeamForm.self)
            do {
                let team = try await TeamsWriter.createTeam(input.teamInput, on: req)
                return req.redirect(to: SiteRoute.team(try team.requireID()).path(query: [("notice", "\(team.name) was created.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await TeamForms.newTeam(req, input: input.teamInput, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.editTeam(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            return try await TeamForms.newTeam(req, input: TeamInput(name: team.name, discipline: team.discipline, programId: team.$program.id,
                                                                      leadId: team.leadID, capacity: team.capacity), editing: team)
        }
        pages.post(SiteRoute.editTeam(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            let input = try req.input(TeamForms.TeamForm.self).teamInput
            do {
                _ = try await TeamsWriter.save(input, existing: team, on: req)
                return req.redirect(to: SiteRoute.team(try team.requireID()).path(query: [("notice", "The team was saved.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await TeamForms.newTeam(req, input: input, errors: error.fieldErrors, editing: team).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.team(.pattern).pattern) { req async throws -> Page in
            try req.viewer.require(.viewTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            return try await TeamPage.render(req, team: team)
        }
        pages.post(SiteRoute.addTeamRole(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            let form = try req.input(TeamForms.RoleForm.self)
            do {
                let role = try await TeamsWriter.addRole(form.roleInput, to: team, on: req)
                return req.redirect(to: SiteRoute.team(try team.requireID()).path(query: [("notice", "Role \(role.name) added.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await TeamPage.render(req, team: team, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.placeOnTeam(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            let team = try await req.tenant.find(Team.self, req.parameters.get("teamID"))
            let form = try req.input(TeamForms.SeatForm.self)
            do {
                _ = try await TeamsWriter.place(form.membershipInput, on: team, req: req)
                return req.redirect(to: SiteRoute.team(try team.requireID()).path(query: [("notice", "The student was placed on \(team.name).")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty || error.code != nil {
                let errors = error.fieldErrors.isEmpty ? [FieldError(field: "studentId", message: error.reason)] : error.fieldErrors
                return try await TeamPage.render(req, team: team, errors: errors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.endMembership(.pattern).pattern) { req async throws -> Response in
            try req.viewer.require(.manageTeams)
            let membership = try await req.tenant.find(Membership.self, req.parameters.get("membershipID"))
            let endsOn = try req.field(String.self, at: "endsOn")
            try await TeamsWriter.end(membership, on: endsOn, req: req)
            return req.redirect(to: SiteRoute.team(membership.$team.id).path(query: [("notice", "The student leaves the team on \(endsOn ?? "").")]))
        }
        RotationPages.register(pages)
    }
}
