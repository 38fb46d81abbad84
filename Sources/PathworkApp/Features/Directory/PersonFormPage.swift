import Fluent
import PathworkDomain
import Plot
import Vapor

/// The add and edit forms for a person, with every error shown next to its field.
enum PersonFormPage {
    /// The form as posted; field names match the API's so errors name the same fields.
    struct Form: Content {
        var givenName: String?
        var familyName: String?
        var email: String?
        var roles: [String]?
        var organization: String?
        var password: String?
        var studentNumber: String?
        var birthDate: String?
        var grade: String?
        var schoolId: String?
        var raceEthnicity: String?
        var sex: String?
        var flags: [String]?

        init() {}

        init(_ record: PersonRecord) {
            givenName = record.person.givenName
            familyName = record.person.familyName
            email = record.person.email
            roles = record.roles.map(\.rawValue)
            organization = record.person.organization
            if let profile = record.profile {
                studentNumber = profile.studentNumber
                birthDate = profile.birthDate
                grade = String(profile.grade)
                schoolId = profile.$school.id?.uuidString
                raceEthnicity = profile.raceEthnicity?.rawValue
                sex = profile.sex?.rawValue
                flags = StudentFlag.allCases.filter { profile[$0] }.map(\.rawValue)
            }
        }

        /// Reads the form into a submission; an unreadable grade becomes 0, which validation
        /// reports together with every other problem.
        func submission() -> PersonSubmission {
            let roles = Set((roles ?? []).compactMap(Role.init(rawValue:)))
            var draft = PersonDraft(givenName: givenName ?? "", familyName: familyName ?? "", email: email ?? "",
                                    roles: roles, organization: organization)
            var schoolID: UUID?
            if roles.contains(.student) {
                let gradeNumber = Int(grade ?? "")
                draft.student = StudentDraft(
                    studentNumber: studentNumber ?? "", birthDate: birthDate ?? "", grade: gradeNumber ?? 0,
                    raceEthnicity: raceEthnicity.flatMap(RaceEthnicity.init(rawValue:)), sex: sex.flatMap(Sex.init(rawValue:)),
                    flags: Set((flags ?? []).compactMap(StudentFlag.init(rawValue:))))
                schoolID = schoolId.flatMap(UUID.init(uuidString:))
            }
            return PersonSubmission(draft: draft, schoolID: schoolID, password: password?.nonEmpty)
        }
    }

    static func render(_ req: Request, form: Form, editing: PersonRecord?, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let schools = try await req.tenant.query(School.self).sort(\.$name).all()
        func error(_ field: String) -> String? {
            errors.first { $0.field == field || $0.field == "student.\(field)" }?.message
        }
        let selectedRoles = Set(form.roles ?? [])
        let selectedFlags = Set(form.flags ?? [])
        let action = editing.map { SiteRoute.editPerson($0.id).path } ?? SiteRoute.people.path
        let title = editing.map { "Edit \($0.person.fullName)" } ?? "Add a person"
        return Layout.page(title, viewer: viewer, current: .people, status: errors.isEmpty ? .ok : .unprocessableEntity,
            FormField.errorSummary(errors),
            .form(.method(.post), .action(action), .attribute(named: "novalidate", value: "novalidate"),
                Layout.csrfField(viewer.csrfToken),
                .fieldset(Layout.legend(("Person")),
                    FormField.text("Given name", name: "givenName", value: form.givenName, required: true, error: error("givenName")),
                    FormField.text("Family name", name: "familyName", value: form.familyName, required: true, error: error("familyName")),
                    FormField.text("Email", name: "email", value: form.email, type: .email, required: true, error: error("email")),
                    FormField.text("Organization (mentors and client contacts)", name: "organization", value: form.organization),
                    FormField.text(editing == nil ? "Password (optional; lets them sign in)" : "New password (leave empty to keep)",
                                   name: "password", value: nil, type: .password, error: error("password"), autocomplete: "new-password")),
                .fieldset(.id("roles"), Layout.legend(("Roles")),
                    .unwrap(error("roles")) { .p(.class("error"), .text($0)) },
                    .div(.class("checks"), .forEach(Role.allCases) { role in
                        .div(.class("check"),
                             .input(.type(.checkbox), .name("roles[]"), .id("role-\(role.rawValue)"), .value(role.rawValue),
                                    .checked(selectedRoles.contains(role.rawValue))),
                             .label(.for("role-\(role.rawValue)"), .text(role.title)))
                    })),
                .fieldset(Layout.legend(("Student record (students only)")),
                    FormField.text("Student number", name: "studentNumber", value: form.studentNumber, error: error("studentNumber")),
                    FormField.text("Birth date", name: "birthDate", value: form.birthDate, type: .date, error: error("birthDate")),
                    FormField.select("Grade", name: "grade",
                                     options: [(value: "", title: "Choose")] + StudentDraft.grades.map { (value: String($0), title: "Grade \($0)") },
                                     selected: form.grade, error: error("grade")),
                    FormField.select("School", name: "schoolId",
                                     options: [(value: "", title: "No school")] + (try schools.saved().map { (value: $0.id.uuidString, title: $0.name) }),
                                     selected: form.schoolId, error: error("schoolId")),
                    FormField.select("Race/ethnicity", name: "raceEthnicity",
                                     options: [(value: "", title: "Not reported")] + RaceEthnicity.allCases.map { (value: $0.rawValue, title: $0.title) },
                                     selected: form.raceEthnicity),
                    FormField.select("Sex", name: "sex",
                                     options: [(value: "", title: "Not reported")] + Sex.allCases.map { (value: $0.rawValue, title: $0.title) },
                                     selected: form.sex),
                    .div(.class("checks"), .forEach(StudentFlag.allCases) { flag in
                        .div(.class("check"),
                             .input(.type(.checkbox), .name("flags[]"), .id("flag-\(flag.rawValue)"), .value(flag.rawValue),
                                    .checked(selectedFlags.contains(flag.rawValue))),
                             .label(.for("flag-\(flag.rawValue)"), .text(flag.title)))
                    })),
                .div(.class("actions"),
                     .button(.type(.submit), .text(editing == nil ? "Add person" : "Save changes")),
                     .a(.class("button secondary"), .href(editing.map { SiteRoute.person($0.id).path } ?? SiteRoute.people.path), .text("Cancel")))
            )
        )
    }
}
