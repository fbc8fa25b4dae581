/// Deterministic child seeds: one run seed fans out into separate streams per purpose.
public enum SeedDerivation {
    /// The seed for `purpose` under `seed`: FNV-1a 64 over the seed's 8 little-endian bytes,
    /// a separator and the purpose's UTF-8, finished with the SplitMix64 mixer so nearby
    /// seeds and similar purposes give unrelated streams. Stable across platforms and
    /// Swift versions (unlike `Hasher`, which is randomly seeded per process).
    public static func childSeed(of seed: UInt64, purpose: String) -> UInt64 {
        var hash = FNV1a64()
        for shift in stride(from: 0, to: 64, by: 8) { hash.add(UInt8(truncatingIfNeeded: seed >> UInt64(shift))) }
        hash.add(0x1F)  // unit separator: seed bytes and text never run together
        for byte in purpose.utf8 { hash.add(byte) }
        return SplitMix64.mix(hash.value)
    }

    /// FNV-1a 64 of `text`'s UTF-8 bytes.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash = FNV1a64()
        for byte in text.utf8 { hash.add(byte) }
        return hash.value
    }
}

/// Well-known purpose names, so callers and this module agree on stream names.
public enum SeedPurpose {
    public static let split = "split"
    public static let folds = "folds"
    public static let fewShot = "few-shot"
    public static let testSample = "test-sample"
    public static let augmentation = "augmentation"
    public static let initialization = "init"
    /// Batch order for one epoch: a separate stream per epoch so resuming at epoch e
    /// reproduces the same batches without replaying earlier epochs.
    public static func batches(epoch: Int) -> String { "batches/epoch-\(epoch)" }
}

private struct FNV1a64 {
    private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x0000_0100_0000_01B3
    }
}
