import Foundation

/// Writes a file whole or not at all: into a file beside it, renamed over
/// it at the end. Foundation's atomic write goes through a folder of its own
/// under the temporary folder and leaves that folder behind, and from
/// another file system its "rename" is a copy.
public enum WholeFile {
    /// Has `fill` write the file at the path it is given, beside `path`,
    /// then renames that over `path`. If `fill` throws, its error passes
    /// through; if the rename fails, the error reads "NAME: cannot write
    /// PATH: reason". Either way nothing is left beside `path`.
    public static func write<T>(to path: String, name: String, _ fill: (String) throws -> T) throws -> T {
        let partial = path + ".partial-\(getpid())"
        do {
            let result = try fill(partial)
            guard rename(partial, path) == 0 else { throw InputError("\(name): cannot write \(path): \(String(cString: strerror(errno)))") }
            return result
        } catch {
            unlink(partial)
            throw error
        }
    }

    /// Writes `data` to `path`; an error reads "NAME: cannot write PATH: reason".
    public static func write(_ data: Data, to path: String, name: String) throws {
        try write(to: path, name: name) { partial in
            do { try data.write(to: URL(fileURLWithPath: partial)) } catch {
                throw InputError("\(name): cannot write \(path): \(error.localizedDescription)")
            }
        }
    }
}
