import Fluent
import Foundation
import PathworkDomain
import Vapor

/// An opportunity walk: a class walks the school noting everyday frustrations (seed 002); the
/// problems logged on it say so.
final class OpportunityWalk: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "opportunity_walks"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "title") var title: String
    @Field(key: "walked_on") var walkedOn: String
    @Field(key: "led_by") var ledBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A frustration a student noticed: what, where, who it affects, how often, perhaps a photo.
/// Problems stay in the log for later cohorts; a teacher merges duplicates into one and tags
/// them by pathway; a venture adopts one.
final class LoggedProblem: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "logged_problems"

    enum Frequency: String, Codable, CaseIterable, ChoiceCodable, Sendable {
        case daily, weekly, monthly, rarely

        var title: String {
            switch self {
            case .daily: "Every day"
            case .weekly: "Every week"
            case .monthly: "Every month or so"
            case .rarely: "Now and then"
            }
        }
    }

    enum Status: String, Codable, CaseIterable, ChoiceCodable, Sendable { case open, merged, archived }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @OptionalField(key: "walk_id") var walkID: UUID?
    @Field(key: "logged_by") var loggedBy: UUID
    @Field(key: "title") var title: String
    @Field(key: "location") var location: String
    @Field(key: "affected") var affected: String
    @Field(key: "frequency") var frequency: Frequency
    @Field(key: "details") var details: String
    /// Career Clusters pathway codes the teacher tagged, comma-separated.
    @Field(key: "pathway_codes") var pathwayCodes: String
    @Field(key: "status") var status: Status
    @OptionalField(key: "merged_into") var mergedInto: UUID?
    @OptionalField(key: "photo_filename") var photoFilename: String?
    @OptionalField(key: "photo_content_type") var photoContentType: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var pathways: [String] { pathwayCodes.split(separator: ",").map(String.init) }
}

/// A classmate's "me too" on a problem: once each.
final class ProblemEcho: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "problem_echoes"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "problem_id") var problem: LoggedProblem
    @Field(key: "person_id") var personID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

final class ProblemComment: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "problem_comments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "problem_id") var problem: LoggedProblem
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "body") var body: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A student team's venture on a problem, on the entrepreneurship pathway.
final class Venture: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "ventures"

    enum Status: String, Codable, CaseIterable, ChoiceCodable, Sendable { case active, archived }

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "problem_id") var problemID: UUID?
    @Field(key: "pathway_code") var pathwayCode: String
    @Field(key: "status") var status: Status
    @Field(key: "created_by") var createdBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

final class VentureMember: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "venture_members"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "venture_id") var venture: Venture
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "joined_on") var joinedOn: String

    init() {}
}

/// One saved version of a venture's business model canvas; versions are never changed.
final class CanvasVersion: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "canvas_versions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "venture_id") var venture: Venture
    @Field(key: "number") var number: Int
    /// The blocks as JSON, keys in order.
    @Field(key: "blocks") var blocks: String
    @Field(key: "note") var note: String
    @Field(key: "saved_by") var savedBy: UUID
    @Field(key: "saved_at") var savedAt: Date

    init() {}

    var canvas: BusinessModelCanvas {
        BusinessModelCanvas(blocks: (try? JSONDecoder().decode([String: String].self, from: Data(blocks.utf8)))?
            .reduce(into: [CanvasBlock: String]()) { result, pair in if let block = CanvasBlock(rawValue: pair.key) { result[block] = pair.value } } ?? [:])
    }
}

/// A customer interview: who (described, never named), when, and what the team learned.
final class CustomerInterview: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "customer_interviews"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "venture_id") var venture: Venture
    @Field(key: "interviewed_on") var interviewedOn: String
    @Field(key: "who") var who: String
    @Field(key: "learned") var learned: String
    @Field(key: "logged_by") var loggedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A prototype the team made, with what it tested, and a file where there is one.
final class Prototype: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "venture_prototypes"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "venture_id") var venture: Venture
    @Field(key: "title") var title: String
    @Field(key: "details") var details: String
    @Field(key: "made_on") var madeOn: String
    @OptionalField(key: "file_filename") var fileFilename: String?
    @OptionalField(key: "file_content_type") var fileContentType: String?
    @Field(key: "logged_by") var loggedBy: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A partner's mentor working with a venture; they see its members in the limited form.
final class VentureMentor: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "venture_mentors"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "venture_id") var venture: Venture
    @Field(key: "mentor_id") var mentorID: UUID

    init() {}
}

/// The district's stages of the entrepreneurship pathway, made from the three-year default on first use.
final class VentureSequence: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "venture_sequences"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "stages") var stages: String
    @OptionalField(key: "updated_by") var updatedBy: UUID?

    init() {}
}
