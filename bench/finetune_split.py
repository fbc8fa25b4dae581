"""finetune's seeded train/validation/test split, in Python, so a PyTorch twin trains and
evaluates on the very photos finetune does.

A port of Sources/Datasets/Random (SplitMix64, xoshiro256**, FNV-1a child seeds, Fisher-Yates
with rejection sampling), Sources/Datasets/Splits/Allocation.swift and the stratified split of
Dataset+Split.swift, as PreparedData.prepare calls it for a source without a shipped test set:
the split's seed is childSeed(childSeed(seed, "split"), "split")."""
MASK = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def child_seed(seed, purpose):
    h = 0xCBF29CE484222325
    for byte in list(seed.to_bytes(8, "little")) + [0x1F] + list(purpose.encode()):
        h = ((h ^ byte) * 0x100000001B3) & MASK
    return mix(h)


class Generator:
    """finetune's SeededGenerator: xoshiro256** seeded by SplitMix64."""

    def __init__(self, seed):
        s = []
        for _ in range(4):
            seed = (seed + 0x9E3779B97F4A7C15) & MASK
            s.append(mix(seed))
        self.s = s

    def next(self):
        s = self.s
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & MASK
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, bound):
        limit = MASK - (MASK % bound + 1) % bound
        while True:
            v = self.next()
            if v <= limit:
                return v % bound

    def shuffled(self, items):
        items = list(items)
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items


class Allocation:
    """Splits each group by the fractions, giving rounding leftovers to the most short-changed
    split so far (ties to the earlier split)."""

    def __init__(self, fractions):
        self.fractions, self.allocated, self.seen = fractions, [0] * len(fractions), 0

    def next(self, size):
        exact = [size * f for f in self.fractions]
        counts = [int(e) for e in exact]
        self.seen += size
        leftover = size - sum(counts)
        deficit = lambda k: self.fractions[k] * self.seen - (self.allocated[k] + counts[k])
        candidates = sorted([k for k in range(len(exact)) if exact[k] > counts[k]], key=lambda k: (-deficit(k), k))
        for k in candidates:
            if leftover <= 0:
                break
            counts[k] += 1
            leftover -= 1
        for k in range(len(counts)):
            self.allocated[k] += counts[k]
        return counts


def split(labels, fractions, seed):
    """(train, validation, test) example indices, sorted, for `labels` in dataset order, as
    finetune splits a dataset with `data.split` = fractions (stratified) under run seed `seed`."""
    rng = Generator(child_seed(child_seed(seed, "split"), "split"))
    allocation = Allocation(list(fractions))
    parts = [[], [], []]
    for c in sorted(set(labels)):
        group = [i for i, y in enumerate(labels) if y == c]
        shuffled = rng.shuffled(group)
        start = 0
        for part, size in enumerate(allocation.next(len(shuffled))):
            parts[part] += shuffled[start:start + size]
            start += size
    return tuple(sorted(p) for p in parts)
