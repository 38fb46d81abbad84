import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Users (with their roles and demographics) into people: students with profiles, and staff
/// in the roles the district's mapping gives.
extension RosterPlanner {
    /// A user as Pathwork will hold them.
    struct Candidate {
        let row: RosterRow
        let role: Role
        let givenName: String, familyName: String, email: String, enabled: Bool
        let studentNumber: String, birthDate: String, grade: Int, schoolID: UUID?
        let demographic: RosterDemographic
        /// A student's guardians, or a guardian's children (`agentSourcedIds`), sorted.
        let agents: [String]
        var recordID: UUID?
        var context = ""

        var fingerprint: Int64 {
            RosterFingerprint.of([role.rawValue, givenName, familyName, email, enabled ? "1" : "0", studentNumber, birthDate, String(grade),
                                  schoolID?.hex ?? "", demographic.raceEthnicity?.rawValue ?? "", demographic.sex?.rawValue ?? "",
                                  demographic.flags.map(\.rawValue).sorted().joined(separator: ","), agents.joined(separator: ",")])
        }
    }

    func planUsers() async throws {
        guard mode(.users) != nil else { return }
        // 1.2 keeps roles in their own file: each user's primary role (or first) and its org.
        var roles = PrimaryRoles()
        for try await batch in RosterBatches(.roles, in: source, manifest: manifest) {
            for row in batch where !row.isEnding {
                roles.note(user: row["userSourcedId"].hashValue, role: row["role"], org: row["orgSourcedId"], primary: row["roleType"] == "primary")
            }
        }
        var demographics: [Int: RosterDemographic] = [:]
        for try await batch in RosterBatches(.demographics, in: source, manifest: manifest) {
            for row in batch where !row.isEnding { demographics[row.sourcedId.hashValue] = RosterDemographic(row, issues: &plan.issues) }
        }
        let classes = try await gradesFromClasses()
        var seen = Set<Int>()
        var numbers = Set<String>()
        var links = GuardianPairs()
        for try await batch in RosterBatches(.users, in: source, manifest: manifest) {
            try Task.checkCancellation()
            let known = try await known(.users, batch.map(\.sourcedId))
            // A set that does not give a user's demographics (no bulk demographics.csv) keeps
            // the ones the district has.
            var kept: [UUID: RosterDemographic] = [:]
            if mode(.demographics) != .bulk {
                let people = batch.filter { demographics[$0.sourcedId.hashValue] == nil }.compactMap { known[$0.sourcedId] }
                kept = try await keptDemographics(people)
            }
            var candidates: [Candidate] = []
            for row in batch {
                let key = row.sourcedId.hashValue
                if row.isEnding { try end(.users, known[row.sourcedId]); continue }
                var assigned: (role: String, org: String)? = manifest.version == .v1_2 ? roles[key]
                    : (row["role"], row.list("orgSourcedIds").first ?? "")
                // A delta may send a user without their roles: they keep the ones they had.
                if assigned == nil, let context = known[row.sourcedId]?.context?.split(separator: "\t", omittingEmptySubsequences: false),
                   context.count == 2 {
                    assigned = (String(context[0]), String(context[1]))
                }
                let org = row["primaryOrgSourcedId"].isEmpty ? assigned?.org ?? "" : row["primaryOrgSourcedId"]
                guard var candidate = candidate(row, role: assigned?.role ?? "", org: org,
                                                demographic: demographics[key] ?? known[row.sourcedId].flatMap { kept[$0.recordID] },
                                                gradeFromClasses: classes.grade(of: key)) else {
                    usersLeftOut.insert(key)
                    count(.users) { $0.leftOut += 1 }
                    continue
                }
                if candidate.role == .student, !numbers.insert(candidate.studentNumber).inserted {
                    note(row, "identifier-shared", column: "identifier", value: candidate.studentNumber,
                         "Another student of the set has this student number.", severity: .error)
                    continue
                }
                candidate.recordID = known[row.sourcedId]?.recordID
                candidate.context = "\(assigned?.role ?? "")\t\(org)"
                seen.insert(key)
                candidates.append(candidate)
            }
            try await matchExisting(&candidates, known: known)
            for candidate in candidates {
                guard let id = candidate.recordID else { continue }
                users[candidate.row.sourcedId.hashValue] = id
                let sid = candidate.row.sourcedId
                let fingerprint = candidate.fingerprint
                let decision = decide(known[sid], fingerprint)
                links.note(candidate, changed: decision != .same)
                if decision != .same { try stagePerson(candidate, id: id) }
                // A changed person's links are made again from this set.
                if decision == .change { stage?.end(file: RosterStage.relinked, rowID: id, recordID: id) }
                try record(.users, sid, known[sid], recordID: id, fingerprint: fingerprint, decision, context: candidate.context)
            }
            try await stage?.write()
        }
        try await endMissing(.users) { seen.contains($0.hashValue) }
        if gradedByClasses > 0 {
            plan.issues.add(RosterIssue(.warning, "grade-from-classes", file: RosterFile.users.fileName,
                                        "OneRoster 1.0 gives students no grade: \(gradedByClasses) students were given the grade most of their "
                                            + "classes are for (the lower on a tie). Correct any on the student's page."))
        }
        for pair in links.changed() {
            guard let guardianID = users[pair.guardian], let studentID = users[pair.student] else { continue }
            try stage?.add(RosterStage.guardianLinks, [OrderedID.next(), districtID, guardianID, studentID])
        }
    }

    /// Each student's grade from the classes they are enrolled in, for a 1.0 set (whose users
    /// have no grades); empty for later versions.
    func gradesFromClasses() async throws -> ClassGradeTally {
        var tally = ClassGradeTally()
        guard manifest.version == .v1_0, mode(.enrollments) != nil, !classGrades.isEmpty else { return tally }
        for try await batch in RosterBatches(.enrollments, in: source, manifest: manifest) {
            for row in batch where !row.isEnding && row["role"] == "student" {
                tally.add(user: row["userSourcedId"].hashValue, grades: classGrades[row["classSourcedId"]] ?? [])
            }
        }
        return tally
    }

    /// The person a user becomes, or nil when Pathwork leaves them out (reported).
    func candidate(_ row: RosterRow, role: String, org: String, demographic: RosterDemographic?, gradeFromClasses: Int?) -> Candidate? {
        let pathworkRole: Role
        var grade = 0
        switch role {
        case "student":
            var read = RosterPeople.grade(row["grades"])
            if read == nil, row["grades"].isEmpty, let fromClasses = gradeFromClasses {
                read = fromClasses
                gradedByClasses += 1
            }
            guard let read else {
                note(row, "left-out-grade", column: "grades", value: row["grades"], "Pathwork serves grades 6 through 12; this student is left out.")
                return nil
            }
            pathworkRole = .student
            grade = read
        case "guardian", "parent", "relative":
            pathworkRole = .guardian
        case let staff where RosterPeople.staffRoles.contains(staff):
            guard let mapped = mapping[staff] else {
                note(row, "left-out-role", column: "role", value: staff, "The district's role mapping leaves \(staff) out.")
                return nil
            }
            pathworkRole = mapped
        default:
            note(row, "left-out-role", column: "role", value: role, "Pathwork does not import people in the role \(role.isEmpty ? "(none)" : role).")
            return nil
        }
        let email: String
        if let normalized = EmailAddress.normalize(row["email"]) {
            email = normalized
        } else {
            if !row["email"].isEmpty { note(row, "email-invalid", column: "email", value: row["email"], "Not an email address; kept without one.") }
            // A reserved, unroutable address (RFC 2606) that is unique: the person cannot sign
            // in until the district gives them a real one.
            email = "roster-\(String(UInt64(bitPattern: RosterFingerprint.of([row.sourcedId])), radix: 16))@\(slug).invalid"
        }
        var demographic = demographic ?? RosterDemographic()
        demographic.flags.formUnion(RosterDemographic.flags(row, issues: &plan.issues))
        let preferredGiven = row["preferredGivenName"], preferredFamily = row["preferredFamilyName"]
        let school = orgs[org].flatMap { $0 == districtID ? nil : $0 }
        return Candidate(row: row, role: pathworkRole, givenName: preferredGiven.isEmpty ? row["givenName"] : preferredGiven,
                         familyName: preferredFamily.isEmpty ? row["familyName"] : preferredFamily, email: email,
                         enabled: row["enabledUser"] != "false",
                         studentNumber: pathworkRole == .student ? (row["identifier"].isEmpty ? row.sourcedId : row["identifier"]) : "",
                         birthDate: pathworkRole == .student ? demographic.birthDate : "", grade: grade, schoolID: school,
                         demographic: pathworkRole == .student ? demographic : RosterDemographic(),
                         agents: pathworkRole == .student || pathworkRole == .guardian ? row.list("agentSourcedIds").sorted() : [])
    }

    /// People never merge silently: a new user whose email (or student number) a person
    /// Pathwork already has, that no import made, becomes that person (said in the report);
    /// one another import made, or another district's, is an error.
    func matchExisting(_ candidates: inout [Candidate], known: [String: Known]) async throws {
        let emails = candidates.map(\.email)
        guard !emails.isEmpty else { return }
        let sql = try db.sql()
        let holders = try await sql.raw("""
            SELECT p.id, p.district_id, p.email, (SELECT COUNT(*) FROM roster_records r WHERE r.record_id = p.id) AS rostered
            FROM people p WHERE p.email IN (\(binds: emails))
            """).all()
        var byEmail: [String: (id: UUID, district: UUID, rostered: Bool)] = [:]
        for holder in holders {
            byEmail[try holder.decode(column: "email", as: String.self)] = (try holder.decode(column: "id", as: UUID.self),
                                                                            try holder.decode(column: "district_id", as: UUID.self),
                                                                            try holder.decode(column: "rostered", as: Int.self) > 0)
        }
        let numbers = candidates.filter { $0.role == .student }.map(\.studentNumber)
        var byNumber: [String: (id: UUID, rostered: Bool)] = [:]
        if !numbers.isEmpty {
            for holder in try await sql.raw("""
                SELECT s.person_id, s.student_number, (SELECT COUNT(*) FROM roster_records r WHERE r.record_id = s.person_id) AS rostered
                FROM student_profiles s WHERE s.district_id = \(bind: districtID) AND s.student_number IN (\(binds: numbers))
                """).all() {
                byNumber[try holder.decode(column: "student_number", as: String.self)] = (try holder.decode(column: "person_id", as: UUID.self),
                                                                                           try holder.decode(column: "rostered", as: Int.self) > 0)
            }
        }
        for index in candidates.indices {
            let candidate = candidates[index]
            let row = candidate.row
            if let holder = byEmail[candidate.email], holder.id != candidate.recordID {
                if holder.district != districtID {
                    note(row, "email-taken", column: "email", value: row["email"], "A person of another district signs in with this email.", severity: .error)
                    candidates[index].recordID = nil
                    continue
                }
                if holder.rostered || candidate.recordID != nil {
                    note(row, "email-taken", column: "email", value: row["email"], "Another person of the district has this email.", severity: .error)
                    candidates[index].recordID = nil
                    continue
                }
                candidates[index].recordID = holder.id
                note(row, "person-matched", column: "email", value: row["email"], "Matched by email to a person Pathwork already has.")
            }
            if candidate.role == .student, let holder = byNumber[candidate.studentNumber], holder.id != candidates[index].recordID {
                if holder.rostered || candidates[index].recordID != nil {
                    note(row, "identifier-taken", column: "identifier", value: candidate.studentNumber,
                         "Another student of the district has this student number.", severity: .error)
                    candidates[index].recordID = nil
                    continue
                }
                candidates[index].recordID = holder.id
                note(row, "person-matched", column: "identifier", value: candidate.studentNumber, "Matched by student number to a student Pathwork already has.")
            }
            if candidates[index].recordID == nil, known[row.sourcedId] == nil { candidates[index].recordID = OrderedID.next() }
        }
    }

    /// The demographics the district holds for these people, by their id.
    func keptDemographics(_ people: [Known]) async throws -> [UUID: RosterDemographic] {
        guard !people.isEmpty else { return [:] }
        var kept: [UUID: RosterDemographic] = [:]
        // By person alone, the district checked here: given the district too, SQLite (which
        // has no statistics) walked the district's school index, every profile of a million
        // users for each thousand (a 1% delta: 0.6 s a batch).
        let profiles = try await StudentProfile.query(on: db).filter(\.$person.$id ~~ people.map(\.recordID)).all()
        for profile in profiles where profile.districtID == districtID {
            kept[profile.$person.id] = RosterDemographic(birthDate: profile.birthDate, raceEthnicity: profile.raceEthnicity, sex: profile.sex,
                                                                   flags: Set(StudentFlag.allCases.filter { profile[$0] }))
        }
        return kept
    }

    func stagePerson(_ candidate: Candidate, id: UUID) throws {
        guard let stage else { return }
        let searchKey = Person.searchKey(givenName: candidate.givenName, familyName: candidate.familyName, email: candidate.email,
                                         studentNumber: candidate.role == .student ? candidate.studentNumber : nil)
        try stage.add(RosterStage.people, [id, districtID, candidate.givenName, candidate.familyName, candidate.email,
                                                 candidate.enabled ? nil : now, searchKey, now, now])
        try stage.add(RosterStage.roles, [OrderedID.next(), districtID, id, candidate.role.rawValue, now])
        guard candidate.role == .student else { return }
        let demographic = candidate.demographic
        try stage.add(RosterStage.profiles, [OrderedID.next(), districtID, id, candidate.studentNumber, candidate.birthDate, candidate.grade,
                                                   candidate.schoolID, demographic.raceEthnicity?.rawValue, demographic.sex?.rawValue]
                            + StudentFlag.allCases.map { demographic.flags.contains($0) } + [now, now])
    }
}

/// Who is whose guardian, as the set says it from either side (a student's guardians, a
/// guardian's children), kept as hashes of sourcedIds; the links of people the import adds or
/// changes are staged once every user is read.
struct GuardianPairs {
    struct Pair: Hashable { let guardian: Int, student: Int }
    private var students = Set<Int>(), guardians = Set<Int>(), changedPeople = Set<Int>()
    private var pairs: [Pair] = []

    mutating func note(_ candidate: RosterPlanner.Candidate, changed: Bool) {
        let me = candidate.row.sourcedId.hashValue
        if changed { changedPeople.insert(me) }
        switch candidate.role {
        case .student:
            students.insert(me)
            pairs += candidate.agents.map { Pair(guardian: $0.hashValue, student: me) }
        case .guardian:
            guardians.insert(me)
            pairs += candidate.agents.map { Pair(guardian: me, student: $0.hashValue) }
        default: break
        }
    }

    /// Each link once, between a guardian and a student, where either of them changed.
    func changed() -> [Pair] {
        var seen = Set<Pair>()
        return pairs.filter { pair in
            guardians.contains(pair.guardian) && students.contains(pair.student)
                && (changedPeople.contains(pair.guardian) || changedPeople.contains(pair.student))
                && seen.insert(pair).inserted
        }
    }
}
