import Foundation
import Glibc

/// The process's own figures, as Prometheus clients name them: memory,
/// CPU time, file descriptors and start time. Read from `/proc/self` only
/// (systemd's `ProcSubset=pid` hides the rest of `/proc`).
enum ProcessStatistics {
    /// Resident and virtual memory in bytes, from `/proc/self/statm`.
    static func memory() -> (resident: Int, virtual: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count >= 2, let virtualPages = Int(fields[0]), let residentPages = Int(fields[1]) else { return nil }
        let page = sysconf(Int32(_SC_PAGESIZE))
        return (residentPages * page, virtualPages * page)
    }

    /// User and system CPU time in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Open file descriptors, and the most the process may open.
    static func descriptors() -> (open: Int, limit: Int)? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        // Listing the folder opened one descriptor of its own, closed by now.
        return (max(0, entries.count - 1), Int(clamping: limit.rlim_cur))
    }

    /// When the process started, in seconds since 1970: its start in clock
    /// ticks after boot (`/proc/self/stat`) placed on the wall clock.
    static let startTime: Double? = {
        guard let text = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // After the command name: state is field 3, starttime field 22.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let ticks = Double(fields[19]) else { return nil }
        var boot = timespec(), wall = timespec()
        clock_gettime(CLOCK_BOOTTIME, &boot)
        clock_gettime(CLOCK_REALTIME, &wall)
        func seconds(_ time: timespec) -> Double { Double(time.tv_sec) + Double(time.tv_nsec) / 1e9 }
        let sinceStart = seconds(boot) - ticks / Double(sysconf(Int32(_SC_CLK_TCK)))
        return seconds(wall) - sinceStart
    }()
}
