#!/usr/bin/python3
"""Measures an eager framework's own cost per layer on this CPU, apart from any arithmetic.

advise adds these costs to a CPU training step ([cpu_framework] in pricing/data/prediction.toml).
They are measured here on layers so small that the arithmetic is negligible (8 features,
4x4 images, batch 2), never fitted to the validation models. For each layer kind, chains
of LONG and SHORT copies run forward and backward; the difference over LONG - SHORT copies
is the cost of one copy alone: its operations' dispatch, autograd records and backward
functions. The optimizer is timed the same way, per parameter tensor; a minimal training
step gives the fixed cost per step (zero_grad, loss, backward entry), and the same step with
each optimizer that optimizer's own cost per call.
Pooling, the LSTM's per-step elementwise work, the transcendental activations, the norms, the
softmaxes, the loss, mixed precision's casts and a ReLU (the framework's plain elementwise kernels)
are also timed at a typical size: they run far below the bandwidth the caches allow.

The figures hold for this CPU. advise's dispatch probe (a framework's per-operation bookkeeping
in C++, see probes/dispatch_probe.hpp) is run before and after, and its mean is printed as
reference_dispatch_seconds: on another CPU advise scales the costs by its own figure over this.

Run alone, prints the [cpu_framework] table (TOML) on stdout, with the dispatch reference from
build/release/advise (scripts/build); `advise calibrate pytorch` calls measure() through
pytorch_calibration.py instead.

    pytorch_costs.py [SECONDS_PER_MEASUREMENT]
"""
import json
import math
import os
import statistics
import subprocess
import sys
import time

import torch
from torch import nn

LONG, SHORT = 40, 10
SEQUENCE_LONG, SEQUENCE_SHORT = 64, 16
FEATURES, BATCH = 8, 2


ROUNDS = 7


def median_time(function, seconds):
    for _ in range(3):
        function()
    samples = []
    start = time.perf_counter()
    while len(samples) < 7 or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        function()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def extra_cost(long_run, short_run, extra, seconds):
    """Seconds per extra unit of the long run over the short one. The two take turns,
    ROUNDS times, and the median of the rounds is kept: the machine is noisy."""
    rounds = [(median_time(long_run, seconds / ROUNDS) - median_time(short_run, seconds / ROUNDS)) / extra
              for _ in range(ROUNDS)]
    return statistics.median(rounds)


class AddEmbedding(nn.Module):
    def __init__(self):
        super().__init__()
        self.table = nn.Embedding(16, FEATURES)

    def forward(self, x):
        return x + self.table(torch.arange(x.shape[1]))[None]


class Residual(nn.Module):
    def forward(self, x):
        return x + x


class SequenceMean(nn.Module):
    def forward(self, x):
        return x.mean(dim=1, keepdim=True).expand_as(x)


class CastPair(nn.Module):
    """Two of mixed precision's casts: to bf16 and back, and their gradients the other way."""
    def forward(self, x):
        return x.to(torch.bfloat16).float()


class LastOutput(nn.Module):
    def __init__(self, lstm):
        super().__init__()
        self.lstm = lstm

    def forward(self, x):
        return self.lstm(x)[0]


# Each kind: (a new copy of the layer, the input it chains on).
image = lambda: torch.randn(BATCH, FEATURES, 4, 4, requires_grad=True)
sequence = lambda length=4: torch.randn(BATCH, length, FEATURES, requires_grad=True)
vector = lambda: torch.randn(BATCH, FEATURES, requires_grad=True)
KINDS = {
    "dense": (lambda: nn.Linear(FEATURES, FEATURES), vector),
    "conv2d": (lambda: nn.Conv2d(FEATURES, FEATURES, 3, padding=1), image),
    "pool": (lambda: nn.MaxPool2d(3, 1, 1), image),
    "sequence_pool": (SequenceMean, sequence),
    "batch_norm": (lambda: nn.BatchNorm2d(FEATURES), image),
    "layer_norm": (lambda: nn.LayerNorm(FEATURES), sequence),
    "activation": (nn.ReLU, vector),
    "embedding": (AddEmbedding, sequence),
    "residual": (Residual, vector),
    "transformer": (lambda: nn.TransformerEncoderLayer(FEATURES, 2, 2 * FEATURES, dropout=0.0, activation="gelu",
                                                       batch_first=True), sequence),
    "lstm": (lambda: LastOutput(nn.LSTM(FEATURES, FEATURES, batch_first=True)), lambda: sequence(1)),
}


def per_copy(make_layer, make_input, seconds, long=LONG, short=SHORT):
    def chain(copies):
        model = nn.Sequential(*[make_layer() for _ in range(copies)])
        x = make_input()
        return lambda: model(x).sum().backward()
    return extra_cost(chain(long), chain(short), long - short, seconds)


def per_lstm_step(seconds):
    """One more time step of one LSTM direction, forward and backward."""
    lstm = nn.LSTM(FEATURES, FEATURES, batch_first=True)
    def run(length):
        x = sequence(length)
        return lambda: lstm(x)[0].sum().backward()
    return extra_cost(run(SEQUENCE_LONG), run(SEQUENCE_SHORT), SEQUENCE_LONG - SEQUENCE_SHORT, seconds)


def per_tensor(make_optimizer, seconds):
    def with_tensors(count):
        parameters = [torch.zeros(FEATURES, requires_grad=True) for _ in range(count)]
        for p in parameters:
            p.grad = torch.ones(FEATURES)
        return make_optimizer(parameters).step
    return extra_cost(with_tensors(4 * LONG), with_tensors(LONG), 3 * LONG, seconds)


def pool_elements_per_second(seconds):
    """A max pool's forward and backward, per input element: the framework's pooling kernel is
    far slower than the memory traffic, so it is timed at a typical size (32x64x28x28)."""
    x = torch.randn(32, 64, 28, 28, requires_grad=True)
    pool = nn.MaxPool2d(2)
    return x.numel() / median_time(lambda: pool(x).sum().backward(), seconds)


def lstm_gate_elements_per_second(seconds, tiny_step):
    """An LSTM time step's own work, per gate value, at a typical size (batch 32, hidden 256):
    PyTorch's LSTM timed per step (forward and backward, 64 steps against 16), less what advise
    counts apart: the step's GEMMs and the addition of its recurrent weight gradient, each timed
    alone here, and the per-step cost at 8 features (`tiny_step`, dispatch). What remains is the
    gate nonlinearities, the cell and hidden state updates, their backward, and the per-step
    copies, gathers and reductions around them: several times slower than their memory traffic."""
    batch, hidden, features = 32, 256, 8
    lstm = nn.LSTM(features, hidden, batch_first=True)

    def run(length):
        x = torch.randn(batch, length, features)
        return lambda: lstm(x)[0].sum().backward()
    per_step = extra_cost(run(SEQUENCE_LONG), run(SEQUENCE_SHORT), SEQUENCE_LONG - SEQUENCE_SHORT, seconds)

    h, x = torch.randn(batch, hidden), torch.randn(batch, features)
    w_hh, w_ih, bias = torch.randn(4 * hidden, hidden), torch.randn(4 * hidden, features), torch.randn(4 * hidden)
    gates_gradient = torch.randn(batch, 4 * hidden)

    def gemms():  # forward h·Whhᵀ and x·Wihᵀ; backward dh, dWhh and dWih
        torch.addmm(bias, h, w_hh.t())
        torch.addmm(bias, x, w_ih.t())
        torch.mm(gates_gradient, w_hh)
        torch.mm(gates_gradient.t(), h)
        torch.mm(gates_gradient.t(), x)
    summed, step_gradient = torch.randn(4 * hidden, hidden), torch.randn(4 * hidden, hidden)
    rounds = [per_step - median_time(gemms, seconds / ROUNDS) - median_time(lambda: summed.add_(step_gradient),
                                                                            seconds / ROUNDS) - tiny_step
              for _ in range(ROUNDS)]
    return batch * 4 * hidden / statistics.median(rounds)


def attention_reshape_elements_per_second(seconds):
    """Multi-head attention's own work apart from its GEMMs and softmax, per token and model
    feature, at a typical size (batch 256, 32 positions, 64 features, one head of 64; a small
    model width keeps the GEMMs, timed alone and subtracted, from drowning it): the head split
    and merge copies, the concatenation of the Q, K and V gradients, and the views around them,
    forward and backward; less the same at 2 positions of 8 features (its dispatch, which the
    per-copy transformer cost holds). The projections have no bias here: advise counts bias
    adds apart."""
    def parts(batch, positions, features, heads):
        head = features // heads
        tokens, batch_heads = batch * positions, batch * heads
        attention = nn.MultiheadAttention(features, heads, dropout=0.0, bias=False, batch_first=True)
        x, gradient = torch.randn(batch, positions, features, requires_grad=True), torch.randn(batch, positions, features)
        a, w3, g3 = torch.randn(tokens, features), torch.randn(3 * features, features), torch.randn(tokens, 3 * features)
        w, g1 = torch.randn(features, features), torch.randn(tokens, features)
        q, k = torch.randn(batch_heads, positions, head), torch.randn(batch_heads, positions, head)
        p = torch.randn(batch_heads, positions, positions)
        scores = torch.randn(batch_heads, positions, positions, requires_grad=True)

        def gemms():  # projections forward, dX and dW; Q·Kᵀ and P·V forward and both gradients
            torch.mm(a, w3.t()), torch.mm(g3, w3), torch.mm(g3.t(), a)
            torch.bmm(q, k.transpose(1, 2)), torch.bmm(p, k), torch.bmm(p.transpose(1, 2), q)
            torch.bmm(p, k), torch.bmm(p, q), torch.bmm(p.transpose(1, 2), q)
            torch.mm(a, w.t()), torch.mm(g1, w), torch.mm(g1.t(), a)
        return [lambda: attention(x, x, x, need_weights=False)[0].backward(gradient), gemms,
                lambda: torch.softmax(scores, -1).backward(p)], tokens * features

    typical, elements = parts(256, 32, 64, 1)
    tiny, _ = parts(1, 2, 8, 2)

    def rest(functions):
        whole, gemms, softmax = (median_time(f, seconds / ROUNDS / 6) for f in functions)
        return whole - gemms - softmax
    rounds = [(rest(typical) - rest(tiny)) / elements for _ in range(ROUNDS)]
    return 1 / statistics.median(rounds)


# Activation functions that compute a transcendental per element (advise counts ReLU as memory traffic).
TRANSCENDENTAL = {"gelu": nn.functional.gelu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "silu": nn.functional.silu}


def activation_elements_per_second(function, seconds):
    """An activation's forward and backward per element, less its dispatch (the same on 8
    elements), at a typical size (a transformer's FFN activations: 16 x 128 x 512)."""
    def run(elements):
        x = torch.randn(elements, requires_grad=True)
        gradient = torch.randn(elements)
        return lambda: function(x).backward(gradient)
    elements = 16 * 128 * 512
    return elements / extra_cost(run(elements), run(8), 1, seconds)


def normalization_elements_per_second(kind, seconds):
    """A batch norm, layer norm or softmax forward (training) and backward per element, less its
    dispatch (the same on a tiny tensor), at the size advise's arithmetic probe references:
    batch norm on 32x64x28x28 images, layer norm on 16x128 tokens of 256 features, softmax over
    attention scores of 16 sequences, 4 heads, 128 positions, and the loss (cross-entropy) on a
    language model's logits, 1024 tokens of 8192 words."""
    shapes = {"batch_norm": ((32, 64, 28, 28), (2, 64, 1, 1)), "layer_norm": ((16, 128, 256), (1, 2, 256)),
              "softmax": ((16, 4, 128, 128), (1, 1, 2, 128)), "cross_entropy": ((1024, 8192), (2, 8192))}
    typical, tiny = shapes[kind]

    def run(shape):
        x = torch.randn(*shape, requires_grad=True)
        gradient = torch.randn(*shape)
        if kind == "softmax":
            return lambda: torch.softmax(x, -1).backward(gradient)
        if kind == "cross_entropy":  # a fresh gradient each step, as a training step's logits get
            targets = torch.randint(0, shape[1], (shape[0],))

            def loss():
                x.grad = None
                nn.functional.cross_entropy(x, targets).backward()
            return loss
        module = nn.BatchNorm2d(shape[1]) if kind == "batch_norm" else nn.LayerNorm(shape[-1])
        return lambda: module(x).backward(gradient)
    elements = math.prod(typical) - math.prod(tiny)
    return 1 / extra_cost(run(typical), run(tiny), elements, seconds)


# advise's kElementwiseReferenceWorkingSet (advisor/predict/framework_costs.hpp): a ReLU over these
# many fp32 values reads and writes three such tensors.
ELEMENTWISE_ELEMENTS = 256 * 1024


def elementwise_bytes_per_second(seconds):
    """The framework's own elementwise kernels: a ReLU's forward (read, write) and backward (read
    the gradient and the output, write the input's gradient), 20 bytes per fp32 value, less its
    dispatch (the same on 8 values), over 256Ki values: small enough to stay in the caches, where
    the framework's loops run well below the bandwidth advise's triad measures there."""
    def run(elements):
        x = torch.randn(elements, requires_grad=True)
        gradient = torch.randn(elements)

        def relu():
            x.grad = None
            torch.relu(x).backward(gradient)
        return relu
    return 20 * (ELEMENTWISE_ELEMENTS - 8) / extra_cost(run(ELEMENTWISE_ELEMENTS), run(8), 1, seconds)


def cast_elements_per_second(seconds):
    """Autocast's cast of a weight, fp32 to bf16, and of its gradient back, per element less the
    call (the same on a tiny tensor), at the size advise's arithmetic probe references (1024x1024)."""
    def run(shape):
        x = torch.randn(*shape, requires_grad=True)
        gradient = torch.randn(*shape).bfloat16()

        def cast():
            x.grad = None
            x.to(torch.bfloat16).backward(gradient)
        return cast
    return (1024 * 1024 - 2) / extra_cost(run((1024, 1024)), run((2,)), 1, seconds)


def advise_probe():
    """advise's dispatch probe on this CPU (seconds per operation), and the references the rates
    carry by, by key: its arithmetic probe's rates at the sizes this script measures the
    framework's rates at, and its triad at the elementwise rate's working set (a point of its curve:
    three arrays of 1 MiB)."""
    advise = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "build", "release", "advise")  # the source tree's
    probe = subprocess.run([advise, "probe", "--format", "json", "--no-cache"], check=True,
                           capture_output=True, text=True)
    cpu = json.loads(probe.stdout)["machine"]["cpu"]
    references = {f"reference_{entry['kind']}_elements_per_second": entry["elements_per_second"]
                  for entry in cpu.get("arithmetic", []) if entry["status"] == "ok" and entry["verified"]}
    for point in cpu.get("bandwidth_curve", []):
        if point["working_set_bytes"] == 3 * 4 * ELEMENTWISE_ELEMENTS and point["status"] == "ok" and point["verified"]:
            references["reference_elementwise_bytes_per_second"] = point["bytes_per_s_median"]
    return cpu["dispatch_seconds"], references


def positive(measurement, tries=3):
    """A figure that is a difference of two noisy times can come out at or below zero when a
    neighbour's load lands on one side: measured again, up to `tries` times; None if it stays so."""
    for _ in range(tries):
        value = measurement()
        if value > 0:
            return value
    return None


def steady(measurement, tries=3, spread=1.5):
    """A rate derived by subtracting several timed parts from a whole is at the mercy of each
    part's noise: measured `tries` times, its median if all are positive and within `spread`
    of each other, else None (advise then takes the bundled figure and says so)."""
    values = sorted(measurement() for _ in range(tries))
    if values[0] <= 0 or values[-1] > spread * values[0]:
        return None
    return statistics.median(values)


def measure(seconds):
    """Every figure of the [cpu_framework] table but the dispatch reference, by its key; a
    figure that stays at or below zero after its tries is left out."""
    costs = {kind: positive(lambda: per_copy(layer, given, seconds)) for kind, (layer, given) in KINDS.items()}
    costs["lstm_step"] = positive(lambda: per_lstm_step(seconds))
    cast_pairs = positive(lambda: per_copy(CastPair, vector, seconds))
    costs["cast"] = cast_pairs / 2 if cast_pairs else None
    if costs["lstm"] and costs["lstm_step"]:
        costs["lstm"] = max(costs["lstm"] - costs["lstm_step"], 0.0)  # a one-step chain: the rest is the layer's own
    optimizers = {
        "sgd": lambda p: torch.optim.SGD(p, lr=1e-3),
        "momentum": lambda p: torch.optim.SGD(p, lr=1e-3, momentum=0.9),
        "adam": lambda p: torch.optim.Adam(p, lr=1e-4),
        "adamw": lambda p: torch.optim.AdamW(p, lr=1e-4),
    }
    tensor_costs = {name: positive(lambda: per_tensor(make, seconds)) or 0.0 for name, make in optimizers.items()}

    # A minimal step (one Linear, cross-entropy) without an optimizer, less its layer, is the fixed
    # cost of a step (zero_grad, loss, backward entry). With each optimizer, the step's extra time
    # less its two tensors is the optimizer's own call: timed here, between a forward and a backward
    # as in training, it costs more than back to back (Adam's ran 60 us over SGD's).
    def minimal_step(make_optimizer):
        layer = nn.Linear(FEATURES, FEATURES)
        optimizer = make_optimizer(list(layer.parameters())) if make_optimizer else None
        x, targets = vector().detach(), torch.randint(0, FEATURES, (BATCH,))
        loss_function = nn.CrossEntropyLoss()

        def step():
            layer.zero_grad(set_to_none=True)
            loss_function(layer(x), targets).backward()
            if optimizer:
                optimizer.step()
        return step
    bare_step = minimal_step(None)
    with_optimizer = {name: minimal_step(make) for name, make in optimizers.items()}
    call_rounds = {name: [] for name in optimizers}
    bare_rounds = []
    for _ in range(ROUNDS):
        bare = median_time(bare_step, seconds / ROUNDS)
        bare_rounds.append(bare)
        for name, step in with_optimizer.items():
            call_rounds[name].append(median_time(step, seconds / ROUNDS) - bare - 2 * tensor_costs[name])
    costs["step"] = max(statistics.median(bare_rounds) - (costs["dense"] or 0.0), 0.0)
    figures = {
        "pool_elements_per_second": positive(lambda: pool_elements_per_second(seconds)),
        "lstm_gate_elements_per_second": steady(
            lambda: lstm_gate_elements_per_second(seconds, costs["lstm_step"] or 0.0)),
        "attention_reshape_elements_per_second": steady(lambda: attention_reshape_elements_per_second(seconds)),
        "cast_elements_per_second": positive(lambda: cast_elements_per_second(seconds)),
        "elementwise_bytes_per_second": positive(lambda: elementwise_bytes_per_second(seconds)),
    }
    for kind in ("batch_norm", "layer_norm", "softmax", "cross_entropy"):
        figures[f"{kind}_elements_per_second"] = positive(lambda: normalization_elements_per_second(kind, seconds))
    for name, function in TRANSCENDENTAL.items():
        figures[f"{name}_elements_per_second"] = positive(lambda: activation_elements_per_second(function, seconds))
    figures.update(costs)
    for name, seconds_each in tensor_costs.items():
        figures[f"optimizer_{name}"] = seconds_each
    for name, rounds in call_rounds.items():
        figures[f"optimizer_{name}_call"] = max(0.0, statistics.median(rounds))
    return {key: value for key, value in figures.items() if value is not None}


def main():
    torch.set_num_threads(len(os.sched_getaffinity(0)))
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    dispatch_before, references_before = advise_probe()
    figures = measure(seconds)
    dispatch_after, references_after = advise_probe()
    print(f"# measured by probes/framework/pytorch_costs.py: PyTorch {torch.__version__}, "
          f"{torch.get_num_threads()} threads")
    print("[cpu_framework]")
    print(f"reference_dispatch_seconds = {(dispatch_before + dispatch_after) / 2 * 1e9:.1f}e-9")
    for key in sorted(references_before.keys() & references_after.keys()):
        print(f"{key} = {(references_before[key] + references_after[key]) / 2 / 1e6:.0f}e6")
    for key, value in figures.items():
        if key.endswith("_per_second"):
            print(f"{key} = {value / 1e6:.0f}e6")
        else:
            print(f"{key} = {value * 1e6:.1f}e-6")


if __name__ == "__main__":
    main()
