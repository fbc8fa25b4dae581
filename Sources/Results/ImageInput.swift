/// The resolved evaluation transform of a photo run: resize the shorter side to `resize`,
/// crop the centre `image_size` square, scale to 0…1, subtract `mean` and divide by `std`
/// per channel. Recorded with the run so a prediction or an export reads photos as training
/// evaluated them.
public struct ImageInput: Codable, Sendable, Equatable {
    public var imageSize: Int
    public var cropFraction: Double
    /// The shorter side before the centre crop: floor(image_size / crop_fraction).
    public var resize: Int
    /// Channels the network reads (gray photos are repeated to 3 for an RGB network).
    public var channels: Int
    public var mean: [Double]
    public var std: [Double]

    public init(imageSize: Int, cropFraction: Double, resize: Int, channels: Int, mean: [Double], std: [Double]) {
        self.imageSize = imageSize
        self.cropFraction = cropFraction
        self.resize = resize
        self.channels = channels
        self.mean = mean
        self.std = std
    }

    enum CodingKeys: String, CodingKey {
        case resize, channels, mean, std
        case imageSize = "image_size"
        case cropFraction = "crop_fraction"
    }
}
