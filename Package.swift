// swift-tools-version:6.0
import PackageDescription

// No Swift package dependencies: Foundation plus two C system libraries.
let package = Package(
    name: "iomaudit",
    products: [
        .executable(name: "iomaudit", targets: ["iomaudit"]),
        .library(name: "IOMAudit", targets: ["IOMAudit"]),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "IOMAudit", dependencies: ["CLibXML2", "CSQLite"]),
        .executableTarget(name: "iomaudit", dependencies: ["IOMAudit"]),
        .testTarget(name: "IOMAuditTests", dependencies: ["IOMAudit"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["IOMAudit"]),
    ],
    swiftLanguageModes: [.v6]
)
