import Foundation

/// What a change did that derived data reacts to, said by the writer that did it: observers
/// (the outcome rollups) and the viewer cache consume these, never the audit rows' JSON.
enum ChangeEvent: Sendable, Hashable {
    /// These students' record of a year may have moved: approved time, a seat on a team, a
    /// credential earned or revoked, a completed course, their own profile.
    case students(Set<UUID>)
    /// A deliverable was accepted, or left the accepted state: the students who worked on it.
    case deliverableAcceptance(UUID)
    /// A course changed (its CTE program decides concentrators): the students who completed it.
    case course(UUID)
    /// A roster import changed this district's people, schools and enrollments wholesale: its
    /// derived figures are rebuilt rather than refreshed student by student.
    case rostered(district: UUID)
    /// A clock-in or clock-out: it touches time entries and the audit log only, so nobody's
    /// name, roles or tokens changed and the viewer cache may stay.
    case clock

    /// Whether a transaction made only of changes that said this may keep the viewer cache.
    var keepsViewers: Bool { self == .clock }
}
