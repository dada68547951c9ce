// swift-tools-version:6.0
import PackageDescription

// No Swift package dependencies: Foundation plus three C system libraries (libxml2, SQLite, libcrypto).
let package = Package(
    name: "iomaudit",
    products: [
        .executable(name: "iomaudit", targets: ["iomaudit"]),
        .library(name: "IOMAudit", targets: ["IOMAudit"]),
    ],
    targets: [
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "IOMAudit", dependencies: ["CLibXML2", "CSQLite", "CCrypto"]),
        .executableTarget(name: "iomaudit", dependencies: ["IOMAudit"]),
        .testTarget(name: "IOMAuditTests", dependencies: ["IOMAudit"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["IOMAudit"]),
    ],
    swiftLanguageModes: [.v6]
)
