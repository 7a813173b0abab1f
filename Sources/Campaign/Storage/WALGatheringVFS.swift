import CSQLite
import Foundation

/// A VFS over SQLite's default one that gathers the frames a commit appends
/// to the WAL and hands them to the kernel in one write, when SQLite syncs
/// the WAL, instead of two writes a page (a 24-byte frame header, then the
/// page, each straddling two of the kernel's pages). Measured on a 2-core
/// VM: 25 frames written one call at a time took 227 µs, gathered 19 µs;
/// the writer spent a third of each commit there, and every signature
/// waits on the writer.
///
/// Nothing changes on disk: the same bytes reach the same offsets before
/// the same sync, and SQLite publishes a commit to readers (the wal-index
/// header) only after that sync. Gathering is off unless a connection
/// turns it on (`Database.syncsEveryCommit`), and only a connection whose
/// every commit syncs (synchronous=FULL) may: without a sync, the one
/// place left to write the frames before readers see them is the barrier
/// before the wal-index header, which cannot report an error.
///
/// Every other file, and every other call, goes straight to the default VFS.
enum WALGatheringVFS {
    static let name = "campaign-wal-gathering"

    /// The file-control opcode that turns gathering on (an `Int32` of 1)
    /// or off (0) for a connection's WAL. Turning it off writes what is held.
    static let gatheringControl: Int32 = 0x4341_4D01

    /// Registers the VFS (once); false if SQLite has no default VFS to wrap.
    static let isRegistered: Bool = {
        guard let base = sqlite3_vfs_find(nil) else { return false }
        underlying = base
        let vfs = UnsafeMutablePointer<sqlite3_vfs>.allocate(capacity: 1)
        vfs.initialize(to: base.pointee)
        vfs.pointee.zName = UnsafePointer(strdup(name))
        vfs.pointee.pNext = nil
        vfs.pointee.szOsFile = Int32(underlyingOffset) + base.pointee.szOsFile
        vfs.pointee.xOpen = { _, name, file, flags, outFlags in WALGatheringVFS.open(name, file, flags, outFlags) }
        return sqlite3_vfs_register(vfs, 0) == SQLITE_OK
    }()

    /// The default VFS, set before registering and never changed after.
    nonisolated(unsafe) private static var underlying: UnsafeMutablePointer<sqlite3_vfs>!

    /// Our file record: SQLite's `sqlite3_file` (its methods), a retained
    /// `OpenFile`, then the default VFS's own file record.
    private static let stateOffset = MemoryLayout<sqlite3_file>.stride
    private static let underlyingOffset = (stateOffset + MemoryLayout<UnsafeMutableRawPointer>.stride + 15) & ~15

    /// The most bytes held before they are written anyway.
    static let gatheredBytesLimit = 1 << 20

    /// The most the default VFS writes in one call: it masks a write's
    /// length to 17 bits, so one of exactly 128 KiB would write nothing
    /// and report the disk full.
    static let largestWrite = 0x1_FFFF & ~0xFFF

    /// A database file or a WAL opened through this VFS.
    final class OpenFile {
        let underlying: UnsafeMutablePointer<sqlite3_file>
        let isWAL: Bool
        /// A database's WAL; a WAL's database (same connection).
        weak var wal: OpenFile?
        weak var database: OpenFile?
        /// On a database: whether its WAL's appends are gathered.
        var gathers = false
        private var held: UnsafeMutableRawPointer?
        private var heldCapacity = 0
        private var heldCount = 0
        private var heldOffset: Int64 = 0

        init(underlying: UnsafeMutablePointer<sqlite3_file>, isWAL: Bool) {
            self.underlying = underlying
            self.isWAL = isWAL
        }

        deinit { free(held) }

        var methods: sqlite3_io_methods { underlying.pointee.pMethods.pointee }

        func write(_ bytes: UnsafeRawPointer, count: Int32, at offset: Int64) -> Int32 {
            guard isWAL, database?.gathers == true else {
                let code = flush()
                return code == SQLITE_OK ? methods.xWrite!(underlying, bytes, count, offset) : code
            }
            let count = Int(count)
            if heldCount > 0, offset >= heldOffset, offset + Int64(count) <= heldOffset + Int64(heldCount) {
                // A frame of this transaction written again (its checksums redone).
                (held! + Int(offset - heldOffset)).copyMemory(from: bytes, byteCount: count)
                return SQLITE_OK
            }
            if heldCount > 0, offset != heldOffset + Int64(heldCount) || heldCount + count > WALGatheringVFS.gatheredBytesLimit {
                let code = flush()
                guard code == SQLITE_OK else { return code }
            }
            guard count <= WALGatheringVFS.largestWrite else { return methods.xWrite!(underlying, bytes, Int32(count), offset) }
            if heldCount == 0 { heldOffset = offset }
            if heldCount + count > heldCapacity {
                let capacity = min(WALGatheringVFS.gatheredBytesLimit, max(heldCapacity * 2, heldCount + count, 64 << 10))
                guard let grown = realloc(held, capacity) else { return SQLITE_NOMEM }
                held = grown
                heldCapacity = capacity
            }
            (held! + heldCount).copyMemory(from: bytes, byteCount: count)
            heldCount += count
            return SQLITE_OK
        }

        /// Writes what is held. On failure the bytes are dropped: SQLite
        /// fails the transaction, whose frames are then never published.
        func flush() -> Int32 {
            guard heldCount > 0, let held else { return SQLITE_OK }
            let count = heldCount
            heldCount = 0
            var written = 0
            while written < count {
                let chunk = min(count - written, WALGatheringVFS.largestWrite)
                let code = methods.xWrite!(underlying, held + written, Int32(chunk), heldOffset + Int64(written))
                guard code == SQLITE_OK else { return code }
                written += chunk
            }
            return SQLITE_OK
        }

        /// Writes what is held, then makes `call` to the default VFS's file
        /// (with its methods), unless the write failed.
        func flushed(_ call: (sqlite3_io_methods, UnsafeMutablePointer<sqlite3_file>) -> Int32) -> Int32 {
            let code = flush()
            return code == SQLITE_OK ? call(methods, underlying) : code
        }

        /// Whether `count` bytes at `offset` overlap what is held.
        func holds(_ count: Int32, at offset: Int64) -> Bool {
            heldCount > 0 && offset < heldOffset + Int64(heldCount) && offset + Int64(count) > heldOffset
        }
    }

    private static func openFile(_ file: UnsafeMutablePointer<sqlite3_file>?) -> OpenFile {
        let slot = UnsafeMutableRawPointer(file!).advanced(by: stateOffset).load(as: UnsafeMutableRawPointer.self)
        return Unmanaged<OpenFile>.fromOpaque(slot).takeUnretainedValue()
    }

    private static func open(_ name: UnsafePointer<CChar>?, _ file: UnsafeMutablePointer<sqlite3_file>?,
                             _ flags: Int32, _ outFlags: UnsafeMutablePointer<Int32>?) -> Int32 {
        guard let file else { return SQLITE_CANTOPEN }
        let isWAL = flags & SQLITE_OPEN_WAL != 0
        guard isWAL || flags & SQLITE_OPEN_MAIN_DB != 0 else {
            // Temporary files and the like: the default VFS's own record, unwrapped.
            return underlying.pointee.xOpen!(underlying, name, file, flags, outFlags)
        }
        let inner = UnsafeMutableRawPointer(file).advanced(by: underlyingOffset).assumingMemoryBound(to: sqlite3_file.self)
        let code = underlying.pointee.xOpen!(underlying, name, inner, flags, outFlags)
        guard code == SQLITE_OK, inner.pointee.pMethods != nil else {
            // SQLite calls xClose only on a file whose methods are set.
            file.pointee.pMethods = nil
            if inner.pointee.pMethods != nil { _ = inner.pointee.pMethods.pointee.xClose!(inner) }
            return code == SQLITE_OK ? SQLITE_CANTOPEN : code
        }
        let state = OpenFile(underlying: inner, isWAL: isWAL)
        if isWAL, let name, let databaseFile = sqlite3_database_file_object(name), databaseFile.pointee.pMethods == methods {
            let database = openFile(databaseFile)
            state.database = database
            database.wal = state
        }
        UnsafeMutableRawPointer(file).advanced(by: stateOffset).storeBytes(of: Unmanaged.passRetained(state).toOpaque(), as: UnsafeMutableRawPointer.self)
        file.pointee.pMethods = methods
        return SQLITE_OK
    }

    /// Each call passes to the default VFS's file, after writing what is
    /// held wherever that file's content or size is read, changed or synced.
    nonisolated(unsafe) private static let methods: UnsafePointer<sqlite3_io_methods> = {
        var methods = sqlite3_io_methods()
        methods.iVersion = 3
        methods.xClose = { file in
            let state = WALGatheringVFS.openFile(file)
            let flushed = state.flush()
            let closed = state.methods.xClose!(state.underlying)
            Unmanaged.passUnretained(state).release()
            return flushed == SQLITE_OK ? closed : flushed
        }
        methods.xRead = { file, buffer, count, offset in
            let state = WALGatheringVFS.openFile(file)
            guard state.holds(count, at: offset) else { return state.methods.xRead!(state.underlying, buffer, count, offset) }
            return state.flushed { $0.xRead!($1, buffer, count, offset) }
        }
        methods.xWrite = { file, bytes, count, offset in
            WALGatheringVFS.openFile(file).write(bytes!, count: count, at: offset)
        }
        methods.xTruncate = { file, size in WALGatheringVFS.openFile(file).flushed { $0.xTruncate!($1, size) } }
        methods.xSync = { file, flags in WALGatheringVFS.openFile(file).flushed { $0.xSync!($1, flags) } }
        methods.xFileSize = { file, size in WALGatheringVFS.openFile(file).flushed { $0.xFileSize!($1, size) } }
        methods.xLock = { file, level in
            let state = WALGatheringVFS.openFile(file)
            return state.methods.xLock!(state.underlying, level)
        }
        methods.xUnlock = { file, level in
            let state = WALGatheringVFS.openFile(file)
            return state.methods.xUnlock!(state.underlying, level)
        }
        methods.xCheckReservedLock = { file, result in
            let state = WALGatheringVFS.openFile(file)
            return state.methods.xCheckReservedLock!(state.underlying, result)
        }
        methods.xFileControl = { file, operation, argument in
            let state = WALGatheringVFS.openFile(file)
            if operation == WALGatheringVFS.gatheringControl, !state.isWAL, let argument {
                state.gathers = argument.load(as: Int32.self) != 0
                return state.gathers ? SQLITE_OK : (state.wal?.flush() ?? SQLITE_OK)
            }
            return state.flushed { $0.xFileControl!($1, operation, argument) }
        }
        methods.xSectorSize = { file in
            let state = WALGatheringVFS.openFile(file)
            return state.methods.xSectorSize!(state.underlying)
        }
        methods.xDeviceCharacteristics = { file in
            let state = WALGatheringVFS.openFile(file)
            return state.methods.xDeviceCharacteristics!(state.underlying)
        }
        methods.xShmMap = { file, region, size, extend, pointer in
            let state = WALGatheringVFS.openFile(file)
            guard state.methods.iVersion >= 2 else { return SQLITE_IOERR }
            return state.methods.xShmMap!(state.underlying, region, size, extend, pointer)
        }
        methods.xShmLock = { file, offset, count, flags in
            let state = WALGatheringVFS.openFile(file)
            guard state.methods.iVersion >= 2 else { return SQLITE_IOERR }
            return state.methods.xShmLock!(state.underlying, offset, count, flags)
        }
        methods.xShmBarrier = { file in
            // SQLite writes the wal-index header, which shows a commit to
            // readers, on either side of this barrier: its frames must be in
            // the file first. After a synced commit nothing is held here.
            let state = WALGatheringVFS.openFile(file)
            _ = state.wal?.flush()
            guard state.methods.iVersion >= 2 else { return }
            state.methods.xShmBarrier!(state.underlying)
        }
        methods.xShmUnmap = { file, delete in
            let state = WALGatheringVFS.openFile(file)
            guard state.methods.iVersion >= 2 else { return SQLITE_OK }
            return state.methods.xShmUnmap!(state.underlying, delete)
        }
        methods.xFetch = { file, offset, count, pointer in
            let state = WALGatheringVFS.openFile(file)
            guard state.methods.iVersion >= 3 else {
                pointer?.pointee = nil
                return SQLITE_OK
            }
            return state.methods.xFetch!(state.underlying, offset, count, pointer)
        }
        methods.xUnfetch = { file, offset, pointer in
            let state = WALGatheringVFS.openFile(file)
            guard state.methods.iVersion >= 3 else { return SQLITE_OK }
            return state.methods.xUnfetch!(state.underlying, offset, pointer)
        }
        let table = UnsafeMutablePointer<sqlite3_io_methods>.allocate(capacity: 1)
        table.initialize(to: methods)
        return UnsafePointer(table)
    }()
}
