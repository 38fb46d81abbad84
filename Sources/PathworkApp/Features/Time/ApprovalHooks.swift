import Foundation
import Vapor

/// What later features do when time is approved, inside the approving change (so what they
/// derive is never stale after an approval): credential pathways award hour milestones here.
final class ApprovalHooks: @unchecked Sendable {
    typealias Hook = @Sendable (_ students: Set<UUID>, _ tenant: Tenant, _ audit: AuditRecorder, _ now: Date) async throws -> Void
    private let lock = NSLock()
    private var hooks: [Hook] = []

    func add(_ hook: @escaping Hook) { lock.withLock { hooks.append(hook) } }

    func run(students: Set<UUID>, tenant: Tenant, audit: AuditRecorder, now: Date) async throws {
        for hook in lock.withLock({ hooks }) { try await hook(students, tenant, audit, now) }
    }
}

extension Application {
    private struct ApprovalHooksKey: StorageKey { typealias Value = ApprovalHooks }

    var approvalHooks: ApprovalHooks {
        if let hooks = storage[ApprovalHooksKey.self] { return hooks }
        let hooks = ApprovalHooks()
        storage[ApprovalHooksKey.self] = hooks
        return hooks
    }
}
