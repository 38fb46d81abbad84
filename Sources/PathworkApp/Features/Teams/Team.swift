import Fluent
import Foundation
import PathworkDomain

/// A program groups teams (e.g. "Innovation Center project teams").
final class Program: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "programs"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Field(key: "name") var name: String
    @Field(key: "description") var summary: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(districtID: UUID, name: String, summary: String) {
        self.districtID = districtID
        self.name = name
        self.summary = summary
    }
}

/// A paid project team: drone shows, cybersecurity, aquatic robotics…
final class Team: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "teams"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @OptionalParent(key: "program_id") var program: Program?
    @Field(key: "name") var name: String
    @Field(key: "discipline") var discipline: String
    @OptionalField(key: "lead_id") var leadID: UUID?
    @Field(key: "capacity") var capacity: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(districtID: UUID, programID: UUID?, name: String, discipline: String, leadID: UUID?, capacity: Int) {
        self.districtID = districtID
        self.$program.id = programID
        self.name = name
        self.discipline = discipline
        self.leadID = leadID
        self.capacity = capacity
    }
}

/// A role students hold on a team (pilot, marketing, equipment maintenance…) and what it asks.
final class TeamRole: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "team_roles"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "team_id") var team: Team
    @Field(key: "name") var name: String
    @OptionalField(key: "minimum_age") var minimumAge: Int?
    @OptionalField(key: "required_credential") var requiredCredential: String?
    @Field(key: "barred_under_16") var barredUnder16: Bool

    init() {}

    init(districtID: UUID, teamID: UUID, name: String, requirement: RoleRequirement) {
        self.districtID = districtID
        self.$team.id = teamID
        self.name = name
        self.minimumAge = requirement.minimumAge
        self.requiredCredential = requirement.requiredCredential
        self.barredUnder16 = requirement.barredUnder16
    }

    var requirement: RoleRequirement {
        RoleRequirement(minimumAge: minimumAge, requiredCredential: requiredCredential, barredUnder16: barredUnder16)
    }
}

/// A student's seat on a team in one role, from a date until they rotate off. Rows are never
/// deleted: the history of teams and roles stays on the student's profile.
final class Membership: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "memberships"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "team_id") var team: Team
    @Parent(key: "student_id") var student: Person
    @Parent(key: "team_role_id") var role: TeamRole
    @Field(key: "starts_on") var startsOn: String
    @OptionalField(key: "ends_on") var endsOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    @Children(for: \.$membership) var wages: [MembershipWage]

    init() {}

    init(districtID: UUID, teamID: UUID, studentID: UUID, roleID: UUID, startsOn: CalendarDate) {
        self.districtID = districtID
        self.$team.id = teamID
        self.$student.id = studentID
        self.$role.id = roleID
        self.startsOn = startsOn.description
    }

    /// On the roster as of `date`: not yet ended, whether it has begun or starts later.
    func isOnRoster(on date: CalendarDate) -> Bool {
        endsOn.flatMap(CalendarDate.init(iso:)).map { date < $0 } ?? true
    }

    func isCurrent(on date: CalendarDate) -> Bool {
        guard let start = CalendarDate(iso: startsOn), start <= date else { return false }
        return endsOn.flatMap(CalendarDate.init(iso:)).map { date < $0 } ?? true
    }
}

/// One rate in a membership's wage history, from its date forward.
final class MembershipWage: Model, @unchecked Sendable, DistrictScoped {
    static let schema = "membership_wages"

    @ID(key: .id) var id: UUID?
    @Field(key: "district_id") var districtID: UUID
    @Parent(key: "membership_id") var membership: Membership
    @Field(key: "effective_from") var effectiveFrom: String
    @Field(key: "hourly_cents") var hourlyCents: Int

    init() {}

    init(districtID: UUID, membershipID: UUID, effectiveFrom: CalendarDate, hourlyCents: Int) {
        self.districtID = districtID
        self.$membership.id = membershipID
        self.effectiveFrom = effectiveFrom.description
        self.hourlyCents = hourlyCents
    }
}

extension Array where Element == MembershipWage {
    var history: WageHistory {
        WageHistory(rates: compactMap { wage in
            CalendarDate(iso: wage.effectiveFrom).map { WageHistory.Rate(effectiveFrom: $0, hourlyCents: wage.hourlyCents) }
        })
    }
}
