/// Mixup (Zhang et al., 2018) over a whole batch.
enum Mixup {
    static func apply(_ images: [Float], geometry g: ImageGeometry, alpha: Double, p: Double,
                      rng: inout SeededGenerator) -> AugmentedBatch {
        guard g.count > 1, rng.nextBool(probability: p) else { return AugmentedBatch(images: images, mixing: nil) }
        let lambda = Float(rng.nextBeta(alpha, alpha))
        let permutation = rng.permutation(g.count)
        var out = images
        for example in 0..<g.count {
            let target = g.range(of: example)
            let partner = g.range(of: permutation[example])
            for offset in 0..<g.exampleSize {
                out[target.lowerBound + offset] = lambda * images[target.lowerBound + offset]
                    + (1 - lambda) * images[partner.lowerBound + offset]
            }
        }
        return AugmentedBatch(images: out, mixing: Mixing(permutation: permutation, lambda: lambda))
    }
}
