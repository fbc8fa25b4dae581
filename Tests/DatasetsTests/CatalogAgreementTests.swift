import Testing
@testable import Datasets

/// The catalog (what validation checks before any loader runs) and the loaders name the same
/// files, labels and statistics: the catalog spells them once for validation, and a loader
/// that read another file than the one `finetune fetch` puts there would fail only at run time.
struct CatalogAgreementTests {
    @Test func assetFilesAreTheFilesTheLoadersRead() {
        #expect(Asset.digits.files == [Dataset.digitsRelativePath])
        #expect(Asset.vader.files == Dataset.SentimentDomain.allCases.map(\.relativePath))
        #expect(Asset.fashionMNIST.files == Dataset.FashionMNISTFile.allCases.map { "fashion-mnist/\($0.rawValue)" })
    }

    @Test func labelsAndStatisticsAreTheLoadersOwn() {
        #expect(Dataset.fashionMNISTClasses == BuiltinLabels.fashionMNIST)
        #expect(ImagePreprocessing.imagenetMean == ImageNetStatistics.mean)
        #expect(ImagePreprocessing.imagenetStd == ImageNetStatistics.std)
    }
}
