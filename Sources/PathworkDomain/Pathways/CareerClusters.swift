/// The National Career Clusters® Framework as data, in its two published forms.
///
/// Original framework: the 16 clusters as the seed article (004, "National Career Clusters
/// Titles") names them, with the 79 pathways of the States' Career Clusters Initiative as they
/// appear in the state program-of-study materials built on it (for example Wisconsin DPI's
/// cluster pages, dpi.wi.gov/ag/resources/career-clusters, for the agriculture and
/// manufacturing pathways). The API calls it framework "2006".
///
/// Modernized framework: Advance CTE, "The Modernized National Career Clusters® Framework"
/// (October 2024; careertech.org/career-clusters): 14 clusters and 72 sub-clusters. The 14
/// cluster names and the merges between the two frameworks are from Advance CTE's release as
/// summarized by Minnesota's CTE association (mncte.org/newclusters). Digital Technology's
/// first five sub-clusters are named as the framework's occupation crosswalk names them.
/// Advance CTE's own list of the rest is out of reach from where Pathwork is built, so they are
/// named as independent published transcriptions of the framework give them where those agree
/// (one of them lists all 72); where they differ by a word ("Unmanned" or "Uncrewed" Vehicle
/// Technology, "&" or "and") the form most of them use is kept. Placements a district made on a
/// whole cluster before its sub-clusters were listed stay and are shown with the cluster.
public enum CareerFramework: String, Codable, CaseIterable, ChoiceCodable, Sendable {
    case original = "2006"
    case modernized = "2024"

    public var title: String {
        switch self {
        case .original: "National Career Clusters (16 clusters, 79 pathways)"
        case .modernized: "Modernized National Career Clusters, 2024 (14 clusters)"
        }
    }
}

public struct CareerPathway: Codable, Equatable, Sendable {
    public let code: String
    public let title: String
}

public struct CareerCluster: Codable, Equatable, Sendable {
    public let code: String
    public let title: String
    public let framework: CareerFramework
    /// Pathways (original framework) or sub-clusters (modernized framework).
    public let pathways: [CareerPathway]

    init(_ code: String, _ title: String, _ framework: CareerFramework, _ pathways: [String]) {
        self.code = code
        self.title = title
        self.framework = framework
        self.pathways = pathways.enumerated().map { CareerPathway(code: "\(code).\($0.offset + 1)", title: $0.element) }
    }
}

public enum CareerClusters {
    public static let original: [CareerCluster] = [
        .init("AG", "Agriculture, Food & Natural Resources", .original, [
            "Agribusiness Systems", "Animal Systems", "Environmental Service Systems", "Food Products & Processing Systems",
            "Natural Resources Systems", "Plant Systems", "Power, Structural & Technical Systems"]),
        .init("AC", "Architecture & Construction", .original, ["Construction", "Design/Pre-Construction", "Maintenance/Operations"]),
        .init("AR", "Arts, Audio/Video Technology & Communications", .original, [
            "A/V Technology & Film", "Journalism & Broadcasting", "Performing Arts", "Printing Technology", "Telecommunications", "Visual Arts"]),
        .init("BM", "Business, Management & Administration", .original, [
            "Administrative Support", "Business Information Management", "General Management", "Human Resources Management",
            "Operations Management"]),
        .init("ED", "Education & Training", .original, ["Administration & Administrative Support", "Professional Support Services", "Teaching/Training"]),
        .init("FN", "Finance", .original, ["Accounting", "Banking Services", "Business Finance", "Insurance", "Securities & Investments"]),
        .init("GV", "Government & Public Administration", .original, [
            "Foreign Service", "Governance", "National Security", "Planning", "Public Management & Administration", "Regulation",
            "Revenue & Taxation"]),
        .init("HS", "Health Science", .original, [
            "Biotechnology Research & Development", "Diagnostic Services", "Health Informatics", "Support Services", "Therapeutic Services"]),
        .init("HT", "Hospitality & Tourism", .original, [
            "Lodging", "Recreation, Amusements & Attractions", "Restaurants & Food/Beverage Services", "Travel & Tourism"]),
        .init("HU", "Human Services", .original, [
            "Consumer Services", "Counseling & Mental Health Services", "Early Childhood Development & Services", "Family & Community Services",
            "Personal Care Services"]),
        .init("IT", "Information Technology", .original, [
            "Information Support & Services", "Network Systems", "Programming & Software Development", "Web & Digital Communications"]),
        .init("LW", "Law, Public Safety & Security", .original, [
            "Correction Services", "Emergency & Fire Management Services", "Law Enforcement Services", "Legal Services",
            "Security & Protective Services"]),
        .init("MN", "Manufacturing", .original, [
            "Health, Safety & Environmental Assurance", "Logistics & Inventory Control", "Maintenance, Installation & Repair",
            "Manufacturing Production Process Development", "Production", "Quality Assurance"]),
        .init("MK", "Marketing, Sales & Service", .original, [
            "Marketing Communications", "Marketing Management", "Marketing Research", "Merchandising", "Professional Sales"]),
        .init("ST", "Science, Technology, Engineering & Mathematics", .original, ["Engineering & Technology", "Science & Mathematics"]),
        .init("TR", "Transportation, Distribution & Logistics", .original, [
            "Facility & Mobile Equipment Maintenance", "Health, Safety & Environmental Management", "Logistics Planning & Management Services",
            "Sales & Service", "Transportation Operations", "Transportation Systems/Infrastructure Planning, Management & Regulation",
            "Warehousing & Distribution Center Operations"]),
    ]

    public static let modernized: [CareerCluster] = [
        .init("AM", "Advanced Manufacturing", .modernized, [
            "Engineering", "Industrial Machinery", "Production & Automation", "Robotics", "Safety & Quality Assurance"]),
        .init("AF", "Agriculture", .modernized, [
            "Agribusiness", "Agricultural Technology & Automation", "Animal Systems", "Food Science & Processing", "Plant Systems",
            "Water Systems"]),
        .init("AD", "Arts, Entertainment & Design", .modernized, [
            "Design & Digital Arts", "Fashion & Interiors", "Fine Arts", "Lighting & Sound Technology", "Media Production & Broadcasting",
            "Performing Arts"]),
        .init("CN", "Construction", .modernized, [
            "Architecture & Civil Engineering", "Construction Planning & Development", "Equipment Operation & Maintenance", "Skilled Trades"]),
        // Unmanned Vehicle Technology comes last so the codes districts already used (DT.1–DT.5) keep their meaning.
        .init("DT", "Digital Technology", .modernized, [
            "Data Science & AI", "IT Support & Services", "Network Systems & Cybersecurity", "Software Solutions", "Web & Cloud",
            "Unmanned Vehicle Technology"]),
        .init("EA", "Education", .modernized, [
            "Early Childhood Development", "Education Administration & Leadership", "Learner Support & Community Engagement",
            "Teaching, Training & Facilitation"]),
        .init("EN", "Energy & Natural Resources", .modernized, [
            "Clean & Alternative Energy", "Conservation & Land Management", "Ecological Research & Development", "Environmental Protection",
            "Resource Extraction", "Utilities"]),
        .init("FS", "Financial Services", .modernized, [
            "Accounting", "Banking & Credit", "Financial Strategy & Investments", "Insurance", "Real Estate"]),
        .init("HC", "Healthcare & Human Services", .modernized, [
            "Behavioral & Mental Health", "Biotechnology Research & Development", "Community & Social Services", "Health Data & Administration",
            "Personal Care Services", "Physical Health"]),
        .init("HE", "Hospitality, Events & Tourism", .modernized, [
            "Accommodations", "Conferences & Events", "Culinary & Food Services", "Travel & Leisure"]),
        .init("ME", "Management & Entrepreneurship", .modernized, [
            "Business Information Management", "Entrepreneurship & Small Business", "Leadership & Operations", "Project Management",
            "Regulation"]),
        .init("MS", "Marketing & Sales", .modernized, [
            "Market Research, Analytics & Ethics", "Marketing & Advertising", "Retail & Customer Experience", "Strategic Sales"]),
        .init("PS", "Public Service & Safety", .modernized, [
            "Emergency Response", "Judicial Systems", "Local, State & Federal Services", "Military & National Security", "Public Safety"]),
        .init("SC", "Supply Chain & Transportation", .modernized, [
            "Air & Space Transportation", "Ground & Rail Transportation", "Maintenance & Repair", "Marine Transportation",
            "Planning & Logistics", "Purchasing & Warehousing"]),
    ]

    /// Advance CTE's cross-cutting clusters: careers of their own, and skills every cluster uses.
    public static let crossCutting: Set<String> = ["DT", "ME", "MS"]

    /// Where each original cluster's work went in 2024, at cluster level. Advance CTE's own
    /// crosswalk is by pathway; this follows its stated moves: Energy joined Natural Resources,
    /// Information Technology became Digital Technology, STEM was spread across clusters,
    /// Law and Government became Public Service & Safety, Health Science and Human Services
    /// became Healthcare & Human Services.
    public static let crosswalk: [String: [String]] = [
        "AG": ["AF", "EN"], "AC": ["CN", "AD"], "AR": ["AD", "DT"], "BM": ["ME"], "ED": ["EA"], "FN": ["FS"],
        "GV": ["PS"], "HS": ["HC"], "HT": ["HE"], "HU": ["HC"], "IT": ["DT"], "LW": ["PS"], "MN": ["AM"],
        "MK": ["MS"], "ST": ["AM", "DT", "EN", "HC"], "TR": ["SC"],
    ]

    public static func clusters(in framework: CareerFramework) -> [CareerCluster] {
        framework == .original ? original : modernized
    }

    /// The clusters of the other framework that an original cluster's work moved to, or an
    /// original cluster's work came from.
    public static func counterparts(of code: String) -> [String] {
        if let forward = crosswalk[code] { return forward }
        return crosswalk.filter { $0.value.contains(code) }.map(\.key).sorted()
    }

    public static func cluster(code: String) -> CareerCluster? {
        (original + modernized).first { $0.code == code }
    }

    /// The framework a cluster, pathway or sub-cluster code belongs to.
    public static func framework(of code: String) -> CareerFramework? {
        cluster(code: code)?.framework ?? pathway(code: code)?.0.framework
    }

    public static func pathway(code: String) -> (CareerCluster, CareerPathway)? {
        for cluster in original + modernized {
            if let pathway = cluster.pathways.first(where: { $0.code == code }) { return (cluster, pathway) }
        }
        return nil
    }
}
