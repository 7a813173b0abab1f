// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "campaign",
    products: [
        .executable(name: "campaign", targets: ["campaign-cli"]),
        .executable(name: "campaign-server", targets: ["campaign-server"]),
        .library(name: "Campaign", targets: ["Campaign"]),
        // For the benchmarks, a package of their own in bench/.
        .library(name: "CampaignWeb", targets: ["CampaignWeb"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CMicroHTTPD",
            pkgConfig: "libmicrohttpd",
            providers: [.apt(["libmicrohttpd-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CIDN2",
            pkgConfig: "libidn2",
            providers: [.apt(["libidn2-dev"])]
        ),
        .systemLibrary(
            name: "CPostgres",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        .target(
            name: "ArgumentParsing"
        ),
        .target(
            name: "Campaign",
            dependencies: ["CSQLite", "CPostgres", "CCurl", "COpenSSL", "CIDN2", "CYAML", "ArgumentParsing"]
        ),
        .target(
            name: "CampaignWeb",
            dependencies: ["Campaign", "ArgumentParsing"]
        ),
        .target(
            name: "CampaignCLI",
            dependencies: ["Campaign", "ArgumentParsing"]
        ),
        .executableTarget(
            name: "campaign-cli",
            dependencies: ["CampaignCLI"]
        ),
        .executableTarget(
            name: "campaign-server",
            dependencies: ["Campaign", "CampaignWeb", "CMicroHTTPD"]
        ),
        .testTarget(
            name: "CampaignTests",
            // The CLI is a dependency so that `swift test` builds the binary the end-to-end tests run.
            dependencies: ["ArgumentParsing", "Campaign", "CampaignWeb", "CampaignCLI", "campaign-cli", "campaign-server"],
            exclude: ["Support/smtp_sink.py", "Support/parse_mail.py"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
