import Foundation
import PathworkApp
import Vapor

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
