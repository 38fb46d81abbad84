import Fluent
import Foundation
import PathworkDomain
import SQLKit
import Vapor

/// Every change to a survey, each checked inside its change: building (drafts only), sending,
/// reminding, closing, and answering.
enum SurveyWriter {
    static let managers: Action = .manageConnections

    struct Draft: Sendable {
        var title: String
        var intro: String
        var template: SurveyTemplate?
        var anonymous: Bool
        var closesOn: String
        var audience: SurveyAudience
    }

    static func create(_ draft: Draft, on req: Request) async throws -> Survey {
        try req.viewer.require(managers)
        var errors: [FieldError] = []
        if !draft.title.isWords(maxLength: 160) { errors.append(FieldError(field: "title", message: "Give the survey a title (up to 160 characters).")) }
        if draft.intro.count > 2000 { errors.append(FieldError(field: "intro", message: "Keep the introduction to 2,000 characters.")) }
        if let closes = CalendarDate(iso: draft.closesOn) {
            if closes < req.today { errors.append(.rule(field: "closesOn", message: "The closing date has passed.")) }
        } else {
            errors.append(FieldError(field: "closesOn", message: "Enter the closing date as YYYY-MM-DD."))
        }
        let tenant = try req.tenant
        if let school = draft.audience.schoolID, try await tenant.query(School.self).filter(\.$id == school).first() == nil {
            errors.append(.reference(field: "schoolId", message: "No such school."))
        }
        if let program = draft.audience.programID, try await tenant.query(Program.self).filter(\.$id == program).first() == nil {
            errors.append(.reference(field: "programId", message: "No such program."))
        }
        if let team = draft.audience.teamID, try await tenant.query(Team.self).filter(\.$id == team).first() == nil {
            errors.append(.reference(field: "teamId", message: "No such team."))
        }
        if let grade = draft.audience.grade, !(6...12).contains(grade) { errors.append(FieldError(field: "grade", message: "Grades run from 6 to 12.")) }
        if !errors.isEmpty { throw PathworkError.invalid(errors) }
        let author = try req.viewer.personID
        return try await req.change { tenant, audit in
            let survey = Survey()
            survey.districtID = tenant.districtID
            survey.title = draft.title.trimmed
            survey.intro = (draft.intro.nonEmpty ?? draft.template?.intro) ?? ""
            survey.template = draft.template?.rawValue
            survey.definition = draft.template?.definition ?? SurveyDefinition()
            survey.anonymous = draft.anonymous
            survey.audience = draft.audience
            survey.status = .draft
            survey.closesOn = draft.closesOn
            survey.createdBy = author
            try await survey.create(on: tenant.db)
            audit.created(Survey.schema, id: survey.id, survey.snapshot)
            return survey
        }
    }

    /// Changes a draft's questions with `edit`, which may refuse; sent surveys keep theirs.
    static func edit(_ survey: Survey, on req: Request, _ edit: @escaping @Sendable (inout SurveyDefinition) throws -> Void) async throws {
        try req.viewer.require(managers)
        let id = try survey.requireID()
        try await req.change { tenant, audit in
            let current = try await tenant.find(Survey.self, id)
            guard current.status == .draft else { throw PathworkError.conflict("survey.sent", "A survey that has been sent keeps its questions.") }
            let before = current.definition
            var definition = before
            try edit(&definition)
            current.definition = definition
            try await current.save(on: tenant.db)
            audit.updated(Survey.schema, id: id, from: before, to: definition)
        }
    }

    /// A question from the builder's form: the kind's choices one a line, a number's bounds.
    static func question(key: String, prompt: String, kind: String, choices: String, minimum: String, maximum: String, required: Bool) throws -> SurveyQuestion {
        var errors: [FieldError] = []
        if !prompt.isWords(maxLength: 500) { errors.append(FieldError(field: "prompt", message: "Write the question (up to 500 characters).")) }
        let lines = choices.split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
        let parsed: SurveyQuestion.Kind?
        switch kind {
        case "likert": parsed = .likert
        case "openText": parsed = .openText
        case "singleChoice", "multipleChoice":
            if lines.count < 2 || lines.count > 20 || lines.contains(where: { $0.count > 200 }) {
                errors.append(FieldError(field: "choices", message: "Give from 2 to 20 choices, one a line."))
            }
            parsed = kind == "singleChoice" ? .singleChoice(lines) : .multipleChoice(lines)
        case "number":
            let low = Int(minimum.trimmed) ?? 0, high = Int(maximum.trimmed) ?? 0
            if Int(minimum.trimmed) == nil || Int(maximum.trimmed) == nil || low > high || low < -1_000_000 || high > 1_000_000 {
                errors.append(FieldError(field: "maximum", message: "Give the smallest and largest whole numbers allowed, smallest first."))
            }
            parsed = .number(minimum: low, maximum: high)
        default:
            parsed = nil
            errors.append(FieldError(field: "kind", message: "Choose what kind of answer the question takes."))
        }
        guard let parsed, errors.isEmpty else { throw PathworkError.invalid(errors) }
        return SurveyQuestion(key: key, prompt: prompt.trimmed, kind: parsed, required: required)
    }

    /// Sends the survey to its audience as it is now; later members of the audience are not added.
    static func send(_ survey: Survey, on req: Request) async throws -> Int {
        try req.viewer.require(managers)
        let id = try survey.requireID()
        let today = req.today
        return try await req.change { tenant, audit in
            let current = try await tenant.find(Survey.self, id)
            guard current.status == .draft else { throw PathworkError.conflict("survey.sent", "This survey has been sent.") }
            if let problem = current.definition.problems.first { throw PathworkError.invalid([.rule(field: "questions", message: problem)]) }
            guard let closes = CalendarDate(iso: current.closesOn), closes >= today else {
                throw PathworkError.invalid([.rule(field: "closesOn", message: "The closing date has passed; set a later one.")])
            }
            let people = try await current.audience.recipients(tenant: tenant, today: today)
            guard !people.isEmpty else { throw PathworkError.invalid([.rule(field: "audience", message: "No one is in this audience.")]) }
            for chunk in people.chunked(500) {
                let rows = chunk.map { SQLQueryString("(\(bind: UUID()), \(bind: tenant.districtID), \(bind: id), \(bind: $0))") }
                try await tenant.db.sql().raw("INSERT INTO survey_invitations (id, district_id, survey_id, person_id) VALUES \(rows.joined(separator: ", "))").run()
            }
            let before = current.snapshot
            current.status = .open
            current.sentAt = req.now
            try await current.save(on: tenant.db)
            audit.updated(Survey.schema, id: id, from: before, to: current.snapshot)
            audit.record("send", SurveyInvitation.schema, id: id, before: Optional<Int>.none, after: ["invited": people.count])
            return people.count
        }
    }

    static func remind(_ survey: Survey, on req: Request) async throws {
        try req.viewer.require(managers)
        let id = try survey.requireID()
        let now = req.now
        try await req.change { tenant, audit in
            let current = try await tenant.find(Survey.self, id)
            guard current.status == .open else { throw PathworkError.conflict("survey.notOpen", "Only an open survey sends reminders.") }
            current.remindedAt = now
            try await current.save(on: tenant.db)
            audit.record("remind", Survey.schema, id: id, before: Optional<String>.none, after: ["remindedAt": now])
        }
    }

    static func close(_ survey: Survey, on req: Request) async throws {
        try req.viewer.require(managers)
        let id = try survey.requireID()
        try await req.change { tenant, audit in
            let current = try await tenant.find(Survey.self, id)
            guard current.status == .open else { throw PathworkError.conflict("survey.notOpen", "Only an open survey can be closed.") }
            let before = current.snapshot
            current.status = .closed
            try await current.save(on: tenant.db)
            audit.updated(Survey.schema, id: id, from: before, to: current.snapshot)
        }
    }

    /// Records one person's answers: once, while the survey is open and before it closes, only
    /// for someone it was sent to. The counts results read are moved in the same change. An
    /// anonymous response is stored with no person, no time and a random id, and the audit log
    /// records only that the person took part.
    static func answer(_ survey: Survey, answers: [String: SurveyAnswer], on req: Request) async throws {
        let viewer = try req.viewer
        let id = try survey.requireID()
        let today = req.today, now = req.now
        let groups = survey.audience.countsGroups ? try await respondentGroups(viewer.personID, tenant: try req.tenant) : []
        try await req.change { tenant, audit in
            let current = try await tenant.find(Survey.self, id)
            guard current.status == .open, let closes = CalendarDate(iso: current.closesOn), closes >= today else {
                throw PathworkError.conflict("survey.closed", "This survey is closed.")
            }
            guard let invitation = try await tenant.query(SurveyInvitation.self).filter(\.$surveyID == id).filter(\.$personID == viewer.personID).first() else {
                throw Abort(.forbidden, reason: "This survey was not sent to you.")
            }
            guard invitation.completedOn == nil else { throw PathworkError.conflict("survey.answered", "You have already answered this survey.") }
            invitation.completedOn = today.description
            try await invitation.save(on: tenant.db)
            audit.updated(SurveyInvitation.schema, id: invitation.id, from: ["completedOn": ""], to: ["completedOn": today.description])
            let stored = try StoredJSON.string(answers)
            let sql = try tenant.db.sql()
            if current.anonymous {
                try await sql.raw("""
                    INSERT INTO survey_responses (id, district_id, survey_id, person_id, submitted_at, answers)
                    VALUES (\(bind: UUID()), \(bind: tenant.districtID), \(bind: id), NULL, NULL, \(bind: stored))
                    """).run()
            } else {
                let response = UUID()
                try await sql.raw("""
                    INSERT INTO survey_responses (id, district_id, survey_id, person_id, submitted_at, answers)
                    VALUES (\(bind: response), \(bind: tenant.districtID), \(bind: id), \(bind: viewer.personID), \(bind: now), \(bind: stored))
                    """).run()
                audit.created("surveyResponse", id: response, answers)
            }
            try await SurveyCells.add(answers, groups: groups, surveyID: id, districtID: tenant.districtID, db: tenant.db)
        }
    }

    /// A student's groups now, as outcomes count them.
    static func respondentGroups(_ personID: UUID, tenant: Tenant) async throws -> [StudentGroup] {
        guard let row = try await tenant.db.sql().raw("""
            SELECT \(OutcomeRecords.attributeColumns) FROM student_profiles s LEFT JOIN schools sc ON sc.id = s.school_id
            WHERE s.district_id = \(bind: tenant.districtID) AND s.person_id = \(bind: personID)
            """).first() else { return [] }
        return try OutcomeRecords.attributes(row).groups
    }
}

/// The counts a survey's results read: per question, measure (`n` respondents, an option's
/// key, `sum` of values) and group (`all` for everyone), moved as each response arrives.
enum SurveyCells {
    static func add(_ answers: [String: SurveyAnswer], groups: [StudentGroup], surveyID: UUID, districtID: UUID, db: any Database) async throws {
        var one = SurveyTally()
        one.add(answers, groups: groups)
        try await add(one, surveyID: surveyID, districtID: districtID, db: db)
    }

    /// Adds a tally's counts to a survey's cells: one response's, or many at once (the generator).
    static func add(_ tally: SurveyTally, surveyID: UUID, districtID: UUID, db: any Database) async throws {
        var rows: [SQLQueryString] = []
        for (key, counts) in tally.questions {
            for (token, cell) in [(SurveyTally.allToken, counts.all)] + counts.groups.map({ ($0.key.token, $0.value) }) {
                guard cell.enrolled > 0 else { continue }
                rows.append("(\(bind: districtID), \(bind: surveyID), \(bind: key), 'n', \(bind: token), \(bind: cell.enrolled))")
                for (option, count) in cell.counts where count > 0 {
                    rows.append("(\(bind: districtID), \(bind: surveyID), \(bind: key), \(bind: option), \(bind: token), \(bind: count))")
                }
                if let sum = tally.sums[key]?[token] { rows.append("(\(bind: districtID), \(bind: surveyID), \(bind: key), 'sum', \(bind: token), \(bind: sum))") }
            }
        }
        for chunk in rows.chunked(300) {
            try await db.sql().raw("""
                INSERT INTO survey_cells (district_id, survey_id, question_key, measure, group_token, value) VALUES \(chunk.joined(separator: ", "))
                ON CONFLICT (survey_id, question_key, measure, group_token) DO UPDATE SET value = survey_cells.value + excluded.value
                """).run()
        }
    }

    /// The straightforward aggregate the cells are checked against: every response read and
    /// counted with its respondent's groups now (the cells keep the groups at the time of
    /// answering, so a student whose record changed since moves between the two). Only an
    /// identified survey's responses name a respondent: anonymous surveys are left out, as their
    /// groups exist in the cells alone.
    static func tallyFromResponses(surveyIDs: [UUID], db: any Database) async throws -> SurveyTally {
        var tally = SurveyTally()
        guard !surveyIDs.isEmpty else { return tally }
        let rows = try await db.sql().raw("""
            SELECT r.answers AS answers, s.person_id AS person,
            """ + OutcomeRecords.attributeColumns + """

            FROM survey_responses r LEFT JOIN student_profiles s ON s.person_id = r.person_id LEFT JOIN schools sc ON sc.id = s.school_id
            WHERE r.survey_id IN (SELECT id FROM surveys WHERE id IN (\(binds: surveyIDs.map { $0 as any Encodable & Sendable })) AND anonymous = \(bind: false))
            """).all()
        let decoder = JSONDecoder()
        for row in rows {
            let answers = try decoder.decode([String: SurveyAnswer].self, from: Data(try row.decode(column: "answers", as: String.self).utf8))
            // Staff, partners and guardians have no student groups.
            let student = try row.decode(column: "person", as: UUID?.self) != nil
            tally.add(answers, groups: student ? try OutcomeRecords.attributes(row).groups : [])
        }
        return tally
    }

    /// The surveys' summed counts (one survey, or a template's surveys across a network).
    static func tally(surveyIDs: [UUID], db: any Database) async throws -> SurveyTally {
        guard !surveyIDs.isEmpty else { return SurveyTally() }
        let rows = try await db.sql().raw("""
            SELECT question_key, measure, group_token, CAST(SUM(value) AS BIGINT) AS value FROM survey_cells
            WHERE survey_id IN (\(binds: surveyIDs.map { $0 as any Encodable & Sendable })) GROUP BY question_key, measure, group_token
            """).all()
        let groups = Dictionary(uniqueKeysWithValues: GroupDimension.allCases.flatMap(\.groups).map { ($0.token, $0) })
        var tally = SurveyTally()
        for row in rows {
            let key = try row.decode(column: "question_key", as: String.self), measure = try row.decode(column: "measure", as: String.self)
            let token = try row.decode(column: "group_token", as: String.self), value = try row.decode(column: "value", as: Int.self)
            if measure == "sum" { tally.sums[key, default: [:]][token] = value; continue }
            var counts = tally.questions[key] ?? GroupedCounts()
            func update(_ cell: inout GroupCounts<String>) { if measure == "n" { cell.enrolled = value } else { cell.counts[measure] = value } }
            if token == SurveyTally.allToken { update(&counts.all) } else if let group = groups[token] { update(&counts.groups[group, default: GroupCounts()]) }
            tally.questions[key] = counts
        }
        return tally
    }
}
