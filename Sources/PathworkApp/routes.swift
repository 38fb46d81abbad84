import Fluent
import SQLKit
import Vapor

func routes(_ app: Application) throws {
    app.get("healthz") { req async throws -> Response in
        try await req.db.sql().raw("SELECT 1").run()
        let body = ["status": "ok", "database": req.pathwork.config.storage.engineName]
        return try await body.encodeResponse(for: req)
    }
    app.get("api", "openapi.json") { req async throws -> Response in
        let data = try JSONEncoder().encode(req.application.api.openAPIDocument())
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    let registry = app.api
    let api = app.grouped("api", "v1").grouped(BearerAuthenticator(), IdempotencyMiddleware())
    let protected = api.grouped(RequireToken())
    AuthAPI.register(public: api, protected: protected, registry: registry)
    PeopleAPI.register(protected, registry: registry)
    SchoolsAPI.register(protected, registry: registry)
    TeamsAPI.register(protected, registry: registry)
    ClientsAPI.register(protected, registry: registry)
    PartnersAPI.register(protected, registry: registry)
    AgreementsAPI.register(protected, registry: registry)
    OpportunitiesAPI.register(protected, registry: registry)
    PlacementsAPI.register(protected, registry: registry)
    MentoringAPI.register(protected, registry: registry)
    TimeAPI.register(protected, registry: registry)
    BillingAPI.register(protected, registry: registry)
    WorkRules.register(protected, registry: registry)
    WorkAuthorizations.register(protected, registry: registry)

    let web = app.grouped(SessionAuthenticator(), CSRF())
    Stylesheet.register(app)
    SignInPages.register(web)
    let pages = web.grouped(RequireSignIn())
    HomePage.register(pages)
    PeoplePages.register(pages)
    SchoolPages.register(pages)
    DistrictPages.register(pages)
    AuditPages.register(pages)
    TeamPages.register(pages)
    TeamHistory.register(app)
    PartnerPages.register(pages)
    PartnerPage.register(pages)
    AgreementPages.register(pages)
    OpportunityPages.register(pages)
    RequestPages.register(pages)
    EngagementPages.register(pages)
    EngagementEditPage.register(pages)
    BudgetSection.register(app)
    MentoringPages.register(app, pages: pages)
    Calendars.register(app, pages: pages, api: protected, registry: registry)
    CredentialPages.register(app, pages: pages, api: protected, registry: registry)
    CredentialAPI.register(protected, registry: registry)
    CredentialVerification.register(app, web: web, pages: pages, api: api, registry: registry)
    SigningKeysPage.register(pages)
    ImportPage.register(pages)
    RosterPages.register(app, pages: pages)
    GuardianLinkPages.register(app, pages: pages)
    CareerClusterPages.register(pages: pages, api: protected, registry: registry)
    Occupations.register(pages: pages, api: protected, registry: registry)
    StudyPlanPages.register(app, pages: pages, api: protected, registry: registry)
    CourseCatalogPages.register(pages: pages, api: protected, registry: registry)
    OutcomePages.register(app, pages: pages, api: protected, registry: registry)
    InterestInventoryPages.register(app, pages: pages, api: protected, registry: registry)
    CredentialPathwayPages.register(app, pages: pages, api: protected, registry: registry)
    PortfolioPages.register(app, web: web, pages: pages, api: api, protected: protected, registry: registry)
    Programs.register(pages: pages, api: protected, registry: registry)
    AccountPages.register(pages)
    TimePages.register(pages)
    ApprovalPages.register(pages)
    EntryEditPage.register(pages)
    KioskPages.register(web: web, pages: pages)
    WorkRulesPage.register(pages)
    WorkAuthorizationPages.register(app, pages: pages)
    BillingPages.register(pages)
    CalendarSubscriptions.register(public: app, pages: pages)
    // Last, once every API operation is registered: 405 for the methods a path does not serve.
    registry.registerMethodNotAllowed(on: app)
}
