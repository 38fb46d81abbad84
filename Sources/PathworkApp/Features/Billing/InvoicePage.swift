import Foundation
import PathworkDomain
import Plot
import Vapor

/// One invoice, laid out to print, with the steps its state allows.
enum InvoicePage {
    static func render(_ req: Request, invoice: InvoiceJSON) async throws -> Page {
        let viewer = try req.viewer
        let district = try await District.stored(viewer.districtID, on: req.db)
        guard let id = invoice.id else { throw PathworkError(status: .notFound, code: "not-found", reason: "No such invoice.") }
        let canBill = viewer.can(.billClients)
        return Layout.page("Invoice \(invoice.displayNumber)", viewer: viewer, current: .invoices, notice: try? req.query.get(String.self, at: "notice"),
            .section(.class("card printable"),
                .p(.strong(.text(district.name)), .text(" · bill to "), .strong(.text(invoice.clientName))),
                .p(.text("Work from \(invoice.periodStart) to \(invoice.periodEnd)"),
                   .text(invoice.issuedOn.map { " · issued \($0)" } ?? " · draft, not yet issued"),
                   .text(invoice.paidOn.map { " · paid \($0)" } ?? "")),
                .if(invoice.status == .void, .p(.class("flag"), .text("Void: \(invoice.voidReason ?? "")"))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Engagement")), .th(.text("Actual minutes")), .th(.text("Billed minutes")), .th(.text("Rate / hour")), .th(.text("Amount")))),
                    .tbody(.forEach(invoice.lines) { line in
                        .tr(.td(.text(line.description)), .td(.text(String(line.actualMinutes))), .td(.text(String(line.billedMinutes))),
                            .td(.text(line.pricing == .hourly ? Money.format(cents: line.rateCents) : "fixed fee")),
                            .td(.text(Money.format(cents: line.amountCents))))
                    }),
                    .tfoot(.tr(.th(.attribute(named: "colspan", value: "4"), .text("Total")), .th(.text(Money.format(cents: invoice.totalCents))))))),
                .p(.class("muted"), .text("Billed minutes round each entry up to the engagement's billing increment; each line's amount is billed minutes × hourly rate ÷ 60, rounded half up to the cent once."))),
            .section(.class("card"),
                .a(.href(SiteRoute.invoiceStep(id, step: "invoice.csv").path), .text("Download CSV")),
                .if(canBill && invoice.status == .draft, .group(
                    step("issue", "Issue invoice", id: id, viewer: viewer),
                    step("discard", "Discard draft", id: id, viewer: viewer))),
                .if(canBill && invoice.status == .issued, step("paid", "Mark paid", id: id, viewer: viewer)),
                .if(canBill && (invoice.status == .issued || invoice.status == .paid),
                    .form(.method(.post), .action(SiteRoute.invoiceStep(id, step: "void").path), Layout.csrfField(viewer.csrfToken),
                          FormField.text("Reason to void", name: "reason", value: nil),
                          .button(.type(.submit), .class("secondary"), .text("Void invoice"))))))
    }

    static func step(_ name: String, _ title: String, id: UUID, viewer: Viewer) -> Node<HTML.BodyContext> {
        .form(.method(.post), .action(SiteRoute.invoiceStep(id, step: name).path), Layout.csrfField(viewer.csrfToken),
              .button(.type(.submit), .text(title)))
    }
}
