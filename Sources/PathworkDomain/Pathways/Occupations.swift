/// An occupation placed on the framework: its title and 2018 Standard Occupational
/// Classification code (U.S. Bureau of Labor Statistics, bls.gov/soc/2018), and the original
/// framework's pathway it sits in.
public struct Occupation: Codable, Equatable, Sendable {
    public let socCode: String
    public let title: String
    public let pathwayCode: String

    public init(socCode: String, title: String, pathwayCode: String) {
        self.socCode = socCode
        self.title = title
        self.pathwayCode = pathwayCode
    }

    /// "NN-NNNN", as the 2018 SOC writes a detailed occupation.
    public static func isSOCCode(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard bytes.count == 7, bytes[2] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { $0.offset == 2 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0.element) }
    }

    /// The starter set every district sees, titles and codes as the 2018 SOC lists them; a
    /// district adds its own beside them.
    public static let starterSet: [Occupation] = [
        .init(socCode: "11-9013", title: "Farmers, Ranchers, and Other Agricultural Managers", pathwayCode: "AG.1"),
        .init(socCode: "19-4042", title: "Environmental Science and Protection Technicians, Including Health", pathwayCode: "AG.3"),
        .init(socCode: "47-2031", title: "Carpenters", pathwayCode: "AC.1"),
        .init(socCode: "47-2111", title: "Electricians", pathwayCode: "AC.1"),
        .init(socCode: "17-2051", title: "Civil Engineers", pathwayCode: "AC.2"),
        .init(socCode: "27-4032", title: "Film and Video Editors", pathwayCode: "AR.1"),
        .init(socCode: "27-1024", title: "Graphic Designers", pathwayCode: "AR.6"),
        .init(socCode: "43-4051", title: "Customer Service Representatives", pathwayCode: "BM.1"),
        .init(socCode: "25-2031", title: "Secondary School Teachers, Except Special and Career/Technical Education", pathwayCode: "ED.3"),
        .init(socCode: "13-2011", title: "Accountants and Auditors", pathwayCode: "FN.1"),
        .init(socCode: "29-1141", title: "Registered Nurses", pathwayCode: "HS.5"),
        .init(socCode: "31-9091", title: "Dental Assistants", pathwayCode: "HS.5"),
        .init(socCode: "35-1011", title: "Chefs and Head Cooks", pathwayCode: "HT.3"),
        .init(socCode: "39-9011", title: "Childcare Workers", pathwayCode: "HU.3"),
        .init(socCode: "15-1232", title: "Computer User Support Specialists", pathwayCode: "IT.1"),
        .init(socCode: "15-1231", title: "Computer Network Support Specialists", pathwayCode: "IT.2"),
        .init(socCode: "15-1244", title: "Network and Computer Systems Administrators", pathwayCode: "IT.2"),
        .init(socCode: "15-1212", title: "Information Security Analysts", pathwayCode: "IT.2"),
        .init(socCode: "15-1252", title: "Software Developers", pathwayCode: "IT.3"),
        .init(socCode: "15-2051", title: "Data Scientists", pathwayCode: "IT.3"),
        .init(socCode: "33-2011", title: "Firefighters", pathwayCode: "LW.2"),
        .init(socCode: "33-3051", title: "Police and Sheriff's Patrol Officers", pathwayCode: "LW.3"),
        .init(socCode: "23-2011", title: "Paralegals and Legal Assistants", pathwayCode: "LW.4"),
        .init(socCode: "49-9071", title: "Maintenance and Repair Workers, General", pathwayCode: "MN.3"),
        .init(socCode: "51-4121", title: "Welders, Cutters, Solderers, and Brazers", pathwayCode: "MN.5"),
        .init(socCode: "41-2031", title: "Retail Salespersons", pathwayCode: "MK.5"),
        .init(socCode: "17-2141", title: "Mechanical Engineers", pathwayCode: "ST.1"),
        .init(socCode: "49-3023", title: "Automotive Service Technicians and Mechanics", pathwayCode: "TR.1"),
        .init(socCode: "53-3032", title: "Heavy and Tractor-Trailer Truck Drivers", pathwayCode: "TR.5"),
        .init(socCode: "53-2012", title: "Commercial Pilots", pathwayCode: "TR.5"),
    ]
}
