import Foundation
import Testing

/// A folder of JPEG and PNG photos as a user has one: swept to a report with the small CNN at
/// 32 px, predicted from, and — with one truncated photo — refused before any run trains.
///
/// The photos are the decoder fixtures (pieces of scikit-image's real photos, every JPEG and
/// PNG kind), filed into two classes by format, so the classes are learnable and the test
/// needs no encoder.
@Suite(.serialized)
struct PhotoFolderTests {
    static let fixtures = SweepHarness.package.appendingPathComponent("Tests/DatasetsTests/Fixtures/images").path

    /// A harness with `photos/jpeg/*.jpg` and `photos/png/*.png` and the experiment file.
    static func photoFolder(_ name: String) throws -> SweepHarness {
        let h = try SweepHarness(name)
        let manager = FileManager.default
        for kind in ["jpeg", "png"] {
            try manager.createDirectory(atPath: h.path("photos/\(kind)"), withIntermediateDirectories: true)
        }
        for file in try manager.contentsOfDirectory(atPath: fixtures).sorted() {
            let kind = file.hasSuffix(".jpg") ? "jpeg" : file.hasSuffix(".png") ? "png" : nil
            guard let kind else { continue }
            try manager.copyItem(atPath: fixtures + "/" + file, toPath: h.path("photos/\(kind)/\(file)"))
        }
        try h.write("photos.yaml", """
            experiment: photos
            description: Can a small CNN tell the JPEG pieces from the PNG pieces?
            seed: 1
            data:
              source: {images: photos}
              split: {train: 0.6, validation: 0.2, test: 0.2, stratify: true}
            model:
              architecture: cnn
              channels: [8, 16]
              image_size: 32
              crop_fraction: 0.875
            optimizer: {name: adam}
            schedule: {epochs: 2, batch_size: 8}
            augmentation:
              - {kind: random_resized_crop, scale: [0.5, 1.0]}
              - {kind: flip}
              - {kind: color_jitter}
              - {kind: random_erasing}
            evaluation:
              metrics: [accuracy]
              select: validation.accuracy
            output: {save_model: true}
            sweep:
              optimizer.lr: [1e-3, 3e-3]

            """)
        return h
    }

    @Test func aPhotoFolderSweepsToAReport_andItsModelPredictsPhotos() throws {
        let h = try Self.photoFolder("photos")
        defer { h.remove() }
        let sweep = try h.run(["sweep", "photos.yaml", "--results", "results", "--jobs", "2"])
        #expect(sweep.code == 0, "\(sweep.output)\n\(sweep.errors)")
        #expect(FileManager.default.fileExists(atPath: h.path("results/photos/report.md")))
        let results = h.results("photos")
        #expect(results.count == 2)
        for (id, result) in results {
            #expect(result["status"] as? String == "done", "\(id)")
            let input = try #require(result["image_input"] as? [String: Any], "\(id) records its image input")
            #expect(input["image_size"] as? Int == 32 && input["resize"] as? Int == 36 && input["channels"] as? Int == 3)
            let timings = try #require(result["timings"] as? [String: Any])
            #expect(timings["data_seconds"] as? Double != nil)
        }
        let id = try #require(h.runIDs("photos").first)
        let predicted = try h.run(["predict", h.runsFolder("photos") + "/" + id, "--input", "photos/png"])
        #expect(predicted.code == 0, "\(predicted.errors)")
        let lines = predicted.output.split(separator: "\n")
        let pngs = try FileManager.default.contentsOfDirectory(atPath: h.path("photos/png")).count
        #expect(lines.count == pngs)
        let first = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        #expect((first["file"] as? String)?.hasSuffix(".png") == true)
        #expect(first["classes"] as? [String] == ["jpeg", "png"])
    }

    @Test func aTruncatedPhotoStopsTheSweepBeforeAnyRunTrains_andKeepsEarlierResults() throws {
        let h = try Self.photoFolder("damaged")
        defer { h.remove() }
        let victim = h.path("photos/jpeg/jpeg_baseline_420_63x40.jpg")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: victim))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: victim))
        // Validation checks the layout only; the damage is found when the data is first read.
        let validate = try h.run(["validate", "photos.yaml"])
        #expect(validate.code == 0, "\(validate.errors)")
        let sweep = try h.run(["sweep", "photos.yaml", "--results", "results", "--jobs", "2"])
        #expect(sweep.code == 2, "\(sweep.output)\n\(sweep.errors)")
        let said = sweep.output + sweep.errors
        #expect(said.contains("photos/jpeg/jpeg_baseline_420_63x40.jpg"), "\(said)")
        #expect(said.contains("truncated"), "\(said)")
        #expect(h.results("photos").isEmpty, "no run may train or be recorded as failed")
    }

    @Test func aFolderWithAnEmptyClassIsRefusedAtValidation() throws {
        let h = try Self.photoFolder("empty-class")
        defer { h.remove() }
        try FileManager.default.createDirectory(atPath: h.path("photos/webp"), withIntermediateDirectories: true)
        let validate = try h.run(["validate", "photos.yaml"])
        #expect(validate.code == 2)
        #expect(validate.errors.contains("photos.yaml:5:20: error: data.source: "), "\(validate.errors)")
        #expect(validate.errors.contains("class 'webp' holds no JPEG or PNG photos"), "\(validate.errors)")
    }
}

/// A bad cell in a user's CSV stops its experiment once, before training, with the line —
/// rather than failing every run of the sweep the same way after it has started.
@Suite struct BadTableTests {
    @Test func aNaNInRowSixStopsTheExperimentBeforeAnyRunTrains() throws {
        let h = try SweepHarness("bad-table")
        defer { h.remove() }
        var rows = ["a,b,label"]
        for i in 0..<40 { rows.append("\(Double(i) / 10),\(i % 3),\(i % 2 == 0 ? "even" : "odd")") }
        rows[5] = "nan,1,odd"  // the header is line 1, so this is line 6
        try h.write("table.csv", rows.joined(separator: "\n") + "\n")
        try h.write("table.yaml", """
            experiment: table
            seed: 1
            repeats: 2
            data: {source: {csv: table.csv, label: label}}
            model: {architecture: mlp, hidden: [4]}
            schedule: {epochs: 1, batch_size: 8}
            evaluation: {metrics: [accuracy], select: validation.accuracy}
            sweep:
              optimizer.lr: [1e-3, 1e-2]

            """)
        let sweep = try h.run(["sweep", "table.yaml", "--results", "results"])
        #expect(sweep.code == 2, "\(sweep.output)\n\(sweep.errors)")
        #expect((sweep.output + sweep.errors).contains("table.csv:6: column 'a': 'nan' is not a finite number"), "\(sweep.output)\n\(sweep.errors)")
        #expect(sweep.output.contains("4 not started"), "\(sweep.output)")
        #expect(h.results("table").isEmpty)
    }
}
