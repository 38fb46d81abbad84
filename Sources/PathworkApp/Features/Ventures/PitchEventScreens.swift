import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// An event's page, for each who comes to it, and a judge's scorecard.
enum PitchEventScreens {
    static func page(_ req: Request, event: PitchEvent, newLink: String? = nil) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let id = try event.requireID()
        let slots = try await PitchDirectory.lineup(event, tenant: tenant)
        let judging = try await PitchDirectory.isJudge(viewer, of: event, tenant: tenant)
        let organizer = viewer.can(.manageTeams)
        let judges = organizer ? try await tenant.query(EventJudge.self).filter(\.$event.$id == id).all() : []
        let judgePeople = try await tenant.query(Person.self).filter(\.$id ~~ judges.map(\.personID)).all()
        let myScores = judging ? Dictionary(grouping: try await tenant.query(PitchScore.self).filter(\.$event.$id == id).filter(\.$judgeID == viewer.personID).all(), by: \.ventureID) : [:]
        let ventures = organizer && event.status == .scheduled ? try await tenant.query(Venture.self).filter(\.$status == .active).sort(\.$name).all() : []
        let results = event.status == .closed || (organizer && event.status == .judging) ? try await PitchDirectory.results(event, tenant: tenant) : nil
        let myVentures = Set(try await tenant.query(VentureMember.self).filter(\.$studentID == viewer.personID).all(\.$venture.$id))
        let feedback = event.status == .closed && !myVentures.isEmpty
            ? try await tenant.query(PitchFeedback.self).filter(\.$event.$id == id).filter(\.$ventureID ~~ Array(myVentures)).all() : []
        let voted = try await tenant.query(AudienceVote.self).filter(\.$event.$id == id).filter(\.$voterID == viewer.personID).first() != nil
        let rubric = event.scoring
        func post(_ step: String, _ content: Node<HTML.FormContext>...) -> Node<HTML.BodyContext> {
            .form(.class("inline"), .method(.post), .action(SiteRoute.pitchEventStep(id, step: step).path), Layout.csrfField(viewer.csrfToken), .group(content))
        }
        return Layout.page(event.title, viewer: viewer, current: .pitchEvents, notice: try? req.query.get(String.self, at: "notice"),
            .p(.class("muted"), .text("\(event.kind.title) · \(event.heldOn)\(event.location.isEmpty ? "" : " · \(event.location)") · \(event.status.rawValue)")),
            .if(!event.audience.isEmpty, .p(.text("Audience: \(event.audience)"))),
            .unwrap(newLink) { link in .section(.class("card notice"), .h2(.text("The judge's sign-in link")),
                .p(.text("Send it to the judge now: it is shown only this once. Opening it on their phone signs them in to judge this event.")), .p(.code(.text(link)))) },
            .section(.class("card"), .h2(.text("Lineup")),
                .if(slots.isEmpty, .p(.text("No ventures yet."))),
                .ol(.forEach(slots) { slot in
                    .li(.if(judging && event.status == .judging,
                            .a(.href(SiteRoute.pitchScore(id, venture: slot.$venture.id).path), .text(slot.venture.name)), else: .text(slot.venture.name)),
                        .if(judging, .span(.class("tag"), .text((myScores[slot.$venture.id]?.count ?? 0) >= rubric.criteria.count ? " scored" : " to score"))),
                        .if(organizer && event.status == .scheduled && slot.position > 1,
                            .group(.text(" "), post("lineup", .input(.type(.hidden), .name("ventureId"), .value(slot.$venture.id.uuidString)),
                                                    .input(.type(.hidden), .name("moveUp"), .value("1")), .button(.type(.submit), .class("link"), .text("Move up"))))),
                        .if(event.audienceVoting && event.status == .judging && !voted && !judging && (viewer.isStaff || viewer.roles.contains(.student)),
                            .group(.text(" "), post("votes", .input(.type(.hidden), .name("ventureId"), .value(slot.$venture.id.uuidString)),
                                                    .button(.type(.submit), .class("secondary"), .text("Vote for it"))))))
                }),
                .if(organizer && event.status == .scheduled && !ventures.isEmpty,
                    post("lineup", FormField.select("Add a venture", name: "ventureId", options: ventures.compactMap { v in v.id.map { (value: $0.uuidString, title: v.name) } }, selected: nil),
                         .button(.type(.submit), .class("secondary"), .text("Add"))))),
            .if(organizer, .section(.class("card"), .h2(.text("Judges (\(judges.count))")),
                .ul(.forEach(judgePeople) { .li(.text("\($0.fullName) · \($0.email)")) }),
                .if(event.status != .closed, post("judges",
                    FormField.text("First name", name: "givenName", value: nil, required: true),
                    FormField.text("Last name", name: "familyName", value: nil, required: true),
                    FormField.text("Email", name: "email", value: nil, type: .email, required: true),
                    .button(.type(.submit), .class("secondary"), .text("Invite and make a sign-in link")))),
                .div(.class("actions"),
                    .if(event.status == .scheduled, post("open", .button(.type(.submit), .text("Open judging")))),
                    .if(event.status == .judging, post("close", .button(.type(.submit), .text("Close and share the results"))))))),
            .unwrap(results) { results in resultsSection(results, closed: event.status == .closed) },
            .if(!feedback.isEmpty, .section(.class("card"), .h2(.text("The judges' feedback for your venture")),
                .ul(.class("log"), .forEach(feedback) { .li(.text($0.comment)) }))))
    }

    static func resultsSection(_ results: PitchResultsJSON, closed: Bool) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text(closed ? "Results" : "Results so far (staff only until the event closes)")),
            .p(.class("muted"), .text(results.method)),
            .if(results.incompleteScorecards > 0, .p(.text("\(results.incompleteScorecards) scorecard\(results.incompleteScorecards == 1 ? " is" : "s are") incomplete and not counted."))),
            .div(.class("table-wrap"), .table(
                .thead(.tr(.th(.text("Rank")), .th(.text("Venture")), .th(.text("Standardized (SD)")), .th(.text("Raw mean (%)")), .th(.text("Judges")),
                           .th(.class("hide-narrow"), .text("Criteria (mean level)")), .th(.text("Audience votes")))),
                .tbody(.forEach(results.standings) { s in
                    .tr(.td(.text("\(s.rank)\(s.tied ? " (tied)" : "")")), .td(.text(s.venture)),
                        .td(.text(signedThousandths(s.standardizedThousandths))),
                        .td(.text(OutcomeArithmetic.decimal(s.rawMeanThousandths, places: 1))), .td(.text(String(s.judges))),
                        .td(.class("hide-narrow"), .text(s.criteria.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value / 10).\($0.value % 10)" }.joined(separator: "; "))),
                        .td(.text(String(s.audienceVotes))))
                }))),
            .if(results.standings.contains(where: \.tied), .p(.text("Ventures marked tied have the same standardized score and share a rank."))))
    }

    /// Thousandths of a standard deviation as "+0.816" or "-0.816".
    static func signedThousandths(_ value: Int) -> String {
        let magnitude = abs(value)
        return "\(value < 0 ? "−" : value > 0 ? "+" : "")\(magnitude / 1000).\(String(format: "%03d", magnitude % 1000))"
    }

    /// A judge's scorecard for one venture on their phone: each criterion's levels with their
    /// descriptors, what they gave so far, and a comment for the team.
    static func scoring(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let event = try await PitchDirectory.find(req.parameters.get("eventID"), req: req)
        let ventureID = try req.parameters.require("ventureID", as: UUID.self)
        guard try await PitchDirectory.isJudge(viewer, of: event, tenant: tenant),
              let slot = try await tenant.query(PitchSlot.self).filter(\.$event.$id == event.requireID()).filter(\.$venture.$id == ventureID).with(\.$venture).first()
        else { throw Abort(.notFound) }
        let members = try await tenant.query(VentureMember.self).filter(\.$venture.$id == ventureID).all(\.$studentID)
        for member in members { try await req.discloseIfExternal(studentID: member, context: "pitch judging: \(slot.venture.name)") }
        let people = try await tenant.query(Person.self).filter(\.$id ~~ members).sort(\.$givenName).all()
        let mine = Dictionary(try await tenant.query(PitchScore.self).filter(\.$event.$id == event.requireID()).filter(\.$ventureID == ventureID)
            .filter(\.$judgeID == viewer.personID).all().map { ($0.criterion, $0.level) }, uniquingKeysWith: { a, _ in a })
        let comment = try await tenant.query(PitchFeedback.self).filter(\.$event.$id == event.requireID()).filter(\.$ventureID == ventureID)
            .filter(\.$judgeID == viewer.personID).first()?.comment
        let id = try event.requireID()
        return Layout.page("Score: \(slot.venture.name)", viewer: viewer, current: .pitchEvents, notice: try? req.query.get(String.self, at: "notice"),
            .p(.class("muted"), .text("Pitch \(slot.position) at \(event.title) · \(people.map(\.shortName).joined(separator: ", "))")),
            .p(.class("muted"), .text("Your scores are saved each time you press Save. Other judges' scores stay hidden until the event closes.")),
            .form(.method(.post), .action(SiteRoute.pitchScore(id, venture: ventureID).path), Layout.csrfField(viewer.csrfToken),
                .forEach(event.scoring.criteria) { criterion in
                    .fieldset(Layout.legend("\(criterion.name) (weight \(criterion.weight))"), .forEach(Array(criterion.levels.enumerated())) { index, descriptor in
                        .label(.class("choice"), .input(.type(.radio), .name("level.\(criterion.name)"), .value(String(index + 1)), .checked(mine[criterion.name] == index + 1)),
                               .text(" \(index + 1) — \(descriptor)"))
                    })
                },
                FormField.textarea("Feedback for the team", name: "comment", value: comment, rows: 3),
                .button(.type(.submit), .class("big"), .text("Save")), .text(" "),
                .a(.class("button secondary"), .href(SiteRoute.pitchEvent(id).path), .text("Back to the lineup"))))
    }
}
