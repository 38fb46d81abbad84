import Foundation

/// A small OneRoster 1.2 bulk set written from the binding's column tables: a district with two
/// schools (one with an NCES id), a school year and two terms, two courses, three sections,
/// four students (one in grade 4, whom Pathwork leaves out), two teachers, a counselor and a
/// guardian, with demographics, program flags in `metadata.*` columns, and enrollments. Tests
/// change rows by sourcedId to make the next set.
struct RosterSet {
    var mode = "bulk"
    var orgs = [
        "d1,,,North District,district,0800001,",
        "s1,,,North High,school,080000100001,d1",
        "s2,,,North Middle,school,,d1",
    ]
    var sessions = [
        "y1,,,2026-27,schoolYear,2026-08-15,2027-06-05,,2027",
        "t1,,,Fall,semester,2026-08-15,2026-12-18,y1,2027",
        "t2,,,Spring,semester,2027-01-05,2027-06-05,y1,2027",
    ]
    var courses = [
        "c1,,,y1,Welding I,WELD1,\"09,10\",s1,,",
        "c2,,,y1,Algebra I,ALG1,09,s1,,",
    ]
    var classes = [
        "k1,,,Welding I - 1,\"09,10\",c1,W1-1,scheduled,Shop,s1,\"t1, t2\",,,1",
        "k2,,,Algebra I - 2,09,c2,A1-2,scheduled,204,s1,t1,,,2",
        "k3,,,Welding I - 3,10,c1,W1-3,scheduled,Shop,s1,t2,,,3",
    ]
    var users = [
        "u1,,,true,ava.r,,Ava,Reyes,,S-1001,ava.reyes@north.test,,,g1,09,,,,,,,s1,",
        "u2,,,true,ben.t,,Benjamin,Tran,,S-1002,ben.tran@north.test,,,,10,,,Ben,,,,s1,",
        "u3,,,true,cy.o,,Cy,Okafor,,S-1003,,,,,10,,,,,,,s1,true",
        "u4,,,true,dee.m,,Dee,Moss,,S-1004,dee.moss@north.test,,,,04,,,,,,,s2,",
        "t1u,,,true,tam.l,,Tamsin,Lee,,,tam.lee@north.test,,,,,,,,,,,s1,",
        "t2u,,,true,raj.p,,Raj,Patel,,,raj.patel@north.test,,,,,,,,,,,s1,",
        "c1u,,,true,ida.c,,Ida,Cole,,,ida.cole@north.test,,,,,,,,,,,s1,",
        "g1,,,true,gus.r,,Gus,Reyes,,,gus.reyes@north.test,,,,,,,,,,,,",
    ]
    var roles = [
        "r1,,,u1,primary,student,,,s1,", "r2,,,u2,primary,student,,,s1,", "r3,,,u3,primary,student,,,s1,",
        "r4,,,u4,primary,student,,,s2,", "r5,,,t1u,primary,teacher,,,s1,", "r6,,,t2u,primary,teacher,,,s1,",
        "r7,,,c1u,primary,counselor,,,s1,", "r8,,,g1,primary,guardian,,,d1,",
    ]
    var demographics = [
        "u1,,,2011-05-02,female,false,false,false,false,false,false,true,,,,,true,false,false",
        "u2,,,2010-09-30,male,false,true,false,false,true,false,false,,,,,false,Y,yes",
        "u3,,,2010-11-11,other,false,false,true,false,false,false,false,,,,,,,",
    ]
    var enrollments = [
        "e1,,,k1,s1,u1,student,,2026-08-15,", "e2,,,k2,s1,u1,student,,2026-08-15,", "e3,,,k1,s1,u2,student,,2026-08-15,",
        "e4,,,k3,s1,u3,student,,2027-01-05,", "e5,,,k1,s1,t1u,teacher,true,,", "e6,,,k2,s1,t2u,teacher,true,,",
    ]

    /// A delta set: only the rows given, with `status` and `dateLastModified` set on each.
    static func delta(users: [String] = [], enrollments: [String] = []) -> [String: String] {
        var set = RosterSet()
        set.mode = "delta"
        (set.orgs, set.sessions, set.courses, set.classes, set.roles, set.demographics) = ([], [], [], [], [], [])
        set.users = users
        set.enrollments = enrollments
        var files = set.files
        for name in ["orgs.csv", "academicSessions.csv", "courses.csv", "classes.csv", "roles.csv", "demographics.csv"] { files[name] = nil }
        files["manifest.csv"] = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\nfile.users,delta\nfile.enrollments,delta\n"
        return files
    }

    mutating func remove(_ sourcedID: String) {
        for path in [\RosterSet.orgs, \.sessions, \.courses, \.classes, \.users, \.roles, \.demographics, \.enrollments] {
            self[keyPath: path].removeAll { $0.hasPrefix(sourcedID + ",") }
        }
    }

    mutating func replace(_ sourcedID: String, in path: WritableKeyPath<RosterSet, [String]>, with row: String) {
        guard let index = self[keyPath: path].firstIndex(where: { $0.hasPrefix(sourcedID + ",") }) else { return }
        self[keyPath: path][index] = row
    }

    var files: [String: String] {
        func file(_ header: String, _ rows: [String]) -> String { ([header] + rows).joined(separator: "\n") + "\n" }
        var manifest = "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n"
        for name in ["orgs", "academicSessions", "courses", "classes", "users", "roles", "demographics", "enrollments"] {
            manifest += "file.\(name),\(mode)\n"
        }
        return [
            "manifest.csv": manifest,
            "orgs.csv": file("sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId", orgs),
            "academicSessions.csv": file("sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear", sessions),
            "courses.csv": file("sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes",
                                courses),
            "classes.csv": file("sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,"
                                + "termSourcedIds,subjects,subjectCodes,periods", classes),
            "users.csv": file("sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,email,"
                              + "sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,preferredGivenName,preferredMiddleName,"
                              + "preferredFamilyName,pronouns,primaryOrgSourcedId,metadata.homeless", users),
            "roles.csv": file("sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId",
                              roles),
            "demographics.csv": file("sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,"
                                     + "nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,"
                                     + "countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus,"
                                     + "metadata.englishLearner,metadata.economicallyDisadvantaged,metadata.singleParent", demographics),
            "enrollments.csv": file("sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate",
                                    enrollments),
        ]
    }
}
