#!/usr/bin/python3
"""Times real PyTorch training steps of a model description on this CPU.

Builds the network a model TOML describes (the same file `advise` reads), runs
warm-up steps and then timed training steps (forward, loss, backward, optimizer
step) on random data of the described batch, and prints one JSON line:
{"model", "steps", "median_s", "min_s", "max_s", "parameters"}.

    validate.py MODEL.toml [SECONDS] [--profile]
"""
import json
import math
import statistics
import sys
import time
import tomllib

import os

import torch
from torch import nn

ACTIVATIONS = {"relu": nn.ReLU, "gelu": nn.GELU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "silu": nn.SiLU}


def activation(name):
    return ACTIVATIONS[name]() if name and name != "none" else None


class Flatten(nn.Module):
    def forward(self, x):
        return x.flatten(1)


class SequencePool(nn.Module):
    def __init__(self, function):
        super().__init__()
        self.function = function

    def forward(self, x):
        if self.function == "first":
            return x[:, 0]
        if self.function == "max":
            return x.max(dim=1).values
        return x.mean(dim=1)


class AddEmbedding(nn.Module):
    """An embedding after an embedding adds to it (positions, segments)."""

    def __init__(self, vocab, dim):
        super().__init__()
        self.table = nn.Embedding(vocab, dim)

    def forward(self, x):
        positions = torch.arange(x.shape[1]) % self.table.num_embeddings
        return x + self.table(positions)[None]


class Lstm(nn.Module):
    def __init__(self, inputs, hidden, bidirectional):
        super().__init__()
        self.lstm = nn.LSTM(inputs, hidden, batch_first=True, bidirectional=bidirectional)

    def forward(self, x):
        return self.lstm(x)[0]


class CausalEncoderLayer(nn.TransformerEncoderLayer):
    """A GPT-style decoder block: self-attention that sees only earlier positions."""

    def forward(self, x):
        positions = x.shape[1]
        mask = torch.triu(torch.full((positions, positions), float("-inf")), diagonal=1)
        return super().forward(x, src_mask=mask)


class Block(nn.Module):
    def __init__(self, layers, shortcut, residual, after):
        super().__init__()
        self.layers = nn.Sequential(*layers)
        self.shortcut = nn.Sequential(*shortcut) if shortcut else None
        self.residual = residual
        self.after = after

    def forward(self, x):
        y = self.layers(x)
        if self.residual:
            y = y + (self.shortcut(x) if self.shortcut is not None else x)
        return self.after(y) if self.after is not None else y


def build(layers, shape, modules_out, causal=False):
    """Appends the modules for `layers` to modules_out; returns the per-example output shape.
    `causal`: transformer layers mask later positions (a language model, as GPT decoders do)."""
    for spec in layers:
        spec = dict(spec, causal=causal)
        for _ in range(spec.get("repeat", 1)):
            shape = build_one(spec, shape, modules_out)
    return shape


def build_one(spec, shape, out):
    kind = spec["type"]
    if kind == "dense":
        if shape is not None and len(shape) > 1 and not (len(shape) == 2 and shape[1] == spec["inputs"]):
            out.append(Flatten())
        out.append(nn.Linear(spec["inputs"], spec["outputs"], bias=spec.get("bias", True)))
        if activation(spec.get("activation")):
            out.append(activation(spec.get("activation")))
        if shape is not None and len(shape) == 2 and shape[1] == spec["inputs"]:
            return (shape[0], spec["outputs"])
        return (spec["outputs"],)
    if kind == "conv2d":
        if shape is None:
            shape = (spec["in_channels"], *spec["input"])
        k, s, p = spec["kernel"], spec.get("stride", 1), spec.get("padding", 0)
        out.append(nn.Conv2d(spec["in_channels"], spec["out_channels"], k, s, p, groups=spec.get("groups", 1),
                             bias=spec.get("bias", True)))
        if activation(spec.get("activation")):
            out.append(activation(spec.get("activation")))
        return (spec["out_channels"], (shape[1] + 2 * p - k) // s + 1, (shape[2] + 2 * p - k) // s + 1)
    if kind == "pool":
        function = spec.get("function", "max")
        if len(shape) == 2:
            out.append(SequencePool(function))
            return (shape[1],)
        if spec.get("global", False):
            out.append(nn.AdaptiveAvgPool2d(1) if function in ("avg", "mean") else nn.AdaptiveMaxPool2d(1))
            return (shape[0], 1, 1)
        k = spec["kernel"]
        s, p = spec.get("stride", k), spec.get("padding", 0)
        out.append((nn.MaxPool2d if function == "max" else nn.AvgPool2d)(k, s, p))
        return (shape[0], (shape[1] + 2 * p - k) // s + 1, (shape[2] + 2 * p - k) // s + 1)
    if kind == "norm":
        if spec.get("norm", "batch") == "layer":
            out.append(nn.LayerNorm(shape[-1]))
        else:
            out.append(nn.BatchNorm2d(shape[0]) if len(shape) == 3 else nn.BatchNorm1d(shape[0]))
        return shape
    if kind == "activation":
        out.append(activation(spec["function"]))
        return shape
    if kind == "embedding":
        if shape is None:
            out.append(nn.Embedding(spec["vocab"], spec["dim"]))
            return (spec["seq_len"], spec["dim"])
        out.append(AddEmbedding(spec["vocab"], spec["dim"]))
        return shape
    if kind == "transformer":
        layer = CausalEncoderLayer if spec["causal"] else nn.TransformerEncoderLayer
        out.append(layer(spec["d_model"], spec["heads"], spec["ffn"], dropout=0.0, activation="gelu", batch_first=True))
        return shape if shape is not None else (spec["seq_len"], spec["d_model"])
    if kind == "lstm":
        seq = shape[0] if shape is not None else spec["seq_len"]
        hidden = spec["hidden"] * (2 if spec.get("bidirectional", False) else 1)
        out.append(Lstm(spec["inputs"], spec["hidden"], spec.get("bidirectional", False)))
        return (seq, hidden)
    if kind == "block":
        inner, skip = [], []
        result = build(spec["layers"], shape, inner, spec["causal"])
        build(spec.get("shortcut", []), shape, skip, spec["causal"])
        out.append(Block(inner, skip, spec.get("residual", True), activation(spec.get("activation"))))
        return result
    raise SystemExit(f"validate.py: layer type {kind} is not supported here")


def input_batch(layers, batch):
    first = layers[0]
    if first["type"] == "embedding":
        return torch.randint(0, first["vocab"], (batch, first["seq_len"]))
    if first["type"] == "conv2d":
        return torch.randn(batch, first["in_channels"], *first["input"])
    if first["type"] in ("transformer",):
        return torch.randn(batch, first["seq_len"], first["d_model"])
    if first["type"] == "lstm":
        return torch.randn(batch, first["seq_len"], first["inputs"])
    return torch.randn(batch, first["inputs"])


def training_step(description):
    """The model, its input batch and a function running one training step."""
    training = description["training"]
    precision = training.get("precision", "fp32")
    if precision not in ("fp32", "bf16"):
        raise SystemExit(f"validate.py: {precision} does not train on a CPU (fp32 and bf16 are validated)")
    layers = description["layer"]
    modules = []
    # A tied output embedding marks a language model: its blocks are causal decoder blocks.
    language_model = any(l["type"] == "embedding" and l.get("tied") for l in layers)
    shape = build(layers, None, modules, causal=language_model)
    model = nn.Sequential(*modules)
    if language_model:
        # Embeddings as GPT-style decoders initialise them (GPT-2: normal, std 0.02), not PyTorch's
        # default N(0, 1): tied to the output layer, N(0, 1) tables give logits of standard deviation
        # sqrt(dim) with each token's own logit near dim, and log-softmax's exp then takes a slow path
        # on inputs far below the row's maximum (a 1024x16384 cross-entropy, forward and backward:
        # 15.4 ms at logit std 1, 18.5 at 14, 36.6 at 30), which no trained or well-initialised
        # language model shows.
        for module in model.modules():
            if isinstance(module, nn.Embedding):
                nn.init.normal_(module.weight, std=0.02)
    tied = next((l for l in layers if l["type"] == "embedding" and l.get("tied")), None)
    embedding = modules[0] if tied else None
    batch = training["batch_size"]
    x = input_batch(layers, batch)
    logits_shape = shape if not tied else (shape[0], tied["vocab"])
    classes = logits_shape[-1]
    targets = torch.randint(0, classes, (batch, *logits_shape[:-1]))
    optimizer_name = training.get("optimizer", "adam")
    parameters = list(model.parameters())
    if optimizer_name == "sgd":
        optimizer = torch.optim.SGD(parameters, lr=1e-3)
    elif optimizer_name == "momentum":
        optimizer = torch.optim.SGD(parameters, lr=1e-3, momentum=0.9)
    elif optimizer_name == "adamw":
        optimizer = torch.optim.AdamW(parameters, lr=1e-4)
    else:
        optimizer = torch.optim.Adam(parameters, lr=1e-4)
    loss_function = nn.CrossEntropyLoss()

    def step():
        optimizer.zero_grad(set_to_none=True)
        # bf16 mixed precision as frameworks run it on a CPU: autocast in the forward and the loss,
        # fp32 weights and optimizer.
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
            y = model(x)
            if embedding is not None:
                y = y @ embedding.weight.t()
            loss = loss_function(y.reshape(-1, classes), targets.reshape(-1))
        loss.backward()
        optimizer.step()

    return model, step


def profile(step):
    """Prints where a step's time goes, operation by operation (for finding what the prediction misses)."""
    from torch.profiler import ProfilerActivity, profile as torch_profile
    with torch_profile(activities=[ProfilerActivity.CPU]) as prof:
        for _ in range(10):
            step()
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=40), file=sys.stderr)


def main():
    # The same cores advise measures with: all of them.
    torch.set_num_threads(len(os.sched_getaffinity(0)))
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    path = arguments[0]
    seconds = float(arguments[1]) if len(arguments) > 1 else 3.0
    with open(path, "rb") as f:
        description = tomllib.load(f)
    model, step = training_step(description)
    parameters = list(model.parameters())

    # Warm-up: the first steps of a fresh process run slowly (allocator, lazy initialisation), for
    # longer than 3 steps of a small model: at least a tenth of the time budget.
    start = time.perf_counter()
    warm_up = 0
    while warm_up < 3 or time.perf_counter() - start < seconds / 10:
        step()
        warm_up += 1
    if "--profile" in sys.argv:
        profile(step)
    # Steps for the whole budget (a small model's step is a fraction of a millisecond: a few hundred
    # steps would be a few tens of milliseconds of a machine whose speed drifts).
    samples = []
    start = time.perf_counter()
    while len(samples) < 5 or (time.perf_counter() - start < seconds and len(samples) < 20000):
        t0 = time.perf_counter()
        step()
        samples.append(time.perf_counter() - t0)
    print(json.dumps({"model": description["model"]["name"], "steps": len(samples),
                      "median_s": statistics.median(samples), "min_s": min(samples), "max_s": max(samples),
                      "parameters": sum(p.numel() for p in parameters), "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
