extension Dataset {
    /// Fashion-MNIST's four IDX files, as `finetune fetch fashion-mnist` leaves them.
    public enum FashionMNISTFile: String, CaseIterable, Sendable {
        case trainImages = "train-images-idx3-ubyte"
        case trainLabels = "train-labels-idx1-ubyte"
        case testImages = "t10k-images-idx3-ubyte"
        case testLabels = "t10k-labels-idx1-ubyte"
    }

    /// Zalando's article classes, in label order, spelled as `data.classes` takes them.
    public static let fashionMNISTClasses = BuiltinLabels.fashionMNIST

    /// Fashion-MNIST: the 60,000 training photos, then the 10,000 test photos marked as the
    /// shipped test set (see ``shippedTest``), 28×28 gray, resized by `sizing` (native when nil).
    public static func fashionMNIST(assetsRoot: String, sizing: ImageSizing? = nil) throws(DatasetError) -> Dataset {
        func path(_ file: FashionMNISTFile) -> String { AssetsRoot.join(assetsRoot, "fashion-mnist/\(file.rawValue)") }
        func part(_ images: FashionMNISTFile, _ labels: FashionMNISTFile) throws(DatasetError) -> (images: IDXFile, labels: IDXFile) {
            let pixels = try IDXFile(try TextFile.bytes(at: path(images), what: "Fashion-MNIST images (run `finetune fetch fashion-mnist`)"),
                                     path: path(images), dimensionCount: 3)
            let targets = try IDXFile(try TextFile.bytes(at: path(labels), what: "Fashion-MNIST labels (run `finetune fetch fashion-mnist`)"),
                                      path: path(labels), dimensionCount: 1)
            guard pixels.dimensions[0] == targets.dimensions[0] else {
                throw DatasetError(.malformed, path: path(labels), "\(targets.dimensions[0]) labels for \(pixels.dimensions[0]) images in \(path(images))")
            }
            if let bad = targets.values.firstIndex(where: { $0 >= fashionMNISTClasses.count }) {
                throw DatasetError(.outOfRange, path: path(labels), "label \(targets.values[bad]) of image \(bad - targets.values.startIndex) is not one of the 10 classes")
            }
            return (pixels, targets)
        }
        let train = try part(.trainImages, .trainLabels), test = try part(.testImages, .testLabels)
        var images: [DecodedImage] = [], labels: [Int] = [], shipped: [Bool] = []
        for (set, isTest) in [(train, false), (test, true)] {
            let (n, height, width) = (set.images.dimensions[0], set.images.dimensions[1], set.images.dimensions[2])
            let start = set.images.values.startIndex
            for i in 0..<n {
                let from = start + i * height * width
                var image = DecodedImage(width: width, height: height, channels: 1,
                                         pixels: Array(set.images.values[from..<(from + height * width)]))
                if let sizing { image = sizing.stored(image) }
                images.append(image)
                labels.append(Int(set.labels.values[set.labels.values.startIndex + i]))
                shipped.append(isTest)
            }
        }
        let cropSize = sizing?.cropSize ?? min(images.first?.width ?? 28, images.first?.height ?? 28)
        return Dataset(name: "fashion-mnist", features: .images(ImageSet(images: images, channels: 1, cropSize: cropSize)),
                       targets: .classes(labels, names: fashionMNISTClasses), shippedTest: shipped)
    }
}
