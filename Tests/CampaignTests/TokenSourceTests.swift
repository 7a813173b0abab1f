@testable import Campaign
import Testing

/// Where unpredictable bytes come from: the live source draws from
/// `SecureRandom` (OpenSSL's generator), a seeded one repeats.
@Suite struct TokenSourceTests {
    @Test func liveSourceGivesFreshBytesOfTheLengthAsked() {
        let live = TokenSource.live
        #expect(live.bytes(0).isEmpty)
        for count in [1, 16, 32, 33, 1000] {
            #expect(live.bytes(count).count == count)
        }
        #expect(live.bytes(16) != live.bytes(16))
        let token = live.token()
        #expect(token.count == 22 && Base64URL.decode(token)?.count == 16)
        #expect(live.token() != token)
    }

    @Test func seededSourceRepeatsItsBytes() {
        #expect(TokenSource.seeded(7).bytes(40) == TokenSource.seeded(7).bytes(40))
        #expect(TokenSource.seeded(7).token() != TokenSource.seeded(8).token())
    }
}
