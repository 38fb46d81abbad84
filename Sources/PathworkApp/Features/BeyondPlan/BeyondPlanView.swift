import Foundation
import PathworkDomain
import Plot
import Vapor

extension BeyondPlanPages {
    /// The plan, part by part in the order of WAC 180-51-220(2), with the year's sign-off first.
    static func page(_ req: Request, student: PersonRecord, errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let plan = try await BeyondPlanJSON.build(student, on: req)
        let edits = BeyondPlanWriter.canEdit(viewer, student: student.id)
        let signs = viewer.can(.signOffBeyondPlans)
        let missing = plan.missing.compactMap(BeyondPlanPart.init(rawValue:))
        // What was typed comes back with its errors.
        func typed(_ field: String) -> String? { errors.isEmpty ? nil : (try? req.content.get(String.self, at: field)) }
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let chosen = errors.isEmpty ? Set(plan.graduationPathways) : Set((try? req.content.get([String].self, at: "graduationPathways")) ?? [])
        let year = title(plan.schoolYear)
        let current = plan.signOffs.first { $0.schoolYear == plan.schoolYear }
        return Layout.page("High School and Beyond Plan: \(student.person.fullName)", viewer: viewer, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            FormField.errorSummary(errors),
            .section(.class("card"), .id("sign-off"), .h2(.text("This school year (\(year)), grade \(plan.grade)")),
                .p(.text(current.map { "Signed off by \($0.counselor) on \($0.signedOn)." } ?? "Not yet signed off by a counselor this school year.")),
                .if(missing.isEmpty, .p(.text("Every part grade \(plan.grade) requires is in the plan."))),
                .if(!missing.isEmpty, .group(.p(.text("Still needed for grade \(plan.grade):")),
                    .ul(.forEach(missing) { part in .li(.class("warning"), .text("\(part.title) (\(part.source))")) }))),
                .if(signs && current == nil,
                    .form(.method(.post), .action(SiteRoute.beyondPlanStep(student.id, step: "sign-off").path), Layout.csrfField(viewer.csrfToken),
                          FormField.textarea("Note from the review (optional)", name: "note", value: typed("note"), rows: 2, error: error("note") ?? error("plan")),
                          .button(.type(.submit), .text("Sign off for \(year)")))),
                .if(!plan.signOffs.isEmpty, .group(.h3(.text("Sign-offs")),
                    .ul(.forEach(plan.signOffs) { signOff in
                        .li(.text("\(title(signOff.schoolYear)), grade \(signOff.grade): \(signOff.counselor), \(signOff.signedOn)"
                                  + (signOff.note.isEmpty ? "" : " — \(signOff.note)")),
                            .if(signs, .form(.class("inline"), .method(.post), .action(SiteRoute.withdrawBeyondPlanSignOff(signOff.id).path),
                                             Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("link"), .text("Take back")))))
                    })))),
            .section(.class("card"), .id("goals"), .h2(.text("Goals and graduation pathway")),
                .if(edits,
                    .form(.method(.post), .action(SiteRoute.beyondPlan(student.id).path), Layout.csrfField(viewer.csrfToken),
                          FormField.textarea("Career goals: the work you want to do, and why", name: "careerGoals", value: typed("careerGoals") ?? plan.careerGoals,
                                             rows: 3, error: error("careerGoals")),
                          FormField.textarea("Education goals: what you plan after high school (college, apprenticeship, training, military)",
                                             name: "educationGoals", value: typed("educationGoals") ?? plan.educationGoals, rows: 3, error: error("educationGoals")),
                          .div(.class("checks"), .id("graduationPathways"), Layout.legend("Graduation pathway option(s) you intend to complete"),
                               .forEach(GraduationPathwayOption.allCases) { option in
                                   .div(.class("check"),
                                        .input(.type(.checkbox), .name("graduationPathways[]"), .id("pathway-\(option.rawValue)"), .value(option.rawValue),
                                               .checked(chosen.contains(option.rawValue))),
                                        .label(.for("pathway-\(option.rawValue)"), .text(option.title)))
                               },
                               .unwrap(error("graduationPathways")) { .p(.class("error"), .text($0)) }),
                          .button(.type(.submit), .text("Save the plan")))),
                .if(!edits, .group(
                    .p(.strong(.text("Career goals: ")), .text(plan.careerGoals.isEmpty ? "not written yet" : plan.careerGoals)),
                    .p(.strong(.text("Education goals: ")), .text(plan.educationGoals.isEmpty ? "not written yet" : plan.educationGoals)),
                    .p(.strong(.text("Graduation pathway: ")), .text(plan.graduationPathways.isEmpty ? "not chosen yet"
                        : plan.graduationPathways.compactMap { GraduationPathwayOption(rawValue: $0)?.title }.joined(separator: "; ")))))),
            .section(.class("card"), .h2(.text("Career interest and skills inventory")),
                .p(.text(plan.interestCode.map { "Latest profile: \($0)." } ?? "Not taken yet."), .text(" "),
                   .if(viewer.personID == student.id, .a(.href(SiteRoute.explore.path), .text(plan.interestCode == nil ? "Take the inventory" : "See or retake it"))))),
            .section(.class("card"), .h2(.text("Four-year course plan")),
                .p(.text(plan.plannedGrades.isEmpty ? "No courses planned yet. " : "Courses planned in grade \(plan.plannedGrades.map(String.init).joined(separator: ", ")). "),
                   .a(.href(SiteRoute.studyPlan(student.id).path), .text("Open the plan of study")))),
            resumeSection(plan, student: student.id, edits: edits, viewer: viewer, typed: typed, error: error),
            .section(.class("card"), .h2(.text("What the law asks")),
                .ul(.forEach(BeyondPlanRules.sources) { rule in .li(.text(rule.text), .text(" "), .em(.text(rule.source))) })))
    }

    /// "2026-2027" as people write it: "2026–27".
    static func title(_ schoolYear: String) -> String {
        let parts = schoolYear.split(separator: "-")
        return parts.count == 2 ? "\(parts[0])–\(parts[1].suffix(2))" : schoolYear
    }

    static func resumeSection(_ plan: BeyondPlanJSON, student: UUID, edits: Bool, viewer: Viewer, typed: (String) -> String?,
                              error: (String) -> String?) -> Node<HTML.BodyContext> {
        .section(.class("card"), .id("resume"), .h2(.text("Résumé and activity log")),
            .p(.text("Education, work experience and community service. Lines marked “Pathwork” come from the student's teams, placements, credentials and ventures.")),
            .if(plan.resume.isEmpty, .p(.text("Nothing yet."))),
            .ul(.forEach(plan.resume) { line in
                .li(.strong(.text(line.title)),
                    .text(" · \(ResumeEntryKind(rawValue: line.kind)?.title ?? line.kind)"),
                    .text(line.detail.isEmpty ? "" : " · \(line.detail)"),
                    .text(line.startsOn.map { " · \($0)" + (line.endsOn.map { " to \($0)" } ?? "") } ?? ""),
                    .text(line.fromPathwork ? " (Pathwork)" : ""),
                    .if(edits, .unwrap(line.id) { id in
                        .form(.class("inline"), .method(.post), .action(SiteRoute.removeResumeEntry(id).path), Layout.csrfField(viewer.csrfToken),
                              .button(.type(.submit), .class("link"), .text("Remove")))
                    }))
            }),
            .if(edits, .form(.method(.post), .action(SiteRoute.beyondPlanStep(student, step: "resume").path), Layout.csrfField(viewer.csrfToken),
                .h3(.text("Add a line")),
                FormField.select("Kind", name: "kind", options: [(value: "", title: "Choose…")] + ResumeEntryKind.allCases.map { (value: $0.rawValue, title: $0.title) },
                                 selected: typed("kind"), error: error("kind")),
                FormField.text("What it was", name: "title", value: typed("title"), error: error("title")),
                FormField.text("Where, or with whom (optional)", name: "organization", value: typed("organization"), error: error("organization")),
                FormField.text("Started", name: "startsOn", value: typed("startsOn"), type: .date, error: error("startsOn")),
                FormField.text("Ended (optional)", name: "endsOn", value: typed("endsOn"), type: .date, error: error("endsOn")),
                FormField.text("How the school recognized it (community service, optional)", name: "recognition", value: typed("recognition"),
                               error: error("recognition")),
                .button(.type(.submit), .class("secondary"), .text("Add to the résumé")))))
    }
}
