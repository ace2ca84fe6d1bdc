"""The one-pixel signature computed with PyTorch, the way research code does it, on the same
ONNX file the engine sweeps.

    /usr/bin/python3 bench/torch_sweep.py MODEL [--levels 256] [--threads T] [--batch 32]
        [--block 1] [--stride 1] [--base 0] [--input-range 0,1] [--max-passes N]
        [--signature DIR] [--check-outputs DIR]

The model: the ONNX graph is loaded with the `onnx` package, its initializers become torch
tensors, and its nodes run in order with torch.nn.functional (OnnxTorch below), so both stacks
sweep the very same weights. The sweep, as README "The signature" defines it: base image x0,
L levels, each swept unit (b x b square at stride s, every channel at once) set to each level;
images go through the model B at a time under torch.no_grad() with torch.set_num_threads(T);
softmax in double precision; per class and unit, the best probability and its level (ties to
the smallest level). Passes count every image run, the base image included.

Prints one JSON object: passes, seconds (the sweep, model already loaded), passesPerSecond,
peakRssKB (VmHWM; see peak_rss_kb), maxRssKB (resource.getrusage), rssAfterLoadKB, and the settings. --max-passes stops after
about that many passes (a throughput sample; the signature is then incomplete).
--signature DIR writes DIR/signature.npy and DIR/delta.npy ([K,H',W'] float32, the engine's
layout). --check-outputs DIR writes a few deterministic inputs and this executor's outputs on
them (DIR/inputs.npy, DIR/outputs.npy) for comparison with onnxruntime (bench/lib.ts).
"""

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F


def _attrs(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _pads(pads, rank=2):
    """ONNX pads [x1_begin, x2_begin, ..., x1_end, x2_end] -> (symmetric padding or None, F.pad list)."""
    pads = list(pads or [0] * (2 * rank))
    begin, end = pads[:rank], pads[rank:]
    if begin == end:
        return tuple(begin), None
    # F.pad takes the last dimension first: (left, right, top, bottom).
    return (0,) * rank, [p for d in reversed(range(rank)) for p in (begin[d], end[d])]


class OnnxTorch:
    """Runs an ONNX graph (the operators the benchmark's models use) with torch.nn.functional."""

    def __init__(self, path):
        model = onnx.load(str(path))
        self.graph = model.graph
        self.values = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in self.graph.initializer}
        self.input = next(i.name for i in self.graph.input if i.name not in self.values)
        self.output = self.graph.output[0].name
        self.nodes = [(n.op_type, list(n.input), list(n.output), _attrs(n)) for n in self.graph.node]
        for op, _, _, a in self.nodes:
            if not hasattr(self, "op_" + op):
                raise NotImplementedError(f"torch_sweep.py: ONNX operator {op} is not implemented")
            if a.get("auto_pad", b"NOTSET") not in (b"NOTSET", "NOTSET"):
                raise NotImplementedError("torch_sweep.py: auto_pad is not implemented")

    def __call__(self, x):
        env = dict(self.values)
        env[self.input] = x
        for op, inputs, outputs, a in self.nodes:
            args = [env[i] if i else None for i in inputs]
            result = getattr(self, "op_" + op)(a, *args)
            if not isinstance(result, tuple):
                result = (result,)
            for name, value in zip(outputs, result):
                env[name] = value
        return env[self.output]

    # --- operators ---
    def op_Conv(self, a, x, w, b=None):
        padding, explicit = _pads(a.get("pads"))
        if explicit:
            x = F.pad(x, explicit)
        return F.conv2d(x, w, b, stride=tuple(a.get("strides", [1, 1])), padding=padding,
                        dilation=tuple(a.get("dilations", [1, 1])), groups=a.get("group", 1))

    def op_Relu(self, a, x):
        return F.relu(x)

    def op_MaxPool(self, a, x):
        padding, explicit = _pads(a.get("pads"))
        if explicit:
            x = F.pad(x, explicit, value=-math.inf)
        k = tuple(a["kernel_shape"])
        return F.max_pool2d(x, k, stride=tuple(a.get("strides", [1, 1])), padding=padding,
                            dilation=tuple(a.get("dilations", [1, 1])), ceil_mode=bool(a.get("ceil_mode", 0)))

    def op_AveragePool(self, a, x):
        padding, explicit = _pads(a.get("pads"))
        include = bool(a.get("count_include_pad", 0))
        if explicit:
            if not include:
                raise NotImplementedError("torch_sweep.py: asymmetric AveragePool padding")
            x = F.pad(x, explicit)
        return F.avg_pool2d(x, tuple(a["kernel_shape"]), stride=tuple(a.get("strides", [1, 1])),
                            padding=padding, ceil_mode=bool(a.get("ceil_mode", 0)), count_include_pad=include)

    def op_GlobalAveragePool(self, a, x):
        return x.mean(dim=tuple(range(2, x.dim())), keepdim=True)

    def op_Gemm(self, a, A, B, C=None):
        if a.get("transA", 0):
            A = A.t()
        if a.get("transB", 0) and a.get("alpha", 1.0) == 1.0 and a.get("beta", 1.0) == 1.0:
            return F.linear(A, B, C)
        y = a.get("alpha", 1.0) * (A @ (B.t() if a.get("transB", 0) else B))
        return y if C is None else y + a.get("beta", 1.0) * C

    def op_MatMul(self, a, x, y):
        return torch.matmul(x, y)

    def op_Add(self, a, x, y):
        return x + y

    def op_Sub(self, a, x, y):
        return x - y

    def op_Mul(self, a, x, y):
        return x * y

    def op_Div(self, a, x, y):
        return x / y

    def op_Flatten(self, a, x):
        axis = a.get("axis", 1) % max(x.dim(), 1)
        return x.reshape(int(np.prod(x.shape[:axis])), -1)

    def op_Reshape(self, a, x, shape):
        shape = [int(s) for s in shape.tolist()]
        if not a.get("allowzero", 0):
            shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
        return x.reshape(shape)

    def op_Transpose(self, a, x):
        return x.permute(*(a.get("perm") or reversed(range(x.dim()))))

    def op_BatchNormalization(self, a, x, scale, bias, mean, var):
        return F.batch_norm(x, mean, var, scale, bias, training=False, eps=a.get("epsilon", 1e-5))

    def op_Softmax(self, a, x):
        return F.softmax(x, dim=a.get("axis", -1))

    def op_Concat(self, a, *xs):
        return torch.cat(xs, dim=a["axis"])

    def op_Identity(self, a, x):
        return x

    def op_Dropout(self, a, x, *rest):
        return x

    def op_Constant(self, a):
        return torch.from_numpy(numpy_helper.to_array(a["value"]).copy())


def status_kb(field):
    """A field of /proc/self/status in KB (VmRSS: now; VmHWM: the peak), or None without procfs."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def peak_rss_kb():
    """Peak resident set: VmHWM where there is one. resource.getrusage's ru_maxrss is kept
    across fork and exec on Linux, so a child of a larger process reports at least its size."""
    hwm = status_kb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def model_value(p, lo, hi):
    return lo + (hi - lo) * p / 255.0


def sweep(model, shape, levels, threads, batch, block, stride, base, input_range, max_passes=None):
    """The signature: S and D as [K,H',W'] float32, and the passes run."""
    C, H, W = shape
    lo, hi = input_range
    rows, cols = (H - block) // stride + 1, (W - block) // stride + 1
    cells = rows * cols
    x0 = torch.full((1, C, H, W), model_value(base, lo, hi), dtype=torch.float32)
    values = torch.tensor([model_value(255.0 * l / (levels - 1), lo, hi) for l in range(levels)], dtype=torch.float32)

    out0 = model(x0)[0].double()
    probabilities = bool((out0 >= 0).all()) and abs(float(out0.sum()) - 1) <= 1e-3
    p0 = (out0 if probabilities else torch.softmax(out0, 0)).float()
    K = p0.numel()
    passes = 1

    best = torch.full((cells, K), -math.inf)
    best_level = torch.zeros((cells, K), dtype=torch.int64)
    total = cells * levels
    complete = True
    for start in range(0, total, batch):
        idx = torch.arange(start, min(start + batch, total))
        cell, level = idx // levels, idx % levels
        n = idx.numel()
        x = x0.expand(n, C, H, W).clone()
        top, left = (cell // cols) * stride, (cell % cols) * stride
        if block == 1:
            x[torch.arange(n), :, top, left] = values[level].unsqueeze(1).expand(n, C)
        else:
            for i in range(n):
                t, l = int(top[i]), int(left[i])
                x[i, :, t:t + block, l:l + block] = values[level[i]]
        out = model(x).double()
        p = (out if probabilities else torch.softmax(out, 1)).float()
        passes += n
        # Per cell of this batch and class: the best probability and its smallest level.
        ucell, inv = torch.unique(cell, return_inverse=True)
        at = inv.unsqueeze(1).expand(n, K)
        m = torch.full((ucell.numel(), K), -math.inf).scatter_reduce(0, at, p, "amax")
        cand = torch.where(p == m[inv], level.unsqueeze(1).expand(n, K), torch.full_like(at, levels))
        ml = torch.full((ucell.numel(), K), levels, dtype=torch.int64).scatter_reduce(0, at, cand, "amin")
        # Levels arrive in order, so a strict > keeps ties at the smallest level across batches.
        better = m > best[ucell]
        best[ucell] = torch.where(better, m, best[ucell])
        best_level[ucell] = torch.where(better, ml, best_level[ucell])
        if max_passes is not None and passes >= max_passes and start + batch < total:
            complete = False
            break
    S = (255.0 * best_level.double() / (levels - 1) / 255.0).float()
    D = best - p0.unsqueeze(0)
    return S.t().reshape(K, rows, cols).contiguous(), D.t().reshape(K, rows, cols).contiguous(), passes, complete


def check_inputs(shape, lo, hi):
    """Deterministic inputs: a black image, a white one, and two uniform random ones."""
    rng = np.random.default_rng(0)
    C, H, W = shape
    xs = [np.full(shape, lo), np.full(shape, hi), *(lo + (hi - lo) * rng.random(shape) for _ in range(2))]
    return np.stack(xs).astype(np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("--levels", type=int, default=256)
    ap.add_argument("--threads", type=int, default=len(__import__("os").sched_getaffinity(0)))
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--block", type=int, default=1)
    ap.add_argument("--stride", type=int, default=1)
    ap.add_argument("--base", type=float, default=0)
    ap.add_argument("--input-range", default="0,1")
    ap.add_argument("--max-passes", type=int)
    ap.add_argument("--signature")
    ap.add_argument("--check-outputs")
    args = ap.parse_args()
    lo, hi = (float(v) for v in args.input_range.split(","))

    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    model = OnnxTorch(args.model)
    dims = onnx.load(args.model, load_external_data=False).graph.input
    dims = next(i for i in dims if i.name == model.input).type.tensor_type.shape.dim
    shape = tuple(int(d.dim_value) for d in dims[1:])
    load_seconds = time.perf_counter() - started
    rss_after_load = status_kb("VmRSS") or 0

    with torch.no_grad():
        if args.check_outputs:
            out = Path(args.check_outputs)
            out.mkdir(parents=True, exist_ok=True)
            xs = check_inputs(shape, lo, hi)
            np.save(out / "inputs.npy", xs)
            np.save(out / "outputs.npy", model(torch.from_numpy(xs)).numpy().astype(np.float32))
        started = time.perf_counter()
        S, D, passes, complete = sweep(model, shape, args.levels, args.threads, args.batch, args.block, args.stride,
                             args.base, (lo, hi), args.max_passes)
        seconds = time.perf_counter() - started

    if args.signature:
        out = Path(args.signature)
        out.mkdir(parents=True, exist_ok=True)
        np.save(out / "signature.npy", S.numpy())
        np.save(out / "delta.npy", D.numpy())
    json.dump({
        "stack": "pytorch", "torch": torch.__version__, "model": args.model, "shape": list(shape),
        "levels": args.levels, "threads": torch.get_num_threads(), "batch": args.batch, "block": args.block,
        "stride": args.stride, "complete": complete,
        "passes": passes, "seconds": seconds, "passesPerSecond": passes / seconds, "loadSeconds": load_seconds,
        "rssAfterLoadKB": rss_after_load, "peakRssKB": peak_rss_kb(),
        "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
