import Fluent
import Foundation
@testable import PathworkApp
import PathworkDomain
import SQLKit
import Testing
import Vapor

/// Applying OneRoster sets to a district: what each file becomes, a re-import that writes
/// nothing, bulk end-and-return, delta ends, people matched but never merged silently,
/// imports racing, and one district's import never touching another.
@Suite("OneRoster apply")
struct RosterApplyTests {
    func apply(_ app: Application, _ files: [String: String], district: Fixture.District) async throws -> RosterOutcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let record = try #require(try await District.find(district.id, on: app.db))
        return try await RosterApply.apply(try RosterSources.open(folder.path), fileName: "set", sha256: try RosterApply.sha256(of: folder.path),
                                           district: record, actor: .system("test", districtID: district.id), db: app.db, services: app.pathwork)
    }

    func person(_ app: Application, _ email: String) async throws -> Person? {
        try await Person.query(on: app.db).filter(\.$email == email).first()
    }

    func count(_ app: Application, _ table: String, district: UUID) async throws -> Int {
        let row = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE district_id = \(bind: district)").first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    @Test("a clean bulk set becomes schools, terms, courses, sections, people with roles and profiles, and dated enrollments, in one audited change")
    func firstImport() async throws {
        try await withPathwork { app, fixture, _ in
            let audit = try await AuditEntry.query(on: app.db).count()
            let outcome = try await apply(app, RosterSet().files, district: fixture.a)
            #expect(outcome.check.issues.errorCount == 0)
            #expect(outcome.importID != nil)
            let plan = try #require(outcome.plan)
            #expect(plan.counts["users.csv"] == .init(add: 7, leftOut: 1))
            #expect(plan.counts["enrollments.csv"] == .init(add: 6))
            #expect(plan.counts["orgs.csv"] == .init(add: 3))
            let entries = try await AuditEntry.query(on: app.db).filter(\.$sequence > audit).all()
            #expect(entries.map(\.action) == ["import"])
            #expect(entries.first?.after.contains(outcome.sha256) == true)

            let ava = try #require(try await person(app, "ava.reyes@north.test"))
            let profile = try #require(try await StudentProfile.query(on: app.db).filter(\.$person.$id == ava.id!).first())
            #expect(profile.studentNumber == "S-1001" && profile.grade == 9 && profile.birthDate == "2011-05-02")
            #expect(profile.raceEthnicity == .hispanicOrLatino && profile.sex == .female)
            #expect(profile.englishLearner && !profile.economicallyDisadvantaged)
            let ben = try #require(try await person(app, "ben.tran@north.test"))
            #expect(ben.givenName == "Ben")
            let benProfile = try #require(try await StudentProfile.query(on: app.db).filter(\.$person.$id == ben.id!).first())
            #expect(benProfile.raceEthnicity == .twoOrMoreRaces && benProfile.economicallyDisadvantaged && benProfile.singleParent)
            #expect(!profile.singleParent && !profile.outOfWorkforce)
            let cy = try #require(try await Person.query(on: app.db).filter(\.$givenName == "Cy").first())
            #expect(cy.email.hasSuffix("@alpha.invalid"))
            let cyProfile = try #require(try await StudentProfile.query(on: app.db).filter(\.$person.$id == cy.id!).first())
            #expect(cyProfile.homeless && cyProfile.sex == .nonbinary && cyProfile.raceEthnicity == .blackOrAfricanAmerican)
            #expect(try await person(app, "dee.moss@north.test") == nil)
            let gus = try #require(try await person(app, "gus.reyes@north.test"))
            #expect(try await Tenant(districtID: fixture.a.id, db: app.db).roles(of: gus.id!) == [.guardian])
            let children = try await GuardianLink.query(on: app.db).filter(\.$guardianID == gus.id!).all().map(\.studentID)
            #expect(children == [ava.id!])
            let tamsin = try #require(try await person(app, "tam.lee@north.test"))
            #expect(try await Tenant(districtID: fixture.a.id, db: app.db).roles(of: tamsin.id!) == [.lead])
            let ida = try #require(try await person(app, "ida.cole@north.test"))
            #expect(try await Tenant(districtID: fixture.a.id, db: app.db).roles(of: ida.id!) == [.counselor])

            let high = try #require(try await School.query(on: app.db).filter(\.$name == "North High").first())
            #expect(high.ncesID == "080000100001" && high.locale == .city)
            #expect(profile.$school.id == high.id)
            #expect(try await count(app, "academic_sessions", district: fixture.a.id) == 3)
            #expect(try await count(app, "class_sections", district: fixture.a.id) == 3)
            #expect(try await Course.query(on: app.db).filter(\.$code == "WELD1").count() == 1)
            let enrollments = try await Enrollment.query(on: app.db).filter(\.$personID == ava.id!).all()
            #expect(enrollments.count == 2 && enrollments.allSatisfy { $0.beginsOn == "2026-08-15" && $0.endedOn == nil })
            #expect(try await RosterImport.query(on: app.db).count() == 1)
            // Nothing was left in the staging tables.
            for target in RosterStage.targets {
                let left = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: target.stage)").first()
                #expect(try left?.decode(column: "n", as: Int.self) == 0)
            }
        }
    }

    @Test("the same set again writes nothing and adds no audit row")
    func reimportChangesNothing() async throws {
        try await withPathwork { app, fixture, _ in
            _ = try await apply(app, RosterSet().files, district: fixture.a)
            let audit = try await AuditEntry.query(on: app.db).count()
            let updated = try await Person.query(on: app.db).sort(\.$updatedAt, .descending).first()?.updatedAt
            let again = try await apply(app, RosterSet().files, district: fixture.a)
            #expect(again.importID == nil)
            #expect(again.plan?.writes == 0)
            #expect(again.plan?.counts["users.csv"] == .init(same: 7, leftOut: 1))
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
            #expect(try await Person.query(on: app.db).sort(\.$updatedAt, .descending).first()?.updatedAt == updated)
            #expect(try await RosterImport.query(on: app.db).count() == 1)
        }
    }

    @Test("a bulk set without a student ends them (disabled, enrollments closed); a later set with them brings them back")
    func bulkEndAndReturn() async throws {
        try await withPathwork { app, fixture, _ in
            _ = try await apply(app, RosterSet().files, district: fixture.a)
            var without = RosterSet()
            without.remove("u2")
            without.remove("r2")
            without.remove("e3")
            let ended = try await apply(app, without.files, district: fixture.a)
            #expect(ended.plan?.counts["users.csv"]?.end == 1)
            #expect(ended.plan?.counts["enrollments.csv"]?.end == 1)
            let ben = try #require(try await person(app, "ben.tran@north.test"))
            #expect(ben.isDisabled)
            #expect(try await Enrollment.query(on: app.db).filter(\.$sourcedID == "e3").first()?.endedOn != nil)
            #expect(try await Person.query(on: app.db).filter(\.$email == "ben.tran@north.test").count() == 1)

            let back = try await apply(app, RosterSet().files, district: fixture.a)
            #expect(back.plan?.counts["users.csv"]?.change == 1)
            #expect(try await person(app, "ben.tran@north.test")?.isDisabled == false)
            #expect(try await Enrollment.query(on: app.db).filter(\.$sourcedID == "e3").first()?.endedOn == nil)
            #expect(try await Person.query(on: app.db).filter(\.$email == "ben.tran@north.test").count() == 1)
        }
    }

    @Test("what the engines' bulk paths write reads back exactly: backslashes, tabs, a line break and quotes in a name, ids, moments")
    func bulkPathsKeepValues() async throws {
        try await withPathwork { app, fixture, _ in
            var set = RosterSet()
            set.users[0] = "u1,,,true,ava.r,,\"Ava \\ \t\"\"Jo\"\"\",\"Reyes\nDiaz\",,S-1001,ava.reyes@north.test,,,g1,09,,,,,,,s1,"
            let outcome = try await apply(app, set.files, district: fixture.a)
            #expect(outcome.importID != nil, "\(outcome.check.issues.listed)")
            let ava = try #require(try await person(app, "ava.reyes@north.test"))
            #expect(ava.givenName == "Ava \\ \t\"Jo\"")
            #expect(ava.familyName == "Reyes\nDiaz")
            let now = app.pathwork.clock.now()
            #expect(abs((ava.createdAt ?? .distantPast).timeIntervalSince(now)) < 0.001)
            let profile = try #require(try await StudentProfile.query(on: app.db).filter(\.$person.$id == ava.id!).first())
            #expect(profile.studentNumber == "S-1001" && profile.englishLearner && !profile.homeless)
        }
    }

    @Test("a delta set changes and ends only the rows it gives")
    func delta() async throws {
        try await withPathwork { app, fixture, _ in
            _ = try await apply(app, RosterSet().files, district: fixture.a)
            let files = RosterSet.delta(
                users: ["u1,active,2026-12-01T00:00:00Z,true,ava.r,,Ava,Reyes-Diaz,,S-1001,ava.reyes@north.test,,,,10,,,,,,,s1,",
                        "t2u,tobedeleted,2026-12-01T00:00:00Z,true,raj.p,,Raj,Patel,,,raj.patel@north.test,,,,,,,,,,,s1,"],
                enrollments: ["e2,tobedeleted,2026-12-01T00:00:00Z,k2,s1,u1,student,,2026-08-15,"])
            let outcome = try await apply(app, files, district: fixture.a)
            #expect(outcome.check.issues.errorCount == 0, "\(outcome.check.issues.listed)")
            #expect(outcome.plan?.counts["users.csv"] == .init(change: 1, end: 1))
            let ava = try #require(try await person(app, "ava.reyes@north.test"))
            #expect(ava.familyName == "Reyes-Diaz" && !ava.isDisabled)
            // The delta gave no demographics: the ones the district had stay.
            let profile = try #require(try await StudentProfile.query(on: app.db).filter(\.$person.$id == ava.id!).first())
            #expect(profile.birthDate == "2011-05-02" && profile.raceEthnicity == .hispanicOrLatino && profile.englishLearner && profile.grade == 10)
            #expect(try await person(app, "raj.patel@north.test")?.isDisabled == true)
            #expect(try await person(app, "tam.lee@north.test")?.isDisabled == false)
            #expect(try await Enrollment.query(on: app.db).filter(\.$sourcedID == "e2").first()?.endedOn != nil)
            #expect(try await Enrollment.query(on: app.db).filter(\.$sourcedID == "e1").first()?.endedOn == nil)
        }
    }

    @Test("a person Pathwork has with the user's email becomes that person; another district's email is an error and nothing is written")
    func matchingPeople() async throws {
        try await withPathwork { app, fixture, _ in
            var set = RosterSet()
            set.replace("t1u", in: \.users, with: "t1u,,,true,tam.l,,Coordinator,Alphason,,,\(fixture.a.email("coordinator")),,,,,,,,,,,s1,")
            let matched = try await apply(app, set.files, district: fixture.a)
            #expect(matched.plan?.issues.listed.contains { $0.kind == "person-matched" } == true)
            #expect(try await Person.query(on: app.db).filter(\.$email == fixture.a.email("coordinator")).count() == 1)
            #expect(try await Tenant(districtID: fixture.a.id, db: app.db).roles(of: fixture.a.coordinator) == [.coordinator, .lead])

            var foreign = RosterSet()
            foreign.replace("t1u", in: \.users, with: "t1u,,,true,tam.l,,Tamsin,Lee,,,\(fixture.a.email("admin")),,,,,,,,,,,s1,")
            let people = try await Person.query(on: app.db).filter(\.$districtID == fixture.b.id).count()
            let refused = try await apply(app, foreign.files, district: fixture.b)
            #expect(refused.importID == nil)
            #expect(refused.plan?.issues.listed.contains {
                $0.kind == "email-taken" && $0.file == "users.csv" && $0.line == 6 && $0.column == "email"
            } == true)
            #expect(try await Person.query(on: app.db).filter(\.$districtID == fixture.b.id).count() == people)
        }
    }

    @Test("a set the check refuses, though the plan read it at the same time, stages nothing and writes nothing")
    func refusedBesideThePlan() async throws {
        try await withPathwork { app, fixture, _ in
            var set = RosterSet()
            // A user twice (the plan alone would stage both) and a bad date in the last file read.
            set.users.append(set.users[0])
            set.enrollments.append("e7,,,k3,s1,u2,student,,2027-13-40,")
            let audit = try await AuditEntry.query(on: app.db).count()
            let refused = try await apply(app, set.files, district: fixture.a)
            #expect(refused.importID == nil && refused.plan == nil && !refused.canApply)
            #expect(refused.check.issues.listed.contains { $0.kind == "id-repeated" && $0.file == "users.csv" && $0.line == 10 })
            #expect(refused.check.issues.listed.contains { $0.file == "enrollments.csv" && $0.line == 8 && $0.column == "beginDate" })
            #expect(try await count(app, "roster_records", district: fixture.a.id) == 0)
            #expect(try await count(app, "enrollments", district: fixture.a.id) == 0)
            #expect(try await person(app, "ava.reyes@north.test") == nil)
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
            for table in RosterStage.targets.map(\.stage) + [RosterStage.endsTable] {
                let left = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()
                #expect(try left?.decode(column: "n", as: Int.self) == 0)
            }
            // The same set without its errors applies.
            let fixed = try await apply(app, RosterSet().files, district: fixture.a)
            #expect(fixed.importID != nil)
        }
    }

    @Test("the same set in two districts makes two districts' records; neither import touches the other district")
    func tenants() async throws {
        try await withPathwork { app, fixture, _ in
            var set = RosterSet()
            _ = try await apply(app, set.files, district: fixture.a)
            let aPeople = try await Person.query(on: app.db).filter(\.$districtID == fixture.a.id).count()
            // The same sourcedIds with other emails (an email signs in one person, installation-wide).
            set.users = set.users.map { $0.replacingOccurrences(of: "@north.test", with: "@south.test") }
            let outcome = try await apply(app, set.files, district: fixture.b)
            #expect(outcome.plan?.counts["users.csv"]?.add == 7)
            #expect(try await Person.query(on: app.db).filter(\.$districtID == fixture.a.id).count() == aPeople)
            var without = RosterSet()
            without.users = []
            without.roles = []
            without.demographics = []
            without.enrollments = []
            _ = try await apply(app, without.files, district: fixture.b)
            #expect(try await Person.query(on: app.db).filter(\.$districtID == fixture.a.id).filter(\.$disabledAt == nil).count() == aPeople)
            let records = try await RosterRecord.query(on: app.db).all()
            #expect(records.filter { $0.districtID == fixture.a.id }.allSatisfy { $0.endedOn == nil })
        }
    }

    @Test("imports of one district fired at once: one applies, the rest find it applied or are refused; nothing doubles")
    func racingImports() async throws {
        try await withPathwork { app, fixture, _ in
            let results = await race(app, district: fixture.a)
            let applied = results.compactMap { try? $0.get() }.filter { $0.importID != nil }
            #expect(applied.count == 1)
            #expect(results.filter(Self.refusedOtherwise).isEmpty)
            let avas = try await Person.query(on: app.db).filter(\.$email == "ava.reyes@north.test").count()
            #expect(avas == 1)
            #expect(try await Enrollment.query(on: app.db).count() == 6)
            #expect(try await RosterImport.query(on: app.db).count() == 1)
        }
    }

    @Test("a guardian signs in to their own child's record, in full, and reaches no other student; a changed set relinks them")
    func guardians() async throws {
        try await withPathwork { app, fixture, _ in
            _ = try await apply(app, RosterSet().files, district: fixture.a)
            let gus = try #require(try await person(app, "gus.reyes@north.test"))
            gus.passwordHash = try Bcrypt.hash(Fixture.password, cost: 4)
            try await gus.save(on: app.db)
            let ava = try #require(try await person(app, "ava.reyes@north.test"))
            let ben = try #require(try await person(app, "ben.tran@north.test"))
            let browser = try await app.browser(signedInAs: "gus.reyes@north.test")
            let home = try await browser.get("/")
            #expect(home.text.contains("Your children") && home.text.contains("Ava Reyes"))
            let child = try await browser.get("/people/\(ava.id!.uuidString.lowercased())")
            #expect(child.status == .ok && child.text.contains("S-1001"))
            #expect(try await browser.get("/people/\(ben.id!.uuidString.lowercased())").status == .notFound)
            #expect(try await browser.get("/people").status == .forbidden)

            // The guardian now names Ben instead (from the guardian's side): the links follow.
            var set = RosterSet()
            set.replace("u1", in: \.users, with: "u1,,,true,ava.r,,Ava,Reyes,,S-1001,ava.reyes@north.test,,,,09,,,,,,,s1,")
            set.replace("g1", in: \.users, with: "g1,,,true,gus.r,,Gus,Reyes,,,gus.reyes@north.test,,,u2,,,,,,,,,")
            _ = try await apply(app, set.files, district: fixture.a)
            let now = try await GuardianLink.query(on: app.db).filter(\.$guardianID == gus.id!).all().map(\.studentID)
            #expect(now == [ben.id!])
            #expect(try await browser.get("/people/\(ava.id!.uuidString.lowercased())").status == .notFound)
        }
    }

    @Test("outcome figures count a student in a year and school only where they were enrolled then; completed CTE enrollments make concentrators")
    func enrollmentHistory() async throws {
        try await withPathwork { app, fixture, _ in
            let year = ReportingYear(start: 2026)
            let before = try await OutcomeRecords.students(districtID: fixture.a.id, year: year, scope: .district, currentYear: 2026, db: app.db)
            #expect(Set(before.map(\.id)) == [fixture.a.student, fixture.a.otherStudent])
            _ = try await apply(app, RosterSet().files, district: fixture.a)
            for code in ["WELD1", "ALG1"] {
                let course = try #require(try await Course.query(on: app.db).filter(\.$code == code).first())
                course.cteProgram = "manufacturing"
                try await course.save(on: app.db)
            }
            let ava = try #require(try await person(app, "ava.reyes@north.test"))
            let high = try #require(try await School.query(on: app.db).filter(\.$name == "North High").first())
            let counted = try await OutcomeRecords.students(districtID: fixture.a.id, year: year, scope: .district, currentYear: 2026, db: app.db)
            #expect(counted.count == 3)
            #expect(!counted.contains { $0.id == fixture.a.student })
            let avaYear = try #require(counted.first { $0.id == ava.id })
            #expect(avaYear.schoolID == high.id && avaYear.outcome.concentrator)
            #expect(counted.filter(\.outcome.concentrator).count == 1)
            let inSchool = try await OutcomeRecords.students(districtID: fixture.a.id, year: year, scope: .school(high.id!), currentYear: 2026, db: app.db)
            #expect(inSchool.count == 3)
            #expect(try await OutcomeRecords.students(districtID: fixture.a.id, year: ReportingYear(start: 2025), scope: .district, currentYear: 2026, db: app.db).isEmpty)
            let admin = try await app.browser(signedInAs: fixture.a.email("admin"))
            #expect(try await admin.get("/outcomes?year=2026").text.contains("from the enrollments imported from the student information system"))
        }
    }

    @Test("a 1.1 set takes roles and schools from users.csv; a 1.0 set without a manifest applies too, its students graded by their classes")
    func olderVersions() async throws {
        try await withPathwork { app, fixture, _ in
            let orgs = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\nd1,,,North,district,,\ns1,,,North High,school,,d1\n"
            let v11: [String: String] = [
                "manifest.csv": "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\nfile.orgs,bulk\nfile.users,bulk\n",
                "orgs.csv": orgs,
                "users.csv": "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,"
                    + "identifier,email,sms,phone,agentSourcedIds,grades,password\n"
                    + "u1,,,true,\"s1, d1\",student,ava.r,,Ava,Reyes,,S-1,ava@nv.test,,,p1,9,\n"
                    + "t1,,,true,s1,teacher,tam.l,,Tam,Lee,,,tam@nv.test,,,,,\n"
                    + "p1,,,true,d1,parent,pat.r,,Pat,Reyes,,,pat@nv.test,,,,,\n",
            ]
            let applied = try await apply(app, v11, district: fixture.a)
            #expect(applied.importID != nil, "\(applied.check.issues.listed) \(applied.plan?.issues.listed ?? [])")
            let ava = try #require(try await person(app, "ava@nv.test"))
            let profile = try #require(try await StudentProfile.query(on: app.db).filter(\.$person.$id == ava.id!).first())
            let high = try await School.query(on: app.db).filter(\.$name == "North High").first()
            #expect(profile.grade == 9 && profile.$school.id == high?.id)
            #expect(try await Tenant(districtID: fixture.a.id, db: app.db).roles(of: try #require(try await person(app, "tam@nv.test")).id!) == [.lead])
            let pat = try #require(try await person(app, "pat@nv.test"))
            #expect(try await GuardianLink.query(on: app.db).filter(\.$guardianID == pat.id!).first()?.studentID == ava.id)

            let v10: [String: String] = [
                "orgs.csv": orgs,
                "users.csv": "sourcedId,status,dateLastModified,orgSourcedIds,role,username,userId,givenName,familyName,identifier,email,sms,phone,agents\n"
                    + "u1,,,s1,student,bo.k,12,Bo,Kim,S-9,bo@south.test,,,\n"
                    + "u2,,,s1,student,cy.l,13,Cy,Lu,S-10,cy@south.test,,,\n"
                    + "u3,,,s1,student,di.m,14,Di,Mo,S-11,di@south.test,,,\n",
                "academicSessions.csv": "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId\n"
                    + "y1,,,2026-27,schoolYear,2026-08-15,2027-06-05,\n",
                "courses.csv": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects\n"
                    + "c1,,,y1,Biology,BIO,10,s1,\nc2,,,y1,English 9,ENG9,09,s1,\nc3,,,y1,Band,BAND,,s1,\n",
                "classes.csv": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects\n"
                    + "k1,,,Biology 1,,c1,B1,scheduled,,s1,y1,\nk2,,,English 9,,c2,E9,scheduled,,s1,y1,\n"
                    + "k3,,,Geometry,\"09,10\",c2,G1,scheduled,,s1,y1,\nk4,,,Band,,c3,BD,scheduled,,s1,y1,\n",
                "enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary\n"
                    + "e1,,,k1,s1,u1,student,\ne2,,,k3,s1,u1,student,\ne3,,,k2,s1,u2,student,\ne4,,,k4,s1,u3,student,\n",
            ]
            let old = try await apply(app, v10, district: fixture.b)
            #expect(old.check.manifest?.version == .v1_0)
            #expect(old.importID != nil, "\(old.check.issues.listed) \(old.plan?.issues.listed ?? [])")
            // 1.0 users have no grades: a student's is the one most of their classes (or their
            // courses) are for; a student whose classes give none is left out, and said so.
            func grade(_ email: String) async throws -> Int? {
                guard let id = try await person(app, email)?.id else { return nil }
                return try await StudentProfile.query(on: app.db).filter(\.$person.$id == id).first()?.grade
            }
            #expect(try await grade("bo@south.test") == 10)
            #expect(try await grade("cy@south.test") == 9)
            #expect(try await person(app, "di@south.test") == nil)
            #expect(old.plan?.counts["users.csv"]?.leftOut == 1)
            #expect(old.plan?.issues.listed.contains { $0.kind == "left-out-grade" && $0.line == 4 } == true)
            #expect(old.plan?.issues.listed.contains { $0.kind == "grade-from-classes" && $0.message.contains("2 students") } == true)
        }
    }

    @Test("an import planned before another was applied is refused in its change, and nothing of it is written")
    func stalePlanRefused() async throws {
        try await withPathwork { app, fixture, _ in
            let district = try #require(try await District.find(fixture.a.id, on: app.db))
            func staged(_ files: [String: String]) async throws -> RosterApply.Staged {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("roster-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
                let (_, staged) = try await RosterApply.stage(try RosterSources.open(folder.path), fileName: "set", sha256: "", district: district,
                                                              db: app.db, now: app.pathwork.clock.now())
                return try #require(staged)
            }
            let first = try await staged(RosterSet().files)
            var other = RosterSet()
            other.remove("t2u")
            other.remove("r6")
            other.remove("e6")
            let second = try await staged(other.files)
            _ = try await RosterApply.commit(first, actor: .system("test"), db: app.db, services: app.pathwork)
            let audit = try await AuditEntry.query(on: app.db).count()
            await #expect(throws: RosterApply.Busy.self) {
                _ = try await RosterApply.commit(second, actor: .system("test"), db: app.db, services: app.pathwork)
            }
            #expect(try await AuditEntry.query(on: app.db).count() == audit)
            #expect(try await person(app, "raj.patel@north.test")?.isDisabled == false)
            #expect(try await RosterStage.count(second.importID, on: app.db) == 0)
        }
    }

    static func refusedOtherwise(_ result: Result<RosterOutcome, any Error>) -> Bool {
        guard case .failure(let failure) = result else { return false }
        return !(failure is RosterApply.Busy)
    }

    func race(_ app: Application, district: Fixture.District) async -> [Result<RosterOutcome, any Error>] {
        let files = RosterSet().files
        return await withTaskGroup(of: Result<RosterOutcome, any Error>.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    do { return .success(try await apply(app, files, district: district)) } catch { return .failure(error) }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }
}
