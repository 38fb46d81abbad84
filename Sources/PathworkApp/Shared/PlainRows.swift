import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// A model that can also be written as a plain SQL row. Fluent builds every row it writes by
/// reflecting on each field of the model (`Fields.properties` walks a `Mirror` and resolves
/// field types by name), which cost more than the database's own work where rows come by the
/// million (the generator) or by the hundred a second (the clock). Columns are listed by hand
/// beside their values; a test in `GeneratorTests` checks each list against Fluent's own keys
/// for the model, so a field added to a model and forgotten here fails a test.
protocol PlainRow: Model where IDValue == UUID {
    /// Every column with its value, as Fluent would write them on create: timestamps the model
    /// has not set are `now`. The model must have its id.
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)]
}

/// A statement already turned into SQL text and binds for one database's dialect, so that work
/// can be done on one task and the statement run on another.
struct SerializedStatement: SQLExpression {
    let sql: String
    let binds: [any Encodable & Sendable]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
        serializer.binds += binds
    }
}

extension SQLDatabase {
    /// Inserts models of one type, each with its id, as one multi-row INSERT.
    func insertPlain<M: PlainRow>(_ models: [M], at now: Date) async throws {
        try await plainInsertBuilder(models, at: now)?.run()
    }

    /// The multi-row INSERT of `insertPlain`, serialized for this database but not run.
    func plainInsert<M: PlainRow>(_ models: [M], at now: Date) throws -> SerializedStatement? {
        guard let insert = try plainInsertBuilder(models, at: now) else { return nil }
        var serializer = SQLSerializer(database: self)
        insert.insert.serialize(to: &serializer)
        return SerializedStatement(sql: serializer.sql, binds: serializer.binds)
    }

    /// Inserts models as one multi-row INSERT; a row whose id is already there has only the
    /// `updating` columns set from it instead.
    func upsertPlain<M: PlainRow>(_ models: [M], at now: Date, updating columns: [String]) async throws {
        try await plainInsertBuilder(models, at: now)?
            .onConflict(with: ["id"]) { update in columns.reduce(update) { $0.set(excludedValueOf: $1) } }
            .run()
    }

    private func plainInsertBuilder<M: PlainRow>(_ models: [M], at now: Date) throws -> SQLInsertBuilder? {
        guard let first = models.first else { return nil }
        let insert = self.insert(into: M.schema).columns(try first.plainRow(at: now).map(\.column))
        for model in models { insert.values(try model.plainRow(at: now).map(\.value)) }
        return insert
    }
}

extension Person: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("given_name", givenName), ("family_name", familyName), ("email", email),
         ("password_hash", passwordHash), ("organization", organization), ("disabled_at", disabledAt), ("search_key", searchKey),
         ("created_at", createdAt ?? now), ("updated_at", updatedAt ?? now)]
    }
}

extension RoleAssignment: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("person_id", $person.id), ("role", role.rawValue), ("created_at", createdAt ?? now)]
    }
}

extension StudentProfile: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("person_id", $person.id), ("student_number", studentNumber), ("birth_date", birthDate),
         ("grade", grade), ("school_id", $school.id), ("race_ethnicity", raceEthnicity?.rawValue), ("sex", sex?.rawValue)]
            + StudentFlag.allCases.map { (Self.column(for: $0).description, self[$0]) }
            + [("created_at", createdAt ?? now), ("updated_at", updatedAt ?? now)]
    }
}

extension Membership: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("team_id", $team.id), ("student_id", $student.id), ("team_role_id", $role.id),
         ("starts_on", startsOn), ("ends_on", endsOn), ("created_at", createdAt ?? now)]
    }
}

extension MembershipWage: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("membership_id", $membership.id), ("effective_from", effectiveFrom),
         ("hourly_cents", hourlyCents)]
    }
}

extension CredentialAttainment: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("student_id", studentID), ("credential_id", $credential.id), ("earned_on", earnedOn),
         ("expires_on", expiresOn), ("evidence", evidence), ("verified_by", verifiedBy), ("created_at", createdAt ?? now)]
    }
}

extension CompletedCourse: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("student_id", studentID), ("course_code", courseCode), ("completed_on", completedOn)]
    }
}

extension StudyPlan: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("student_id", studentID), ("template_id", templateID), ("courses", courses),
         ("updated_at", updatedAt)]
    }
}

extension TimeEntry: PlainRow {
    func plainRow(at now: Date) throws -> [(column: String, value: any Encodable & Sendable)] {
        [("id", try requireID()), ("district_id", districtID), ("student_id", studentID), ("team_id", teamID), ("engagement_id", engagementID),
         ("activity", activity.rawValue), ("kind", kind.rawValue), ("adjusts_id", adjustsID), ("starts_at", startsAt), ("ends_at", endsAt),
         ("work_date", workDate), ("minutes", minutes), ("status", status.rawValue), ("source", source.rawValue), ("note", note),
         ("reason", reason), ("flags", flags), ("hourly_wage_cents", hourlyWageCents), ("billed_minutes", billedMinutes),
         ("invoice_id", invoiceID), ("decided_by", decidedBy), ("decided_at", decidedAt), ("created_at", createdAt ?? now),
         ("updated_at", updatedAt ?? now)]
    }
}
