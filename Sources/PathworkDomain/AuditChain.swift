import Crypto
import Foundation

/// One audit-log row's content, as hashed. The JSON snapshots are stored as text exactly as
/// hashed, so re-encoding differences between engines can never break a valid chain.
public struct AuditContent: Equatable, Sendable {
    public var sequence: Int
    public var districtID: String
    public var actorID: String
    public var occurredAtSeconds: Int
    public var action: String
    public var entity: String
    public var entityID: String
    public var before: String
    public var after: String

    public init(sequence: Int, districtID: String, actorID: String, occurredAtSeconds: Int,
                action: String, entity: String, entityID: String, before: String, after: String) {
        self.sequence = sequence
        self.districtID = districtID
        self.actorID = actorID
        self.occurredAtSeconds = occurredAtSeconds
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
    }
}

/// The hash chain that makes the audit log tamper-evident: each row's hash covers the previous
/// row's hash and its own content, so editing, deleting or reordering any row breaks every
/// hash after it.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(previous: String, _ content: AuditContent) -> String {
        // Length-prefixed fields: no choice of field text can make two rows hash alike.
        let fields = [previous, String(content.sequence), content.districtID, content.actorID,
                      String(content.occurredAtSeconds), content.action, content.entity,
                      content.entityID, content.before, content.after]
        var data = Data()
        for field in fields {
            let bytes = Data(field.utf8)
            data.append(contentsOf: String(bytes.count).utf8)
            data.append(UInt8(ascii: ":"))
            data.append(bytes)
        }
        return SHA256.hash(data: data).lowercaseHex
    }

    public struct Row: Sendable {
        public var content: AuditContent
        public var previousHash: String
        public var hash: String

        public init(content: AuditContent, previousHash: String, hash: String) {
            self.content = content
            self.previousHash = previousHash
            self.hash = hash
        }
    }

    public enum Break: Equatable, Sendable, CustomStringConvertible {
        case missingSequence(expected: Int, found: Int)
        case previousHashMismatch(sequence: Int)
        case contentHashMismatch(sequence: Int)

        public var sequence: Int {
            switch self {
            case .missingSequence(_, let found): found
            case .previousHashMismatch(let s), .contentHashMismatch(let s): s
            }
        }

        public var description: String {
            switch self {
            case .missingSequence(let expected, let found):
                "row \(found): expected row \(expected) before it (a row was removed)"
            case .previousHashMismatch(let s):
                "row \(s): does not link to the row before it"
            case .contentHashMismatch(let s):
                "row \(s): its content does not match its hash (it was changed)"
            }
        }
    }

    /// Walks rows in sequence order and returns the first break, or nil for an intact chain.
    /// `startingAfter` lets a caller verify in pages: pass the last good row's sequence and hash.
    public static func firstBreak<S: Sequence>(in rows: S, startingAfter: (sequence: Int, hash: String) = (0, genesis)) -> Break?
    where S.Element == Row {
        var expected = startingAfter.sequence + 1
        var previous = startingAfter.hash
        for row in rows {
            if row.content.sequence != expected {
                return .missingSequence(expected: expected, found: row.content.sequence)
            }
            if row.previousHash != previous { return .previousHashMismatch(sequence: expected) }
            if hash(previous: previous, row.content) != row.hash { return .contentHashMismatch(sequence: expected) }
            previous = row.hash
            expected += 1
        }
        return nil
    }
}
