/// Facts about built-in data and weights that validation needs before any engine starts, kept
/// here so the experiment language reads them without the loaders.
public enum BuiltinLabels {
    /// Zalando's Fashion-MNIST article classes, in label order, spelled as `data.classes` takes them.
    public static let fashionMNIST = ["t-shirt", "trouser", "pullover", "dress", "coat",
                                      "sandal", "shirt", "sneaker", "bag", "ankle-boot"]
}

/// The input statistics ImageNet weights were trained with.
public enum ImageNetStatistics {
    /// Per channel (RGB) of 0…1 values, as torchvision's and timm's ResNet and MobileNet weights expect.
    public static let mean = [0.485, 0.456, 0.406]
    public static let std = [0.229, 0.224, 0.225]
}
