import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// The people part of an export: users, their primary roles and students' demographics (with
/// the program flags as the `metadata.*` columns an import reads), a page of people at a time.
/// Mentors, client contacts, supervisors and analysts are Pathwork's own and are not exported.
struct RosterExportPeople {
    let export: RosterExport
    let districtID: UUID
    let districtOrg: String
    let schools: [UUID: String]

    /// The OneRoster role each Pathwork role is exported as, when the import did not say.
    static let rosterRole: [Role: String] = [.student: "student", .guardian: "guardian", .lead: "teacher", .counselor: "counselor",
                                            .coordinator: "siteAdministrator", .admin: "districtAdministrator"]
    static let exported: [Role] = [.admin, .coordinator, .counselor, .lead, .student, .guardian]

    /// Writes the three files; returns each exported person's `sourcedId` by their id.
    func write() async throws -> [UUID: String] {
        let db = export.db
        // Every person's sourcedId first, so a student's guardians can be named on any page.
        var sourcedIDs: [UUID: String] = [:]
        try await pages { page in
            for row in page {
                let id = try row.decode(column: "id", as: UUID.self)
                sourcedIDs[id] = try row.decode(column: "sourced_id", as: String?.self) ?? id.uuidString.lowercased()
            }
        }
        let users = try export.open("users.csv", ["sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName",
                                                  "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
                                                  "password", "userMasterIdentifier", "preferredGivenName", "preferredMiddleName",
                                                  "preferredFamilyName", "primaryOrgSourcedId", "pronouns"])
        let roles = try export.open("roles.csv", ["sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate",
                                                  "endDate", "orgSourcedId", "userProfileSourcedId"])
        let demographics = try export.open("demographics.csv", ["sourcedId", "status", "dateLastModified", "birthDate", "sex",
                                                                "americanIndianOrAlaskaNative", "asian", "blackOrAfricanAmerican",
                                                                "nativeHawaiianOrOtherPacificIslander", "white", "demographicRaceTwoOrMoreRaces",
                                                                "hispanicOrLatinoEthnicity", "countryOfBirthCode", "stateOfBirthAbbreviation",
                                                                "cityOfBirth", "publicSchoolResidenceStatus"]
                                               + StudentFlag.allCases.map(RosterPeople.flagColumn))
        defer { for handle in [users, roles, demographics] { try? handle.close() } }
        var exported: [UUID: String] = [:]
        var counts = (users: 0, roles: 0, demographics: 0)
        try await pages { page in
            let ids = try page.map { try $0.decode(column: "id", as: UUID.self) }
            let held = Dictionary(grouping: try await RoleAssignment.query(on: db).filter(\.$person.$id ~~ ids).all(), by: \.$person.id)
            let profiles = Dictionary(try await StudentProfile.query(on: db).filter(\.$person.$id ~~ ids).all().map { ($0.$person.id, $0) },
                                      uniquingKeysWith: { a, _ in a })
            let guardians = Dictionary(grouping: try await GuardianLink.query(on: db).filter(\.$studentID ~~ ids).all(), by: \.studentID)
            var (userLines, roleLines, demographicLines) = ("", "", "")
            for row in page {
                let id = try row.decode(column: "id", as: UUID.self)
                let mine = Set((held[id] ?? []).map(\.role))
                guard let role = Self.exported.first(where: mine.contains), let sid = sourcedIDs[id] else { continue }
                let profile = role == .student ? profiles[id] : nil
                if role == .student, profile == nil { continue }
                let context = try row.decode(column: "context", as: String?.self)?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                let rosterRole = context.flatMap { $0.first }.flatMap { $0.isEmpty ? nil : $0 } ?? Self.rosterRole[role] ?? "teacher"
                let school = profile?.$school.id.flatMap { schools[$0] }
                let org = school ?? (context.flatMap { $0.count == 2 && !$0[1].isEmpty ? $0[1] : nil }) ?? districtOrg
                let email = try row.decode(column: "email", as: String.self)
                let shownEmail = email.hasSuffix(".invalid") ? "" : email
                let agents = (guardians[id] ?? []).compactMap { sourcedIDs[$0.guardianID] }.sorted().joined(separator: ",")
                let grade = profile.map { $0.grade < 10 ? "0\($0.grade)" : String($0.grade) } ?? ""
                let enabled = try row.decode(column: "disabled_at", as: Date?.self) == nil
                userLines += line([sid, "", "", enabled ? "true" : "false", shownEmail.isEmpty ? sid : shownEmail, "",
                                   try row.decode(column: "given_name", as: String.self), try row.decode(column: "family_name", as: String.self), "",
                                   profile?.studentNumber ?? "", shownEmail, "", "", role == .student ? agents : "", grade, "", "", "", "", "",
                                   school ?? "", ""])
                roleLines += line(["role-\(sid)", "", "", sid, "primary", rosterRole, "", "", org, ""])
                if let profile {
                    let race = profile.raceEthnicity
                    let flags: [RaceEthnicity] = [.americanIndianOrAlaskaNative, .asian, .blackOrAfricanAmerican, .nativeHawaiianOrOtherPacificIslander, .white,
                                                  .twoOrMoreRaces, .hispanicOrLatino]
                    let sex = switch profile.sex { case .male?: "male"; case .female?: "female"; case .nonbinary?: "other"; case nil: "" }
                    demographicLines += line([sid, "", "", profile.birthDate, sex] + flags.map { race == $0 ? "true" : "false" } + ["", "", "", ""]
                                             + StudentFlag.allCases.map { profile[$0] ? "true" : "false" })
                    counts.demographics += 1
                }
                exported[id] = sid
                counts.users += 1
                counts.roles += 1
            }
            try users.write(contentsOf: Data(userLines.utf8))
            try roles.write(contentsOf: Data(roleLines.utf8))
            try demographics.write(contentsOf: Data(demographicLines.utf8))
        }
        export.wrote("users.csv", counts.users)
        export.wrote("roles.csv", counts.roles)
        export.wrote("demographics.csv", counts.demographics)
        return exported
    }

    private func line(_ cells: [String]) -> String { CSVWriter.row(cells.map(CSVWriter.quoted)) }

    /// The district's people with their import record, a page at a time in id order; people an
    /// import ended are left out (a bulk set has only what is current).
    private func pages(_ body: ([any SQLRow]) async throws -> Void) async throws {
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        while true {
            let page = try await export.db.sql().raw("""
                SELECT p.id, p.given_name, p.family_name, p.email, p.disabled_at, r.sourced_id, r.context FROM people p
                LEFT JOIN roster_records r ON r.record_id = p.id AND r.file = 'users' AND r.district_id = p.district_id
                WHERE p.district_id = \(bind: districtID) AND p.id > \(bind: after) AND r.ended_on IS NULL ORDER BY p.id LIMIT 2000
                """).all()
            try await body(page)
            guard page.count == 2000, let last = page.last else { return }
            after = try last.decode(column: "id", as: UUID.self)
        }
    }
}
