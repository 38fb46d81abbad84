import Fluent
import Foundation
import PathworkDomain
import Vapor

struct PitchStandingJSON: Content {
    var ventureId: UUID
    var venture: String
    var rank: Int
    var tied: Bool
    var judges: Int
    var rawMeanThousandths: Int
    var standardizedThousandths: Int
    /// Each criterion's mean level over the judges, in tenths.
    var criteria: [String: Int]
    var audienceVotes: Int
}

struct PitchResultsJSON: Content {
    var method: String
    var standings: [PitchStandingJSON]
    /// Scorecards left incomplete, which do not count.
    var incompleteScorecards: Int
}

/// Which events a viewer reaches and what they may read of them: staff everything; judges
/// their events, scores other than their own only after closing; students every event of
/// the district (they are its audience), results once closed and feedback for their own
/// venture.
enum PitchDirectory {
    static func find(_ raw: String?, req: Request) async throws -> PitchEvent {
        let viewer = try req.viewer
        let event = try await req.tenant.find(PitchEvent.self, raw)
        if viewer.isStaff || viewer.roles.contains(.student) { return event }
        guard try await isJudge(viewer, of: event, tenant: try req.tenant) else { throw Abort(.notFound) }
        return event
    }

    static func isJudge(_ viewer: Viewer, of event: PitchEvent, tenant: Tenant) async throws -> Bool {
        try await tenant.query(EventJudge.self).filter(\.$event.$id == event.requireID()).filter(\.$personID == viewer.personID).first() != nil
    }

    static func list(_ viewer: Viewer, tenant: Tenant) async throws -> [PitchEvent] {
        let query = tenant.query(PitchEvent.self).sort(\.$heldOn, .descending)
        if viewer.isStaff || viewer.roles.contains(.student) { return try await query.all() }
        let mine = try await tenant.query(EventJudge.self).filter(\.$personID == viewer.personID).all(\.$event.$id)
        return mine.isEmpty ? [] : try await query.filter(\.$id ~~ mine).all()
    }

    static func lineup(_ event: PitchEvent, tenant: Tenant) async throws -> [PitchSlot] {
        try await tenant.query(PitchSlot.self).filter(\.$event.$id == event.requireID()).with(\.$venture).sort(\.$position).all()
    }

    /// The results: complete scorecards only, standardized per judge (`PitchResults`).
    static func results(_ event: PitchEvent, tenant: Tenant) async throws -> PitchResultsJSON {
        let id = try event.requireID()
        let rubric = event.scoring
        let scores = try await tenant.query(PitchScore.self).filter(\.$event.$id == id).all()
        let slots = try await lineup(event, tenant: tenant)
        let names = Dictionary(slots.map { ($0.$venture.id, $0.venture.name) }, uniquingKeysWith: { a, _ in a })
        var cards: [PitchResults.Score] = []
        var incomplete = 0
        var levels: [UUID: [String: [Int]]] = [:]
        for (key, given) in Dictionary(grouping: scores, by: { ScoreKey(venture: $0.ventureID, judge: $0.judgeID) }) {
            let (venture, judge) = (key.venture, key.judge)
            let card = Dictionary(given.map { ($0.criterion, $0.level) }, uniquingKeysWith: { a, _ in a })
            guard let total = rubric.weightedThousandths(card) else { incomplete += 1; continue }
            cards.append(PitchResults.Score(judge: judge.uuidString, venture: venture.uuidString, thousandths: total))
            for (criterion, level) in card { levels[venture, default: [:]][criterion, default: []].append(level) }
        }
        let votes = Dictionary(grouping: try await tenant.query(AudienceVote.self).filter(\.$event.$id == id).all(), by: \.ventureID).mapValues(\.count)
        let standings = PitchResults.standings(cards).compactMap { standing -> PitchStandingJSON? in
            guard let venture = UUID(uuidString: standing.venture) else { return nil }
            let criteria = (levels[venture] ?? [:]).mapValues { given in (given.reduce(0, +) * 20 + given.count) / (given.count * 2) }
            return PitchStandingJSON(ventureId: venture, venture: names[venture] ?? "—", rank: standing.rank, tied: standing.tied, judges: standing.judges,
                                     rawMeanThousandths: standing.rawMeanThousandths, standardizedThousandths: standing.standardizedThousandths,
                                     criteria: criteria, audienceVotes: votes[venture] ?? 0)
        }
        return PitchResultsJSON(method: PitchResults.method, standings: standings, incompleteScorecards: incomplete)
    }

    private struct ScoreKey: Hashable { let venture: UUID; let judge: UUID }

    /// Results for a viewer: staff at any time; others once the event has closed.
    static func readableResults(_ event: PitchEvent, req: Request) async throws -> PitchResultsJSON {
        guard try req.viewer.isStaff || event.status == .closed else {
            throw PathworkError.conflict("pitch.not-closed", "Results are shared once the event closes.")
        }
        return try await results(event, tenant: try req.tenant)
    }
}
