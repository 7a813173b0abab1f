import Foundation

/// What the files under some folders look like, cheaply: each file's path,
/// size, modification time and file number (an editor that saves by
/// renaming a new file over the old gives a new one). Two stamps differ
/// when a file was added, removed or written; reading them costs one
/// `stat` per file, no file's contents.
public struct TemplateStamp: Sendable, Equatable {
    private struct File: Sendable, Equatable {
        let path: String
        let size: Int64
        let modified: Double
        let number: UInt64
    }

    private let files: [File]

    /// The stamp of every file under `folders` (dot-files, which editors
    /// write while saving, left out); a folder that is missing has none.
    public init(_ folders: [String]) {
        var files: [File] = []
        for folder in folders {
            guard let walker = FileManager.default.enumerator(atPath: folder) else { continue }
            while let relative = walker.nextObject() as? String {
                if (relative as NSString).lastPathComponent.hasPrefix(".") {
                    walker.skipDescendants()
                    continue
                }
                let path = (folder as NSString).appendingPathComponent(relative)
                // stat(2) itself: FileManager's attributes also look up the owner's names, on every file, four times a second.
                var info = stat()
                guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                files.append(File(path: path, size: Int64(info.st_size),
                                  modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9,
                                  number: UInt64(info.st_ino)))
            }
        }
        self.files = files.sorted { $0.path < $1.path }
    }
}
