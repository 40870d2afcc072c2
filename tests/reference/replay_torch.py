#!/usr/bin/python3
"""Replay a `bnlab run --trace FILE` trace in PyTorch and compare, independently.

For every run in the trace (format: DESIGN.md, "--trace FILE"), build the same
network from the trace's initial `layers` in float64, train it in train mode on
the recorded mini-batches with the recorded optimizer and loss, and compare:
  - each step's mini-batch loss (before its update) with the trace's `loss`;
  - every parameter and BN running statistic after the last step with
    `final_layers`.
Each run is fed its own `train_x` when the run carries one (an additive field:
runs may differ in input normalization), else the shared data.train_x. A run
with `dropout` p > 0 applies each step's recorded masks (inverted dropout:
kept values times 1 / (1 - p)) to the input of every dense layer but the first.

A value pair a (trace), b (PyTorch) agrees when |a - b| <= rtol * max(|a|, |b|) + atol.
The printed "error" is |a - b| / (max(|a|, |b|) + atol / rtol): a value passes
exactly when its error is <= rtol.

ReLU kinks. The engine computes in float32. When a ReLU (or leaky ReLU) input
of some example lies within float32 rounding of 0, the engine may take the
other side of the kink than float64 PyTorch; that example's gradient through
the unit then differs by O(1) and the trajectories part, with both frameworks
correct. When a run disagrees, the replay therefore retries with the nearest
kinks of the disagreeing stretch flipped (the derivative taken from the other
side; at most --max-flips of them, each |z| / max|z| of the unit's batch below
--flip-below), and accepts a run only if such a replay then agrees completely.
The kinks flipped are printed. A wrong formula is not fixed by flipping a kink.

When a run still disagrees, three float32 PyTorch replays (each with the batch
rows in another order, so each rounds differently) show how far float32
rounding alone moves this trajectory. Some trajectories amplify rounding beyond
any useful tolerance (Adam at a large learning rate, sigmoid networks with BN
near a symmetric start): a disagreement there is not evidence of an engine bug,
and the check should use another configuration. The verdict stays FAIL.

Exit 0 when every run agrees, 1 on any disagreement or malformed trace.
Run with Debian's python (/usr/bin/python3), which has python3-torch.
"""
import argparse
import json
import math
import sys

try:
    import torch
    from torch import nn
except ImportError:
    print("replay_torch: FAIL: PyTorch is not importable by %s; install it with "
          "`apt-get install python3-torch` and run this script with /usr/bin/python3"
          % sys.executable)
    sys.exit(1)


class TraceError(Exception):
    """The trace does not follow the contract (or the replay cannot proceed)."""


# ---------------------------------------------------------------- reading the trace

def need(obj, key, where, kinds=None):
    if not isinstance(obj, dict) or key not in obj:
        raise TraceError("%s: missing field '%s'" % (where, key))
    value = obj[key]
    if kinds is not None and not isinstance(value, kinds):
        raise TraceError("%s.%s: unexpected value %r" % (where, key, value))
    return value


def number(obj, key, where, default=None):
    if isinstance(obj, dict) and key not in obj and default is not None:
        return float(default)
    value = need(obj, key, where)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TraceError("%s.%s: expected a number, got %r" % (where, key, value))
    return float(value)


def tensor(values, shape, where, dtype=torch.float64):
    try:
        t = torch.tensor(values, dtype=dtype)
    except (TypeError, ValueError) as e:
        raise TraceError("%s: not a numeric array (%s)" % (where, e))
    if tuple(t.shape) != tuple(shape):
        raise TraceError("%s: shape %s, expected %s" % (where, tuple(t.shape), tuple(shape)))
    if not torch.isfinite(t).all():
        raise TraceError("%s: contains non-finite values" % where)
    return t


def layer_shapes(entry, where):
    """{field: shape} of the values a layer entry records (none for activations)."""
    kind = need(entry, "type", where, str)
    if kind == "dense":
        n_in, n_out = int(number(entry, "in", where)), int(number(entry, "out", where))
        shapes = {"weight": (n_out, n_in)}
        if need(entry, "bias", where) is not None:
            shapes["bias"] = (n_out,)
        return shapes
    if kind == "batchnorm":
        f = int(number(entry, "features", where))
        return {k: (f,) for k in ("gamma", "beta", "running_mean", "running_var")}
    if kind == "activation":
        return {}
    raise TraceError("%s.type: unknown layer type %r" % (where, kind))


class RunSpec:
    """One run of the trace, validated."""

    def __init__(self, run, index, shared_x, train_y, classes, min_steps):
        where = self.where = "runs[%d]" % index
        self.index = index
        self.name = need(run, "name", where, str)
        self.layers = need(run, "layers", where, list)
        self.final_layers = need(run, "final_layers", where, list)
        if not self.layers:
            raise TraceError("%s.layers: no layers" % where)
        if len(self.final_layers) != len(self.layers):
            raise TraceError("%s.final_layers: %d layers, but layers has %d"
                             % (where, len(self.final_layers), len(self.layers)))
        for i, (a, b) in enumerate(zip(self.layers, self.final_layers)):
            wa, wb = "%s.layers[%d]" % (where, i), "%s.final_layers[%d]" % (where, i)
            if need(a, "type", wa, str) != need(b, "type", wb, str) or layer_shapes(a, wa) != layer_shapes(b, wb):
                raise TraceError("%s: differs in type or shape from %s" % (wb, wa))
        self.loss = need(run, "loss", where, str)
        self.optimizer = need(run, "optimizer", where, dict)
        self.l2 = number(self.optimizer, "l2", where + ".optimizer", default=0)
        self.classes = classes
        self.train_x = shared_x
        if "train_x" in run:  # runs may differ in input normalization
            self.train_x = tensor(need(run, "train_x", where, list), tuple(shared_x.shape), where + ".train_x")
        self.train_y = train_y

        diverged = run.get("diverged_step")
        if diverged is not None:
            raise TraceError("%s (%s): the run diverged at step %r (diverged_step); replay needs a run that trains"
                             % (where, run.get("name"), diverged))
        steps = need(run, "steps", where, list)
        if len(steps) < min_steps:
            raise TraceError("%s (%s): only %d steps recorded, at least %d are required"
                             % (where, self.name, len(steps), min_steps))
        n = shared_x.shape[0]
        self.batches, self.losses = [], []
        for s, step in enumerate(steps):
            w = "%s.steps[%d]" % (where, s)
            batch = need(step, "batch", w, list)
            if not batch or not all(isinstance(i, int) and not isinstance(i, bool) and 0 <= i < n for i in batch):
                raise TraceError("%s.batch: indices must be integers in [0, %d)" % (w, n))
            loss = step.get("loss")
            if isinstance(loss, bool) or not isinstance(loss, (int, float)) or not math.isfinite(loss):
                raise TraceError("%s (%s): loss is %r: the run diverged or the trace is malformed; "
                                 "replay needs a run that trains" % (w, self.name, loss))
            self.batches.append(torch.tensor(batch, dtype=torch.long))
            self.losses.append(float(loss))
        read_dropout(self, run, steps)
        self.final = []  # per layer: [(field, tensor)]
        for i, entry in enumerate(self.final_layers):
            w = "%s.final_layers[%d]" % (where, i)
            self.final.append([(f, tensor(need(entry, f, w), shape, "%s.%s" % (w, f)))
                               for f, shape in layer_shapes(entry, w).items()])


def read_dropout(spec, run, steps):
    """model.dropout (an additive field): the run's "dropout" p and, when p > 0,
    each step's recorded masks, one per dense layer but the first (batch x its
    inputs, 1 kept or 0 dropped)."""
    spec.dropout = number(run, "dropout", spec.where, default=0)
    spec.masks = []
    if spec.dropout == 0:
        return
    widths = [int(number(l, "in", spec.where)) for l in spec.layers if l.get("type") == "dense"][1:]
    for s, step in enumerate(steps):
        w = "%s.steps[%d].dropout" % (spec.where, s)
        masks = need(step, "dropout", "%s.steps[%d]" % (spec.where, s), list)
        if len(masks) != len(widths):
            raise TraceError("%s: %d masks, expected one per hidden layer (%d)" % (w, len(masks), len(widths)))
        spec.masks.append([tensor(m, (len(spec.batches[s]), u), "%s[%d]" % (w, k))
                           for k, (m, u) in enumerate(zip(masks, widths))])


# ---------------------------------------------------------------- the network

def add_dropout(model, spec, ctx):
    """Inverted dropout with the engine's masks, as nn.Dropout applies its own:
    the input of every dense layer but the first times mask / (1 - p), in
    training steps only (ctx.masks is None otherwise)."""
    if spec.dropout == 0:
        return
    for k, linear in enumerate([m for m in model if isinstance(m, nn.Linear)][1:]):
        def hook(module, inputs, k=k):
            if ctx.masks is None:
                return None
            return (inputs[0] * ctx.masks[k].to(inputs[0].dtype) / (1 - spec.dropout),)
        linear.register_forward_pre_hook(hook)


class KinkContext:
    """Shared by a replay's Kink modules: the current step, the kinks to flip,
    and the nearest kinks seen (candidates for flipping)."""

    def __init__(self, flips=()):
        self.step = None  # None outside training steps: no recording, no flips
        self.masks = None  # the step's dropout masks (batch rows in replay order), in training steps
        self.flips = set(flips)  # (step, layer, batch row, unit)
        self.nearest = []  # (|z| / max|z| of the unit, step, layer, row, unit)


class Kink(nn.Module):
    """ReLU (slope 0) or leaky ReLU, written as where(mask, z, slope * z) so that
    single (example, unit) derivatives can be flipped to the kink's other side."""

    def __init__(self, slope, layer, ctx):
        super().__init__()
        self.slope, self.layer, self.ctx = slope, layer, ctx

    def forward(self, z):
        mask = z > 0
        ctx = self.ctx
        if ctx.step is not None:
            with torch.no_grad():
                rel = z.abs() / (z.abs().amax(dim=0, keepdim=True) + 1e-300)
                values, flat = torch.topk(rel.reshape(-1), k=min(2, rel.numel()), largest=False)
                for r, f in zip(values.tolist(), flat.tolist()):
                    ctx.nearest.append((r, ctx.step, self.layer, f // z.shape[1], f % z.shape[1]))
            flips = [(row, unit) for (s, layer, row, unit) in ctx.flips if s == ctx.step and layer == self.layer]
            if flips:
                mask = mask.clone()
                for row, unit in flips:
                    mask[row, unit] = not bool(mask[row, unit])
        return torch.where(mask, z, z * self.slope)


def make_activation(entry, where, layer, ctx):
    fn = need(entry, "fn", where, str)
    if fn == "relu":
        return Kink(0.0, layer, ctx)
    if fn == "leaky_relu":
        return Kink(number(entry, "slope", where, default=0.01), layer, ctx)
    if fn == "tanh":
        return nn.Tanh()
    if fn == "sigmoid":
        return nn.Sigmoid()
    if fn in ("linear", "identity"):
        return nn.Identity()
    raise TraceError("%s.fn: unknown activation %r" % (where, fn))


class NotesBatchNorm(nn.Module):
    """Batch norm as the course notes write it (model.bn_formula = "notes"),
    written independently of the engine: sigma^2 = mean of z^2 (no "- mu"),
    z_norm = (z - mu) / sigma^2 (no square root, no eps); running averages of
    mu and sigma^2 with PyTorch's momentum convention (no m/(m-1): sigma^2 is
    not a variance). Autograd differentiates it."""

    def __init__(self, features, momentum, affine, dtype):
        super().__init__()
        self.momentum = momentum
        self.weight = nn.Parameter(torch.ones(features, dtype=dtype)) if affine else None
        self.bias = nn.Parameter(torch.zeros(features, dtype=dtype)) if affine else None
        self.register_buffer("running_mean", torch.zeros(features, dtype=dtype))
        self.register_buffer("running_var", torch.ones(features, dtype=dtype))

    def forward(self, z):
        if self.training:
            mu, sigma2 = z.mean(dim=0), (z * z).mean(dim=0)
            with torch.no_grad():
                self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mu)
                self.running_var.mul_(1 - self.momentum).add_(self.momentum * sigma2)
        else:
            mu, sigma2 = self.running_mean, self.running_var
        z_norm = (z - mu) / sigma2
        return z_norm * self.weight + self.bias if self.weight is not None else z_norm


def make_batchnorm(entry, features, where, dtype):
    """nn.BatchNorm1d (affine or not), or the notes' formulas (additive trace
    fields "affine" and "formula"; absent: affine, standard)."""
    affine = entry.get("affine", True)
    formula = entry.get("formula", "standard")
    if not isinstance(affine, bool) or formula not in ("standard", "notes"):
        raise TraceError("%s: affine %r / formula %r not understood" % (where, affine, formula))
    momentum = number(entry, "momentum", where)
    if formula == "notes":
        return NotesBatchNorm(features, momentum, affine, dtype)
    return nn.BatchNorm1d(features, eps=number(entry, "eps", where), momentum=momentum, affine=affine, dtype=dtype)


def build_network(layers, where, dtype, ctx):
    """The layer list as torch modules, parameters loaded from the trace."""
    modules = []
    for i, entry in enumerate(layers):
        w = "%s[%d]" % (where, i)
        shapes = layer_shapes(entry, w)
        kind = entry["type"]
        if kind == "dense":
            n_out, n_in = shapes["weight"]
            m = nn.Linear(n_in, n_out, bias="bias" in shapes, dtype=dtype)
            values = {"weight": m.weight, "bias": m.bias}
        elif kind == "batchnorm":
            m = make_batchnorm(entry, shapes["gamma"][0], w, dtype)
            values = {"gamma": m.weight, "beta": m.bias,
                      "running_mean": m.running_mean, "running_var": m.running_var}
            if m.weight is None:  # affine=False: the trace's fixed gamma = 1, beta = 0 must be that
                values["gamma"], values["beta"] = torch.ones(shapes["gamma"], dtype=dtype), \
                    torch.zeros(shapes["beta"], dtype=dtype)
                expect = {"gamma": 1.0, "beta": 0.0}
                for field, v in expect.items():
                    if any(x != v for x in need(entry, field, w)):
                        raise TraceError("%s.%s: affine is false, so every value must be %g" % (w, field, v))
        else:
            m = make_activation(entry, w, i, ctx)
            values = {}
        with torch.no_grad():
            for field, shape in shapes.items():
                values[field].copy_(tensor(need(entry, field, w), shape, "%s.%s" % (w, field), dtype))
        modules.append(m)
    return nn.Sequential(*modules)


def layer_values(module):
    """[(field, tensor)] of what final_layers records for one module."""
    if isinstance(module, nn.Linear):
        return [("weight", module.weight)] + ([("bias", module.bias)] if module.bias is not None else [])
    if isinstance(module, (nn.BatchNorm1d, NotesBatchNorm)):
        f = module.running_mean.shape[0]
        gamma = module.weight if module.weight is not None else torch.ones(f, dtype=module.running_mean.dtype)
        beta = module.bias if module.bias is not None else torch.zeros(f, dtype=module.running_mean.dtype)
        return [("gamma", gamma), ("beta", beta),
                ("running_mean", module.running_mean), ("running_var", module.running_var)]
    return []


def make_optimizer(spec, model, where):
    kind = need(spec, "type", where, str)
    lr = number(spec, "learning_rate", where)
    # L2 (coupled, PyTorch's weight_decay) on dense weights only.
    dense_weights, others = [], []
    for m in model:
        if isinstance(m, nn.Linear):
            dense_weights.append(m.weight)
            others += [m.bias] if m.bias is not None else []
        elif isinstance(m, (nn.BatchNorm1d, NotesBatchNorm)) and m.weight is not None:
            others += [m.weight, m.bias]
    groups = [{"params": dense_weights, "weight_decay": number(spec, "l2", where, default=0)}]
    if others:
        groups.append({"params": others, "weight_decay": 0.0})
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=0.0)
    if kind == "momentum":
        return torch.optim.SGD(groups, lr=lr, momentum=number(spec, "momentum", where))
    if kind == "rmsprop":
        return torch.optim.RMSprop(groups, lr=lr, alpha=number(spec, "rms_alpha", where, default=0.99),
                                   eps=number(spec, "eps", where))
    if kind == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=(number(spec, "beta1", where), number(spec, "beta2", where)),
                                eps=number(spec, "eps", where))
    raise TraceError("%s.type: unknown optimizer %r" % (where, kind))


def make_loss(kind, classes, n_out, where):
    if kind == "bce":
        if n_out != 1:
            raise TraceError("%s: loss 'bce' needs one output logit, the network has %d" % (where, n_out))
        bce = nn.BCEWithLogitsLoss()
        return lambda out, y: bce(out[:, 0], y.to(out.dtype))
    if kind == "softmax_ce":
        if n_out != classes:
            raise TraceError("%s: loss 'softmax_ce' needs %d outputs, the network has %d" % (where, classes, n_out))
        ce = nn.CrossEntropyLoss()
        return lambda out, y: ce(out, y)
    raise TraceError("%s.loss: unknown loss %r" % (where, kind))


# ---------------------------------------------------------------- comparison

class Worst:
    """Compares value pairs; tracks the largest error, where, and the first failure."""

    def __init__(self, rtol, atol):
        self.rtol, self.atol = rtol, atol
        self.err, self.where, self.pair = -1.0, "-", (0.0, 0.0)
        self.failures = 0
        self.first_failure = None  # (where, a, b, err)

    def check(self, a, b, where):
        """Scalars a (trace) and b (PyTorch)."""
        return self.check_tensor(torch.tensor([float(a)]), torch.tensor([float(b)]), lambda j: where) == 0

    def check_tensor(self, a, b, name_of):
        """Same-shape tensors; name_of(flat index) names an element. Returns failures."""
        a, b = a.detach().reshape(-1).double(), b.detach().reshape(-1).double()
        err = (a - b).abs() / (torch.maximum(a.abs(), b.abs()) + self.atol / self.rtol)
        err = torch.where(torch.isfinite(a) & torch.isfinite(b), err, torch.full_like(err, math.inf))
        j = int(torch.argmax(err))
        if float(err[j]) > self.err:
            self.err, self.where, self.pair = float(err[j]), name_of(j), (float(a[j]), float(b[j]))
        bad = (err > self.rtol).nonzero().reshape(-1)
        if len(bad) and self.first_failure is None:
            k = int(bad[0])
            self.first_failure = (name_of(k), float(a[k]), float(b[k]), float(err[k]))
        self.failures += len(bad)
        return len(bad)

    def describe(self):
        return "%.2e at %s (trace %.9g, torch %.9g)" % (self.err, self.where, self.pair[0], self.pair[1])


def element_name(layer, kind, field, shape):
    def name(j):
        at = "[%d,%d]" % divmod(j, shape[1]) if len(shape) == 2 else "[%d]" % j
        return "layer %d %s.%s%s" % (layer, kind, field, at)
    return name


class Outcome:
    """What one replay of a run produced and how it compares with the trace."""

    def __init__(self, spec, rtol, atol):
        self.losses = Worst(rtol, atol)
        self.params = Worst(rtol, atol)
        self.torch_losses = []
        self.final = []  # per layer: [(field, tensor)] as PyTorch ends
        self.first_bad_step = None  # first step whose loss differs
        self.hints = []
        self.nearest_kinks = []
        self.n_steps = len(spec.batches)

    def ok(self):
        return self.losses.failures == 0 and self.params.failures == 0

    def progress(self):
        """How far the replay agrees, comparable with <: the first differing
        step, then fewer differing final values; (n_steps, 0) means fully."""
        if self.first_bad_step is not None:
            return (self.first_bad_step, 0)
        return (self.n_steps, -self.params.failures)


def diagnose_loss(model, loss_fn, xb, yb, trace_loss, l2, rtol, atol):
    """Hints for a mismatching loss: which plausible variant would match?
    `model` is a throwaway copy in the state before this step's forward pass."""
    def close(value):
        return abs(value - trace_loss) <= rtol * max(abs(value), abs(trace_loss)) + atol

    hints = []
    with torch.no_grad():
        penalty = sum(float((m.weight ** 2).sum()) for m in model if isinstance(m, nn.Linear))
        model.eval()
        eval_loss = float(loss_fn(model(xb), yb))
        model.train()
        train_loss = float(loss_fn(model(xb), yb))
    if l2 > 0:
        for name, value in (("loss + 0.5*l2*sum(W^2)", train_loss + 0.5 * l2 * penalty),
                            ("loss + l2*sum(W^2)", train_loss + l2 * penalty)):
            if close(value):
                hints.append("the trace's loss matches %s (the contract asks for the data loss only)" % name)
    if any(isinstance(m, nn.BatchNorm1d) for m in model) and close(eval_loss):
        hints.append("the trace's loss matches an inference-mode forward (BN with running statistics)")
    return hints


def replay(spec, args, dtype=torch.float64, flips=(), permute_seed=None, verbose=False):
    """Train the run's network in PyTorch on the recorded batches; compare.
    permute_seed: feed each batch's rows in a random order (the same maths,
    different rounding in every sum over the batch)."""
    perms = [None] * len(spec.batches)
    if permute_seed is not None:
        g = torch.Generator().manual_seed(permute_seed)
        perms = [torch.randperm(len(idx), generator=g) for idx in spec.batches]
        # A flip names a row of the recorded batch: find where that row went.
        flips = [(s, layer, int((perms[s] == row).nonzero()), unit) for (s, layer, row, unit) in flips]
    ctx = KinkContext(flips)
    model = build_network(spec.layers, spec.where + ".layers", dtype, ctx)
    add_dropout(model, spec, ctx)
    linears = [m for m in model if isinstance(m, nn.Linear)]
    loss_fn = make_loss(spec.loss, spec.classes, linears[-1].out_features if linears else 0, spec.where)
    optimizer = make_optimizer(spec.optimizer, model, spec.where + ".optimizer")
    x, y = spec.train_x.to(dtype), spec.train_y
    out = Outcome(spec, args.rtol, args.atol)
    model.train()
    for s, (idx, trace_loss) in enumerate(zip(spec.batches, spec.losses)):
        if perms[s] is not None:
            idx = idx[perms[s]]
        xb, yb = x[idx], y[idx]
        before = {k: v.clone() for k, v in model.state_dict().items()} if out.first_bad_step is None else None
        optimizer.zero_grad(set_to_none=True)
        ctx.step = s
        if spec.masks:
            ctx.masks = [m if perms[s] is None else m[perms[s]] for m in spec.masks[s]]
        try:
            loss = loss_fn(model(xb), yb)
        except (RuntimeError, ValueError) as e:
            raise TraceError("%s.steps[%d] (%s): PyTorch refused the forward pass: %s"
                             % (spec.where, s, spec.name, e))
        ctx.step = ctx.masks = None
        out.torch_losses.append(loss.item())
        ok = out.losses.check(trace_loss, loss.item(), "step %d" % s)
        if verbose:
            print("  %s step %4d  trace %.9g  torch %.9g%s"
                  % (spec.name, s, trace_loss, loss.item(), "" if ok else "  <-- differs"))
        if not ok and out.first_bad_step is None:
            out.first_bad_step = s
            probe = build_network(spec.layers, "probe", dtype, KinkContext())
            probe.load_state_dict(before)
            out.hints = diagnose_loss(probe, loss_fn, xb, yb, trace_loss, spec.l2, args.rtol, args.atol)
        loss.backward()
        optimizer.step()
    for i, (module, recorded) in enumerate(zip(model, spec.final)):
        mine = dict(layer_values(module))
        values = []
        for field, expected in recorded:
            out.params.check_tensor(expected, mine[field],
                                    element_name(i, spec.layers[i]["type"], field, tuple(expected.shape)))
            values.append((field, mine[field].detach().clone()))
        out.final.append(values)
    out.nearest_kinks = sorted(ctx.nearest)
    return out


def search_kink_flips(spec, args, outcome):
    """Greedy: flip the nearest kinks before the first disagreement while that
    moves the disagreement later. Returns (flips, their |z| ratios, outcome)."""
    flips, ratios = [], []
    for _ in range(args.max_flips):
        limit = outcome.first_bad_step if outcome.first_bad_step is not None else outcome.n_steps
        tried = set(flips)
        candidates = [k for k in outcome.nearest_kinks
                      if k[1] < limit and k[0] <= args.flip_below and k[1:] not in tried][:args.flip_tries]
        best = None
        for cand in candidates:
            trial = replay(spec, args, flips=flips + [cand[1:]])
            if best is None or trial.progress() > best[1].progress():
                best = (cand, trial)
            if trial.ok():
                break
        if best is None or best[1].progress() <= outcome.progress():
            break
        flips.append(best[0][1:])
        ratios.append(best[0][0])
        outcome = best[1]
        if outcome.ok():
            break
    return flips, ratios, outcome


def rounding_envelope(spec, args, flips, reference, members=3):
    """How far float32 rounding alone moves this trajectory in PyTorch: the worst
    loss and final-value errors of float32 replays (batch rows permuted, so each
    rounds differently) against the float64 replay."""
    loss_errs, final_errs = [], []
    for member in range(members):
        shadow = replay(spec, args, dtype=torch.float32, flips=flips, permute_seed=member)
        losses, params = Worst(args.rtol, args.atol), Worst(args.rtol, args.atol)
        losses.check_tensor(torch.tensor(shadow.torch_losses), torch.tensor(reference.torch_losses),
                            lambda j: "step %d" % j)
        for i, (a, b) in enumerate(zip(shadow.final, reference.final)):
            for (field, va), (_, vb) in zip(a, b):
                params.check_tensor(va, vb, element_name(i, spec.layers[i]["type"], field, tuple(va.shape)))
        loss_errs.append(losses.err)
        final_errs.append(params.err)
    return loss_errs, final_errs


def replay_run(spec, args):
    outcome = replay(spec, args, verbose=args.verbose)
    flips, ratios = [], []
    if not outcome.ok() and args.max_flips > 0 and outcome.nearest_kinks:
        flips, ratios, flipped = search_kink_flips(spec, args, outcome)
        if flips:
            outcome = flipped
    ok = outcome.ok()
    print("%s run %d '%s': %d steps, loss %.4g -> %.4g; worst loss error %s; worst final-value error %s"
          % ("PASS" if ok else "FAIL", spec.index, spec.name, outcome.n_steps, spec.losses[0], spec.losses[-1],
             outcome.losses.describe(), outcome.params.describe()))
    for (step, layer, row, unit), r in zip(flips, ratios):
        print("  %s ReLU kink at step %d, layer %d, unit %d, example %d (batch row %d): |z| = %.1e of the "
              "unit's max |z|, within float32 rounding of 0" % ("flipped" if ok else "tried flipping", step, layer,
                                                             unit, int(spec.batches[step][row]), row, r))
    if ok:
        return True
    if outcome.losses.failures:
        w, a, b, err = outcome.losses.first_failure
        print("  first differing loss: %s (trace %.9g, torch %.9g, error %.2e); %d of %d steps differ"
              % (w, a, b, err, outcome.losses.failures, outcome.n_steps))
        if outcome.params.failures == 0 and outcome.losses.failures * 20 < outcome.n_steps:
            print("  the final values agree and few losses differ: the training matches, the recorded "
                  "loss of those steps itself differs (how the trace computes or records the loss)")
        elif outcome.first_bad_step == 0:
            print("  step 0 is before any update: the forward pass or the loss differs "
                  "(initial weights, data, BN in train mode, loss definition)")
        else:
            print("  losses agree before %s: the forward passes matched until then, so an earlier update "
                  "(gradients or optimizer step) differs" % w)
        for h in outcome.hints:
            print("  hint: " + h)
    if outcome.params.failures:
        w, a, b, err = outcome.params.first_failure
        print("  %d final values differ; first: %s (trace %.9g, torch %.9g, error %.2e)"
              % (outcome.params.failures, w, a, b, err))
    if outcome.first_bad_step != 0:
        loss_errs, final_errs = rounding_envelope(spec, args, flips, outcome)
        fmt = lambda errs: ", ".join("%.1e" % e for e in errs)
        print("  rounding check: float32 PyTorch replays differ from float64 by worst loss errors %s and "
              "final-value errors %s (the engine: %.1e and %.1e)"
              % (fmt(loss_errs), fmt(final_errs), outcome.losses.err, outcome.params.err))
        if max(loss_errs + final_errs) > args.rtol:
            print("  this trajectory amplifies float32 rounding beyond the tolerance: the disagreement is not by "
                  "itself evidence of an engine bug; check a configuration with a smaller learning rate or fewer steps")
        else:
            print("  float32 rounding alone stays within the tolerance here: the disagreement is likely real")
    return False


def load_trace(path):
    try:
        with open(path) as f:
            trace = json.load(f)
    except (OSError, ValueError) as e:
        raise TraceError("cannot read %s as JSON: %s" % (path, e))
    if need(trace, "format", "trace") != "bnlab-trace":
        raise TraceError("trace.format: expected 'bnlab-trace', got %r" % trace.get("format"))
    if need(trace, "version", "trace") != 1:
        raise TraceError("trace.version: expected 1, got %r" % trace.get("version"))
    return trace


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", help="JSON written by `bnlab run --trace FILE`")
    parser.add_argument("--rtol", type=float, default=1e-4, help="relative tolerance (default 1e-4)")
    parser.add_argument("--atol", type=float, default=1e-6, help="absolute floor (default 1e-6)")
    parser.add_argument("--min-steps", type=int, default=100, help="steps each run must have (default 100)")
    parser.add_argument("--max-flips", type=int, default=3,
                        help="ReLU kinks that may be flipped per run (default 3; 0: none)")
    parser.add_argument("--flip-below", type=float, default=1e-5,
                        help="only kinks with |z| / max|z| below this are candidates (default 1e-5)")
    parser.add_argument("--flip-tries", type=int, default=4, help="candidates tried per flip (default 4)")
    parser.add_argument("--verbose", action="store_true", help="print every step's pair of losses")
    args = parser.parse_args()

    torch.set_num_threads(1)
    try:
        trace = load_trace(args.trace)
        data = need(trace, "data", "trace", dict)
        classes = int(number(data, "classes", "data"))
        ys = need(data, "train_y", "data", list)
        train_x = tensor(need(data, "train_x", "data", list), (len(ys), 2), "data.train_x")
        if not all(isinstance(y, int) and not isinstance(y, bool) and 0 <= y < classes for y in ys):
            raise TraceError("data.train_y: labels must be integers in [0, %d)" % classes)
        train_y = torch.tensor(ys, dtype=torch.long)
        runs = need(trace, "runs", "trace", list)
        if not runs:
            raise TraceError("trace.runs: no runs")
        specs = [RunSpec(run, i, train_x, train_y, classes, args.min_steps) for i, run in enumerate(runs)]
        results = [replay_run(spec, args) for spec in specs]
    except TraceError as e:
        print("replay_torch: FAIL: %s" % e)
        return 1
    if all(results):
        print("replay_torch: PASS: %d run(s) of %s agree with PyTorch (rtol %g, atol %g)"
              % (len(results), args.trace, args.rtol, args.atol))
        return 0
    print("replay_torch: FAIL: %d of %d run(s) of %s disagree with PyTorch (rtol %g, atol %g)"
          % (results.count(False), len(results), args.trace, args.rtol, args.atol))
    return 1


if __name__ == "__main__":
    sys.exit(main())
