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
            try Task.checkCancellation()
            // A delta names users the set does not have: the district's own.
            let unresolved = Set(batch.map { $0["userSourcedId"] }.filter { users[$0.hashValue] == nil && !usersLeftOut.contains($0.hashValue) })
            for (sid, record) in try await known(.users, Array(unresolved)) where !record.ended { users[sid.hashValue] = record.recordID }
            let existing = try await enrollments(batch.map(\.sourcedId))
            var staged: [(row: RosterRow, values: [any Stageable])] = []
            var ending: [String] = []
            for row in batch {
                let sid = row.sourcedId
                if row.isEnding {
                    if let known = existing[sid], !known.ended { ending.append(sid) }
                    continue
                }
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
                let fingerprint = RosterFingerprint.of([section.hex, person.hex, row["role"], primary ? "1" : "0", begins ?? "", ends ?? ""])
                let decision = decide(existing[sid], fingerprint)
                count(.enrollments, decision)
                guard decision != .same else { continue }
                staged.append((row, [sid, section, person, row["role"], primary, begins, ends, String?.none, fingerprint, importID]))
            }
            // Only the rows that change or end need their ids: the rest never decode one.
            let ids = try await enrollmentIDs(staged.filter { existing[$0.row.sourcedId] != nil }.map(\.row.sourcedId) + ending)
            for sid in ending {
                guard let id = ids[sid] else { continue }
                try end(.enrollments, Known(rowID: id, recordID: id, fingerprint: 0, ended: false))
            }
            for (row, values) in staged {
                let id = ids[row.sourcedId]
                try stage?.add(RosterStage.enrollments, [id ?? OrderedID.next(), districtID] + values, exists: id != nil)
            }
            try await stage?.write()
        }
        if ofPeopleLeftOut > 0 {
            plan.issues.add(RosterIssue(.warning, "left-out-enrollments", file: RosterFile.enrollments.fileName,
                                        "\(ofPeopleLeftOut) enrollments of people left out are left out too."))
        }
        guard mode(.enrollments) == .bulk else { return }
        try await db.inPages("SELECT sourced_id, ended_on FROM enrollments WHERE district_id = \(bind: districtID)", by: "sourced_id") { page in
            var gone: [String] = []
            for row in page where try row.decode(column: "ended_on", as: String?.self) == nil {
                let sid = try row.decode(column: "sourced_id", as: String.self)
                if !seen.contains(sid.hashValue) { gone.append(sid) }
            }
            for (_, id) in try await enrollmentIDs(gone) { try end(.enrollments, Known(rowID: id, recordID: id, fingerprint: 0, ended: false)) }
            try await stage?.write()
        }
    }

    /// The district's enrollments with these sourcedIds: what an import compares with.
    private func enrollments(_ ids: [String]) async throws -> [String: (fingerprint: Int64, ended: Bool)] {
        guard !ids.isEmpty, hasEnrollments else { return [:] }
        var known: [String: (fingerprint: Int64, ended: Bool)] = [:]
        for row in try await db.sql().raw("""
            SELECT sourced_id, fingerprint, ended_on FROM enrollments WHERE district_id = \(bind: districtID) AND sourced_id IN (\(binds: ids))
            """).all() {
            known[try row.decode(column: "sourced_id", as: String.self)] = (try row.decode(column: "fingerprint", as: Int64.self),
                                                                           try row.decode(column: "ended_on", as: String?.self) != nil)
        }
        return known
    }

    private func enrollmentIDs(_ sourcedIDs: [String]) async throws -> [String: UUID] {
        guard !sourcedIDs.isEmpty, hasEnrollments else { return [:] }
        var ids: [String: UUID] = [:]
        for row in try await db.sql().raw("""
            SELECT id, sourced_id FROM enrollments WHERE district_id = \(bind: districtID) AND sourced_id IN (\(binds: sourcedIDs))
            """).all() {
            ids[try row.decode(column: "sourced_id", as: String.self)] = try row.decode(column: "id", as: UUID.self)
        }
        return ids
    }
}
