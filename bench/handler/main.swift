import Campaign
import CampaignWeb
import Foundation
import Glibc

// The app's own cost per request, without sockets. Run with
//   swift run -c release --package-path bench handler-bench [requests]
// on a database with the demo data, in a temporary folder:
// 1. Handling: a signing POST (decoding, checks, tokens, up to the moment the
//    signature is handed to the writer) and a campaign page GET, on one
//    thread, `requests` times each (default 200,000). These are the parts of
//    a request that run on the HTTP server's threads.
// 2. Writing: as many signatures again go through the writer, 64 at a time
//    as from wrk's 64 connections, each answered once on disk; the CPU time
//    per signature of the threads beside the main one (the writer, and the
//    checkpointer copying the log into the database).

func threadCPUMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e3 }

/// CPU time of the whole process, in microseconds.
func processCPUMicroseconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
}

let requests = CommandLine.arguments.dropFirst().first.flatMap { Int($0) } ?? 200_000
let folder = NSTemporaryDirectory() + "handler-bench-\(UUID().uuidString)"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }
var configuration = Configuration()
configuration.databasePath = folder + "/bench.sqlite"
let pool = try DatabasePool(path: configuration.databasePath)
try DemoDataLoader.load(from: configuration.dataFolder, into: pool)
try pool.checkpointInBackground()
let counts = try SignatureCounts(pool: pool)
let writer = SignatureWriter(pool: pool, counts: counts)
let resources = try SiteResources.load(configuration)
let app = App(context: try SiteContext(configuration: configuration, pool: pool, counts: counts, writer: writer, resources: resources))
let slug = "seattle-thank-welcoming-city"

// A session and its form token, as a browser gets them from the page.
guard case .now(let first) = app.handle(Request(method: "GET", target: "/c/\(slug)", headers: [:], clientAddress: "127.0.0.1")),
      let setCookie = first.header("Set-Cookie"),
      let page = String(bytes: first.body, encoding: .utf8),
      let tokenStart = page.range(of: "name=\"csrf\" value=\"")?.upperBound,
      let tokenEnd = page[tokenStart...].firstIndex(of: "\"")
else { fatalError("the campaign page has no session cookie or form token") }
let cookie = String(setCookie.prefix { $0 != ";" })
let token = String(page[tokenStart..<tokenEnd])
let run = DispatchTime.now().uptimeNanoseconds

func signRequest(_ number: Int) -> Request {
    let body = "csrf=\(token)&lang=en&name=Bench+Signer&email=bench-\(run)-\(number)%40example.org&zip=98104&reason=&consent_public=yes"
    return Request(method: "POST", target: "/c/\(slug)/sign",
                   headers: ["host": "127.0.0.1", "content-type": "application/x-www-form-urlencoded", "cookie": cookie,
                             "content-length": String(body.utf8.count)],
                   body: Array(body.utf8), clientAddress: "10.\(number / 62_500 % 250).\(number / 250 % 250).\(number % 250)")
}

// MARK: - Handling

// Requests are made beforehand: the server's threads make theirs from
// libmicrohttpd's buffers, which is measured with the sockets in bench/run.
var signs = (0..<requests).map(signRequest)
var pending: [@Sendable (@escaping @Sendable (Response) -> Void) -> Void] = []
pending.reserveCapacity(requests)
var started = (wall: now(), cpu: threadCPUMicroseconds())
for request in signs {
    guard case .later(let start) = app.handle(request) else { fatalError("a signature was answered without the writer") }
    pending.append(start)
}
let signing = (wall: (now() - started.wall) / Double(requests), cpu: (threadCPUMicroseconds() - started.cpu) / Double(requests))
signs = []

let pageRequest = Request(method: "GET", target: "/c/\(slug)", headers: ["host": "127.0.0.1", "cookie": cookie], clientAddress: "127.0.0.1")
started = (now(), threadCPUMicroseconds())
var bytes = 0
for _ in 0..<requests {
    guard case .now(let response) = app.handle(pageRequest) else { fatalError("the page was not answered at once") }
    bytes += response.body.count
}
let paging = (wall: (now() - started.wall) / Double(requests), cpu: (threadCPUMicroseconds() - started.cpu) / Double(requests))

print("handling, one thread, \(requests) requests each")
print(String(format: "  signing POST up to the writer  %6.2f µs (CPU %6.2f µs)", signing.wall, signing.cpu))
print(String(format: "  campaign page GET              %6.2f µs (CPU %6.2f µs), %d bytes", paging.wall, paging.cpu, bytes / requests))

// MARK: - Writing

// 64 signatures outstanding at a time, as from 64 connections.
let outstanding = DispatchSemaphore(value: 64)
let answered = DispatchSemaphore(value: 0)
let backgroundBefore = processCPUMicroseconds() - threadCPUMicroseconds()
started = (now(), threadCPUMicroseconds())
for start in pending {
    outstanding.wait()
    start { response in
        precondition(response.status == 303, "a signature was refused: \(response.status)")
        outstanding.signal()
        answered.signal()
    }
}
for _ in 0..<requests { answered.wait() }
let writingWall = now() - started.wall
let backgroundCPU = processCPUMicroseconds() - threadCPUMicroseconds() - backgroundBefore
writer.stop()
print("writing, 64 outstanding, synchronous=FULL")
print(String(format: "  %.0f signatures/s, writer and checkpointer CPU %.2f µs a signature, %.1f a batch",
             Double(requests) / writingWall * 1e6, backgroundCPU / Double(requests), { let sizes = writer.statistics.batchSizes.snapshot(); return Double(sizes.sum) / Double(max(1, sizes.count)) }()))
