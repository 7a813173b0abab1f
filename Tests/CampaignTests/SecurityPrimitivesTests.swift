@testable import Campaign
import Foundation
import Testing

/// SHA-256 and HMAC against the published vectors, base64url, random
/// tokens and constant-time comparison.
@Suite struct SecurityPrimitivesTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var digits = hex.makeIterator()
        while let high = digits.next(), let low = digits.next() {
            result.append(UInt8(String([high, low]), radix: 16) ?? 0)
        }
        return result
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    // MARK: - SHA-256

    func sha256Hex(_ bytes: some Collection<UInt8>) -> String { SHA256.hex(SHA256.hash(bytes)) }

    @Test func sha256MatchesNISTVectors() {
        #expect(sha256Hex("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(sha256Hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(sha256Hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func sha256OfTwoBlockMessage() {
        let message = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(sha256Hex(message.utf8) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func hexWritesBytesAsLowercaseDigits() {
        #expect(SHA256.hex([]) == "")
        #expect(SHA256.hex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        let digest = SHA256.hash(Array("abc".utf8))
        #expect(digest.count == 32)
        #expect(SHA256.hex(digest) == Self.hex(digest))
    }

    /// Lengths around the padding boundaries (55, 56, 64 bytes), from an
    /// array, a slice in the middle of one and a collection with no
    /// contiguous storage (copied before hashing).
    @Test(arguments: [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000])
    func sha256AgreesAcrossInputShapes(length: Int) {
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let contiguous = SHA256.hash(message)
        #expect(SHA256.hash(message.lazy.map { $0 }) == contiguous)
        #expect(SHA256.hash(([0xFF] + message + [0xFF]).dropFirst().dropLast()) == contiguous)
        #expect(contiguous.count == 32)
    }

    /// A digest of pieces (a file read a megabyte at a time) is that of
    /// the pieces together, however they fall; it starts again after.
    @Test func sha256OfPiecesIsTheDigestOfTheWhole() {
        let message = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) }
        for size in [1, 55, 64, 1000, 5000] {
            let running = SHA256.Running()
            var start = 0
            while start < message.count {
                running.update(message[start..<min(start + size, message.count)])
                start += size
            }
            running.update([])
            #expect(running.finish() == SHA256.hash(message), "pieces of \(size)")
            running.update("abc".utf8)
            #expect(SHA256.hex(running.finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        }
    }

    // MARK: - HMAC

    @Test(arguments: [
        // RFC 4231 test cases 1, 2, 3, 4, 6 and 7 (5 is truncated output).
        (String(repeating: "0b", count: 20), Self.hexOf("Hi There"),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Self.hexOf("Jefe"), Self.hexOf("what do ya want for nothing?"),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131), Self.hexOf("Test Using Larger Than Block-Size Key - Hash Key First"),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (String(repeating: "aa", count: 131),
         Self.hexOf("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."),
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func hmacSHA256MatchesRFC4231(key: String, message: String, expected: String) {
        #expect(Self.hex(HMAC.sha256(key: Self.bytes(key), message: Self.bytes(message))) == expected)
    }

    static func hexOf(_ text: String) -> String { hex(Array(text.utf8)) }

    /// A key with a prefix hashed in once signs `prefix + message`, across
    /// the padding and block boundaries (the 5-byte prefix puts them at
    /// 50/51 and 59), and using it leaves it unchanged for the next one.
    @Test(arguments: [0, 1, 50, 51, 58, 59, 60, 64, 123, 200])
    func hmacKeyPrefixedByPartOfTheMessageSignsTheWholeMessage(restLength: Int) {
        let secret = Array("server secret".utf8)
        let prefix = Array("csrf:".utf8)
        let rest = (0..<restLength).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        let prefixed = HMAC.Key(secret).prefixed(by: prefix)
        let whole = HMAC.sha256(key: secret, message: prefix + rest)
        #expect(prefixed.sha256(rest) == whole)
        #expect(prefixed.sha256(rest) == whole)
        #expect(prefixed.sha256(rest + [0]) != whole)
    }

    /// A key's contexts are shared by every thread that signs with it; a
    /// context is used by one message at a time.
    @Test func hmacKeyGivesTheSameMACsFromManyThreadsAtOnce() async {
        let key = HMAC.Key(Array("server secret".utf8)).prefixed(by: "csrf:".utf8)
        let sessions = (0..<64).map { "session \($0)" }
        let expected = sessions.map { HMAC.sha256(key: Array("server secret".utf8), message: Array(("csrf:" + $0).utf8)) }
        let results = await withTaskGroup(of: [[UInt8]].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<50).flatMap { _ in sessions.map { key.sha256($0.utf8) } } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 8)
        for result in results {
            #expect(result == Array((0..<50).map { _ in expected }.joined()))
        }
    }

    @Test func hmacOfEmptyKeyAndMessage() {
        // Python: hmac.new(b"", b"", "sha256").hexdigest()
        #expect(Self.hex(HMAC.sha256(key: [], message: []))
            == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    // MARK: - Base64URL

    @Test func base64URLEncodesRFC4648Vectors() {
        let vectors = ["": "", "f": "Zg", "fo": "Zm8", "foo": "Zm9v", "foob": "Zm9vYg", "fooba": "Zm9vYmE", "foobar": "Zm9vYmFy"]
        for (plain, encoded) in vectors {
            #expect(Base64URL.encode(plain.utf8) == encoded)
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func base64URLUsesDashAndUnderscore() {
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test func base64URLRoundTripsEveryLengthAndByte() {
        for length in 0...70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) }
            #expect(Base64URL.decode(Base64URL.encode(bytes)) == bytes)
        }
        let all = (0...255).map(UInt8.init)
        #expect(Base64URL.decode(Base64URL.encode(all)) == all)
    }

    @Test(arguments: ["Zg==", "Zm8=", "Z", "Zm9vY", "a+b/", "Zm 9v", "Zm9v\n", "Zh", "Zm9", "é", "Zm9v!"])
    func base64URLRejectsBadInput(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    // MARK: - SecureRandom

    @Test func secureRandomGivesRequestedLength() {
        #expect(SecureRandom.bytes(0).isEmpty)
        for count in [1, 7, 8, 9, 16, 32, 100] {
            #expect(SecureRandom.bytes(count).count == count)
        }
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func secureRandomFillsLargeRequestsWhole() {
        let bytes = SecureRandom.bytes(100_000)
        #expect(bytes.count == 100_000)
        // 100,000 random bytes hold every byte value; a buffer left partly unfilled would be zeros.
        #expect(Set(bytes).count == 256)
        #expect(bytes.suffix(64).contains { $0 != 0 })
    }

    /// A generator that cannot give bytes stops the process: no token is
    /// ever made of bytes that were not drawn.
    @Test func secureRandomStopsWhenTheGeneratorFails() async {
        await #expect(processExitsWith: .failure) {
            var bytes = [UInt8](repeating: 0, count: 16)
            bytes.withUnsafeMutableBytes { SecureRandom.fill($0, from: { _, _ in 0 }) }
        }
    }

    @Test func secureRandomTokensAreURLSafeAndDiffer() {
        let first = SecureRandom.token()
        let second = SecureRandom.token()
        #expect(first.count == 22)
        #expect(first != second)
        #expect(Base64URL.decode(first)?.count == 16)
        #expect(SecureRandom.token(byteCount: 32).count == 43)
        #expect(first.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    }

    @Test func signerTokensGrowWithTimeAndKeepTheirTimeWhenHashed() throws {
        let earlier = SignerToken.make(.live, at: Date(timeIntervalSince1970: 1_767_225_600))
        let later = SignerToken.make(.live, at: Date(timeIntervalSince1970: 1_767_225_600.002))
        #expect(earlier.hasPrefix("019b76daa800."), "\(earlier)")
        #expect(earlier < later)
        #expect(earlier.count == 13 + 22 && SignerToken.make(.live, byteCount: 24, at: Date()).count == 13 + 32)
        #expect(earlier.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }, "safe in a URL")
        #expect(SignerToken.make(.live, at: Date()) != SignerToken.make(.live, at: Date()))

        let hash = SignerToken.storedHash(earlier)
        #expect(hash == "019b76daa800." + SHA256.tokenHash(earlier))
        #expect(hash < SignerToken.storedHash(later), "stored hashes keep the tokens' order")
        // Tokens mailed before tokens carried the time are hashed whole, as they were.
        for old in [SecureRandom.token(byteCount: 24), "019b76daa800x" + SecureRandom.token(), "019B76DAA800." + SecureRandom.token(), "0123."] {
            #expect(SignerToken.storedHash(old) == SHA256.tokenHash(old), "\(old)")
        }
    }

    @Test func jsonStringsEscapeQuotesControlsAndLineSeparatorsAndCopyTheRest() {
        #expect(JSONOutput.quote("plain ASCII, José 😀") == "\"plain ASCII, José 😀\"")
        #expect(JSONOutput.quote("a\"b\\c\nd\re\tf\u{1}g\u{1F}") == #""a\"b\\c\nd\re\tf\u0001g\u001f""#)
        #expect(JSONOutput.quote("x\u{2028}y\u{2029}z\u{2027}") == "\"x\\u2028y\\u2029z\u{2027}\"")
        #expect(JSONOutput.quote("") == "\"\"")
        #expect(JSONOutput.object([("a", .array([.number(1), .null])), ("b", .bool(true))]).compact() == #"{"a":[1,null],"b":true}"#)
        #expect(JSONOutput.object([("a", .array([.number(1.5)]))]).rendered() == "{\n  \"a\": [\n    1.5\n  ]\n}\n")
    }

    // MARK: - ConstantTime

    @Test func constantTimeEquals() {
        #expect(ConstantTime.equals([], []))
        #expect(ConstantTime.equals([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equals([0, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equals([1, 2, 3], [1, 2]))
        #expect(!ConstantTime.equals([], [0]))
        let token = Array(SecureRandom.token().utf8)
        #expect(ConstantTime.equals(token, token))
    }
}
