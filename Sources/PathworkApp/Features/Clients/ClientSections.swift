import Fluent
import PathworkDomain
import Plot
import Vapor

extension Application {
    private struct ClientSectionsKey: StorageKey { typealias Value = PageSections<Client> }

    /// Sections later features add to a client's page (whether portfolios may name the client).
    var clientSections: PageSections<Client> {
        if let sections = storage[ClientSectionsKey.self] { return sections }
        let sections = PageSections<Client>()
        storage[ClientSectionsKey.self] = sections
        return sections
    }

    private struct EngagementSectionsKey: StorageKey { typealias Value = PageSections<Engagement> }

    /// Sections later features add to an engagement's page (its budget and billed time, from Time).
    var engagementSections: PageSections<Engagement> {
        if let sections = storage[EngagementSectionsKey.self] { return sections }
        let sections = PageSections<Engagement>()
        storage[EngagementSectionsKey.self] = sections
        return sections
    }
}
