import Fluent
import Foundation
import PathworkDomain
import Plot
import SQLKit
import Vapor

/// What a client says once an engagement is completed: the figure that shows what clients gain.
final class EngagementFeedback: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "engagement_feedback"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "engagement_id") var engagementID: UUID
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "satisfaction") var satisfaction: Int
    @Field(key: "would_hire_again") var wouldHireAgain: Bool
    @Field(key: "comment") var comment: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct FeedbackInput: Content {
    var satisfaction: Int?
    var wouldHireAgain: Bool?
    var comment: String?
}

struct FeedbackJSON: Content {
    var satisfaction: Int
    var wouldHireAgain: Bool
    var comment: String
    init(_ f: EngagementFeedback) { satisfaction = f.satisfaction; wouldHireAgain = f.wouldHireAgain; comment = f.comment }
}

enum FeedbackWriter {
    static func leave(_ input: FeedbackInput, on engagement: Engagement, req: Request) async throws -> EngagementFeedback {
        guard engagement.status == .completed else {
            throw PathworkError.conflict("feedback.not-completed", "Feedback opens when the engagement is completed.")
        }
        if try await req.tenant.query(EngagementFeedback.self).filter(\.$engagementID == engagement.requireID()).first() != nil {
            throw PathworkError.conflict("feedback.given", "Feedback for this engagement was given already.")
        }
        guard let satisfaction = input.satisfaction, (1...5).contains(satisfaction) else {
            throw PathworkError.invalid([FieldError(field: "satisfaction", message: "Choose a satisfaction from 1 to 5.")])
        }
        let author = try req.viewer.personID
        return try await req.change { tenant, audit in
            let feedback = EngagementFeedback()
            feedback.districtID = tenant.districtID
            feedback.engagementID = try engagement.requireID()
            feedback.authorID = author
            feedback.satisfaction = satisfaction
            feedback.wouldHireAgain = input.wouldHireAgain ?? false
            feedback.comment = input.comment?.trimmed ?? ""
            try await feedback.create(on: tenant.db)
            audit.created("engagementFeedback", id: feedback.id, FeedbackJSON(feedback))
            return feedback
        }
    }

    static func section(_ feedback: EngagementFeedback?, engagement: Engagement, viewer: Viewer) throws -> Node<HTML.BodyContext> {
        if let feedback {
            return .section(.class("card"), .h2(.text("Client feedback")),
                .p(.text("Satisfaction \(feedback.satisfaction) of 5 · \(feedback.wouldHireAgain ? "would hire again" : "would not hire again")")),
                .if(!feedback.comment.isEmpty, .blockquote(.text(feedback.comment))))
        }
        guard engagement.status == .completed, viewer.can(.reviewDeliverable) else { return .empty }
        return .section(.class("card"), .h2(.text("How did it go?")),
            .form(.method(.post), .action(SiteRoute.feedback(try engagement.requireID()).path), Layout.csrfField(viewer.csrfToken),
                FormField.select("Satisfaction", name: "satisfaction",
                                 options: [(value: "", title: "Choose")] + (1...5).reversed().map { (value: String($0), title: "\($0) of 5") }, selected: nil),
                FormField.checkbox("We would hire the team again", name: "wouldHireAgain", checked: false),
                FormField.text("Comment", name: "comment", value: nil),
                .button(.type(.submit), .text("Send feedback"))))
    }
}
