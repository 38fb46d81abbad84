import Fluent
import Foundation
import PathworkDomain
import Vapor

/// A pitch event: an elevator-pitch night, a case study, a showcase — ventures presenting in
/// order to an audience and judges who score them on the event's rubric.
final class PitchEvent: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "pitch_events"

    enum Kind: String, Codable, CaseIterable, ChoiceCodable, Sendable {
        case elevatorPitch, caseStudy, showcase

        var title: String {
            switch self {
            case .elevatorPitch: "Elevator pitch"
            case .caseStudy: "Case study"
            case .showcase: "Showcase"
            }
        }
    }

    /// Scheduled while the lineup is made; judging while judges score; closed when results
    /// and feedback are out.
    enum Status: String, Codable, CaseIterable, ChoiceCodable, Sendable { case scheduled, judging, closed }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: Kind
    @Field(key: "held_on") var heldOn: String
    @Field(key: "location") var location: String
    @Field(key: "audience") var audience: String
    @Field(key: "rubric") var rubric: String
    @Field(key: "status") var status: Status
    @Field(key: "audience_voting") var audienceVoting: Bool
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var scoring: PitchRubric { (try? JSONDecoder().decode(PitchRubric.self, from: Data(rubric.utf8))) ?? .standard }
}

/// A venture's place in an event's lineup.
final class PitchSlot: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "pitch_slots"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "event_id") var event: PitchEvent
    @Parent(key: "venture_id") var venture: Venture
    @Field(key: "position") var position: Int

    init() {}
}

/// A judge invited to an event, with the link they sign in by (only its hash is kept).
final class EventJudge: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "event_judges"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "event_id") var event: PitchEvent
    @Field(key: "person_id") var personID: UUID
    @Field(key: "link_hash") var linkHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One judge's level for one criterion of one venture's pitch, saved as the judge goes.
final class PitchScore: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "pitch_scores"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "event_id") var event: PitchEvent
    @Field(key: "venture_id") var ventureID: UUID
    @Field(key: "judge_id") var judgeID: UUID
    @Field(key: "criterion") var criterion: String
    @Field(key: "level") var level: Int

    init() {}
}

/// A judge's words for a venture, read by its team once the event closes.
final class PitchFeedback: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "pitch_feedback"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "event_id") var event: PitchEvent
    @Field(key: "venture_id") var ventureID: UUID
    @Field(key: "judge_id") var judgeID: UUID
    @Field(key: "comment") var comment: String

    init() {}
}

/// An audience member's choice, once an event, counted apart from the judges.
final class AudienceVote: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "audience_votes"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "event_id") var event: PitchEvent
    @Field(key: "venture_id") var ventureID: UUID
    @Field(key: "voter_id") var voterID: UUID

    init() {}
}

struct CreatePitchEvents: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(PitchEvent.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("title", .string, .required)
            .field("kind", .string, .required)
            .field("held_on", .string, .required)
            .field("location", .string, .required)
            .field("audience", .string, .required)
            .field("rubric", .string, .required)
            .field("status", .string, .required)
            .field("audience_voting", .bool, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime)
            .create()
        try await db.schema(PitchSlot.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("event_id", .uuid, .required, .references(PitchEvent.schema, "id"))
            .field("venture_id", .uuid, .required, .references(Venture.schema, "id"))
            .field("position", .int, .required)
            .unique(on: "event_id", "venture_id")
            .create()
        try await db.schema(EventJudge.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("event_id", .uuid, .required, .references(PitchEvent.schema, "id"))
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("link_hash", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "event_id", "person_id")
            .unique(on: "link_hash")
            .create()
        try await db.schema(PitchScore.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("event_id", .uuid, .required, .references(PitchEvent.schema, "id"))
            .field("venture_id", .uuid, .required, .references(Venture.schema, "id"))
            .field("judge_id", .uuid, .required, .references(Person.schema, "id"))
            .field("criterion", .string, .required)
            .field("level", .int, .required)
            .unique(on: "event_id", "venture_id", "judge_id", "criterion")
            .create()
        try await db.schema(PitchFeedback.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("event_id", .uuid, .required, .references(PitchEvent.schema, "id"))
            .field("venture_id", .uuid, .required, .references(Venture.schema, "id"))
            .field("judge_id", .uuid, .required, .references(Person.schema, "id"))
            .field("comment", .string, .required)
            .unique(on: "event_id", "venture_id", "judge_id")
            .create()
        try await db.schema(AudienceVote.schema)
            .id()
            .field("district_id", .uuid, .required, .references(District.schema, "id"))
            .field("event_id", .uuid, .required, .references(PitchEvent.schema, "id"))
            .field("venture_id", .uuid, .required, .references(Venture.schema, "id"))
            .field("voter_id", .uuid, .required, .references(Person.schema, "id"))
            .unique(on: "event_id", "voter_id")
            .create()
    }

    func revert(on db: any Database) async throws {
        for schema in [AudienceVote.schema, PitchFeedback.schema, PitchScore.schema, EventJudge.schema, PitchSlot.schema, PitchEvent.schema] {
            try await db.schema(schema).delete()
        }
    }
}
