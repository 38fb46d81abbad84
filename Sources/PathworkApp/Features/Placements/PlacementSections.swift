import Foundation
import PathworkDomain
import Plot

/// The parts of a placement's page, each for the people who act on it.
enum PlacementSections {
    static func post(_ route: SiteRoute, viewer: Viewer, _ content: Node<HTML.FormContext>...) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(route.path), Layout.csrfField(viewer.csrfToken), .group(content))
    }

    static func agreement(_ p: Placement, id: UUID, agreement: PlacementAgreement, supervisor: String?, viewer: Viewer) -> Node<HTML.BodyContext> {
        .section(.class("card"), .h2(.text("Training agreement, version \(p.version)")),
            .if(!agreement.problems.isEmpty && p.status == .awaitingSignatures,
                .div(.class("errors"), .attribute(named: "role", value: "alert"), .p(.strong(.text("Before anyone signs:"))),
                     .ul(.forEach(agreement.problems) { .li(.text($0.message)) }))),
            .dl(.class("facts"),
                .dt(.text("Learning objectives")), .dd(.text(p.learningObjectives.isEmpty ? "—" : p.learningObjectives)),
                .dt(.text("Pathway")), .dd(.text(p.pathwayCode.isEmpty ? "—" : PathwayLinks.title(of: p.pathwayCode))),
                .dt(.text("Schedule")), .dd(.text(p.schedule.isEmpty ? "—" : p.schedule)),
                .dt(.text("Safety training")), .dd(.text(p.safetyTraining.isEmpty ? "—" : "\(p.safetyTraining) (\(p.safetyTrainingCompleted ? "completed" : "not completed"))")),
                .dt(.text("Worksite supervisor")), .dd(.text(supervisor ?? "—")),
                .dt(.text("Dates")), .dd(.text("\(p.startsOn) to \(p.endsOn)")),
                .dt(.text("Pay")), .dd(.text(p.pay.title + (p.hourlyWageCents.map { ", \(Money.format(cents: $0)) an hour" } ?? "")))),
            .if(viewer.can(.manageClients) && (p.status == .awaitingSignatures || p.status == .active),
                .p(.a(.class("button secondary"), .href(SiteRoute.placementStep(id, step: "edit").path), .text("Change the agreement")))))
    }

    static func signatures(_ p: Placement, id: UUID, agreement: PlacementAgreement, names: [UUID: String], signAs: [AgreementSigner], viewer: Viewer) -> Node<HTML.BodyContext> {
        return .section(.class("card"), .h2(.text("Signatures")),
            .p(.text(agreement.missing.isEmpty ? "Everyone has signed version \(p.version)."
                     : "Waiting for: \(agreement.missing.map(\.title).joined(separator: ", ")). The placement starts when all have signed version \(p.version).")),
            .ul(.class("log"), .forEach(agreement.signatures.reversed()) { signature in
                // The typed name is the student's or their family's full name: outside viewers see the limited form.
                let family = signature.signer == .student || signature.signer == .guardian
                let typed = viewer.isExternal && family ? "" : ": \(signature.signedName)"
                return .li(.text("\(signature.signer.title)\(typed)"), .span(.class("muted"), .text(" (\(viewer.isExternal && signature.signer == .guardian ? "signed" : names[signature.personID] ?? "—"), \(signature.signedAt.formatted(.iso8601.year().month().day())), version \(signature.version))")),
                    .if(signature.version != p.version, .span(.class("tag"), .text("earlier version"))))
            }),
            .if(!signAs.isEmpty && agreement.problems.isEmpty,
                post(.placementStep(id, step: "signatures"), viewer: viewer,
                     .input(.type(.hidden), .name("version"), .value(String(p.version))),
                     .if(signAs.count > 1, FormField.select("Sign as", name: "signer", options: signAs.map { (value: $0.rawValue, title: $0.title) }, selected: nil),
                         else: .input(.type(.hidden), .name("signer"), .value(signAs.first?.rawValue ?? ""))),
                     FormField.text("Type your full name to sign version \(p.version)", name: "signedName", value: nil, required: true),
                     .button(.type(.submit), .text("Sign the agreement")))))
    }

    static func hours(_ p: Placement, id: UUID, hours: [PlacementHours], viewer: Viewer, decides: Bool) -> Node<HTML.BodyContext> {
        let approved = hours.filter { $0.status == .approved }.reduce(0) { $0 + $1.minutes }
        let waiting = hours.filter { $0.status == .submitted }
        let running = hours.contains { $0.status == .open }
        let student = viewer.personID == p.studentID && p.status == .active
        return .section(.class("card"), .h2(.text("Hours at the worksite")),
            .p(.text("\(ChildLabor.hours(approved)) approved · \(waiting.count) waiting for the supervisor · \(p.pay.title.lowercased())")),
            .if(student, .group(
                post(.placementStep(id, step: "clock"), viewer: viewer, .button(.type(.submit), .class("big"), .text(running ? "Clock out" : "Clock in at the worksite"))),
                .details(.summary(.text("Log hours worked")),
                    .form(.method(.post), .action(SiteRoute.placementStep(id, step: "hours").path), Layout.csrfField(viewer.csrfToken),
                         FormField.text("Date", name: "date", value: nil, type: .date, required: true),
                         FormField.text("From", name: "from", value: nil, type: .time, required: true),
                         FormField.text("To", name: "to", value: nil, type: .time, required: true),
                         FormField.text("Note (optional)", name: "note", value: nil),
                         .button(.type(.submit), .text("Send to my supervisor")))))),
            .if(decides && !waiting.isEmpty,
                post(.placementHours(step: "approve"), viewer: viewer,
                     .input(.type(.hidden), .name("ids"), .value(waiting.compactMap { $0.id?.uuidString }.joined(separator: ","))),
                     .input(.type(.hidden), .name("placementId"), .value(id.uuidString)),
                     .button(.type(.submit), .text("Approve all \(waiting.count) waiting (\(ChildLabor.hours(waiting.reduce(0) { $0 + $1.minutes })))")))),
            .ul(.class("log"), .forEach(hours) { row($0, placement: id, viewer: viewer, decides: decides) }))
    }

    static func row(_ entry: PlacementHours, placement id: UUID, viewer: Viewer, decides: Bool) -> Node<HTML.ListContext> {
        let status: Node<HTML.BodyContext> = .span(.class(entry.flags.isEmpty ? "tag" : "tag warn"), .text(entry.status.rawValue))
        let reject: Node<HTML.BodyContext> = .form(.class("inline"), .method(.post), .action(SiteRoute.placementHours(step: "reject").path), Layout.csrfField(viewer.csrfToken),
            .input(.type(.hidden), .name("ids"), .value(entry.id?.uuidString ?? "")),
            .input(.type(.hidden), .name("placementId"), .value(id.uuidString)),
            .input(.type(.text), .name("reason"), .placeholder("Why send it back?"), .attribute(named: "aria-label", value: "Reason for \(entry.workDate)")),
            .button(.type(.submit), .class("secondary"), .text("Send back")))
        let takeBack: Node<HTML.BodyContext> = .form(.class("inline"), .method(.post), .action(SiteRoute.deletePlacementHours(entry.id ?? UUID()).path),
            Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("link"), .text("Take back")))
        let flags = entry.flags.replacingOccurrences(of: ",", with: ", ")
        return .li(.text("\(entry.workDate) · \(ChildLabor.hours(entry.minutes)) · "), status,
            .if(!entry.note.isEmpty, .text(" · \(entry.note)")),
            .if(!entry.flags.isEmpty, .p(.class("muted"), .text("Passes a limit: \(flags)"))),
            .if(entry.status == .rejected, .p(.class("muted"), .text("Sent back: \(entry.reason)"))),
            .if(decides && entry.status == .submitted, reject),
            .if(viewer.personID == entry.studentID && (entry.status == .submitted || entry.status == .rejected), takeBack))
    }

    static func evaluations(_ p: Placement, id: UUID, evaluations: [PlacementEvaluation], rubric: CompetencyRubric, viewer: Viewer, decides: Bool) -> Node<HTML.BodyContext> {
        let next = PlacementEvaluation.Point.allCases.first { point in !evaluations.contains { $0.point == point } }
        return .section(.class("card"), .h2(.text("Evaluations")),
            .if(evaluations.isEmpty, .p(.text("None yet. The supervisor rates the student at the midpoint and at the end."))),
            .forEach(evaluations) { evaluation in
                let ratings = (try? JSONDecoder().decode([String: Int].self, from: Data(evaluation.ratings.utf8))) ?? [:]
                let used = (try? JSONDecoder().decode(CompetencyRubric.self, from: Data(evaluation.rubric.utf8))) ?? rubric
                return .div(.h3(.text("\(evaluation.point.title): \(evaluation.meanTenths / 10).\(evaluation.meanTenths % 10) on average")),
                    .ul(.forEach(used.criteria) { criterion in
                        let level = ratings[criterion.name] ?? 0
                        return .li(.strong(.text("\(criterion.name): \(level)")), .text(" — \(level >= 1 && level <= criterion.levels.count ? criterion.levels[level - 1] : "")"))
                    }),
                    .if(!evaluation.comments.isEmpty, .p(.text(evaluation.comments))))
            },
            .if(decides && p.status == .active && next != nil,
                post(.placementStep(id, step: "evaluations"), viewer: viewer,
                     .h3(.text(next?.title ?? "")), .input(.type(.hidden), .name("point"), .value(next?.rawValue ?? "")),
                     .forEach(rubric.criteria) { criterion in
                         .fieldset(Layout.legend(criterion.name), .forEach(Array(criterion.levels.enumerated())) { index, descriptor in
                             .label(.class("choice"), .input(.type(.radio), .name("rating.\(criterion.name)"), .value(String(index + 1)), .required(true)),
                                    .text(" \(index + 1) — \(descriptor)"))
                         })
                     },
                     FormField.textarea("Comments for the student and coordinator", name: "comments", value: nil, rows: 3),
                     .button(.type(.submit), .text("Submit the \(next?.title.lowercased() ?? "evaluation")")))))
    }

    static func reflection(_ p: Placement, id: UUID, viewer: Viewer) -> Node<HTML.BodyContext> {
        return .section(.class("card"), .h2(.text("Reflection")),
            .if(viewer.personID == p.studentID && p.status == .active,
                post(.placementStep(id, step: "reflection"), viewer: viewer,
                     FormField.textarea("What did you learn at the worksite?", name: "reflection", value: p.reflection, rows: 5),
                     .button(.type(.submit), .text("Save my reflection"))),
                else: .p(.text(p.reflection.isEmpty ? "The student has not written their reflection yet." : p.reflection))))
    }

    static func coordinator(_ p: Placement, id: UUID, credentials: [Credential], viewer: Viewer) -> Node<HTML.BodyContext> {
        return .group(
            .if(p.status == .active, .section(.class("card"), .h2(.text("Complete")),
                .p(.text("Completing needs the final evaluation and the student's reflection; the placement then joins the student's portfolio.")),
                post(.placementStep(id, step: "complete"), viewer: viewer,
                     FormField.select("Award a credential (optional)", name: "credentialId",
                                      options: [(value: "", title: "None")] + credentials.compactMap { c in c.id.map { (value: $0.uuidString, title: c.title) } }, selected: nil),
                     .button(.type(.submit), .text("Complete the placement"))))),
            .if(p.status == .active || p.status == .awaitingSignatures,
                post(.placementStep(id, step: "end"), viewer: viewer, .button(.type(.submit), .class("secondary"), .text("End the placement early")))))
    }
}
