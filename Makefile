# finetune: `make sweep` runs the shipped experiments, `make test` runs the tests.
# Both install what is missing first (Debian packages, Python checkers, assets).

SWIFT ?= swift
FINETUNE = .build/release/finetune
export FINETUNE_ASSETS ?= $(CURDIR)/.cache/assets

.PHONY: deps build release test test-slow sweep bench schema clean

deps:
	@bash scripts/deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The full sets of the seeded tests (6,000 experiment-file mutants instead of 1,000).
test-slow: deps
	$(SWIFT) build --build-tests
	FINETUNE_SLOW_TESTS=1 $(SWIFT) test --skip-build --filter MutationTests

# Trains every shipped experiment (experiments/base/ holds base files, not experiments) into
# results/, after fetching what is missing; a relaunch resumes and skips what is done.
# Pass options through SWEEP_FLAGS, e.g. `make sweep SWEEP_FLAGS="--jobs 2 --rerun-failed"`.
sweep: release
	$(FINETUNE) sweep experiments/*.yaml $(SWEEP_FLAGS)

# Speed side by side with the PyTorch a user installs today (torch 2.15 and transformers from PyPI,
# in the machine-wide venv scripts/bench-venv.sh makes on first use): interleaved repetitions,
# medians and ratios from one run, per step and per process; writes bench/results.json.
# BENCH_ARGS="--reps 5".
bench: release
	python3 bench/bench.py $(BENCH_ARGS)

# Regenerates the committed JSON Schema from the Swift definitions.
schema: build
	.build/debug/finetune schema > schemas/experiment.schema.json

clean:
	rm -rf .build
