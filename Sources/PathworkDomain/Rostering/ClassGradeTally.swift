/// OneRoster 1.0 gives a student no grade, and Pathwork serves students by grade (6–12). Its
/// classes and courses do carry grades, so a 1.0 student's grade is the one most of their
/// classes are for. A class for grades 9 and 10 counts for both; on a tie the lower grade wins,
/// so the same set always gives the same grade. Kept as seven 8-bit counters a student, for a
/// district of a million users.
public struct ClassGradeTally: Sendable {
    private var counts: [Int: UInt64] = [:]

    public init() {}

    /// Counts one class of `user` (a key the caller chooses) for each of its grades Pathwork serves.
    public mutating func add(user: Int, grades: [Int]) {
        var packed = counts[user] ?? 0
        for grade in Set(grades) where StudentDraft.grades.contains(grade) {
            let shift = UInt64((grade - 6) * 8)
            if (packed >> shift) & 0xFF < 0xFF { packed += 1 << shift }
        }
        counts[user] = packed
    }

    /// The grade most of the user's classes are for, the lower on a tie; nil when none of their
    /// classes gave a grade Pathwork serves.
    public func grade(of user: Int) -> Int? {
        guard let packed = counts[user] else { return nil }
        var best: (grade: Int, count: UInt64)?
        for grade in StudentDraft.grades {
            let count = (packed >> UInt64((grade - 6) * 8)) & 0xFF
            if count > 0, count > best?.count ?? 0 { best = (grade, count) }
        }
        return best?.grade
    }

    /// Every grade a `grades` field lists that Pathwork reads as a number ("09" is 9).
    public static func grades(_ field: [String]) -> [Int] { field.compactMap { Int($0) } }
}
