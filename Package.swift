// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Pathwork",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pathwork", targets: ["pathwork"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The OpenAPI document's types; loading documents from other files (its default trait) is not needed.
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0", traits: []),
        // Reading OneRoster sets sent as zip files, entry by entry in chunks.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // Vapor's own multipart parser, used directly to stream a large upload to disk.
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
    ],
    targets: [
        .target(name: "PathworkDomain", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "PathworkApp",
            dependencies: [
                "PathworkDomain",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Plot", package: "Plot"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ]
        ),
        .executableTarget(name: "pathwork", dependencies: [
            "PathworkApp", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "PathworkDomainTests", dependencies: ["PathworkDomain"]),
        .testTarget(
            name: "PathworkAppTests",
            dependencies: [
                "PathworkApp",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)
