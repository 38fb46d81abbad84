import Fluent
import Foundation
import PathworkDomain
import Vapor

/// `pathwork serve [--hostname H] [--port P] [--demo]`: migrates, optionally seeds the demo
/// district, then serves.
struct ServeDemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (default 127.0.0.1).")
        var hostname: String?
        @Option(name: "port", short: "p", help: "Port to listen on (default 8080, or PORT).")
        var port: Int?
        @Flag(name: "demo", help: "Seed the demo district if it is not there yet.")
        var demo: Bool
    }

    var help: String { "Migrates, then serves the web app and API." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.prepareDatabase()
        try await app.autoMigrate()
        // Before seeding: the demo's signed credentials link to this server's address.
        if let hostname = signature.hostname { app.http.server.configuration.hostname = hostname }
        if let port = signature.port { app.http.server.configuration.port = port }
        if signature.demo {
            let created = try await DemoSeeder.seed(app)
            app.logger.notice("\(created ? "Seeded" : "Found") the demo district; sign in as admin@demo.test with \(DemoSeeder.password)")
        }
        var serveContext = context
        serveContext.input = CommandInput(arguments: ["pathwork serve"])
        try await app.servers.asyncCommand.run(using: &serveContext)
    }
}

/// `pathwork demo`: seeds the demo district (idempotent) and prints its accounts.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Seeds the demo district if needed and prints its accounts." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.prepareDatabase()
        try await context.application.autoMigrate()
        let created = try await DemoSeeder.seed(context.application)
        context.console.print(created ? "Demo district seeded." : "Demo district already present.")
        context.console.print("Password for every account: \(DemoSeeder.password)")
        for account in DemoSeeder.accounts { context.console.print("  \(account.email)  (\(account.role.title))") }
    }
}
