import Fluent
import Foundation
import PathworkDomain
import Vapor

struct InvoiceInput: Content {
    var clientId: UUID?
    var periodStart: String?
    var periodEnd: String?
}

/// Invoices a viewer may read: staff who bill see all; a client contact sees their clients'
/// invoices once issued; anyone else finds none.
enum InvoiceAccess {
    static func visible(_ req: Request) async throws -> QueryBuilder<Invoice> {
        let viewer = try req.viewer
        let query = try req.tenant.query(Invoice.self)
        if viewer.can(.billClients) { return query }
        guard viewer.roles.contains(.clientContact) else { throw Abort(.forbidden, reason: "Your role does not see invoices.") }
        let scope = try await req.clientScope
        return query.filter(\.$clientID ~~ Array(scope.clientIDs ?? [])).filter(\.$status != .draft)
    }

    static func find(_ raw: String?, req: Request) async throws -> Invoice {
        guard let id = raw.flatMap(UUID.init(uuidString:)), let invoice = try await visible(req).filter(\.$id == id).first() else {
            throw Abort(.notFound, reason: "No such invoice in this district.")
        }
        return invoice
    }

    /// The invoice named in the path, as CSV, for whoever may read it.
    static func download(_ req: Request) async throws -> Response {
        let invoice = try await InvoiceJSON.load(try await find(req.parameters.get("invoiceID"), req: req), tenant: req.tenant)
        return Response.csv(csv(invoice), filename: "invoice-\(invoice.displayNumber).csv")
    }

    static func csv(_ invoice: InvoiceJSON) -> String {
        CSVWriter.row(["invoice", "client", "periodStart", "periodEnd", "engagement", "actualMinutes", "billedMinutes", "rateCents", "amountCents"])
            + invoice.lines.map { line in
                CSVWriter.row([CSVWriter.cell(invoice.displayNumber), CSVWriter.cell(invoice.clientName), invoice.periodStart, invoice.periodEnd,
                               CSVWriter.cell(line.description), CSVWriter.cell(line.actualMinutes), CSVWriter.cell(line.billedMinutes),
                               CSVWriter.cell(line.rateCents), CSVWriter.cell(line.amountCents)])
            }.joined()
            + CSVWriter.row(["total", "", "", "", "", "", "", "", CSVWriter.cell(invoice.totalCents)])
    }
}

enum BillingAPI {
    static func register(_ api: any RoutesBuilder, registry: APIRegistry) {
        registry.define("PayPeriod", PayPeriodJSON.schema)
        registry.define("Invoice", InvoiceJSON.schema)
        let date = Schema.string(format: "date")

        api.endpoint(APIOperation(method: .GET, path: ["pay-periods"], summary: "The district's pay periods, latest first", tag: "Payroll",
                                  response: .array(.ref("PayPeriod"))), registry: registry) { req in
            try req.viewer.require(.runPayroll)
            return try await req.tenant.query(PayPeriod.self).sort(\.$startsOn, .descending).all().map(PayPeriodJSON.init)
        }
        api.endpoint(APIOperation(method: .POST, path: ["pay-periods"], summary: "Define a pay period", tag: "Payroll",
                                  body: .object([("startsOn", date), ("endsOn", date)], required: ["startsOn", "endsOn"]),
                                  response: .ref("PayPeriod"), success: .created, rules: [.rule("endsOn is on or after startsOn, 32 days at most")]), registry: registry) { req in
            try req.viewer.require(.runPayroll)
            let period = try await Payroll.createPeriod(startsOn: try req.field(String.self, at: "startsOn"),
                                                        endsOn: try req.field(String.self, at: "endsOn"), on: req)
            return try await PayPeriodJSON(period).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .POST, path: ["pay-periods", ":periodID", "close"], summary: "Close a pay period, locking its time",
                                  tag: "Payroll", response: .ref("PayPeriod")), registry: registry) { req in
            try req.viewer.require(.runPayroll)
            let period = try await req.tenant.find(PayPeriod.self, req.parameters.get("periodID"))
            return try PayPeriodJSON(try await Payroll.close(period.requireID(), on: req))
        }
        api.endpoint(APIOperation(method: .GET, path: ["pay-periods", ":periodID", "payroll.csv"], summary: "Payroll: one row per student",
                                  tag: "Payroll", response: .string(), produces: "text/csv"), registry: registry) { req in
            try await Payroll.download(req)
        }

        api.endpoint(APIOperation(method: .GET, path: ["invoices"], summary: "Invoices, newest first", tag: "Invoices",
                                  query: [.uuid("clientId", "one client")], response: .array(.ref("Invoice"))), registry: registry) { req in
            let query = try await InvoiceAccess.visible(req)
            if let raw = req.query[String.self, at: "clientId"] {
                guard let id = UUID(uuidString: raw) else { throw PathworkError.invalid([FieldError(field: "clientId", message: "Give a client id.")]) }
                query.filter(\.$clientID == id)
            }
            let tenant = try req.tenant
            var result: [InvoiceJSON] = []
            for invoice in try await query.sort(\.$createdAt, .descending).limit(500).all() {
                result.append(try await InvoiceJSON.load(invoice, tenant: tenant))
            }
            return result
        }
        api.endpoint(APIOperation(method: .POST, path: ["invoices"], summary: "Draft an invoice for a client and period", tag: "Invoices",
                                  body: .object([("clientId", .string(format: "uuid")), ("periodStart", date), ("periodEnd", date)],
                                                required: ["clientId", "periodStart", "periodEnd"]),
                                  response: .ref("Invoice"), success: .created,
                                  rules: [.rule("periodEnd is on or after periodStart, a year at most"),
                                          OperationRule(code: "invoice.empty", says: "the client has approved, unbilled work in the period")]), registry: registry) { req in
            try req.viewer.require(.billClients)
            let input = try req.input(InvoiceInput.self)
            let invoice = try await InvoiceWriter.draft(clientID: input.clientId, periodStart: input.periodStart, periodEnd: input.periodEnd, on: req)
            return try await InvoiceJSON.load(invoice, tenant: req.tenant).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .GET, path: ["invoices", ":invoiceID"], summary: "One invoice with its lines", tag: "Invoices",
                                  response: .ref("Invoice")), registry: registry) { req in
            try await InvoiceJSON.load(try await InvoiceAccess.find(req.parameters.get("invoiceID"), req: req), tenant: req.tenant)
        }
        api.endpoint(APIOperation(method: .GET, path: ["invoices", ":invoiceID", "invoice.csv"], summary: "An invoice as CSV", tag: "Invoices",
                                  response: .string(), produces: "text/csv"), registry: registry) { req in
            try await InvoiceAccess.download(req)
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["invoices", ":invoiceID"], summary: "Discard a draft", tag: "Invoices",
                                  success: .noContent), registry: registry) { req in
            try req.viewer.require(.billClients)
            let invoice = try await req.tenant.find(Invoice.self, req.parameters.get("invoiceID"))
            try await InvoiceWriter.discard(invoice.requireID(), on: req)
            return Response(status: .noContent)
        }
        for (step, status, summary) in [("issue", InvoiceStatus.issued, "Issue: assigns the next number and freezes the invoice"),
                                         ("paid", .paid, "Mark an issued invoice paid"), ("void", .void, "Void an invoice; it keeps its number")] {
            api.endpoint(APIOperation(method: .POST, path: ["invoices", ":invoiceID", .constant(step)], summary: summary, tag: "Invoices",
                                      body: status == .void ? .object([("reason", .words(maxLength: 300))], required: ["reason"]) : nil,
                                      response: .ref("Invoice")), registry: registry) { req in
                try req.viewer.require(.billClients)
                let invoice = try await req.tenant.find(Invoice.self, req.parameters.get("invoiceID"))
                let moved = try await InvoiceWriter.move(invoice.requireID(), to: status, reason: try req.field(String.self, at: "reason"), on: req)
                return try await InvoiceJSON.load(moved, tenant: req.tenant)
            }
        }
        api.endpoint(APIOperation(method: .GET, path: ["engagements", ":engagementID", "budget"], summary: "An engagement's budget use and alerts",
                                  tag: "Engagements", response: .ref("BudgetUse")), registry: registry) { req in
            let engagement = try await req.clientScope.engagement(req.parameters.get("engagementID").flatMap(UUID.init(uuidString:)), req.tenant)
            return try await BudgetJSON.load(engagement, tenant: req.tenant)
        }
        registry.define("BudgetUse", BudgetJSON.schema)
    }
}

struct BudgetJSON: Content {
    var usedMinutes: Int
    var usedCents: Int
    var budgetMinutes: Int?
    var budgetCents: Int?
    var percentUsed: Int?
    var alerts: [Int]
    var stopAtBudget: Bool

    static func load(_ engagement: Engagement, tenant: Tenant) async throws -> BudgetJSON {
        let use = try await BudgetGuard.use(of: engagement, tenant: tenant)
        let alerts = try await tenant.query(BudgetAlert.self).filter(\.$engagementID == engagement.requireID()).sort(\.$percent).all().map(\.percent)
        return BudgetJSON(usedMinutes: use.usedMinutes, usedCents: use.usedCents, budgetMinutes: use.budgetMinutes,
                          budgetCents: use.budgetCents, percentUsed: use.percent, alerts: alerts, stopAtBudget: engagement.stopAtBudget)
    }

    static let schema = Schema.object([
        ("usedMinutes", .integer()), ("usedCents", .integer()), ("budgetMinutes", .nullable(.integer())),
        ("budgetCents", .nullable(.integer())), ("percentUsed", .nullable(.integer())), ("alerts", .array(.integer())),
        ("stopAtBudget", .boolean),
    ], required: ["usedMinutes", "usedCents", "alerts", "stopAtBudget"])
}
