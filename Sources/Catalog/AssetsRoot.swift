/// Where the downloaded assets (digits, VADER, MiniLM) live: one machine-wide cache, so
/// finetune works from any folder, not only from its checkout.
public enum AssetsRoot {
    /// The environment variable that overrides the default location.
    public static let environmentVariable = "FINETUNE_ASSETS"

    /// `$FINETUNE_ASSETS`, else `$XDG_CACHE_HOME/finetune`, else `$HOME/.cache/finetune` (empty
    /// values count as unset). The same `finetune` folder holds libtorch
    /// (`libtorch-2.15.0`, scripts/libtorch.sh), so one cache serves every clone and the
    /// installed binary. Pure (the environment is passed in) so the rule is testable; loaders
    /// take the result as their `assetsRoot` and never read the environment themselves.
    public static func resolve(environment: [String: String]) -> String {
        if let root = environment[environmentVariable], !root.isEmpty { return root }
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty { return join(cache, "finetune") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/root"
        return join(join(home, ".cache"), "finetune")
    }

    public static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
