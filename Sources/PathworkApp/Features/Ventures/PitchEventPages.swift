import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// `/pitch-events`: the coordinator schedules an event, lines ventures up and invites judges;
/// judges score on their phone; the audience votes; everyone reads the results once it closes.
enum PitchEventPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.pitchEvents.pattern) { req async throws -> Page in try await list(req) }
        pages.post(SiteRoute.pitchEvents.pattern) { req async throws -> Response in
            let form = try req.content.decode([String: String].self)
            let input = PitchEventInput(title: form["title"], kind: form["kind"], heldOn: form["heldOn"], location: form["location"], audience: form["audience"],
                                        audienceVoting: form["audienceVoting"] == "on", rubric: form["rubric"].map(parseRubric))
            do {
                let event = try await PitchEventsWriter.create(input, on: req)
                return req.redirect(to: SiteRoute.pitchEvent(try event.requireID()).path(query: [("notice", "Scheduled. Line up the ventures and invite the judges.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await list(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.get(SiteRoute.pitchEvent(.pattern).pattern) { req async throws -> Page in
            try await PitchEventScreens.page(req, event: try await PitchDirectory.find(req.parameters.get("eventID"), req: req))
        }
        func step(_ name: String, _ body: @escaping @Sendable (Request, String?) async throws -> String) {
            pages.post(SiteRoute.pitchEventStep(.pattern, step: name).pattern) { req async throws -> Response in
                let id = try req.parameters.require("eventID", as: UUID.self)
                return try await req.act(returning: .pitchEvent(id)) { try await body(req, req.parameters.get("eventID")) }
            }
        }
        step("lineup") { req, raw in
            let form = try req.content.decode([String: String].self)
            _ = try await PitchEventsWriter.lineUp(raw, venture: form["ventureId"].flatMap(UUID.init(uuidString:)), moveUp: form["moveUp"] == "1", on: req)
            return form["moveUp"] == "1" ? "Moved up." : "Added to the lineup."
        }
        step("open") { req, raw in _ = try await PitchEventsWriter.advance(raw, to: .judging, on: req); return "Judging is open." }
        step("close") { req, raw in _ = try await PitchEventsWriter.advance(raw, to: .closed, on: req); return "Closed: results and feedback are shared." }
        step("votes") { req, raw in
            _ = try await PitchEventsWriter.vote(raw, venture: (try? req.content.get(String.self, at: "ventureId")).flatMap(UUID.init(uuidString:)), on: req)
            return "Your vote is counted."
        }
        pages.post(SiteRoute.pitchEventStep(.pattern, step: "judges").pattern) { req async throws -> Response in
            let id = try req.parameters.require("eventID", as: UUID.self)
            let invite = try req.content.decode(JudgeInvite.self)
            do {
                let (_, token) = try await PitchEventsWriter.invite(req.parameters.get("eventID"), invite, on: req)
                return try await PitchEventScreens.page(req, event: try await req.tenant.find(PitchEvent.self, id), newLink: JudgeSignIn.link(token, req: req))
                    .encodeResponse(for: req)
            } catch let error as PathworkError {
                return req.redirect(to: SiteRoute.pitchEvent(id).path(query: [("notice", error.reason)]))
            }
        }
        pages.get(SiteRoute.pitchScore(.pattern, venture: .pattern).pattern) { req async throws -> Page in
            try await PitchEventScreens.scoring(req)
        }
        pages.post(SiteRoute.pitchScore(.pattern, venture: .pattern).pattern) { req async throws -> Response in
            let form = try req.content.decode([String: String].self)
            let levels = form.filter { $0.key.hasPrefix("level.") }.reduce(into: [String: Int]()) { $0[String($1.key.dropFirst(6))] = Int($1.value) ?? 0 }
            let id = try req.parameters.require("eventID", as: UUID.self)
            let venture = try req.parameters.require("ventureID", as: UUID.self)
            return try await req.act(returning: .pitchScore(id, venture: venture)) {
                _ = try await PitchEventsWriter.score(req.parameters.get("eventID"), venture: venture, ScoreInput(levels: levels, comment: form["comment"]), on: req)
                return "Saved."
            }
        }
    }

    /// One criterion a line: "Name (weight): level 1 | level 2 | …"; a line without a weight weighs 1.
    static func parseRubric(_ text: String) -> PitchRubric {
        PitchRubric(criteria: text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmed.isEmpty }.map { line in
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            var name = parts.first?.trimmed ?? "", weight = 1
            if let open = name.lastIndex(of: "("), name.hasSuffix(")") {
                weight = Int(String(name[name.index(after: open)..<name.index(before: name.endIndex)]).trimmed) ?? 0
                name = String(name[..<open]).trimmed
            }
            return .init(name: name, weight: weight, levels: parts.count > 1 ? parts[1].split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmed } : [])
        })
    }

    static func rubricText(_ rubric: PitchRubric) -> String {
        rubric.criteria.map { "\($0.name) (\($0.weight)): \($0.levels.joined(separator: " | "))" }.joined(separator: "\n")
    }

    static func list(_ req: Request, input: PitchEventInput? = nil, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let events = try await PitchDirectory.list(viewer, tenant: try req.tenant)
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        return Layout.page("Pitch events", viewer: viewer, current: .pitchEvents, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .if(events.isEmpty, .p(.text(viewer.roles.contains(.judge) ? "No event has invited you yet." : "No pitch events yet."))),
            .ul(.class("log"), .forEach(events) { event in
                .li(.a(.href(SiteRoute.pitchEvent(event.id ?? UUID()).path), .text(event.title)),
                    .text(" · \(event.kind.title) · \(event.heldOn) · "), .span(.class("tag"), .text(event.status.rawValue)))
            }),
            .if(viewer.can(.manageTeams), .details(.class("card"), .if(!errors.isEmpty, .attribute(named: "open", value: "open")), .summary(.text("Schedule an event")),
                .form(.method(.post), .action(SiteRoute.pitchEvents.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("Title", name: "title", value: input?.title, required: true, error: error("title")),
                    FormField.select("Kind", name: "kind", options: [(value: "", title: "Choose")] + PitchEvent.Kind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                     selected: input?.kind, error: error("kind")),
                    FormField.text("Day", name: "heldOn", value: input?.heldOn, type: .date, required: true, error: error("heldOn")),
                    FormField.text("Where", name: "location", value: input?.location),
                    FormField.text("Audience", name: "audience", value: input?.audience),
                    FormField.checkbox("Take audience votes", name: "audienceVoting", checked: input?.audienceVoting ?? false),
                    FormField.textarea("Rubric, one criterion a line — name (weight): level 1 | level 2 | …", name: "rubric",
                                       value: rubricText(input?.rubric ?? .standard), rows: 5, error: errors.first { $0.field.hasPrefix("rubric") }?.message),
                    .button(.type(.submit), .text("Schedule"))))))
    }
}
