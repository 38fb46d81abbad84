import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PitchEventInput: Content {
    var title: String?
    var kind: String?
    var heldOn: String?
    var location: String?
    var audience: String?
    var audienceVoting: Bool?
    var rubric: PitchRubric?
}

struct JudgeInvite: Content {
    var givenName: String?
    var familyName: String?
    var email: String?
}

struct ScoreInput: Content {
    var levels: [String: Int]?
    var comment: String?
}

/// Pitch events: the coordinator schedules one with a rubric, lines ventures up in order,
/// invites judges by a sign-in link, opens judging and closes it. Judges score as they go;
/// the audience may vote once each.
enum PitchEventsWriter {
    static func requireOrganizer(_ req: Request) throws { try req.viewer.require(.manageTeams) }

    static func create(_ input: PitchEventInput, on req: Request) async throws -> PitchEvent {
        try requireOrganizer(req)
        let viewer = try req.viewer
        var errors: [FieldError] = []
        let title = input.title?.trimmed ?? ""
        if !(1...200).contains(title.count) { errors.append(FieldError(field: "title", message: "Name the event (up to 200 characters).")) }
        let kind = input.kind.flatMap(PitchEvent.Kind.init(rawValue:))
        if kind == nil { errors.append(FieldError(field: "kind", message: "Choose the kind of event.")) }
        let day = CalendarDate(iso: input.heldOn ?? "")
        if day == nil { errors.append(FieldError(field: "heldOn", message: "Enter the day as YYYY-MM-DD.")) }
        let rubric = input.rubric ?? .standard
        errors += rubric.problems().map { .rule(field: "rubric.\($0.field)", message: $0.message) }
        for (field, value) in [("location", input.location), ("audience", input.audience)] where (value?.count ?? 0) > 300 {
            errors.append(FieldError(field: field, message: "Keep it under 300 characters."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let stored = try StoredJSON.string(rubric)
        return try await req.change { tenant, audit in
            let event = PitchEvent()
            event.districtID = tenant.districtID
            event.title = title
            event.kind = kind!
            event.heldOn = day!.description
            event.location = input.location?.trimmed ?? ""
            event.audience = input.audience?.trimmed ?? ""
            event.rubric = stored
            event.status = .scheduled
            event.audienceVoting = input.audienceVoting ?? false
            event.createdBy = viewer.personID
            try await event.create(on: tenant.db)
            audit.created("pitchEvent", id: event.id, ["title": title, "kind": kind!.rawValue, "heldOn": event.heldOn, "rubric": stored])
            return event
        }
    }

    /// Adds a venture at the end of the lineup, or moves it up one place.
    static func lineUp(_ raw: String?, venture ventureID: UUID?, moveUp: Bool, on req: Request) async throws -> [PitchSlot] {
        try requireOrganizer(req)
        let found = try await req.tenant.find(PitchEvent.self, raw)
        guard let ventureID, try await req.tenant.query(Venture.self).filter(\.$id == ventureID).first() != nil else {
            throw PathworkError.invalid([.reference(field: "ventureId", message: "Choose one of the district's ventures.")])
        }
        return try await req.change { tenant, audit in
            let event = try await tenant.find(PitchEvent.self, found.requireID())
            guard event.status == .scheduled else { throw PathworkError.conflict("pitch.started", "The lineup is fixed once judging opens.") }
            var slots = try await tenant.query(PitchSlot.self).filter(\.$event.$id == event.requireID()).sort(\.$position).all()
            let before = slots.map { $0.$venture.id.uuidString }.joined(separator: ",")
            if let index = slots.firstIndex(where: { $0.$venture.id == ventureID }) {
                guard moveUp else { throw PathworkError.conflict("pitch.listed", "This venture is already in the lineup.") }
                guard index > 0 else { return slots }
                slots.swapAt(index, index - 1)
            } else {
                let slot = PitchSlot()
                slot.districtID = tenant.districtID
                slot.$event.id = try event.requireID()
                slot.$venture.id = ventureID
                slot.position = slots.count + 1
                try await slot.create(on: tenant.db)
                slots.append(slot)
            }
            // Positions are rewritten whole, so the lineup always reads 1, 2, 3…
            for (index, slot) in slots.enumerated() where slot.position != index + 1 {
                slot.position = index + 1
                try await slot.save(on: tenant.db)
            }
            audit.updated("pitchEvent", id: event.id, from: ["lineup": before], to: ["lineup": slots.map { $0.$venture.id.uuidString }.joined(separator: ",")])
            return slots
        }
    }

    /// Opens judging or closes the event; closing publishes results and feedback and counts
    /// the pitch for each venture's stages.
    static func advance(_ raw: String?, to status: PitchEvent.Status, on req: Request) async throws -> PitchEvent {
        try requireOrganizer(req)
        let found = try await req.tenant.find(PitchEvent.self, raw)
        let context = try VenturesWriter.Context(req)
        return try await req.change { tenant, audit in
            let event = try await tenant.find(PitchEvent.self, found.requireID())
            let allowed: Bool = switch (event.status, status) {
            case (.scheduled, .judging), (.judging, .closed): true
            default: false
            }
            guard allowed else { throw PathworkError.conflict("pitch.status", "The event is \(event.status.rawValue); it cannot move to \(status.rawValue).") }
            if status == .judging, try await tenant.query(PitchSlot.self).filter(\.$event.$id == event.requireID()).count() == 0 {
                throw PathworkError.conflict("pitch.empty", "Line up at least one venture before judging opens.")
            }
            audit.updated("pitchEvent", id: event.id, from: ["status": event.status.rawValue], to: ["status": status.rawValue])
            event.status = status
            try await event.save(on: tenant.db)
            if status == .closed {
                for venture in try await tenant.query(PitchSlot.self).filter(\.$event.$id == event.requireID()).all(\.$venture.$id) {
                    try await VenturesWriter.recorded(venture, tenant: tenant, audit: audit, context: context)
                }
            }
            return event
        }
    }

    /// Invites a judge by name and email: the person is found (or added) with the judge role,
    /// and a sign-in link made; the link is returned once and only its hash kept.
    static func invite(_ raw: String?, _ input: JudgeInvite, on req: Request) async throws -> (EventJudge, String) {
        try requireOrganizer(req)
        let found = try await req.tenant.find(PitchEvent.self, raw)
        let email = input.email?.trimmed.lowercased() ?? ""
        let given = input.givenName?.trimmed ?? "", family = input.familyName?.trimmed ?? ""
        var errors: [FieldError] = []
        if EmailAddress.normalize(email) == nil { errors.append(.rule(field: "email", message: "Enter the judge's email address, with its domain.")) }
        if given.isEmpty || family.isEmpty { errors.append(FieldError(field: "givenName", message: "Enter the judge's first and last name.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let token = SecretToken.generate()
        return try await req.change { tenant, audit in
            let event = try await tenant.find(PitchEvent.self, found.requireID())
            guard event.status != .closed else { throw PathworkError.conflict("pitch.closed", "The event is closed.") }
            // Emails sign people in across districts, so one belonging elsewhere cannot be reused.
            let known = try await Person.query(on: tenant.db).filter(\.$email == email).first()
            if let known, known.districtID != tenant.districtID {
                throw PathworkError.conflict("judge.elsewhere", "That email belongs to a person of another district.", field: "email")
            }
            var personID = try known?.requireID()
            if personID == nil {
                let draft = PersonDraft(givenName: given, familyName: family, email: email, roles: [.judge])
                personID = try await PeopleWriter.insert(PersonSubmission(draft: draft, schoolID: nil, password: nil), email: email, passwordHash: nil,
                                                         tenant: tenant, audit: audit).id
            } else if try await !tenant.roles(of: personID!).contains(.judge) {
                try await RoleAssignment(districtID: tenant.districtID, personID: personID!, role: .judge).create(on: tenant.db)
                audit.created("roleAssignment", id: nil, ["personID": personID!.uuidString, "role": "judge"])
            }
            if let existing = try await tenant.query(EventJudge.self).filter(\.$event.$id == event.requireID()).filter(\.$personID == personID!).first() {
                existing.linkHash = SecretToken.hash(token)
                try await existing.save(on: tenant.db)
                audit.updated("eventJudge", id: existing.id, from: ["link": "old"], to: ["link": "new"])
                return (existing, token)
            }
            let judge = EventJudge()
            judge.districtID = tenant.districtID
            judge.$event.id = try event.requireID()
            judge.personID = personID!
            judge.linkHash = SecretToken.hash(token)
            try await judge.create(on: tenant.db)
            audit.created("eventJudge", id: judge.id, ["eventID": try event.requireID().uuidString, "personID": personID!.uuidString])
            return (judge, token)
        }
    }

    /// A judge's scores and comment for one venture, saved as they go: each criterion's level
    /// replaces the last one given; nothing is checked against other judges.
    static func score(_ raw: String?, venture ventureID: UUID?, _ input: ScoreInput, on req: Request) async throws -> [PitchScore] {
        let viewer = try req.viewer
        let found = try await req.tenant.find(PitchEvent.self, raw)
        guard try await req.tenant.query(EventJudge.self).filter(\.$event.$id == found.requireID()).filter(\.$personID == viewer.personID).first() != nil,
              let ventureID, try await req.tenant.query(PitchSlot.self).filter(\.$event.$id == found.requireID()).filter(\.$venture.$id == ventureID).first() != nil
        else { throw Abort(.notFound) }
        let rubric = found.scoring
        let levels = input.levels ?? [:]
        let errors = levels.sorted { $0.key < $1.key }.compactMap { name, level in rubric.problem(criterion: name, level: level).map { FieldError.rule(field: "levels.\(name)", message: $0) } }
        let comment = input.comment?.trimmed
        if (comment?.count ?? 0) > 2000 { throw PathworkError.invalid([FieldError(field: "comment", message: "Keep the comment under 2,000 characters.")]) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        return try await req.change { tenant, audit in
            let event = try await tenant.find(PitchEvent.self, found.requireID())
            guard event.status == .judging else {
                throw PathworkError.conflict("pitch.not-judging", event.status == .closed ? "Judging has closed." : "Judging has not opened yet.")
            }
            let eventID = try event.requireID()
            let mine = try await tenant.query(PitchScore.self).filter(\.$event.$id == eventID).filter(\.$ventureID == ventureID)
                .filter(\.$judgeID == viewer.personID).all()
            for (criterion, level) in levels {
                if let existing = mine.first(where: { $0.criterion == criterion }) {
                    guard existing.level != level else { continue }
                    existing.level = level
                    try await existing.save(on: tenant.db)
                } else {
                    let score = PitchScore()
                    score.districtID = tenant.districtID
                    score.$event.id = eventID
                    score.ventureID = ventureID
                    score.judgeID = viewer.personID
                    score.criterion = criterion
                    score.level = level
                    try await score.create(on: tenant.db)
                }
            }
            if let comment {
                let feedback = try await tenant.query(PitchFeedback.self).filter(\.$event.$id == eventID).filter(\.$ventureID == ventureID)
                    .filter(\.$judgeID == viewer.personID).first() ?? PitchFeedback()
                feedback.districtID = tenant.districtID
                feedback.$event.id = eventID
                feedback.ventureID = ventureID
                feedback.judgeID = viewer.personID
                feedback.comment = comment
                try await feedback.save(on: tenant.db)
            }
            audit.record("score", "pitchScore", id: nil, before: nil as String?,
                         after: ["eventID": eventID.uuidString, "ventureID": ventureID.uuidString, "levels": try StoredJSON.string(levels)])
            return try await tenant.query(PitchScore.self).filter(\.$event.$id == eventID).filter(\.$ventureID == ventureID).filter(\.$judgeID == viewer.personID).all()
        }
    }

    /// An audience member's choice: once an event, while judging is open, where the event takes votes.
    static func vote(_ raw: String?, venture ventureID: UUID?, on req: Request) async throws -> AudienceVote {
        let viewer = try req.viewer
        guard viewer.isStaff || viewer.roles.contains(.student) else { throw Abort(.forbidden, reason: "Students and staff in the audience vote.") }
        let found = try await req.tenant.find(PitchEvent.self, raw)
        guard let ventureID, try await req.tenant.query(PitchSlot.self).filter(\.$event.$id == found.requireID()).filter(\.$venture.$id == ventureID).first() != nil else {
            throw PathworkError.invalid([.reference(field: "ventureId", message: "Choose a venture in the lineup.")])
        }
        return try await req.change { tenant, audit in
            let event = try await tenant.find(PitchEvent.self, found.requireID())
            guard event.audienceVoting, event.status == .judging else { throw PathworkError.conflict("pitch.no-voting", "This event is not taking audience votes now.") }
            if try await tenant.query(AudienceVote.self).filter(\.$event.$id == event.requireID()).filter(\.$voterID == viewer.personID).first() != nil {
                throw PathworkError.conflict("pitch.voted", "You have already voted at this event.")
            }
            let vote = AudienceVote()
            vote.districtID = tenant.districtID
            vote.$event.id = try event.requireID()
            vote.ventureID = ventureID
            vote.voterID = viewer.personID
            try await vote.create(on: tenant.db)
            audit.created("audienceVote", id: vote.id, ["eventID": try event.requireID().uuidString])
            return vote
        }
    }
}
