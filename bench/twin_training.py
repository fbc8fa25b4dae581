"""What the PyTorch twins share, as a practitioner's training script has it: AdamW with
decay/no-decay groups, linear warm-up then a decay, and the epoch loop (timed optimizer steps,
validation accuracy, best-epoch snapshot restored at the end)."""
import copy
import math
import time

import torch


def add_training_arguments(parser, epochs, lr):
    """The options every twin takes: the batch, the epochs, AdamW's rate and decay, the
    warm-up fraction, the thread count, and whether the body is frozen."""
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--lr", type=float, default=lr)
    parser.add_argument("--weight-decay", type=float, default=0.01)
    parser.add_argument("--warmup", type=float, default=0.1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--head-only", action="store_true", help="freeze the body; train the head alone")


def adamw(parameters, lr, weight_decay):
    """AdamW over the parameters that train; matrices decay, biases and norms do not."""
    trainable = [p for p in parameters if p.requires_grad]
    return torch.optim.AdamW([{"params": [p for p in trainable if p.ndim > 1], "weight_decay": weight_decay},
                              {"params": [p for p in trainable if p.ndim <= 1], "weight_decay": 0.0}], lr=lr)


def warmup_schedule(optimizer, total, warmup_fraction, decay):
    """finetune's schedule: linear warm-up from 0 over round(fraction · total) steps, then
    `decay` ("linear" or "cosine") to 0 at the last step."""
    warmup = min(round(warmup_fraction * total), total - 1)

    def multiplier(step):
        if step < warmup:
            return (step + 1) / (warmup + 1)
        progress = (step - warmup) / max(1, total - 1 - warmup)
        return 1 - progress if decay == "linear" else 0.5 * (1 + math.cos(math.pi * progress))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, multiplier)


def fit(model, optimizer, scheduler, epochs, batches, loss_of, validate, train_modes):
    """Trains `epochs` passes. Each epoch: `train_modes()` sets modules' modes; every batch of
    `batches()` is one optimizer step on `loss_of(batch)` → (loss, examples), timed together
    as step_seconds; then `validate()` → (accuracy, loss) runs in eval mode without gradients.
    The best epoch's weights are restored at the end. Returns the timings and last losses."""
    started = time.perf_counter()
    step_seconds, steps, best, best_state = 0.0, 0, -1.0, None
    for _ in range(epochs):
        train_modes()
        t0 = time.perf_counter()
        running, seen = 0.0, 0
        for batch in batches():
            loss, count = loss_of(batch)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            running += loss.item() * count
            seen += count
            steps += 1
        step_seconds += time.perf_counter() - t0
        model.eval()
        with torch.no_grad():
            accuracy, validation_loss = validate()
        if accuracy > best:
            best, best_state = accuracy, copy.deepcopy(model.state_dict())
    train_seconds = time.perf_counter() - started
    model.load_state_dict(best_state)
    return {"steps": steps, "step_seconds": step_seconds, "train_seconds": train_seconds,
            "train_loss": running / max(seen, 1), "validation_loss": validation_loss, "best_validation_accuracy": best}
