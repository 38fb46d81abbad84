import Foundation
import NIOPosix
import Synchronization
// SQLite's own C API, as the SQLite driver vendors it (its symbols prefixed `sqlite_nio_`):
// the driver compiles every statement afresh and offers no prepared statement to reuse.
import VaporCSQLite

/// Writes rows into a SQLite file's tables through one statement per table, prepared once and
/// then bound and stepped a row at a time, on a connection and a thread of its own. Through
/// SQLiteNIO, each thousand rows of a million-line load were a statement of 15,000 placeholders
/// compiled anew and 15,000 values bound as `SQLiteData`: with the ids' text, most of the
/// connection thread's time, the thread the whole load waited on (Benchmarks/README.md).
///
/// Only for rows written beside the writer, each chunk its own short transaction, that nobody
/// reads until a change makes them visible (a registered load, a stage): never for a change.
/// Like the long-work connection, its commits skip the disk flush; the change's own commit
/// flushes the log they are in. Foreign keys are checked here as on every connection.
///
/// The log is copied into the database file (checkpointed) by a second connection on a thread
/// of its own while the next rows are written, rather than by the loading connection every
/// thousand pages: those copies and their flushes were a second of a million-line load, all
/// of it time the load waited. `finish` copies the rest and cuts the log back.
final class SQLiteRowLoader: @unchecked Sendable {
    private let path: String
    private let thread = NIOThreadPool(numberOfThreads: 1)
    private let checkpointThread = NIOThreadPool(numberOfThreads: 1)
    // Used only on `thread`, one job at a time.
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    // Used only on `checkpointThread`.
    private var checkpointHandle: OpaquePointer?
    private let checkpointing = Atomic<Bool>(false)

    /// How long a chunk waits for the writer's lock before it fails: the writer's changes are short.
    static let busyMilliseconds: Int32 = 60_000

    init(path: String) {
        self.path = path
        thread.start()
        checkpointThread.start()
    }

    /// A loader for the database `storage` names, where it is a SQLite file.
    static func forFile(_ storage: Config.Storage) -> SQLiteRowLoader? {
        guard case .sqliteFile(let path) = storage else { return nil }
        return SQLiteRowLoader(path: path)
    }

    deinit {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        if let checkpointHandle { sqlite_nio_sqlite3_close_v2(checkpointHandle) }
        thread.shutdownGracefully { _ in }
        checkpointThread.shutdownGracefully { _ in }
    }

    /// Inserts `rows` (values in the order of `columns`) as one transaction, after the chunk before.
    func write(into table: String, columns: [String], rows: [[StagedValue]]) async throws {
        guard !rows.isEmpty else { return }
        try await thread.runIfActive { try self.insert(into: table, columns: columns, rows: rows) }
    }

    private func insert(into table: String, columns: [String], rows: [[StagedValue]]) throws {
        let connection = try connect()
        let statement = try prepared(RosterStageWriter.insert(into: table, columns: columns, rows: 1), on: connection)
        try run("BEGIN IMMEDIATE", on: connection)
        do {
            for row in rows {
                for (index, value) in row.enumerated() { try bind(value, at: Int32(index + 1), in: statement, on: connection) }
                let stepped = sqlite_nio_sqlite3_step(statement)
                sqlite_nio_sqlite3_reset(statement)
                guard stepped == SQLITE_DONE else { throw SQLiteLoadError(stepped, connection) }
            }
            try run("COMMIT", on: connection)
            checkpointBeside()
        } catch {
            if sqlite_nio_sqlite3_get_autocommit(connection) == 0 { try? run("ROLLBACK", on: connection) }
            throw error
        }
    }

    /// After the last rows: the log's last pages are copied and the log cut back to nothing,
    /// so a load leaves no log the size of its rows behind. Cutting it back holds the write lock
    /// while it waits for readers to leave the log, so it waits a tenth of a second at most
    /// (a long report may be reading): if they have not, the log stays its size until next time.
    func finish() async throws {
        guard try await thread.runIfActive({ self.handle != nil }) else { return }
        try await checkpointThread.runIfActive {}
        try await thread.runIfActive {
            let connection = try self.connect()
            try self.run("PRAGMA wal_checkpoint(PASSIVE)", on: connection)
            sqlite_nio_sqlite3_busy_timeout(connection, Self.truncateMilliseconds)
            defer { sqlite_nio_sqlite3_busy_timeout(connection, Self.busyMilliseconds) }
            try self.run("PRAGMA wal_checkpoint(TRUNCATE)", on: connection)
        }
    }

    static let truncateMilliseconds: Int32 = 100

    /// Starts copying the log into the database file on the checkpoint thread, unless a copy is under way.
    private func checkpointBeside() {
        guard checkpointing.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        checkpointThread.submit { _ in
            defer { self.checkpointing.store(false, ordering: .releasing) }
            if self.checkpointHandle == nil { self.checkpointHandle = try? self.open() }
            guard let connection = self.checkpointHandle else { return }
            // Passive: it copies what no reader still needs and never waits; what is left goes next time.
            sqlite_nio_sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
        }
    }

    private func connect() throws -> OpaquePointer {
        if let handle { return handle }
        let opened = try open()
        handle = opened
        try run("PRAGMA foreign_keys=ON", on: opened)
        try run("PRAGMA wal_autocheckpoint=0", on: opened)
        return opened
    }

    private func open() throws -> OpaquePointer {
        var opened: OpaquePointer?
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let opened else {
            sqlite_nio_sqlite3_close_v2(opened)
            throw SQLiteLoadError(status, nil)
        }
        sqlite_nio_sqlite3_busy_timeout(opened, Self.busyMilliseconds)
        try run("PRAGMA synchronous=NORMAL", on: opened)
        return opened
    }

    private func prepared(_ sql: String, on connection: OpaquePointer) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw SQLiteLoadError(status, connection) }
        statements[sql] = statement
        return statement
    }

    private func run(_ sql: String, on connection: OpaquePointer) throws {
        let status = sqlite_nio_sqlite3_exec(connection, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw SQLiteLoadError(status, connection) }
    }

    /// A value bound as Fluent's driver stores it (`StagedValue.sqlite`); an id's text is made
    /// in place rather than as a string.
    private func bind(_ value: StagedValue, at index: Int32, in statement: OpaquePointer, on connection: OpaquePointer) throws {
        let status: Int32
        switch value {
        case .id(let id):
            status = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 36) { text in
                let count = id.writeUppercased(into: text)
                return sqlite_nio_sqlite3_bind_text64(statement, index, text.baseAddress, UInt64(count), Self.transient, UInt8(SQLITE_UTF8))
            }
        case .text(let text):
            status = Self.bind(text: text, at: index, in: statement)
        default:
            switch value.sqlite {
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(number))
            case .float(let number): status = sqlite_nio_sqlite3_bind_double(statement, index, number)
            case .text(let text): status = Self.bind(text: text, at: index, in: statement)
            case .blob(let bytes):
                status = bytes.withUnsafeReadableBytes { sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient) }
            }
        }
        guard status == SQLITE_OK else { throw SQLiteLoadError(status, connection) }
    }

    private static func bind(text: String, at index: Int32, in statement: OpaquePointer) -> Int32 {
        var text = text
        return text.withUTF8 { sqlite_nio_sqlite3_bind_text64(statement, index, $0.baseAddress, UInt64($0.count), transient, UInt8(SQLITE_UTF8)) }
    }

    /// SQLite copies the value: the bytes given live only for the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A failure of the loader's connection, with SQLite's code and message (a foreign key's, say).
struct SQLiteLoadError: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    init(_ code: Int32, _ connection: OpaquePointer?) {
        self.code = code
        message = connection.flatMap { sqlite_nio_sqlite3_errmsg($0).map { String(cString: $0) } } ?? String(cString: sqlite_nio_sqlite3_errstr(code))
    }

    var description: String { "SQLite error \(code): \(message)" }
}
