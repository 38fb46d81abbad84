import Foundation
@testable import PathworkDomain
import Testing

/// A set held in memory, fed in small chunks so every file crosses chunk boundaries.
struct MemorySet: RosterSource {
    var files: [String: String]
    var fileNames: [String] { files.keys.sorted() }

    func stream(_ name: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws {
        let bytes = Array((files[name] ?? "").utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 5)
            try bytes[start..<end].withUnsafeBytes(chunk)
            start = end
        }
    }
}

/// Small OneRoster sets written from the binding's column tables.
enum RosterFixtures {
    static let manifest12 = """
        propertyName,value
        manifest.version,1.0
        oneroster.version,1.2
        file.academicSessions,bulk
        file.categories,absent
        file.classes,bulk
        file.courses,bulk
        file.demographics,bulk
        file.enrollments,bulk
        file.orgs,bulk
        file.roles,bulk
        file.users,bulk
        source.systemName,North Valley SIS
        """
    static let orgs = """
        sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId
        d1,,,North Valley,district,0801234,
        s1,,,North Valley High,school,080123400001,d1
        """
    static let sessions = """
        sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear
        y27,,,2026-2027,schoolYear,2026-08-15,2027-06-05,,2027
        t1,,,Fall,term,2026-08-15,2026-12-20,y27,2027
        """
    static let courses = """
        sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes
        c1,,,y27,Welding I,WELD1,"09,10",s1,CTE,
        """
    static let classes = """
        sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods
        k1,,,Welding I - P1,"09, 10",c1,WELD1-1,scheduled,Shop,s1,t1,,,1
        """
    static let users12 = """
        sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns,metadata.nv.englishLearner
        u1,,,true,ava.r,{LDAP:12},Ava,Reyes,,1001,ava@nv.test,,,g1,09,,,,,,s1,,Y
        u2,,,true,ben.t,,Ben,Tran,,1002,ben@nv.test,,,,10,,,,,,s1,,
        g1,,,true,maria.r,,Maria,Reyes,,,maria@home.test,,,u1,,,,,,,,,
        t9,,,true,j.lee,,Jo,Lee,,,jlee@nv.test,,,,,,,,,,s1,,
        """
    static let roles = """
        sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId
        r1,,,u1,primary,student,2026-08-15,,s1,
        r2,,,u2,primary,student,,,s1,
        r3,,,g1,primary,guardian,,,s1,
        r4,,,t9,primary,teacher,,,s1,
        """
    static let demographics = """
        sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus
        u1,,,2011-03-02,female,false,false,false,false,true,false,true,US,CO,,
        """
    static let enrollments = """
        sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate
        e1,,,k1,s1,u1,student,false,2026-08-15,
        e2,,,k1,s1,t9,teacher,true,,
        """

    static var set12: [String: String] {
        ["manifest.csv": manifest12, "orgs.csv": orgs, "academicSessions.csv": sessions, "courses.csv": courses, "classes.csv": classes,
         "users.csv": users12, "roles.csv": roles, "demographics.csv": demographics, "enrollments.csv": enrollments]
    }
}

@Suite("OneRoster sets checked")
struct RosterCheckTests {
    func checked(_ files: [String: String]) throws -> (RosterCheck, [RosterRow]) {
        var rows: [RosterRow] = []
        let check = try RosterCheck.run(MemorySet(files: files), row: { rows.append($0) })
        return (check, rows)
    }

    func kinds(_ check: RosterCheck) -> [String] { check.issues.listed.map(\.kind) }

    @Test("a clean 1.2 bulk set: every file read, every row handed on, metadata kept, nothing reported")
    func clean12() throws {
        let (check, rows) = try checked(RosterFixtures.set12)
        #expect(check.issues.listed.isEmpty, "\(check.issues.listed)")
        #expect(check.canApply)
        #expect(check.manifest?.version == .v1_2)
        #expect(check.manifest?.systemName == "North Valley SIS")
        #expect(check.files.map(\.file) == RosterFile.readingOrder.map(\.fileName))
        #expect(rows.count == 2 + 2 + 1 + 1 + 4 + 4 + 1 + 2)
        let ava = try #require(rows.first { $0.file == .users && $0.sourcedId == "u1" })
        #expect(ava.metadata == ["metadata.nv.englishLearner": "Y"])
        #expect(ava.list("agentSourcedIds") == ["g1"])
        let section = try #require(rows.first { $0.file == .classes })
        #expect(section["grades"] == "09,10")
        #expect(check.files.first { $0.file == "users.csv" }?.metadataColumns == ["metadata.nv.englishLearner"])
    }

    @Test("a 1.1 set keeps roles in users.csv; a 1.0 set has no manifest and older column names")
    func olderVersions() throws {
        let users11 = """
            sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password
            u1,,,true,"s1, d1",student,ava.r,,Ava,Reyes,,,ava@nv.test,,,,9,
            """
        var files = RosterFixtures.set12
        files["manifest.csv"] = RosterFixtures.manifest12.replacingOccurrences(of: "oneroster.version,1.2", with: "oneroster.version,1.1")
            .replacingOccurrences(of: "file.roles,bulk\n", with: "")
        files["users.csv"] = users11
        files["roles.csv"] = nil
        files["enrollments.csv"] = "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\ne1,,,k1,s1,u1,student,false,,\n"
        let (check, rows) = try checked(files)
        #expect(check.manifest?.version == .v1_1)
        #expect(check.issues.errorCount == 0, "\(check.issues.listed)")
        #expect(kinds(check) == ["grade-leading-zero"])
        #expect(rows.first { $0.file == .users }?.list("orgSourcedIds") == ["s1", "d1"])

        let users10 = """
            sourcedId,status,dateLastModified,orgSourcedIds,role,username,userId,givenName,familyName,identifier,email,sms,phone,agents
            u1,,,s1,student,ava.r,12,Ava,Reyes,,ava@nv.test,,,
            """
        let (old, oldRows) = try checked(["orgs.csv": RosterFixtures.orgs, "users.csv": users10])
        #expect(old.manifest?.version == .v1_0)
        #expect(old.issues.listed.isEmpty, "\(old.issues.listed)")
        #expect(oldRows.first { $0.file == .users }?["userIds"] == "12")
    }

    @Test("case variants, inactive, damaged grades and ext: values are read and warned about; unknown columns ignored")
    func leniency() throws {
        var files = RosterFixtures.set12
        files["users.csv"] = RosterFixtures.users12.replacingOccurrences(of: "u2,,,true,ben.t", with: "u2,,,TRUE,ben.t")
            .replacingOccurrences(of: "Tran,,1002,ben@nv.test,,,,10", with: "Tran,,1002,ben@nv.test,,,,K")
        // A column the binding does not have in roles.csv, added to the header and every row.
        files["roles.csv"] = RosterFixtures.roles.replacingOccurrences(of: "r2,,,u2,primary,student", with: "r2,,,u2,Primary,ext:intern")
            .split(separator: "\n").enumerated().map { $0.offset == 0 ? $0.element + ",resourceSourcedIds" : $0.element + "," }
            .joined(separator: "\n")
        files["orgs.csv"] = RosterFixtures.orgs.replacingOccurrences(of: "sourcedId,status", with: "SourcedId,status")
        let (check, _) = try checked(files)
        #expect(check.issues.errorCount == 0, "\(check.issues.listed)")
        #expect(Set(kinds(check)) == ["value-case", "grade-spelling", "header-case", "column-unknown"])
    }

    @Test("each error names its file, line and column: a bad date, an unknown value, a missing value, a wrong width, a missing column")
    func errors() throws {
        var files = RosterFixtures.set12
        files["academicSessions.csv"] = RosterFixtures.sessions.replacingOccurrences(of: "2026-12-20", with: "12/20/2026")
        files["classes.csv"] = RosterFixtures.classes.replacingOccurrences(of: "scheduled", with: "lab")
        files["courses.csv"] = RosterFixtures.courses.replacingOccurrences(of: "c1,,,y27,Welding I", with: "c1,,,y27,")
        files["demographics.csv"] = RosterFixtures.demographics + "\nu2,,,2011-01-01,male\n"
        files["orgs.csv"] = RosterFixtures.orgs.replacingOccurrences(of: ",type,", with: ",kind,")
        let (check, _) = try checked(files)
        let errors = check.issues.listed.filter { $0.severity == .error }
        func has(_ kind: String, _ file: String, _ line: Int?, _ column: String?) -> Bool {
            errors.contains { $0.kind == kind && $0.file == file && $0.line == line && $0.column == column }
        }
        #expect(has("date-invalid", "academicSessions.csv", 3, "endDate"))
        #expect(has("value-unknown", "classes.csv", 2, "classType"))
        #expect(has("value-missing", "courses.csv", 2, "title"))
        #expect(has("row-width", "demographics.csv", 3, nil))
        #expect(has("column-missing", "orgs.csv", 1, "type"))
        #expect(!check.canApply)
        #expect(errors.first { $0.kind == "date-invalid" }?.description
            == "error: academicSessions.csv, line 3, column endDate (\"12/20/2026\"): Not a date: write it as YYYY-MM-DD.")
    }

    @Test("duplicate sourcedIds and references to nothing are errors; a shared username warns, a shared email refuses")
    func references() throws {
        var files = RosterFixtures.set12
        files["enrollments.csv"] = RosterFixtures.enrollments + "\ne3,,,k9,s1,u2,student,false,,\ne1,,,k1,s1,u2,student,false,,\n"
        files["users.csv"] = RosterFixtures.users12 + "\nu3,,,true,ava.r,,Ava,Ruiz,,,AVA@nv.test,,,g7,11,,,,,,s1,,\n"
        let (check, _) = try checked(files)
        let found = check.issues.listed.map { "\($0.kind) \($0.file):\($0.line ?? 0) \($0.column ?? "")" }
        #expect(found.contains("reference-dangling enrollments.csv:4 classSourcedId"))
        #expect(found.contains("id-repeated enrollments.csv:5 sourcedId"))
        #expect(found.contains("username-shared users.csv:6 username"))
        #expect(found.contains("email-shared users.csv:6 email"))
        #expect(found.contains("reference-dangling users.csv:6 agentSourcedIds"))
    }

    @Test("the manifest's hints give way to the files present, and the report says so; a delta row needs its status")
    func manifestAndDelta() throws {
        var files = RosterFixtures.set12
        files["demographics.csv"] = nil
        files["results.csv"] = "sourcedId\n"
        files["manifest.csv"] = RosterFixtures.manifest12.replacingOccurrences(of: "file.courses,bulk", with: "file.courses,absent")
        let (check, _) = try checked(files)
        #expect(check.issues.errorCount == 0)
        #expect(Set(kinds(check)) == ["manifest-disagrees", "file-unused"])
        #expect(check.files.first { $0.file == "courses.csv" }?.mode == .bulk)
        #expect(!check.files.contains { $0.file == "demographics.csv" })

        let delta = """
            propertyName,value
            manifest.version,1.0
            oneroster.version,1.2
            file.orgs,delta
            """
        let orgs = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
            + "s1,active,2026-11-01T10:00:00.000Z,North Valley High,school,,\n"
            + "s2,,2026-11-01T10:00:00Z,East,school,,\n"
            + "s3,inactive,2026-11-01,West,school,,\n"
        let (deltaCheck, rows) = try checked(["manifest.csv": delta, "orgs.csv": orgs])
        #expect(Set(deltaCheck.issues.listed.map(\.kind)) == ["status-missing", "status-inactive", "datetime-date-only"])
        #expect(rows.map(\.sourcedId) == ["s1", "s3"])
        #expect(rows.last?.isEnding == true)
    }

    @Test("a set no one can read: a manifest of another version, or a file that is not CSV")
    func unreadable() throws {
        let (wrongVersion, _) = try checked(["manifest.csv": "propertyName,value\noneroster.version,2.0\n", "orgs.csv": RosterFixtures.orgs])
        #expect(wrongVersion.manifest == nil)
        #expect(!wrongVersion.canApply)
        var files = RosterFixtures.set12
        files["orgs.csv"] = RosterFixtures.orgs + "\ns2,,,\"East,school,,\n"
        let (broken, _) = try checked(files)
        #expect(broken.issues.listed.contains { $0.kind == "csv-syntax" && $0.file == "orgs.csv" && $0.line == 4 })
    }

    @Test("a list's items lose the white space around them, a no-break space or a tab too, and empty items go")
    func listItems() {
        #expect(RosterValues.items("a, b ,\tc\u{00A0}, ,,d") == ["a", "b", "c", "d"])
        #expect(RosterValues.items(" 09 , 10") == ["09", "10"])
        #expect(RosterValues.items("").isEmpty)
        #expect(RosterValues.items("x y, z") == ["x y", "z"])
    }

    @Test("a file's place is its place among all files, which its columns are kept by")
    func filePlaces() {
        #expect(RosterFile.allCases.map(\.place) == Array(0..<RosterFile.allCases.count))
        #expect(RosterFile.users.columnIndex["sourcedId"] == 0 && RosterFile.users.columns[0].name == "sourcedId")
    }
}
