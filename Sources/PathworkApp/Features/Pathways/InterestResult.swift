import Fluent
import Foundation
import PathworkDomain
import Vapor

/// One sitting of the interest inventory. Retakes add rows; the latest is the student's profile.
final class InterestResult: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "interest_results"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "taken_at") var takenAt: Date
    /// Item id → answer (0–2), as JSON: the answers themselves, so scoring can be re-checked.
    @Field(key: "answers") var answers: String
    @Field(key: "code") var code: String
    @Field(key: "scores") var scores: String

    init() {}

    var profile: InterestProfile? {
        guard let data = scores.data(using: .utf8), let raw = try? JSONDecoder().decode([String: Int].self, from: data) else { return nil }
        let scores = Dictionary(uniqueKeysWithValues: raw.compactMap { key, value in InterestType(rawValue: key).map { ($0, value) } })
        return InterestProfile(scores: scores, code: code)
    }
}

struct InventoryAnswers: Content {
    var answers: [String: Int]?

    init(answers: [String: Int]?) { self.answers = answers }

    /// Keys that name no item may carry anything (the document does not forbid them); only the
    /// items' whole-number answers are kept.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let plain = try? container.decodeIfPresent([String: Int].self, forKey: .answers) {
            answers = plain
        } else {
            answers = try container.decodeIfPresent([String: RequestJSON].self, forKey: .answers)?.compactMapValues {
                if case .integer(let value) = $0 { value } else { nil }
            }
        }
    }
}

struct SuggestionJSON: Content {
    var clusterCode: String
    var clusterTitle: String
    var why: String
    /// The cluster's counterparts in the 2024 framework.
    var modernClusters: [String]
    var teams: [String]
    var roles: [String]
}

struct InterestResultJSON: Content {
    var id: UUID
    var studentId: UUID
    var takenAt: Date
    var code: String
    var scores: [String: Int]
    var suggestions: [SuggestionJSON]
}

/// Taking the inventory and turning a profile into suggestions from the framework and from the
/// district's own teams on it.
enum InterestInventoryWriter {
    static func take(_ input: InventoryAnswers, on req: Request) async throws -> InterestResult {
        let viewer = try req.viewer
        guard viewer.roles.contains(.student) else { throw Abort(.forbidden, reason: "Students take the interest inventory.") }
        var answers: [String: InterestInventory.Answer] = [:]
        var errors: [FieldError] = []
        let known = Set(InterestInventory.items.map(\.id))
        // Keys that name no item are left out: every item must be answered, so a misspelt id
        // still ends in "Answer …" for the item it meant.
        for (id, value) in input.answers ?? [:] where known.contains(id) {
            guard let answer = InterestInventory.Answer(rawValue: value) else {
                errors.append(FieldError(field: "answers.\(id)", message: "Answer \(id) with 0 (not for me), 1 (maybe) or 2 (sounds fun)."))
                continue
            }
            answers[id] = answer
        }
        for id in InterestInventory.unanswered(answers) where !errors.contains(where: { $0.field == "answers.\(id)" }) {
            errors.append(FieldError(field: "answers.\(id)", message: "Answer “\(InterestInventory.items.first { $0.id == id }!.text)”."))
        }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let profile = InterestInventory.score(answers)
        let stored = String(decoding: try JSONEncoder().encode(answers.mapValues(\.rawValue)), as: UTF8.self)
        let now = req.now
        return try await req.change { tenant, audit in
            let result = InterestResult()
            result.districtID = tenant.districtID
            result.studentID = viewer.personID
            result.takenAt = now
            result.answers = stored
            result.code = profile.code
            result.scores = String(decoding: try JSONEncoder().encode(Dictionary(uniqueKeysWithValues: profile.scores.map { ($0.key.rawValue, $0.value) })), as: UTF8.self)
            try await result.create(on: tenant.db)
            audit.created("interestResult", id: result.id, ["code": profile.code])
            return result
        }
    }

    static func suggestions(for profile: InterestProfile, tenant: Tenant) async throws -> [SuggestionJSON] {
        let links = try await PathwayLinks.byPathway(tenant)
        let teamRoles = try await tenant.query(TeamRole.self).all()
        let titles = Dictionary(uniqueKeysWithValues: CareerClusters.modernized.map { ($0.code, $0.title) })
        return InterestInventory.suggestions(for: profile).compactMap { suggestion in
            guard let cluster = CareerClusters.cluster(code: suggestion.clusterCode) else { return nil }
            let counterparts = CareerClusters.counterparts(of: cluster.code)
            let codes = [cluster.code] + cluster.pathways.map(\.code) + counterparts + counterparts.flatMap { CareerClusters.cluster(code: $0)?.pathways.map(\.code) ?? [] }
            let teams = codes.flatMap { links[$0] ?? [] }.filter { $0.subject == .team }
            var seen = Set<UUID>()
            let unique = teams.filter { seen.insert($0.subjectId).inserted }
            let roles = unique.flatMap { team in teamRoles.filter { $0.$team.id == team.subjectId }.map { "\($0.name) (\(team.name))" } }
            return SuggestionJSON(clusterCode: cluster.code, clusterTitle: cluster.title, why: suggestion.why,
                                  modernClusters: counterparts.compactMap { titles[$0] }, teams: unique.map(\.name).sorted(), roles: roles.sorted())
        }
    }

    static func json(_ result: InterestResult, tenant: Tenant) async throws -> InterestResultJSON {
        let profile = result.profile ?? InterestProfile(scores: [:], code: result.code)
        return InterestResultJSON(id: try result.requireID(), studentId: result.studentID, takenAt: result.takenAt, code: result.code,
                                  scores: Dictionary(uniqueKeysWithValues: profile.scores.map { ($0.key.rawValue, $0.value) }),
                                  suggestions: try await suggestions(for: profile, tenant: tenant))
    }
}
