import Torch

/// timm's ViT with 16×16 patches (`vit_tiny_patch16_224`, `vit_small_patch16_224`,
/// `vit_base_patch16_224` at any size that is a multiple of 16): `patch_embed.proj` (a 16×16
/// stride-16 convolution), the class token `cls_token` prepended and `pos_embed` added,
/// pre-norm encoder blocks `blocks.N` (`norm1` → `attn.qkv` → attention → `attn.proj`, plus the
/// input; `norm2` → `mlp.fc1` → GELU → `mlp.fc2`, plus the input), the final `norm`, and the
/// class token's row into `head`. LayerNorm eps 1e-6, exact GELU, no dropout (timm's defaults).
///
/// Parameter names are timm's, `head` included. The body blocks are `patch_embed`,
/// `cls_token`, `pos_embed`, `blocks.0` … `blocks.11` and `norm`: the two embedding tensors are
/// blocks of their own (timm registers them at the top, not under `patch_embed`), so freezing
/// the first three blocks freezes the whole embedding.
///
/// A checkpoint made at another image size has a `pos_embed` of another grid:
/// ``normalizedWeights(_:)`` resamples it bicubically (antialiased, align_corners false; the
/// class token's row kept) as timm's `resample_abs_pos_embed` does when it loads one.
public final class VisionTransformer: Module, BodyOutputNetwork, CheckpointNaming {
    /// The three widths finetune builds; all have 12 blocks and an MLP 4× the width.
    public enum Size: String, Sendable, CaseIterable {
        case tiny, small, base

        public var width: Int { switch self { case .tiny: 192; case .small: 384; case .base: 768 } }
        public var heads: Int { switch self { case .tiny: 3; case .small: 6; case .base: 12 } }
        public var depth: Int { 12 }
        /// timm's model name at 224 px.
        public var timmName: String { "vit_\(rawValue)_patch16_224" }
    }

    public static let patch = 16
    public static let blockNamesPrefix = ["patch_embed", "cls_token", "pos_embed"]

    public let size: Size
    let patchEmbed: Module
    let projection: Conv2d
    public let classToken: Tensor
    public let positionEmbedding: Tensor
    let blocks: ModuleList<ViTBlock>
    let norm: LayerNorm
    public private(set) var head: Linear
    private let imageSize: Int

    /// - Parameter imageSize: the side of the square `[3, S, S]` photos, a multiple of 16.
    public init(size: Size, imageSize: Int, outputs: Int) throws {
        guard imageSize % Self.patch == 0, imageSize >= Self.patch else {
            throw TorchError(operation: "VisionTransformer", message: "\(size.timmName) reads photos whose side is a multiple of 16 (got \(imageSize))")
        }
        self.size = size
        self.imageSize = imageSize
        let width = size.width
        let tokens = (imageSize / Self.patch) * (imageSize / Self.patch) + 1
        projection = try Conv2d(3, width, kernelSize: (Self.patch, Self.patch), stride: (Self.patch, Self.patch))
        patchEmbed = Module()
        classToken = try Tensor.normal([1, 1, width], mean: 0, std: 1e-6)
        positionEmbedding = try Tensor.normal([1, tokens, width], mean: 0, std: 0.02)
        blocks = try ModuleList((0..<size.depth).map { _ in try ViTBlock(width: width, heads: size.heads) })
        norm = try LayerNorm(width, eps: 1e-6)
        head = try Linear(width, outputs)
        super.init()
        try patchEmbed.registerModule("proj", projection)
        try registerParameter("cls_token", classToken)
        try registerParameter("pos_embed", positionEmbedding)
        try registerModule("patch_embed", patchEmbed)
        try registerModule("blocks", blocks)
        try registerModule("norm", norm)
        try registerModule(headName, head)
    }

    public var blockNames: [String] { Self.blockNamesPrefix + (0..<size.depth).map { "blocks.\($0)" } + ["norm"] }

    public func features(_ input: ModelInput) throws -> Tensor {
        try bodyOutput(input)
    }

    /// Patches, class token and positions, the blocks, the final norm: the class token's row `[N, width]`.
    public func bodyOutput(_ input: ModelInput) throws -> Tensor {
        guard case .dense(let x) = input else {
            throw TorchError(operation: "VisionTransformer", message: "\(size.timmName) reads photos, not tokens")
        }
        let patches = try projection(x.reshape([-1, 3, imageSize, imageSize]))  // [N, width, g, g]
        let batch = patches.shape[0]
        var h = try patches.flatten(from: 2).transpose(1, 2)  // [N, g·g, width]
        h = try Tensor.cat([classToken.expand([batch, 1, size.width]), h], dim: 1) + positionEmbedding
        for block in blocks.modules { h = try block(h) }
        return try norm(h).narrow(dim: 1, start: 0, length: 1).squeeze(1)
    }

    /// timm's ViT has no dropout before the head by default.
    public func features(fromBodyOutput body: Tensor) throws -> Tensor { body }

    public func replaceHead(outputs: Int) throws {
        head = try Linear(size.width, outputs)
        try registerModule(headName, head)
    }

    /// timm's names are this network's; a `pos_embed` of another grid is resampled to this
    /// network's (a file whose tensor cannot be resampled keeps it, and loading then names
    /// both shapes).
    public func normalizedWeights(_ state: [String: Tensor]) -> [String: Tensor] {
        var result = state
        if let embedding = state["pos_embed"], embedding.shape != positionEmbedding.shape,
           let resampled = try? Self.resample(embedding, to: imageSize / Self.patch) {
            result["pos_embed"] = resampled
        }
        return result
    }

    /// `[1, 1 + g·g, width]` → `[1, 1 + side·side, width]`: the grid rows resized bicubically
    /// (antialiased, as timm), the class token's row kept.
    public static func resample(_ embedding: Tensor, to side: Int) throws -> Tensor {
        let shape = embedding.shape
        let grid = Int(Double(shape[1] - 1).squareRoot().rounded())
        guard shape.count == 3, shape[0] == 1, grid * grid == shape[1] - 1 else {
            throw TorchError(operation: "VisionTransformer", message: "pos_embed of shape \(shape) is not a class token and a square grid")
        }
        let width = shape[2]
        let classRow = try embedding.narrow(dim: 1, start: 0, length: 1)
        let positions = try embedding.narrow(dim: 1, start: 1, length: grid * grid)
            .reshape([1, grid, grid, width]).permute([0, 3, 1, 2]).contiguous()
        let resized = try F.resizeBicubic(positions, size: (side, side), antialias: true)
            .permute([0, 2, 3, 1]).reshape([1, side * side, width])
        return try Tensor.cat([classRow, resized], dim: 1)
    }
}

/// One pre-norm encoder block as timm's `Block`: `norm1`, `attn` (`qkv`, `proj`), `norm2`,
/// `mlp` (`fc1`, `fc2`).
final class ViTBlock: Module {
    let norm1: LayerNorm, norm2: LayerNorm
    let qkv: Linear, proj: Linear
    let fc1: Linear, fc2: Linear
    let heads: Int

    init(width: Int, heads: Int) throws {
        norm1 = try LayerNorm(width, eps: 1e-6)
        norm2 = try LayerNorm(width, eps: 1e-6)
        qkv = try Linear(width, width * 3)
        proj = try Linear(width, width)
        fc1 = try Linear(width, width * 4)
        fc2 = try Linear(width * 4, width)
        self.heads = heads
        super.init()
        let attn = Module(), mlp = Module()
        try attn.registerModule("qkv", qkv)
        try attn.registerModule("proj", proj)
        try mlp.registerModule("fc1", fc1)
        try mlp.registerModule("fc2", fc2)
        try registerModule("norm1", norm1)
        try registerModule("attn", attn)
        try registerModule("norm2", norm2)
        try registerModule("mlp", mlp)
    }

    /// `x` `[batch, tokens, width]`.
    func callAsFunction(_ x: Tensor) throws -> Tensor {
        let shape = x.shape
        let (batch, tokens, width) = (shape[0], shape[1], shape[2])
        // [batch, tokens, 3·width] → 3 × [batch, heads, tokens, width / heads]
        let split = try qkv(norm1(x)).reshape([batch, tokens, 3, heads, width / heads]).permute([2, 0, 3, 1, 4])
        let q = try split.narrow(dim: 0, start: 0, length: 1).squeeze(0)
        let k = try split.narrow(dim: 0, start: 1, length: 1).squeeze(0)
        let v = try split.narrow(dim: 0, start: 2, length: 1).squeeze(0)
        let context = try F.attention(q, k, v, additiveMask: nil).transpose(1, 2).reshape([batch, tokens, width])
        let h = try x + proj(context)
        return try h + fc2(fc1(norm2(h)).gelu())
    }
}
