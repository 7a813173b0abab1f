import Foundation

/// A buffered writer to a file descriptor, for exports that stream: bytes
/// go out in 64 KiB writes, so memory stays flat however many rows pass.
public final class ByteOutput {
    private let descriptor: Int32
    private let closesDescriptor: Bool
    /// Names the output in errors ("--out packet.html").
    private let name: String
    private var buffer: [UInt8] = []
    private var failure: Int32?
    /// Bytes written so far, buffered or not.
    public private(set) var count = 0
    private static let capacity = 1 << 16

    /// Writes to an open descriptor, which stays open.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        self.closesDescriptor = false
        self.name = name
        buffer.reserveCapacity(Self.capacity)
    }

    /// Creates (or truncates) the file at `path`.
    public init(path: String, name: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw InputError("\(name): cannot write \(path): \(String(cString: strerror(errno)))") }
        self.descriptor = descriptor
        self.closesDescriptor = true
        self.name = name
        buffer.reserveCapacity(Self.capacity)
    }

    deinit {
        if closesDescriptor { close(descriptor) }
    }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        count += bytes.count
        if buffer.count + bytes.count > Self.capacity { drain() }
        if bytes.count > Self.capacity {
            writeAll(UnsafeRawBufferPointer(bytes))
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func write(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write($0) } }

    public func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    public func write(byte: UInt8) {
        count += 1
        if buffer.count == Self.capacity { drain() }
        buffer.append(byte)
    }

    /// Writes out what is buffered; throws the first write error met, naming the output.
    public func flush() throws {
        drain()
        if let failure { throw InputError("\(name): writing failed: \(String(cString: strerror(failure)))") }
    }

    private func drain() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, var start = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Foundation.write(descriptor, start, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                return
            }
            remaining -= written
            start += written
        }
    }
}
