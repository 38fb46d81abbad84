import Foundation

/// The rules a plan of study is checked against. Credits are in tenths of a credit, so a
/// half-credit course is 5 and nothing needs a fraction.
public struct CatalogCourse: Sendable, Equatable {
    public let code: String
    public let title: String
    public let creditTenths: Int
    public let prerequisites: [String]
    /// The CTE program the course belongs to, for concentrator status; nil when it is not CTE.
    public let cteProgram: String?

    public init(code: String, title: String, creditTenths: Int, prerequisites: [String] = [], cteProgram: String? = nil) {
        self.code = code; self.title = title; self.creditTenths = creditTenths; self.prerequisites = prerequisites; self.cteProgram = cteProgram
    }
}

public struct PlannedCourse: Sendable, Equatable {
    public let code: String
    /// 9 to 12.
    public let grade: Int

    public init(code: String, grade: Int) { self.code = code; self.grade = grade }
}

public enum PlanIssue: Sendable, Equatable {
    /// The course is not in the district's catalog.
    case unknownCourse(String)
    /// A prerequisite is neither completed nor planned anywhere.
    case missingPrerequisite(course: String, prerequisite: String)
    /// A prerequisite is planned, but not in an earlier grade than the course needing it.
    case prerequisiteTooLate(course: String, prerequisite: String)
    case gradeOutOfRange(course: String, grade: Int)
    case overloadedYear(grade: Int, creditTenths: Int, limit: Int)
    /// Completed and planned credits fall short of what the district requires to graduate.
    case shortOfGraduation(creditTenths: Int, required: Int)

    public var message: String {
        switch self {
        case .unknownCourse(let code): "\(code) is not in the course catalog."
        case .missingPrerequisite(let course, let prerequisite): "\(course) needs \(prerequisite) first, which is neither completed nor planned."
        case .prerequisiteTooLate(let course, let prerequisite): "\(course) needs \(prerequisite) in an earlier year."
        case .gradeOutOfRange(let course, let grade): "\(course) is planned for grade \(grade); plans run from grade 9 to 12."
        case .overloadedYear(let grade, let credits, let limit): "Grade \(grade) has \(Credits.text(credits)) credits planned; the limit is \(Credits.text(limit))."
        case .shortOfGraduation(let credits, let required): "The plan reaches \(Credits.text(credits)) credits; graduation needs \(Credits.text(required))."
        }
    }
}

public enum Credits {
    /// "6", "6.5": tenths written as a person would.
    public static func text(_ tenths: Int) -> String {
        tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(abs(tenths % 10))"
    }

    /// Reads "1", "0.5", ".5" or "2.0" as tenths; nil for anything finer than a tenth or not a
    /// number, so no credit is ever rounded on the way in.
    public static func tenths(_ text: String) -> Int? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let digits = { (part: String) in part.allSatisfy { ("0"..."9").contains($0) } }
        guard (1...2).contains(parts.count), parts.allSatisfy(digits), parts[0].count <= 4 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !(parts[0].isEmpty && fraction.isEmpty), fraction.dropFirst().allSatisfy({ $0 == "0" }) else { return nil }
        return (Int(parts[0]) ?? 0) * 10 + (Int(fraction.prefix(1)) ?? 0)
    }
}

public enum PlanOfStudyRules {
    /// Every problem with the plan, in a stable order: per course in plan order, then per
    /// year, then graduation. Completed courses count toward prerequisites and credits.
    public static func check(_ plan: [PlannedCourse], catalog: [String: CatalogCourse], completed: Set<String>,
                             maxCreditTenthsPerYear: Int, graduationCreditTenths: Int) -> [PlanIssue] {
        var issues: [PlanIssue] = []
        let plannedGrade = Dictionary(plan.map { ($0.code, $0.grade) }, uniquingKeysWith: min)
        for item in plan {
            guard (9...12).contains(item.grade) else { issues.append(.gradeOutOfRange(course: item.code, grade: item.grade)); continue }
            guard let course = catalog[item.code] else { issues.append(.unknownCourse(item.code)); continue }
            for prerequisite in course.prerequisites where !completed.contains(prerequisite) {
                if let grade = plannedGrade[prerequisite] {
                    if grade >= item.grade { issues.append(.prerequisiteTooLate(course: item.code, prerequisite: prerequisite)) }
                } else {
                    issues.append(.missingPrerequisite(course: item.code, prerequisite: prerequisite))
                }
            }
        }
        for grade in 9...12 {
            let credits = plan.filter { $0.grade == grade && !completed.contains($0.code) }.reduce(0) { $0 + (catalog[$1.code]?.creditTenths ?? 0) }
            if credits > maxCreditTenthsPerYear { issues.append(.overloadedYear(grade: grade, creditTenths: credits, limit: maxCreditTenthsPerYear)) }
        }
        let counted = completed.union(plan.map(\.code))
        let total = counted.reduce(0) { $0 + (catalog[$1]?.creditTenths ?? 0) }
        if total < graduationCreditTenths { issues.append(.shortOfGraduation(creditTenths: total, required: graduationCreditTenths)) }
        return issues
    }

    /// Perkins V's secondary CTE concentrator: a student who has completed at least two courses
    /// in a single CTE program or program of study (Strengthening Career and Technical
    /// Education for the 21st Century Act, sec. 3(12)(A)).
    public static func isConcentrator(completed: Set<String>, catalog: [String: CatalogCourse]) -> Bool {
        let programs = completed.compactMap { catalog[$0]?.cteProgram }
        return Dictionary(grouping: programs, by: { $0 }).values.contains { $0.count >= 2 }
    }

    /// Whole percent of the plan's courses completed, rounded down.
    public static func progressPercent(_ plan: [PlannedCourse], completed: Set<String>) -> Int {
        plan.isEmpty ? 0 : plan.filter { completed.contains($0.code) }.count * 100 / plan.count
    }
}
