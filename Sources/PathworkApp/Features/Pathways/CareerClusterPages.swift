import Foundation
import PathworkDomain
import Plot
import Vapor

struct CareerPathwayJSON: Content {
    var code: String
    var title: String
    var links: [PathwayLinkJSON]
}

struct CareerClusterJSON: Content {
    var code: String
    var title: String
    var framework: CareerFramework
    var crossCutting: Bool
    /// The other framework's clusters this one's work maps to (Advance CTE's 2024 crosswalk).
    var counterparts: [String]
    /// Teams and credentials placed on the cluster as a whole.
    var links: [PathwayLinkJSON]
    var pathways: [CareerPathwayJSON]

    init(_ cluster: CareerCluster, links: [String: [PathwayLinkJSON]]) {
        code = cluster.code
        title = cluster.title
        framework = cluster.framework
        crossCutting = CareerClusters.crossCutting.contains(cluster.code)
        counterparts = CareerClusters.counterparts(of: cluster.code)
        self.links = links[cluster.code] ?? []
        pathways = cluster.pathways.map { CareerPathwayJSON(code: $0.code, title: $0.title, links: links[$0.code] ?? []) }
    }
}

/// Browsing the Career Clusters framework: clusters, their pathways (or sub-clusters), and which
/// of the district's teams and credentials lead to each.
enum CareerClusterPages {
    static func register(pages: any RoutesBuilder, api: any RoutesBuilder, registry: APIRegistry) {
        let link = Schema.object([("id", .string(format: "uuid")), ("pathwayCode", .string()), ("subject", .enumeration(PathwayLink.Subject.allCases.map(\.rawValue))),
                                  ("subjectId", .string(format: "uuid")), ("name", .string())],
                                 required: ["id", "pathwayCode", "subject", "subjectId", "name"])
        registry.define("PathwayLink", link)
        registry.define("CareerCluster", .object([
            ("code", .string()), ("title", .string()), ("framework", .enumeration(CareerFramework.allCases.map(\.rawValue))),
            ("crossCutting", .boolean), ("counterparts", .array(.string())), ("links", .array(.ref("PathwayLink"))),
            ("pathways", .array(.object([("code", .string()), ("title", .string()), ("links", .array(.ref("PathwayLink")))],
                                        required: ["code", "title", "links"]))),
        ], required: ["code", "title", "framework", "crossCutting", "counterparts", "links", "pathways"]))
        api.endpoint(APIOperation(method: .GET, path: ["career-clusters"], summary: "The Career Clusters framework, with the district's teams and credentials on it",
                                  tag: "Pathways", query: [.choice("framework", CareerFramework.allCases.map(\.rawValue), "2006 (the original 16 clusters) or 2024 (the modernized 14); default 2024")],
                                  response: .array(.ref("CareerCluster"))), registry: registry) { req in
            try req.viewer.require(.exploreCareers)
            let links = try await PathwayLinks.byPathway(try req.tenant)
            return CareerClusters.clusters(in: try framework(req)).map { CareerClusterJSON($0, links: links) }
        }
        api.endpoint(APIOperation(method: .POST, path: ["career-pathway-links"], summary: "Place a team, a credential or a partner on a pathway", tag: "Pathways",
                                  body: .object([("pathwayCode", PathwayLinks.codeSchema), ("teamId", .string(format: "uuid")), ("credentialId", .string(format: "uuid")),
                                                 ("partnerId", .string(format: "uuid"))],
                                                required: ["pathwayCode"]),
                                  response: .ref("PathwayLink"), success: .created, rules: [.rule("exactly one of teamId, credentialId and partnerId")]),
                     registry: registry) { req in
            try await PathwayLinks.create(try req.input(PathwayLinkInput.self), on: req).encodeResponse(status: .created, for: req)
        }
        api.endpoint(APIOperation(method: .DELETE, path: ["career-pathway-links", ":linkID"], summary: "Take a team, credential or partner off a pathway",
                                  tag: "Pathways", success: .noContent), registry: registry) { req in
            try await PathwayLinks.remove(req.parameters.get("linkID"), on: req)
            return HTTPStatus.noContent
        }
        pages.get(SiteRoute.careerClusters.pattern) { req async throws -> Page in
            try req.viewer.require(.exploreCareers)
            return try await page(req, input: PathwayLinkInput())
        }
        pages.post(SiteRoute.careerClusters.pattern) { req async throws -> Response in
            let input = try req.input(PathwayLinkInput.self)
            do {
                let link = try await PathwayLinks.create(input, on: req)
                let framework = CareerClusters.framework(of: link.pathwayCode) ?? .modernized
                return req.redirect(to: SiteRoute.careerClusters.path(query: [("framework", framework.rawValue), ("notice", "\(link.name) now leads to this pathway.")]))
            } catch let error as PathworkError where !error.fieldErrors.isEmpty {
                return try await page(req, input: input, errors: error.fieldErrors).encodeResponse(for: req)
            }
        }
        pages.post(SiteRoute.careerLinkRemove(.pattern).pattern) { req async throws -> Response in
            try await PathwayLinks.remove(req.parameters.get("linkID"), on: req)
            return req.redirect(to: SiteRoute.careerClusters.path(query: [("framework", (try? req.query.get(String.self, at: "framework")) ?? ""),
                                                                         ("notice", "Taken off the pathway.")]))
        }
    }

    static func courseList<C: HTML.BodyContext>(_ items: [Course]) -> Node<C> {
        .if(!items.isEmpty, .p(.class("muted"), .text("Courses: " + items.map { "\($0.code) \($0.title)" }.joined(separator: "; "))))
    }

    static func occupationList<C: HTML.BodyContext>(_ items: [OccupationJSON]) -> Node<C> {
        .if(!items.isEmpty, .p(.class("muted"), .text("Occupations: " + items.map { "\($0.title) (\($0.socCode))" }.joined(separator: "; "))))
    }

    static func framework(_ req: Request) throws -> CareerFramework {
        guard let raw = try? req.query.get(String.self, at: "framework"), !raw.isEmpty else { return .modernized }
        guard let framework = CareerFramework(rawValue: raw) else {
            throw PathworkError.invalid([FieldError(field: "framework", message: "The framework is 2006 (the original 16 clusters) or 2024.")])
        }
        return framework
    }

    static func page(_ req: Request, input: PathwayLinkInput, occupation: OccupationInput = OccupationInput(), errors: [FieldError] = []) async throws -> Page {
        let viewer = try req.viewer
        let tenant = try req.tenant
        let framework = (try? framework(req)) ?? .modernized
        let links = try await PathwayLinks.byPathway(tenant)
        let occupations = Dictionary(grouping: try await Occupations.all(tenant), by: \.pathwayCode)
        let courses = Dictionary(grouping: try await tenant.query(Course.self).sort(\.$code).all().filter { $0.pathwayCode != nil }, by: { $0.pathwayCode! })
        let clusters = CareerClusters.clusters(in: framework)
        let other: CareerFramework = framework == .original ? .modernized : .original
        let titles = Dictionary(uniqueKeysWithValues: (CareerClusters.original + CareerClusters.modernized).map { ($0.code, $0.title) })
        let canTeams = viewer.can(.manageTeams), canCredentials = viewer.can(.manageCredentials)
        let opened = try? req.query.get(String.self, at: "open")
        let teams = canTeams ? try await tenant.query(Team.self).sort(\.$name).all() : []
        let credentials = canCredentials ? try await tenant.query(Credential.self).sort(\.$title).all() : []
        let choices = PathwayLinks.choices(in: framework)
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        func linkList<C: HTML.BodyContext>(_ items: [PathwayLinkJSON]) -> Node<C> {
            .if(!items.isEmpty, .ul(.class("links"), .forEach(items) { item in
                .li(.text("\(item.subject.title): \(item.name)"),
                    .if(viewer.can(item.subject.managedBy),
                        .form(.class("inline"), .method(.post), .action(SiteRoute.careerLinkRemove(item.id).path(query: [("framework", framework.rawValue)])),
                              Layout.csrfField(viewer.csrfToken), .button(.type(.submit), .class("link"), .text("Remove")))))
            }))
        }
        return Layout.page("Career clusters", viewer: viewer, current: .careerClusters, status: errors.isEmpty ? .ok : .unprocessableEntity,
                           notice: try? req.query.get(String.self, at: "notice"),
            .p(.text(framework.title + ". "), .a(.href(SiteRoute.careerClusters.path(query: [("framework", other.rawValue)])), .text("Show the \(other.title)"))),
            FormField.errorSummary(errors),
            .if(canTeams || canCredentials, .section(.class("card"), .h2(.text("Place a team or credential on a pathway")),
                .form(.method(.post), .action(SiteRoute.careerClusters.path), Layout.csrfField(viewer.csrfToken),
                    FormField.select("Pathway", name: "pathwayCode", options: [(value: "", title: "Choose")] + choices, selected: input.pathwayCode,
                                     error: error("pathwayCode")),
                    .if(canTeams, FormField.select("Team", name: "teamId", options: [(value: "", title: "None")] + (try teams.saved().map { (value: $0.id.uuidString, title: $0.name) }),
                                                   selected: input.teamId, error: error("teamId"))),
                    .if(canCredentials, FormField.select("Credential", name: "credentialId",
                                                         options: [(value: "", title: "None")] + (try credentials.saved().map { (value: $0.id.uuidString, title: $0.title) }),
                                                         selected: input.credentialId, error: error("credentialId"))),
                    .button(.type(.submit), .text("Place on pathway"))))),
            .if(framework == .original && canCredentials, .details(.class("card"), .summary(.text("Add an occupation")),
                .form(.method(.post), .action(SiteRoute.careerOccupations.path), Layout.csrfField(viewer.csrfToken),
                    FormField.text("SOC code (2018)", name: "socCode", value: occupation.socCode, error: error("socCode")),
                    FormField.text("Occupation title", name: "title", value: occupation.title, error: error("title")),
                    FormField.select("Pathway", name: "pathwayCode", options: [(value: "", title: "Choose")] + choices, selected: occupation.pathwayCode,
                                     error: error("pathwayCode")),
                    .button(.type(.submit), .class("secondary"), .text("Add occupation"))))),
            .forEach(clusters) { cluster in
                let count = (links[cluster.code]?.count ?? 0) + cluster.pathways.reduce(0) { $0 + (links[$1.code]?.count ?? 0) }
                return .details(.class("cluster"), .id(cluster.code), .if(count > 0 || cluster.code == opened, .attribute(named: "open")),
                    .summary(.strong(.text(cluster.title)), .text(cluster.pathways.isEmpty ? "" : " · \(cluster.pathways.count) \(framework == .original ? "pathways" : "sub-clusters")"),
                             .if(count > 0, .text(" · \(count) in this district")),
                             .if(CareerClusters.crossCutting.contains(cluster.code), .span(.class("muted"), .text(" · cross-cutting")))),
                    .p(.class("muted"), .text("\(framework == .original ? "In 2024" : "From the original framework"): "
                        + CareerClusters.counterparts(of: cluster.code).compactMap { titles[$0] }.joined(separator: "; "))),
                    // Placed on the whole cluster before Pathwork listed its sub-clusters.
                    linkList(links[cluster.code] ?? []), occupationList(occupations[cluster.code] ?? []), courseList(courses[cluster.code] ?? []),
                    .if(!cluster.pathways.isEmpty, .ul(.forEach(cluster.pathways) { pathway in
                        .li(.text(pathway.title), linkList(links[pathway.code] ?? []), occupationList(occupations[pathway.code] ?? []),
                            courseList(courses[pathway.code] ?? []))
                    })))
            })
    }
}
