import Campaign
import Foundation

// Measures `Lookup` on the shipped demo data: building the index, then point
// and ZIP lookups. Run from the repository with `swift run -c release --package-path bench lookup-bench [data-folder]`.

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

let folder = CommandLine.arguments.dropFirst().first ?? "data"
let path = NSTemporaryDirectory() + "lookup-bench-\(UUID().uuidString).sqlite"
defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
let pool = try DatabasePool(path: path)
let seedTime = try seconds { try DemoDataLoader.load(from: folder, into: pool) }
var lookup: Lookup?
let indexTime = try seconds { lookup = try Lookup.load(from: pool) }
guard let lookup else { fatalError("no index") }

// Points spread over Seattle and DC (some fall outside every district).
var generator = SystemRandomNumberGenerator()
let points: [(Double, Double)] = (0..<20_000).map { index in
    index % 2 == 0
        ? (Double.random(in: 47.49...47.74, using: &generator), Double.random(in: -122.44...(-122.22), using: &generator))
        : (Double.random(in: 38.79...39.00, using: &generator), Double.random(in: -77.12...(-76.91), using: &generator))
}
let zips = ["98104", "98101", "98115", "20001", "98402", "98133", "20004", "99999"]

var pointTimes: [Double] = []
var matched = 0
for (latitude, longitude) in points {
    let time = try seconds { if try !lookup.locate(latitude: latitude, longitude: longitude).isEmpty { matched += 1 } }
    pointTimes.append(time)
}
var zipTimes: [Double] = []
for index in 0..<20_000 {
    zipTimes.append(try seconds { _ = try lookup.locate(zip: zips[index % zips.count]) })
}
pointTimes.sort()
zipTimes.sort()
func microseconds(_ value: Double) -> String { String(format: "%.1f µs", value * 1e6) }
print("seed demo data:        \(String(format: "%.0f ms", seedTime * 1000))")
print("build lookup index:    \(String(format: "%.0f ms", indexTime * 1000))")
print("point lookups:         \(points.count), \(matched) inside a district")
print("  mean \(microseconds(pointTimes.reduce(0, +) / Double(pointTimes.count)))  p50 \(microseconds(percentile(pointTimes, 0.5)))  p99 \(microseconds(percentile(pointTimes, 0.99)))  max \(microseconds(pointTimes.last ?? 0))")
print("ZIP lookups:           \(zipTimes.count)")
print("  mean \(microseconds(zipTimes.reduce(0, +) / Double(zipTimes.count)))  p50 \(microseconds(percentile(zipTimes, 0.5)))  p99 \(microseconds(percentile(zipTimes, 0.99)))  max \(microseconds(zipTimes.last ?? 0))")
