import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// What `generate --years` adds for the reports seed 003 asks for, per district: last spring's
/// student experience survey (with names, so its results can be recounted from the responses)
/// answered by about a third of the students, and a class that graduated last June with its
/// grade-9 cohort, state assessments, activities after high school, Clearinghouse enrollments
/// and financial-aid completions. Rows a model writes go through the generator's buffer; the
/// rest (tables only the student-file import writes) are inserted in chunks at the end.
final class GeneratedReports {
    let districtID: UUID
    let survey: Survey
    /// The school year (by its first calendar year) the class graduated in.
    let lastYear: Int
    private let importID = OrderedID.next()
    private var tally = SurveyTally()
    private var rows: [String: [SQLQueryString]] = [:]
    private(set) var responses = 0
    private(set) var graduates = 0
    /// Rows written besides the buffer's (the survey, the chunked inserts).
    private(set) var written = 1

    init(districtID: UUID, createdBy: UUID, today: CalendarDate, db: any Database) async throws {
        self.districtID = districtID
        lastYear = SchoolCalendar.schoolYearStart(containing: today) - 1
        let survey = DemoSurveys.spring(lastYear + 1, districtID: districtID, anonymous: false, createdBy: createdBy)
        survey.id = OrderedID.next()
        try await survey.create(on: db)
        self.survey = survey
    }

    /// One generated student's part: maybe an answer to the survey; for half the grade-12
    /// students, last June's graduation and what followed.
    func add(student: UUID, draft: StudentDraft, locale: SchoolLocale, index: Int, buffer: RowBuffer, random: inout SeededRandom) async throws {
        let surveyID = survey.id!
        let answered = random.chance(35)
        append("survey_invitations (id, district_id, survey_id, person_id, completed_on)",
               "(\(bind: OrderedID.next()), \(bind: districtID), \(bind: surveyID), \(bind: student), \(bind: answered ? "\(lastYear + 1)-05-\(10 + index % 5)" : nil as String?))")
        if answered {
            let attributes = StudentAttributes(raceEthnicity: draft.raceEthnicity, sex: draft.sex, flags: draft.flags, locale: locale, grade: draft.grade)
            let answers = DemoSurveys.studentExperience(barrier: !draft.flags.isDisjoint(with: [.economicallyDisadvantaged, .englishLearner]), index: index, random: &random)
            tally.add(answers, groups: attributes.groups)
            let answeredAt = Date(timeIntervalSince1970: TimeInterval(CalendarDate(year: lastYear + 1, month: 5, day: 10 + index % 5)!.dayNumber) * 86_400)
            append("survey_responses (id, district_id, survey_id, person_id, submitted_at, answers)",
                   "(\(bind: OrderedID.next()), \(bind: districtID), \(bind: surveyID), \(bind: student), \(bind: answeredAt), \(bind: try StoredJSON.string(answers)))")
            responses += 1
        }
        guard draft.grade == 12, random.chance(50) else { return }
        graduates += 1
        let exit = StudentExitRecord()
        exit.id = OrderedID.next()
        exit.districtID = districtID
        exit.studentID = student
        exit.cohortYear = lastYear - 3
        exit.exitedOn = "\(lastYear + 1)-06-12"
        exit.kind = StudentExitKind.graduated.rawValue
        try await buffer.add(exit)
        for subject in PerkinsRecord.Subject.allCases {
            append("assessment_results (id, district_id, student_id, import_id, school_year, subject, proficient, level)",
                   "(\(bind: OrderedID.next()), \(bind: districtID), \(bind: student), \(bind: importID), \(bind: lastYear), \(bind: subject.rawValue), \(bind: random.chance(60)), NULL)")
        }
        if random.chance(35) {
            let activity = ExitActivity()
            activity.id = OrderedID.next()
            activity.districtID = districtID
            activity.studentID = student
            activity.kind = random.weighted([(ExitActivityKind.employed, 8), (.military, 1), (.advancedTraining, 1)]).rawValue
            activity.startsOn = "\(lastYear + 1)-09-02"
            try await buffer.add(activity)
        }
        if random.chance(55) {
            let level = random.weighted([(InstitutionLevel.fourYear, 5), (.twoYear, 5)])
            append("postsecondary_records (id, district_id, student_id, import_id, kind, college_code, college_name, college_state, level, control, begins_on, ends_on, status)",
                   """
                   (\(bind: OrderedID.next()), \(bind: districtID), \(bind: student), \(bind: importID), 'enrollment', \(bind: level == .fourYear ? "003798" : "003780"),
                    \(bind: level == .fourYear ? "University of Washington" : "Bellevue College"), 'WA', \(bind: level.rawValue), 'public',
                    \(bind: "\(lastYear + 1)-09-24"), \(bind: "\(lastYear + 1)-12-13"), 'F')
                   """)
        }
        if random.chance(60) {
            append("financial_aid_applications (id, district_id, student_id, import_id, class_of, application, submitted_on, completed_on)",
                   "(\(bind: OrderedID.next()), \(bind: districtID), \(bind: student), \(bind: importID), \(bind: lastYear + 1), 'fafsa', \(bind: "\(lastYear)-12-01"), \(bind: "\(lastYear)-12-08"))")
        }
    }

    private func append(_ table: String, _ values: SQLQueryString) { rows[table, default: []].append(values) }

    /// After the buffer's rows (the students the rows point at) are written.
    func finish(db: any Database) async throws {
        let sql = try db.sql()
        for (table, values) in rows {
            for chunk in values.chunked(200) { try await sql.raw("INSERT INTO \(unsafeRaw: table) VALUES " + chunk.joined(separator: ", ")).run() }
            written += values.count
        }
        rows = [:]
        try await SurveyCells.add(tally, surveyID: survey.id!, districtID: districtID, db: db)
    }
}
