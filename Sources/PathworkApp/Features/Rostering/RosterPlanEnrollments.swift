import Fluent
import Foundation
import PathworkDomain
import SQLKit

/// Enrollments into dated enrollment rows, which carry their own sourcedId and fingerprint.
extension RosterPlanner {
    func planEnrollments() async throws {
        guard mode(.enrollments) != nil else { return }
        var seen = Set<Int>()
        var ofPeopleLeftOut = 0
        for try await batch in RosterBatches(.enrollments, in: source, manifest: manifest) {
            // A delta names users the set does not have: the district's own.
            let unresolved = Set(batch.map { $0["userSourcedId"] }.filter { users[$0.hashValue] == nil && !usersLeftOut.contains($0.hashValue) })
            for (sid, record) in try await known(.users, Array(unresolved)) where !record.ended { users[sid.hashValue] = record.recordID }
            let existing = try await enrollments(batch.map(\.sourcedId))
            for row in batch {
                let sid = row.sourcedId
                if row.isEnding { try await end(.enrollments, existing[sid]); continue }
                guard let person = users[row["userSourcedId"].hashValue] else {
                    ofPeopleLeftOut += 1
                    count(.enrollments) { $0.leftOut += 1 }
                    continue
                }
                guard let section = sections[row["classSourcedId"]] else {
                    note(row, "reference-ended", column: "classSourcedId", value: row["classSourcedId"], "Names a class that has ended.", severity: .error)
                    continue
                }
                seen.insert(sid.hashValue)
                let begins = row["beginDate"].isEmpty ? nil : row["beginDate"], ends = row["endDate"].isEmpty ? nil : row["endDate"]
                let primary = row["primary"] == "true"
                let fingerprint = RosterFingerprint.of([section.uuidString, person.uuidString, row["role"], primary ? "1" : "0", begins ?? "", ends ?? ""])
                let decision = decide(existing[sid], fingerprint)
                count(.enrollments) { counts in
                    switch decision {
                    case .same: counts.same += 1
                    case .add: counts.add += 1
                    case .change: counts.change += 1
                    }
                }
                guard decision != .same else { continue }
                try await stage?.add(RosterStage.enrollments, [existing[sid]?.rowID ?? OrderedID.next(), districtID, sid, section, person, row["role"],
                                                               primary, begins, ends, String?.none, fingerprint, importID])
            }
        }
        if ofPeopleLeftOut > 0 {
            plan.issues.add(RosterIssue(.warning, "left-out-enrollments", file: RosterFile.enrollments.fileName,
                                        "\(ofPeopleLeftOut) enrollments of people left out are left out too."))
        }
        guard mode(.enrollments) == .bulk else { return }
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        while true {
            let page = try await db.sql().raw("""
                SELECT id, sourced_id, fingerprint FROM enrollments
                WHERE district_id = \(bind: districtID) AND ended_on IS NULL AND id > \(bind: after) ORDER BY id LIMIT 5000
                """).all()
            for row in page where !seen.contains(try row.decode(column: "sourced_id", as: String.self).hashValue) {
                try await end(.enrollments, try enrollment(row, ended: false))
            }
            guard page.count == 5000, let last = page.last else { return }
            after = try last.decode(column: "id", as: UUID.self)
        }
    }

    /// The district's enrollments with these sourcedIds, as records an import compares with.
    private func enrollments(_ ids: [String]) async throws -> [String: Known] {
        guard !ids.isEmpty else { return [:] }
        var known: [String: Known] = [:]
        for row in try await db.sql().raw("""
            SELECT id, sourced_id, fingerprint, ended_on FROM enrollments WHERE district_id = \(bind: districtID) AND sourced_id IN (\(binds: ids))
            """).all() {
            known[try row.decode(column: "sourced_id", as: String.self)] = try enrollment(row, ended: try row.decode(column: "ended_on", as: String?.self) != nil)
        }
        return known
    }

    private func enrollment(_ row: any SQLRow, ended: Bool) throws -> Known {
        let id = try row.decode(column: "id", as: UUID.self)
        return Known(rowID: id, recordID: id, fingerprint: try row.decode(column: "fingerprint", as: Int64.self), ended: ended)
    }
}
