import Foundation
import Testing
import Models
import SafeTensors
import Torch

/// Loading Hugging Face-style BERT weights: the dialects accepted and the errors refused,
/// on a tiny config so every case runs in milliseconds.
@Suite struct BERTLoadingTests {
    @Test func parameterNamesAreHuggingFaces() throws {
        let model = try BERT(config: tinyConfig, pooling: .cls, outputs: 2)
        let names = Set(model.namedParameters().map(\.name))
        for expected in ["embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
                         "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
                         "encoder.layer.1.attention.self.query.weight", "encoder.layer.1.attention.self.key.bias",
                         "encoder.layer.1.attention.self.value.weight", "encoder.layer.1.attention.output.dense.weight",
                         "encoder.layer.1.attention.output.LayerNorm.bias", "encoder.layer.1.intermediate.dense.weight",
                         "encoder.layer.1.output.dense.bias", "encoder.layer.1.output.LayerNorm.weight",
                         "pooler.dense.weight", "pooler.dense.bias", "head.weight", "head.bias"] {
            #expect(names.contains(expected), "\(expected)")
        }
        #expect(names.count == 5 + 2 * 16 + 2 + 2)
        #expect(model.blockNames == ["embeddings", "encoder.layer.0", "encoder.layer.1", "pooler"])
        let mean = try BERT(config: tinyConfig, pooling: .mean, outputs: 1)
        #expect(mean.blockNames == ["embeddings", "encoder.layer.0", "encoder.layer.1"])
        #expect(!mean.namedParameters().contains { $0.name.hasPrefix("pooler.") })
    }

    @Test func roundTripLoadsEveryTensor() throws {
        let folder = TemporaryFolder()
        let source = try BERT(config: tinyConfig, pooling: .cls, outputs: 2)
        try writeCheckpoint(source, to: folder.file("model.safetensors"))
        let target = try BERT(config: tinyConfig, pooling: .cls, outputs: 2)
        #expect(try !sameValues(source, target, except: "head"))
        let copied = try target.loadWeights(from: folder.file("model.safetensors"))
        #expect(copied == 5 + 2 * 16 + 2)
        #expect(try sameValues(source, target, except: "head"))
    }

    @Test func bertPrefixGammaBetaAndBuffersAreAccepted() throws {
        let folder = TemporaryFolder()
        let source = try BERT(config: tinyConfig, pooling: .cls, outputs: 2)
        // The TensorFlow-era dialect: bert.-prefixed, LayerNorm gamma/beta, with buffers and
        // pre-training heads that are not parameters of the encoder.
        try writeCheckpoint(source, to: folder.file("model.safetensors"), rename: { name in
            if name.hasPrefix("head.") { return nil }
            return "bert." + name.replacingOccurrences(of: "LayerNorm.weight", with: "LayerNorm.gamma")
                .replacingOccurrences(of: "LayerNorm.bias", with: "LayerNorm.beta")
        }, extra: [
            TensorRecord(name: "bert.embeddings.position_ids", int64s: (0..<16).map(Int64.init), shape: [1, 16]),
            TensorRecord(name: "embeddings.token_type_ids", int64s: [Int64](repeating: 0, count: 16), shape: [1, 16]),
            TensorRecord(name: "cls.predictions.bias", floats: [Float](repeating: 0, count: 30), shape: [30]),
        ])
        let target = try BERT(config: tinyConfig, pooling: .cls, outputs: 2)
        try target.loadWeights(from: folder.file("model.safetensors"))
        #expect(try sameValues(source, target, except: "head"))
    }

    @Test func meanPoolingSkipsThePooler() throws {
        let folder = TemporaryFolder()
        let source = try BERT(config: tinyConfig, pooling: .cls, outputs: 2)
        try writeCheckpoint(source, to: folder.file("model.safetensors"))
        let target = try BERT(config: tinyConfig, pooling: .mean, outputs: 2)
        #expect(try target.loadWeights(from: folder.file("model.safetensors")) == 5 + 2 * 16)
    }

    @Test func missingFilesAreNamed() throws {
        let folder = TemporaryFolder()
        let model = try BERT(config: tinyConfig, outputs: 2)
        let weights = folder.file("model.safetensors")
        let missingWeights = #expect(throws: ModelError.self) { try model.loadWeights(from: weights) }
        #expect(missingWeights.map { "\($0)" } == "no weights file at \(weights)")
        let missingConfig = #expect(throws: (any Error).self) { _ = try BERTFolder(folder.path).config() }
        #expect(missingConfig.map { "\($0)".contains("no BERT config at \(folder.file("config.json"))") } == true)
        let missingFolder = #expect(throws: (any Error).self) { _ = try BERTFolder(folder.file("nowhere")).config() }
        #expect(missingFolder.map { "\($0)".contains("no such model folder") } == true)
    }

    @Test func wrongShapesNameTheTensorAndBothShapes() throws {
        let folder = TemporaryFolder()
        var wide = tinyConfig
        wide.intermediateSize = 12
        try writeCheckpoint(try BERT(config: wide, outputs: 2), to: folder.file("model.safetensors"))
        let model = try BERT(config: tinyConfig, outputs: 2)
        let before = try model.stateDict().mapValues { try $0.toFloatArray() }
        var message = ""
        do { try model.loadWeights(from: folder.file("model.safetensors")) } catch { message = "\(error)" }
        #expect(message.contains("encoder.layer.0.intermediate.dense.weight: the file has [12, 8], the model (config.json) expects [16, 8]"))
        #expect(message.contains("encoder.layer.1.output.dense.weight: the file has [8, 12], the model (config.json) expects [8, 16]"))
        #expect(message.contains("encoder.layer.0.intermediate.dense.bias: the file has [12], the model (config.json) expects [16]"))
        // Nothing was copied: the refusal is all or nothing.
        #expect(try model.stateDict().mapValues { try $0.toFloatArray() } == before)
    }

    @Test func missingAndUnexpectedNamesAreRefused() throws {
        let folder = TemporaryFolder()
        var deeper = tinyConfig
        deeper.numHiddenLayers = 3
        try writeCheckpoint(try BERT(config: deeper, outputs: 2), to: folder.file("model.safetensors"),
                            rename: { $0 == "embeddings.LayerNorm.bias" ? nil : $0 })
        var message = ""
        do { try BERT(config: tinyConfig, outputs: 2).loadWeights(from: folder.file("model.safetensors")) } catch { message = "\(error)" }
        #expect(message.contains("missing embeddings.LayerNorm.bias (the model expects [8])"))
        #expect(message.contains("unexpected encoder.layer.2.attention.self.query.weight [8, 8]"))
    }

    @Test(arguments: [
        ("garbage", Array("not a safetensors file at all".utf8)),
        ("truncated header", [200, 0, 0, 0, 0, 0, 0, 0] + Array("{\"a\":".utf8)),
        ("empty", []),
    ] as [(String, [UInt8])])
    func damagedFilesAreRefused(_ name: String, bytes: [UInt8]) throws {
        let folder = TemporaryFolder()
        _ = FileManager.default.createFile(atPath: folder.file("model.safetensors"), contents: Data(bytes))
        var message = ""
        do { try BERT(config: tinyConfig, outputs: 2).loadWeights(from: folder.file("model.safetensors")) } catch { message = "\(error)" }
        // One line, the file named once: `PATH: what is wrong`.
        #expect(message.hasPrefix("\(folder.file("model.safetensors")): "), "\(name): \(message)")
        #expect(!message.dropFirst(folder.file("model.safetensors").count).contains(folder.file("model.safetensors")), "\(name): \(message)")
        #expect(!message.contains("\n"), "\(name): \(message)")
    }

    @Test func truncatedDataIsRefused() throws {
        let folder = TemporaryFolder()
        try writeCheckpoint(try BERT(config: tinyConfig, outputs: 2), to: folder.file("model.safetensors"))
        let data = try Data(contentsOf: URL(fileURLWithPath: folder.file("model.safetensors")))
        try data.prefix(data.count - 100).write(to: URL(fileURLWithPath: folder.file("model.safetensors")))
        #expect(throws: ModelError.self) { try BERT(config: tinyConfig, outputs: 2).loadWeights(from: folder.file("model.safetensors")) }
    }

    @Test(arguments: [
        ("{\"hidden_size\": 8}", "missing vocab_size"),
        ("{\"vocab_size\": 30, \"hidden_size\": 10, \"num_hidden_layers\": 1, \"num_attention_heads\": 4, \"intermediate_size\": 16}",
         "hidden_size 10 is not a multiple of num_attention_heads 4"),
        ("{\"vocab_size\": 30, \"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 16, \"hidden_act\": \"relu\"}",
         "hidden_act 'relu' is not supported"),
        ("{\"vocab_size\": 30, \"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 16, \"position_embedding_type\": \"relative_key\"}",
         "position_embedding_type 'relative_key' is not supported"),
        ("{\"model_type\": \"gpt2\", \"vocab_size\": 30, \"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 16}",
         "config.json: model_type 'gpt2' is not an encoder finetune supports (bert, distilbert, roberta, xlm-roberta, electra)"),
        ("{\"model_type\": \"distilbert\", \"vocab_size\": 30, \"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 16}",
         "missing dim"),
        ("{\"model_type\": \"distilbert\", \"vocab_size\": 30, \"dim\": 8, \"n_layers\": 1, \"n_heads\": 2, \"hidden_dim\": 16, \"activation\": \"silu\"}",
         "activation 'silu' is not supported (only gelu, relu"),
        ("{\"model_type\": \"distilbert\", \"vocab_size\": 30, \"dim\": 8, \"n_layers\": 1, \"n_heads\": 2, \"hidden_dim\": 16, \"sinusoidal_pos_embds\": true}",
         "sinusoidal_pos_embds true is not supported"),
        ("{\"model_type\": \"electra\", \"vocab_size\": 30, \"embedding_size\": 0, \"hidden_size\": 8, \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": 16}",
         "embedding_size must be at least 1 (got 0)"),
    ])
    func badConfigsAreRefused(_ json: String, _ expected: String) throws {
        let folder = TemporaryFolder()
        let file = folder.write("config.json", json)
        var message = ""
        do { _ = try BERTConfig.read(file) } catch { message = "\(error)" }
        #expect(message.contains(expected), "\(message)")
        #expect(message.contains(file))
    }

    @Test func paddingDoesNotChangeTheSentenceVector() throws {
        let model = try BERT(config: tinyConfig, outputs: 2)
        model.eval()
        let alone = try model.sentenceEmbeddings(ids: Tensor([Int64]([2, 7, 9, 3]), shape: [1, 4]), mask: Tensor([Int64](repeating: 1, count: 4), shape: [1, 4]))
        let padded = try model.sentenceEmbeddings(ids: Tensor([Int64]([2, 7, 9, 3, 0, 0, 2, 5, 6, 11, 12, 3]), shape: [2, 6]),
                                                  mask: Tensor([Int64]([1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1]), shape: [2, 6]))
        let a = try alone.toFloatArray(), b = try Array(padded.toFloatArray().prefix(8))
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(abs(a.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5, "unit length")
    }
}
