/// One seeded augmentation applied on the fly to training batches only.
public struct AugmentationStep: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case shift, crop, rotation, flip, noise, cutout, mixup
        case wordDropout = "word_dropout"
        case randomSwap = "random_swap"
        case randomDeletion = "random_deletion"
        case timeShift = "time_shift"
        case backgroundNoise = "background_noise"
        case timeMask = "time_mask"
        case freqMask = "freq_mask"
        case randomResizedCrop = "random_resized_crop"
        case colorJitter = "color_jitter"
        case randomErasing = "random_erasing"

        /// Steps that read uint8 photos (before normalisation), not float images.
        public var needsPhotos: Bool { self == .randomResizedCrop || self == .colorJitter }

        public var modality: BuiltinDataset.Modality {
            switch self {
            case .wordDropout, .randomSwap, .randomDeletion: return .text
            case .timeShift, .backgroundNoise, .timeMask, .freqMask: return .audio
            default: return .image
            }
        }
    }

    public var kind: Kind
    /// Probability of applying the step to an example (or a batch, for mixup).
    public var p: Double
    public var pixels: Int?
    public var padding: Int?
    public var degrees: Double?
    public var std: Double?
    public var size: Int?
    public var alpha: Double?
    public var rate: Double?
    public var swaps: Int?
    /// time_shift: largest shift in milliseconds.
    public var ms: Double?
    /// background_noise: signal-to-noise ratio in decibels.
    public var snrDb: Double?
    /// time_mask / freq_mask: widest mask, in frames or mel bands.
    public var width: Int?
    /// time_mask / freq_mask: masks per example.
    public var masks: Int?
    /// random_resized_crop / random_erasing: the range of the area fraction, [low, high].
    public var scale: [Double]?
    /// random_resized_crop / random_erasing: the range of the aspect ratio, [low, high].
    public var ratio: [Double]?
    /// color_jitter: how far each factor may move from 1.
    public var brightness: Double?
    public var contrast: Double?
    public var saturation: Double?
    /// random_erasing: the value erased pixels take (after normalisation).
    public var value: Double?

    private static func variant(_ kind: Kind, _ doc: String, p: Double = 0.5, _ fields: [Field]) -> (tag: String, shape: ObjectShape) {
        (kind.rawValue, ObjectShape(doc: doc, [
            Field("kind", .string(StringShape(values: [kind.rawValue])), required: true, doc: "The augmentation."),
            Field("p", .number(.unit), default: .number(p), doc: "Probability of applying it."),
        ] + fields))
    }

    static let shape: Shape = .tagged(TaggedShape(key: "kind", variants: [
        variant(.shift, "Translate by up to `pixels` in each direction, zero fill.", [
            Field("pixels", .integer(Bounds(min: 1)), default: .int(1), doc: "Largest shift."),
        ]),
        variant(.crop, "Pad by `padding` then crop back at a random offset.", [
            Field("padding", .integer(Bounds(min: 1)), default: .int(1), doc: "Padding before cropping."),
        ]),
        variant(.rotation, "Rotate by a random angle in [-degrees, degrees].", [
            Field("degrees", .number(Bounds(above: 0, max: 180)), default: .number(10), doc: "Largest angle."),
        ]),
        variant(.flip, "Mirror horizontally (opt-in: it changes what digits mean).", []),
        variant(.noise, "Add gaussian noise.", p: 1.0, [
            Field("std", .number(.positive), default: .number(0.05), doc: "Noise standard deviation."),
        ]),
        variant(.cutout, "Zero a random square.", [
            Field("size", .integer(Bounds(min: 1)), default: .int(2), doc: "Side of the square."),
        ]),
        variant(.mixup, "Blend pairs of examples and their targets.", p: 1.0, [
            Field("alpha", .number(.positive), default: .number(0.2), doc: "Beta distribution parameter."),
        ]),
        variant(.wordDropout, "Drop each word with probability `rate`.", p: 1.0, [
            Field("rate", .number(Bounds(above: 0, below: 1)), default: .number(0.1), doc: "Chance of dropping a word."),
        ]),
        variant(.randomSwap, "Swap random pairs of words.", [
            Field("swaps", .integer(Bounds(min: 1)), default: .int(1), doc: "Swaps per example."),
        ]),
        variant(.randomDeletion, "Delete words at random.", [
            Field("rate", .number(Bounds(above: 0, below: 1)), default: .number(0.1), doc: "Chance of deleting a word."),
        ]),
        variant(.timeShift, "Audio: shift the waveform by up to `ms` milliseconds either way, zero fill.", [
            Field("ms", .number(.positive), default: .number(100), doc: "Largest shift in milliseconds."),
        ]),
        variant(.backgroundNoise, "Audio: add white noise at a signal-to-noise ratio of `snr_db` decibels.", [
            Field("snr_db", .number(Bounds(min: -20, max: 60)), default: .number(20), doc: "Signal-to-noise ratio in dB."),
        ]),
        variant(.timeMask, "Audio (SpecAugment): zero up to `width` consecutive frames of the log-mel spectrogram, `masks` times.", p: 1.0, [
            Field("width", .integer(Bounds(min: 1)), default: .int(10), doc: "Widest mask in frames."),
            Field("masks", .integer(Bounds(min: 1, max: 10)), default: .int(1), doc: "Masks per example."),
        ]),
        variant(.freqMask, "Audio (SpecAugment): zero up to `width` consecutive mel bands, `masks` times.", p: 1.0, [
            Field("width", .integer(Bounds(min: 1)), default: .int(5), doc: "Widest mask in mel bands."),
            Field("masks", .integer(Bounds(min: 1, max: 10)), default: .int(1), doc: "Masks per example."),
        ]),
        variant(.randomResizedCrop, "Photos: torchvision's RandomResizedCrop — a window of a random area fraction in `scale` and aspect ratio in `ratio` (log-uniform), resized to image_size; the centre crop otherwise.", p: 1.0, [
            Field("scale", .array(of: .number(Bounds(above: 0, max: 1)), minItems: 2), default: .array([.number(0.08), .number(1)]), doc: "Area fraction range [low, high]."),
            Field("ratio", .array(of: .number(.positive), minItems: 2), default: .array([.number(0.75), .number(4.0 / 3)]), doc: "Aspect ratio range [low, high]."),
        ]),
        variant(.colorJitter, "Photos: torchvision's ColorJitter on 0-1 values before normalisation — brightness, contrast and saturation factors drawn from [max(0, 1 - x), 1 + x], applied in a random order.", p: 1.0, [
            Field("brightness", .number(.nonNegative), default: .number(0.4), doc: "Brightness jitter."),
            Field("contrast", .number(.nonNegative), default: .number(0.4), doc: "Contrast jitter."),
            Field("saturation", .number(.nonNegative), default: .number(0.4), doc: "Saturation jitter (colour photos)."),
        ]),
        variant(.randomErasing, "Images: torchvision's RandomErasing after normalisation — a rectangle of a random area fraction in `scale` and aspect ratio in `ratio` set to `value`.", p: 0.5, [
            Field("scale", .array(of: .number(Bounds(above: 0, below: 1)), minItems: 2), default: .array([.number(0.02), .number(0.33)]), doc: "Area fraction range [low, high]."),
            Field("ratio", .array(of: .number(.positive), minItems: 2), default: .array([.number(0.3), .number(3.3)]), doc: "Aspect ratio range [low, high]."),
            Field("value", .number(.none), default: .number(0), doc: "The value of erased pixels."),
        ]),
    ]))
}
