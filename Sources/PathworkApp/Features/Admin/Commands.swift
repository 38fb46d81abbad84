import Fluent
import Foundation
import PathworkDomain
import Vapor

/// `pathwork migrate`: applies every migration and exits.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Applies database migrations and exits." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.prepareDatabase()
        try await context.application.autoMigrate()
        context.console.print("Migrations applied (\(context.application.pathwork.config.storage.engineName)).")
    }
}

/// `pathwork district create --slug S --name N --timezone TZ`
struct DistrictCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "slug", help: "Short name used in addresses, e.g. st-vrain") var slug: String?
        @Option(name: "name", help: "The district's name") var name: String?
        @Option(name: "timezone", help: "IANA time zone, e.g. America/Denver") var timezone: String?
    }

    var help: String { "Creates a district: district create --slug S --name N --timezone TZ" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure("unknown action '\(signature.action)'; use 'create'") }
        guard let slug = signature.slug, District.isValidSlug(slug) else {
            throw CommandFailure("--slug: use 2 to 40 lowercase letters, digits and dashes")
        }
        guard let name = signature.name?.nonEmpty else { throw CommandFailure("--name is required") }
        guard let zone = signature.timezone, District.isValidTimeZone(zone) else {
            throw CommandFailure("--timezone: give an IANA time zone such as America/Denver")
        }
        let app = context.application
        try await app.prepareDatabase()
        try await app.autoMigrate()
        if try await District.query(on: app.db).filter(\.$slug == slug).first() != nil {
            throw CommandFailure("--slug: a district '\(slug)' exists already")
        }
        let district = try await Districts.create(slug: slug, name: name, timeZone: zone, on: app)
        context.console.print("Created district \(slug) (\(try district.requireID().uuidString.lowercased())).")
    }
}

/// `pathwork user create --district S --email E --role R [--password P]`
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create") var action: String
        @Option(name: "district", help: "District slug") var district: String?
        @Option(name: "email", help: "Sign-in email") var email: String?
        @Option(name: "role", help: "admin, coordinator, lead, counselor, mentor, clientContact, supervisor or analyst") var role: String?
        @Option(name: "password", help: "Prompted for when not given") var password: String?
        @Option(name: "given-name", help: "Defaults to the part of the email before @") var givenName: String?
        @Option(name: "family-name", help: "Defaults to the district's name") var familyName: String?
    }

    var help: String { "Creates a user: user create --district S --email E --role R [--password P]" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else { throw CommandFailure("unknown action '\(signature.action)'; use 'create'") }
        guard let role = signature.role.flatMap(Role.init(rawValue:)), role != .student else {
            throw CommandFailure("--role: one of \(Role.allCases.filter { $0 != .student }.map(\.rawValue).joined(separator: ", "))")
        }
        guard let rawEmail = signature.email, let email = EmailAddress.normalize(rawEmail) else {
            throw CommandFailure("--email: give an address like name@example.org")
        }
        let app = context.application
        try await app.prepareDatabase()
        try await app.autoMigrate()
        guard let slug = signature.district,
              let district = try await District.query(on: app.db).filter(\.$slug == slug).first() else {
            throw CommandFailure("--district: no district with slug '\(signature.district ?? "")'")
        }
        let password = signature.password ?? context.console.ask("Password for \(email): ", isSecure: true)
        if let problem = PasswordPolicy.check(password, email: email) { throw CommandFailure("--password: \(problem.message)") }
        let local = String(email.split(separator: "@")[0])
        let draft = PersonDraft(givenName: signature.givenName ?? local, familyName: signature.familyName ?? district.name,
                                email: email, roles: [role])
        let tenant = Tenant(districtID: try district.requireID(), db: app.db)
        let submission = PersonSubmission(draft: draft, schoolID: nil, password: password)
        do {
            _ = try await PeopleWriter.validate(submission, existing: nil, tenant: tenant,
                                                today: CalendarDate.on(Date(), timeZone: district.timeZone))
        } catch let error as PathworkError {
            throw CommandFailure(error.fieldErrors.map { "--\($0.field): \($0.message)" }.joined(separator: "; "))
        }
        let cost = app.pathwork.config.passwordHashCost
        let hash = try await app.threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
        let record = try await AuditLog.change(on: app.db, by: .system("cli", districtID: district.id), services: app.pathwork) { db, audit in
            try await PeopleWriter.insert(submission, email: email, passwordHash: hash, tenant: tenant.with(db), audit: audit)
        }
        context.console.print("Created \(role.title.lowercased()) \(email) in \(slug) (\(record.id.uuidString.lowercased())).")
    }
}

/// `pathwork audit verify`: exits non-zero naming the first broken row.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify") var action: String
    }

    var help: String { "Checks the audit log's hash chain: audit verify" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw CommandFailure("unknown action '\(signature.action)'; use 'verify'") }
        let result = try await AuditLog.verify(on: context.application.db)
        if let broken = result.firstBreak {
            throw CommandFailure("audit log broken at \(broken); the \(result.checked) row(s) before it are intact")
        }
        context.console.print("Audit log intact: \(result.checked) rows verified.")
    }
}
