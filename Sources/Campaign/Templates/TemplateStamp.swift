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
                guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                      attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                files.append(File(path: path, size: (attributes[.size] as? NSNumber)?.int64Value ?? -1,
                                  modified: (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0,
                                  number: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0))
            }
        }
        self.files = files.sorted { $0.path < $1.path }
    }
}
