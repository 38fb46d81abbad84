import Foundation
import PathworkDomain
import Plot

/// The portfolio as people outside the district see it.
enum PortfolioView {
    static func page(_ portfolio: PortfolioJSON, viewer: Viewer?) -> Page {
        Layout.page("\(portfolio.name) — portfolio", viewer: viewer,
            .p(.class("muted"), .text("Shared by the student through \(portfolio.district)'s Pathwork. This link stops working on \(BadgeIssuer.timestamp(portfolio.expiresAt).prefix(10)).")),
            body(portfolio))
    }

    static func body(_ p: PortfolioJSON) -> Node<HTML.BodyContext> {
        .group(
            .h2(.text("Approved work: \(ChildLabor.hours(p.approvedMinutes))")),
            .h3(.text("Teams and roles")),
            .if(p.seats.isEmpty, .p(.text("None yet."))),
            .ul(.forEach(p.seats) { seat in .li(.text("\(seat.role), \(seat.team) — from \(seat.startsOn)\(seat.endsOn.map { " to \($0)" } ?? "")")) }),
            .h3(.text("Client work")),
            .if(p.work.isEmpty, .p(.text("None yet."))),
            .ul(.forEach(p.work) { work in
                .li(.strong(.text(work.engagement)), .text(" for \(work.client), with \(work.team): \(ChildLabor.hours(work.approvedMinutes)) approved"),
                    .if(!work.acceptedDeliverables.isEmpty, .p(.class("muted"), .text("Accepted deliverables: \(work.acceptedDeliverables.joined(separator: "; "))."))))
            }),
            .h3(.text("Internships and work-based learning")),
            .if(p.placements.isEmpty, .p(.text("None completed yet."))),
            .ul(.forEach(p.placements) { placement in
                .li(.strong(.text(placement.title)), .text(" — \(placement.kind) (\(placement.stage)) at \(placement.partner), \(placement.startsOn) to \(placement.endsOn): \(ChildLabor.hours(placement.approvedMinutes)) approved"),
                    .unwrap(placement.finalMeanTenths) { .text("; supervisor's final evaluation: mean level \($0 / 10).\($0 % 10)") },
                    .if(!placement.reflection.isEmpty, .p(.class("muted"), .text("In the student's words: \(placement.reflection)"))))
            }),
            .h3(.text("Ventures")),
            .if(p.ventures.isEmpty, .p(.text("None yet."))),
            .ul(.forEach(p.ventures) { venture in
                .li(.strong(.text(venture.name)), .if(!venture.problem.isEmpty, .text(", taking on: \(venture.problem)")),
                    .text(" — \(venture.canvasVersions) business-model versions, \(venture.pitches) pitch\(venture.pitches == 1 ? "" : "es") to a real audience"),
                    .if(!venture.stagesCompleted.isEmpty, .p(.class("muted"), .text("Stages completed: \(venture.stagesCompleted.joined(separator: "; "))."))))
            }),
            .h3(.text("Credentials")),
            .if(p.credentials.isEmpty, .p(.text("None yet."))),
            .ul(.forEach(p.credentials) { badge in
                .li(.text("\(badge.title) — \(badge.status.rawValue), from \(badge.validFrom)\(badge.validUntil.map { " until \($0)" } ?? "") · "),
                    .a(.href(badge.verifyUrl), .text("verify")))
            }))
    }
}
