import Fluent
import Foundation
import Plot
import Vapor

/// `/audit`: the district's audit log, newest first, filterable by record.
enum AuditPages {
    static func register(_ pages: any RoutesBuilder) {
        pages.get(SiteRoute.audit.pattern) { req async throws -> Page in
            let viewer = try req.viewer
            try viewer.require(.viewAuditLog)
            let entity = (try? req.query.get(String.self, at: "entity"))?.nonEmpty
            let before = try? req.query.get(Int.self, at: "before")
            // The audit log is keyed by district id as text so it outlives what it describes;
            // this filter is its tenant scope.
            let query = AuditEntry.query(on: req.db).filter(\.$districtID == viewer.districtID.uuidString)
            if let entity { query.filter(\.$entityID == entity.uppercased()) }
            if let before { query.filter(\.$sequence < before) }
            let rows = try await query.sort(\.$sequence, .descending).limit(100).all()
            let actorIDs = Set(rows.compactMap { UUID(uuidString: $0.actorID) })
            let actors = try await req.tenant.query(Person.self).filter(\.$id ~~ Array(actorIDs)).all()
            let names = Dictionary(try actors.map { (try $0.requireID().uuidString, $0.fullName) }, uniquingKeysWith: { a, _ in a })
            let older = rows.count == 100 ? rows.last?.sequence : nil
            return Layout.page("Audit log", viewer: viewer, current: .audit,
                .p(.text("Every change in the district: who made it, when, and the record before and after. Rows are hash-chained; `pathwork audit verify` checks the chain.")),
                .unwrap(entity) { _ in .p(.a(.href(SiteRoute.audit.path), .text("Show all records"))) },
                .div(.class("table-wrap"), .table(
                    .thead(.tr(.th(.text("#")), .th(.text("When")), .th(.text("Who")), .th(.text("Change")), .th(.text("Before → after")))),
                    .tbody(.forEach(rows) { row in
                        .tr(.td(.text(String(row.sequence))),
                            .td(.text(Date(timeIntervalSince1970: TimeInterval(row.occurredAtSeconds)).formatted(in: viewer.timeZone))),
                            .td(.text(names[row.actorID] ?? row.actorID)),
                            .td(.text("\(row.action) \(row.entity)"), .br(),
                                .a(.href(SiteRoute.audit.path(query: [("entity", row.entityID)])), .class("muted"), .text("history"))),
                            .td(.pre(.class("diff"), .text(AuditDiff.describe(before: row.before, after: row.after)))))
                    }))),
                .unwrap(older) { sequence in
                    .p(.a(.href(SiteRoute.audit.path(query: [("entity", entity ?? ""), ("before", String(sequence))])), .text("Older changes →")))
                })
        }
    }
}

/// A compact, readable account of what changed between two JSON snapshots.
enum AuditDiff {
    static func describe(before: String, after: String) -> String {
        let old = object(before), new = object(after)
        let keys = Set(old.keys).union(new.keys).sorted()
        let lines = keys.compactMap { key -> String? in
            let a = old[key].map(render), b = new[key].map(render)
            if a == b { return nil }
            switch (a, b) {
            case (nil, let b?): return "\(key): \(b)"
            case (let a?, nil): return "\(key): \(a) → (removed)"
            case (let a?, let b?): return "\(key): \(a) → \(b)"
            default: return nil
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Nested objects are flattened to dotted keys, so a changed grade reads `student.grade`.
    private static func object(_ json: String) -> [String: Any] {
        guard !json.isEmpty, let data = json.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        var flat: [String: Any] = [:]
        for (key, inner) in value {
            if let nested = inner as? [String: Any] {
                for (innerKey, innerValue) in nested { flat["\(key).\(innerKey)"] = innerValue }
            } else {
                flat[key] = inner
            }
        }
        return flat
    }

    private static func render(_ value: Any) -> String {
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }
}
