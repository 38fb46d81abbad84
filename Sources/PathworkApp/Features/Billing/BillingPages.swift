import Fluent
import Foundation
import PathworkDomain
import Plot
import Vapor

/// Pay periods and payroll for coordinators; invoices for coordinators and, once issued, for
/// the client's contacts.
enum BillingPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.payroll.pattern) { req async throws -> Page in
            try req.viewer.require(.runPayroll)
            return try await payroll(req)
        }
        pages.post(SiteRoute.payroll.pattern) { req async throws -> Response in
            try req.viewer.require(.runPayroll)
            return try await req.act(returning: .payroll) {
                let period = try await Payroll.createPeriod(startsOn: try req.field(String.self, at: "startsOn"),
                                                            endsOn: try req.field(String.self, at: "endsOn"), on: req)
                return "Pay period \(period.startsOn) to \(period.endsOn) was added."
            }
        }
        pages.post(SiteRoute.payPeriodStep(.pattern, step: "close").pattern) { req async throws -> Response in
            try req.viewer.require(.runPayroll)
            return try await req.act(returning: .payroll) {
                let period = try await Payroll.close(try req.tenant.find(PayPeriod.self, req.parameters.get("periodID")).requireID(), on: req)
                return "Closed \(period.startsOn) to \(period.endsOn); its time is locked."
            }
        }
        pages.get(SiteRoute.payPeriodStep(.pattern, step: "payroll.csv").pattern) { req async throws -> Response in
            try await Payroll.download(req)
        }
        pages.get(SiteRoute.invoices.pattern) { req async throws -> Page in try await invoices(req) }
        pages.post(SiteRoute.invoices.pattern) { req async throws -> Response in
            try req.viewer.require(.billClients)
            let input = try req.input(InvoiceForm.self)
            do {
                let invoice = try await InvoiceWriter.draft(clientID: input.clientId.flatMap(UUID.init(uuidString:)), periodStart: input.periodStart,
                                                            periodEnd: input.periodEnd, on: req)
                return req.redirect(to: SiteRoute.invoice(try invoice.requireID()).path(query: [("notice", "Draft ready. Check it, then issue it.")]))
            } catch let error as PathworkError {
                return req.redirect(to: SiteRoute.invoices.path(query: [("notice", error.reason)]))
            }
        }
        pages.get(SiteRoute.invoice(.pattern).pattern) { req async throws -> Page in
            let invoice = try await InvoiceAccess.find(req.parameters.get("invoiceID"), req: req)
            return try await InvoicePage.render(req, invoice: try await InvoiceJSON.load(invoice, tenant: req.tenant))
        }
        pages.get(SiteRoute.invoiceStep(.pattern, step: "invoice.csv").pattern) { req async throws -> Response in
            try await InvoiceAccess.download(req)
        }
        for (step, status) in [("issue", InvoiceStatus.issued), ("paid", .paid), ("void", .void)] {
            pages.post(SiteRoute.invoiceStep(.pattern, step: step).pattern) { req async throws -> Response in
                try req.viewer.require(.billClients)
                let invoice = try await req.tenant.find(Invoice.self, req.parameters.get("invoiceID"))
                return try await req.act(returning: .invoice(invoice.requireID())) {
                    let moved = try await InvoiceWriter.move(invoice.requireID(), to: status, reason: try req.field(String.self, at: "reason"), on: req)
                    return "Invoice \(moved.displayNumber) is \(moved.status.rawValue)."
                }
            }
        }
        pages.post(SiteRoute.invoiceStep(.pattern, step: "discard").pattern) { req async throws -> Response in
            try req.viewer.require(.billClients)
            let invoice = try await req.tenant.find(Invoice.self, req.parameters.get("invoiceID"))
            return try await req.act(returning: .invoices) {
                try await InvoiceWriter.discard(invoice.requireID(), on: req)
                return "The draft was discarded; its time can be billed again."
            }
        }
    }

    struct InvoiceForm: Content {
        var clientId: String?
        var periodStart: String?
        var periodEnd: String?
    }

    static func payroll(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let periods = try await req.tenant.query(PayPeriod.self).sort(\.$startsOn, .descending).all()
        let today = req.today
        return Layout.page("Payroll", viewer: viewer, current: .payroll, notice: try? req.query.get(String.self, at: "notice"),
            .section(.class("card"), .h2(.text("Pay periods")),
                .if(periods.isEmpty, .p(.text("No pay periods yet. Add the first below."))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Period")), .th(.text("State")), .th(.text("Payroll")), .th(.text("")))),
                    .tbody(try .forEach(periods) { period in
                        .tr(.td(.text("\(period.startsOn) to \(period.endsOn)")),
                            .td(.text(period.isClosed ? "Closed" : "Open")),
                            .td(.a(.href(SiteRoute.payPeriodStep(try period.requireID(), step: "payroll.csv").path),
                                   .text(period.isClosed ? "Download payroll CSV" : "Preview payroll CSV"))),
                            .td(.if(!period.isClosed, .form(.method(.post), .action(SiteRoute.payPeriodStep(try period.requireID(), step: "close").path),
                                                            Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("secondary"), .text("Close period"))))))
                    })))),
            .section(.class("card"), .h2(.text("Add a pay period")),
                .form(.method(.post), .action(SiteRoute.payroll.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("First day", name: "startsOn", value: periods.first.flatMap { CalendarDate(iso: $0.endsOn)?.adding(days: 1).description } ?? today.description, type: .date),
                    FormField.text("Last day", name: "endsOn", value: nil, type: .date),
                    .button(.type(.submit), .text("Add pay period")))))
    }

    static func invoices(_ req: Request) async throws -> Page {
        let viewer = try req.viewer
        let list = try await InvoiceAccess.visible(req).sort(\.$createdAt, .descending).limit(200).all()
        let tenant = try req.tenant
        let clients = try await tenant.query(Client.self).sort(\.$name).all()
        let names = Dictionary(try clients.map { (try $0.requireID(), $0.name) }, uniquingKeysWith: { a, _ in a })
        let today = req.today
        return Layout.page("Invoices", viewer: viewer, current: .invoices, notice: try? req.query.get(String.self, at: "notice"),
            .section(.class("card"),
                .if(list.isEmpty, .p(.text(viewer.can(.billClients) ? "No invoices yet." : "No invoices have been issued to you yet."))),
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("Number")), .th(.text("Client")), .th(.text("Period")), .th(.text("Status")), .th(.text("Total")))),
                    .tbody(try .forEach(list) { invoice in
                        .tr(.td(.a(.href(SiteRoute.invoice(try invoice.requireID()).path), .text(invoice.displayNumber))),
                            .td(.text(names[invoice.clientID] ?? "")), .td(.text("\(invoice.periodStart) to \(invoice.periodEnd)")),
                            .td(.text(invoice.status.rawValue)), .td(.text(Money.format(cents: invoice.totalCents))))
                    })))),
            .if(viewer.can(.billClients), .section(.class("card"), .h2(.text("Draft an invoice")),
                .form(.method(.post), .action(SiteRoute.invoices.path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Client", name: "clientId", options: try clients.map { (value: try $0.requireID().uuidString, title: $0.name) }, selected: nil),
                    FormField.text("From", name: "periodStart", value: today.adding(days: -today.day + 1).description, type: .date),
                    FormField.text("To", name: "periodEnd", value: today.description, type: .date),
                    .button(.type(.submit), .text("Draft invoice"))))))
    }
}
