import Foundation
import NIOCore
import NIOPosix
import PathworkApp
import Vapor

// Async code runs on the server's own event loops instead of hopping to Swift's global
// executor and back on every await: a clock-in awaits a dozen times, and the hops were
// measured as a third of its cost. It must happen before any other async work. The price: a job
// runs on its loop's serial executor, so a nonisolated async function called from it is entered
// through the loop's queue; loops over a file's rows stage each row without awaiting (RosterStage.add).
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// The executable only starts the app; everything else lives in PathworkApp, which tests import.
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let config: Config
do {
    config = try Config.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("pathwork: \(error)\n".utf8))
    exit(78)  // EX_CONFIG
}
let app = try await Application.make(env)
do {
    try await configure(app, config: config)
    try await app.execute()
} catch {
    FileHandle.standardError.write(Data("pathwork: \(error)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
