// swift-tools-version:6.0
import PackageDescription

// The benchmarks, a package of their own beside the one they measure, so
// that building and testing `campaign` does not build them. bench/run
// builds both in release; they run from the repository's root.
let package = Package(
    name: "campaign-bench",
    dependencies: [
        .package(name: "campaign", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "lookup-bench",
            dependencies: [.product(name: "Campaign", package: "campaign")],
            path: "lookup"
        ),
        .executableTarget(
            name: "delivery-bench",
            dependencies: [.product(name: "Campaign", package: "campaign")],
            path: "delivery"
        ),
        .executableTarget(
            name: "handler-bench",
            dependencies: [.product(name: "Campaign", package: "campaign"), .product(name: "CampaignWeb", package: "campaign")],
            path: "handler"
        ),
        .executableTarget(
            name: "load-bench",
            path: "load"
        ),
    ],
    swiftLanguageModes: [.v6]
)
