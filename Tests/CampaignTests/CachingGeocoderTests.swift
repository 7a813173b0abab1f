import Foundation
import Testing
@testable import Campaign

/// The cache in front of a geocoder: hits, expiry on a manual clock, what
/// it refuses to keep, its bound, and that a slow miss holds up no one.
@Suite struct CachingGeocoderTests {
    /// A geocoder that answers from a script and counts what it is asked.
    final class ScriptedGeocoder: Geocoder {
        private let answer: @Sendable (String) -> GeocodingResult
        private let asked = Locked<[String]>([])

        init(_ answer: @escaping @Sendable (String) -> GeocodingResult) { self.answer = answer }

        /// The addresses asked about, in order.
        var questions: [String] { asked.withLock { $0 } }

        func geocode(_ address: String, zip: String?) -> GeocodingResult {
            asked.withLock { $0.append(address) }
            return answer(address)
        }
    }

    static let point = GeocodedPoint(latitude: 38.8977, longitude: -77.0365, matchedAddress: "1600 PENNSYLVANIA AVE NW, WASHINGTON, DC, 20500")

    static func matchEverything() -> ScriptedGeocoder {
        ScriptedGeocoder { _ in .matched([point]) }
    }

    @Test func answersTheSameAddressAgainWithoutAskingFoldingCaseAndWhiteSpace() {
        let underlying = Self.matchEverything()
        let cache = CachingGeocoder(underlying, clock: ManualClock().clock)
        #expect(cache.geocode("1600 Pennsylvania Ave NW", zip: "20500") == .matched([Self.point]))
        #expect(cache.geocode("  1600   PENNSYLVANIA ave\tnw ", zip: " 20500") == .matched([Self.point]))
        #expect(underlying.questions.count == 1)
        #expect(cache.geocode("1600 Pennsylvania Ave NW", zip: "20006") == .matched([Self.point]), "another ZIP code is another question")
        #expect(underlying.questions.count == 2)
    }

    @Test func keepsNoMatchToo() {
        let underlying = ScriptedGeocoder { _ in .noMatch }
        let cache = CachingGeocoder(underlying, clock: ManualClock().clock)
        #expect(cache.geocode("1 Nowhere Lane") == .noMatch)
        #expect(cache.geocode("1 nowhere lane") == .noMatch)
        #expect(underlying.questions == ["1 Nowhere Lane"])
    }

    @Test func forgetsAnAnswerOnceItsTimeIsUp() {
        let clock = ManualClock()
        let underlying = Self.matchEverything()
        let cache = CachingGeocoder(underlying, timeToLive: 600, clock: clock.clock)
        _ = cache.geocode("1600 Pennsylvania Ave NW")
        clock.advance(by: 599)
        _ = cache.geocode("1600 Pennsylvania Ave NW")
        #expect(underlying.questions.count == 1, "still fresh a second before its time")
        clock.advance(by: 1)
        _ = cache.geocode("1600 Pennsylvania Ave NW")
        #expect(underlying.questions.count == 2, "asked again once the time is up")
    }

    @Test func neverKeepsAnUnavailableAnswer() {
        let failing = Locked(true)
        let underlying = ScriptedGeocoder { _ in
            failing.withLock { $0 } ? .unavailable(reason: "the test geocoder refused the connection") : .matched([Self.point])
        }
        let cache = CachingGeocoder(underlying, clock: ManualClock().clock)
        #expect(cache.geocode("1600 Pennsylvania Ave NW") == .unavailable(reason: "the test geocoder refused the connection"))
        #expect(cache.count == 0)
        failing.withLock { $0 = false }
        #expect(cache.geocode("1600 Pennsylvania Ave NW") == .matched([Self.point]))
        #expect(underlying.questions.count == 2)
    }

    @Test func keepsAtMostItsCapacityDroppingTheLeastRecentlyUsed() {
        let underlying = Self.matchEverything()
        let cache = CachingGeocoder(underlying, capacity: 2, clock: ManualClock().clock)
        _ = cache.geocode("1 First St")
        _ = cache.geocode("2 Second St")
        _ = cache.geocode("1 First St")     // now the more recently used
        _ = cache.geocode("3 Third St")     // pushes out 2 Second St
        #expect(cache.count == 2)
        _ = cache.geocode("1 First St")
        #expect(underlying.questions == ["1 First St", "2 Second St", "3 Third St"], "1 First St stayed")
        _ = cache.geocode("2 Second St")
        #expect(underlying.questions == ["1 First St", "2 Second St", "3 Third St", "2 Second St"], "2 Second St was dropped")
        #expect(cache.count == 2)
    }

    @Test(.timeLimit(.minutes(1))) func aSlowMissHoldsUpNoCachedAnswer() async throws {
        let release = DispatchSemaphore(value: 0)
        let underlying = ScriptedGeocoder { address in
            if address == "slow" { release.wait() }
            return .matched([Self.point])
        }
        let cache = CachingGeocoder(underlying, clock: ManualClock().clock)
        _ = cache.geocode("1600 Pennsylvania Ave NW")
        Thread { _ = cache.geocode("slow") }.start()
        while !underlying.questions.contains("slow") { try await Task.sleep(for: .milliseconds(5)) }
        let answer = try await onThread { _ in GeocoderTesting.returning(within: 5) { cache.geocode("1600 Pennsylvania Ave NW") } }
        release.signal()
        #expect(answer == .matched([Self.point]), "a cached answer came back while another address was being asked")
    }
}
