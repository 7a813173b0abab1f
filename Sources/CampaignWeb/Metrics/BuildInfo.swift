/// What this binary was built from, for `campaign_build_info`.
enum BuildInfo {
    /// The Swift compiler's version, major.minor.
    static let swift: String = {
        #if compiler(>=7.0)
        return "7+"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }()

    /// `release` or `debug`: a debug build is several times slower.
    static let configuration: String = {
        #if DEBUG
        return "debug"
        #else
        return "release"
        #endif
    }()
}
