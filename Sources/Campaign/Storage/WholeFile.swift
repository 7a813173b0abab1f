import Foundation

/// Writes a file whole or not at all: into a file beside it, renamed over
/// it at the end. Foundation's atomic write goes through a folder of its own
/// under the temporary folder and leaves that folder behind, and from
/// another file system its "rename" is a copy.
public enum WholeFile {
    /// Writes `data` to `path`; on failure nothing is left beside it, and
    /// the error's message is the system's reason.
    public static func write(_ data: Data, to path: String) throws {
        let partial = path + ".partial-\(getpid())"
        var failure: String?
        do { try data.write(to: URL(fileURLWithPath: partial)) } catch { failure = error.localizedDescription }
        if failure == nil, rename(partial, path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(partial)
            throw InputError(failure)
        }
    }
}
