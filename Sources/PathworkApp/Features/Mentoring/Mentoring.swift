import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// What the district knows of a mentor: expertise and background check.
final class MentorProfile: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "mentor_profiles"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "expertise") var expertise: String
    @Field(key: "check_status") var checkStatus: BackgroundCheck.Status
    @OptionalField(key: "checked_on") var checkedOn: String?
    @OptionalField(key: "check_expires_on") var checkExpiresOn: String?

    init() {}

    init(districtID: UUID, personID: UUID) {
        self.districtID = districtID
        self.personID = personID
        self.expertise = ""
        self.checkStatus = .notStarted
    }

    var check: BackgroundCheck {
        BackgroundCheck(status: checkStatus, checkedOn: checkedOn.flatMap(CalendarDate.init(iso:)),
                        expiresOn: checkExpiresOn.flatMap(CalendarDate.init(iso:)))
    }
}

/// A mentor working with a team from a date.
final class MentorAssignment: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "mentor_assignments"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "mentor_id") var mentorID: UUID
    @Parent(key: "team_id") var team: Team
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?

    init() {}

    init(districtID: UUID, mentorID: UUID, teamID: UUID, startsOn: CalendarDate) {
        self.districtID = districtID
        self.mentorID = mentorID
        self.$team.id = teamID
        self.startsOn = startsOn.description
    }
}

/// One mentoring session a mentor logs: when, how long, about what.
final class MentoringSession: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "mentoring_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "mentor_id") var mentorID: UUID
    @OptionalField(key: "team_id") var teamID: UUID?
    @OptionalField(key: "student_id") var studentID: UUID?
    @Field(key: "held_on") var heldOn: String
    @Field(key: "minutes") var minutes: Int
    @Field(key: "topic") var topic: String

    init() {}
}

/// A mentor's recommendation that a student go further: an internship, a job shadow.
final class Referral: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "referrals"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "mentor_id") var mentorID: UUID
    @Field(key: "student_id") var studentID: UUID
    @Field(key: "referred_to") var referredTo: String
    @Field(key: "note") var note: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
