import Testing
@testable import Experiment

/// LoRA and BitFit: what they refuse, each with its exact message where the value to change is.
@Suite("Validation rules of freeze.strategy lora and bitfit")
struct ParameterEfficientRuleTests {
    static let refusals: [RuleCase] = [
        RuleCase("lora on random weights", """
            experiment: t
            data: {source: sentiment/tweets}
            model: {architecture: bert, pretrained: none}
            freeze: {strategy: ⟨E⟩lora}
            """, "freeze.strategy lora keeps every pre-trained weight frozen, but model.pretrained is none: only the low-rank updates of random weights would train"),
        RuleCase("bitfit on random weights", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn}
            freeze: {strategy: ⟨E⟩bitfit}
            """, "freeze.strategy bitfit keeps every pre-trained weight frozen, but model.pretrained is none: only the biases of random weights would train"),
        RuleCase("lora on a CNN", """
            \(minimalExperiment)
            freeze: {strategy: ⟨E⟩lora}
            """, "freeze.strategy lora adapts Linear layers, and a cnn's body is convolutions; use bitfit, bottom or gradual"),
        RuleCase("lora with L2-SP", """
            experiment: t
            data: {source: sentiment/tweets}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            freeze: {strategy: lora}
            regularization: {l2_sp: ⟨E⟩0.01}
            """, "regularization.l2_sp pulls trained weights toward the pre-trained ones, but under freeze.strategy lora the pre-trained weights never move and the low-rank update has no pre-trained value; use optimizer.weight_decay to keep the update small"),
        RuleCase("a misspelled BERT target", """
            experiment: t
            data: {source: sentiment/tweets}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            freeze:
              strategy: lora
              lora: {targets: [query, ⟨E⟩valeu]}
            """, "freeze.lora.targets: 'valeu' is not a Linear module of this bert (targets: query, key, value, attention.output, intermediate, output for bert, roberta, xlm-roberta and electra folders; q_lin, k_lin, v_lin, out_lin, lin1, lin2 for distilbert); did you mean 'value'?"),
        RuleCase("an MLP target past the last block", """
            experiment: t
            data: {source: digits}
            model: {architecture: mlp, hidden: [64, 32], pretrained: {experiment: pre}}
            freeze: {strategy: lora, lora: {targets: [⟨E⟩block.2]}}
            """, "freeze.lora.targets: 'block.2' is past the last block of this mlp (block.0 … block.1, one per entry of model.hidden)"),
        RuleCase("a BERT target on an MLP", """
            experiment: t
            data: {source: digits}
            model: {architecture: mlp, pretrained: {experiment: pre}}
            freeze: {strategy: lora, lora: {targets: [⟨E⟩query]}}
            """, "freeze.lora.targets: 'query' is not a Linear module of this mlp (targets: linear, block.N)"),
        RuleCase("a rank of zero", """
            experiment: t
            data: {source: sentiment/tweets}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            freeze: {strategy: lora, lora: {rank: ⟨E⟩0}}
            """, "freeze.lora.rank must be >= 1 (got 0)"),
    ]

    @Test("refusals", arguments: refusals)
    func refusal(_ rule: RuleCase) { expectDiagnostic(rule) }

    /// Every optimizer, schedule, layer decay and the other regularizations combine with both.
    static let accepted: [String] = [
        "freeze: {strategy: lora, lora: {rank: 4, alpha: 8, dropout: 0, targets: [query, key, value, attention.output, intermediate, output]}}\noptimizer: {name: sgd, layer_decay: 0.8}\nschedule: {decay: one-cycle}",
        "freeze: {strategy: lora}\noptimizer: {name: adam, clip_grad_norm: 1}\nschedule: {decay: plateau}\nregularization: {label_smoothing: 0.1, distillation: {weight: 0.5}}",
        "freeze: {strategy: bitfit}\noptimizer: {name: adamw, layer_decay: 0.7}\nschedule: {decay: cosine, warmup: 0.1}\nregularization: {l2_sp: 0.01, distillation: {weight: 0.3}}",
    ]

    @Test("combinations that are accepted", arguments: accepted)
    func acceptedCombination(_ extra: String) {
        let workspace = Workspace()
        let file = workspace.write("experiment.yaml", """
            experiment: t
            data: {source: sentiment/tweets}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            \(extra)
            """)
        let outcome = Planner.plan(file: file)
        #expect(outcome.diagnostics.map(\.message) == [])
        #expect(outcome.plan != nil)
    }
}
