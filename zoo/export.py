"""ONNX export of a trained zoo model, and the onnxruntime cross-check.

The exported graph's input is the model's own view of an image: [N,C,H,W] or
[N,H,W,C] (the NHWC wrapper permutes inside the graph), values in the range
the model was trained on. Outputs are logits or, when a softmax is appended
inside the graph, probabilities. The batch dimension is dynamic ("N").

A conv-split model may fold its input convention into the graph (Preprocess):
then the graph's first ops are a Sub and/or a Div by constants on the input as
given (before the NHWC permute), and the network sees their result.
"""

import json
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn

OPSET = 13
ZOO = Path(__file__).resolve().parent
ORT_CHECK = ZOO / "ort-check.mjs"


class Preprocess(nn.Module):
    """(x - sub) / div with per-channel constants, as a torch preprocessing wrapper
    does; `layout` says where the channel axis of x is. sub or div may be None."""

    def __init__(self, sub, div, layout="NCHW"):
        super().__init__()
        shape = (1, 1, 1, -1) if layout == "NHWC" else (1, -1, 1, 1)
        const = (lambda v: None if v is None else torch.tensor(v, dtype=torch.float32).view(shape))
        self.register_buffer("sub", const(sub))
        self.register_buffer("div", const(div))

    def forward(self, x):
        if self.sub is not None:
            x = x - self.sub
        if self.div is not None:
            x = x / self.div
        return x


class Exported(nn.Module):
    """The trained network plus the export variant's layout and output wrappers
    (and, for conv-split models that fold their convention, its preprocessing)."""

    def __init__(self, core, layout, outputs, pre=None):
        super().__init__()
        self.core, self.nhwc, self.probs = core, layout == "NHWC", outputs == "probabilities"
        self.pre = pre

    def forward(self, x):
        if self.pre is not None:
            x = self.pre(x)
        if self.nhwc:
            x = x.permute(0, 3, 1, 2)
        y = self.core(x)
        return torch.softmax(y, dim=1) if self.probs else y


def to_layout(x_nchw, layout):
    return np.ascontiguousarray(x_nchw.transpose(0, 2, 3, 1)) if layout == "NHWC" else x_nchw


def export(core, variant, shape_chw, path, metadata):
    """Export to `path` (written via a temp file + rename) and return the wrapper."""
    pre = variant.get("preprocess")
    pre = None if pre is None else Preprocess(pre["sub"], pre["div"], variant["layout"])
    wrapped = Exported(core, variant["layout"], variant["outputs"], pre).eval()
    c, h, w = shape_chw
    dummy = torch.zeros((1, h, w, c) if variant["layout"] == "NHWC" else (1, c, h, w))
    tmp = Path(str(path) + ".tmp")
    torch.onnx.export(wrapped, dummy, str(tmp), opset_version=OPSET, do_constant_folding=True,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "N"}, "output": {0: "N"}})
    # metadata_props tell the scanner the input range etc. without meta.json
    # (conv-split models: only the zoo id).
    proto = onnx.load(str(tmp))
    for k, v in metadata.items():
        proto.metadata_props.append(onnx.StringStringEntryProto(key=k, value=v))
    proto.producer_name = "onepixel zoo/generate.py"
    onnx.checker.check_model(proto)
    onnx.save(proto, str(tmp))
    os.replace(tmp, path)
    return wrapped


def ort_max_abs_diff(path, x, expected):
    """Run `path` on x in onnxruntime-node; return max |ort - expected|.

    Raises RuntimeError if node or the check fails; the caller decides
    whether that rejects the model.
    """
    with tempfile.TemporaryDirectory(prefix="zoo-ort-") as d:
        xin, xexp = Path(d) / "in.f32", Path(d) / "exp.f32"
        np.ascontiguousarray(x, "<f4").tofile(xin)
        np.ascontiguousarray(expected, "<f4").tofile(xexp)
        res = subprocess.run(["node", str(ORT_CHECK), str(path), str(xin), json.dumps(list(x.shape)),
                              str(xexp)], capture_output=True, text=True, timeout=120)
        if res.returncode:
            raise RuntimeError(f"ort-check failed: {res.stderr.strip()[-500:]}")
        return float(json.loads(res.stdout.strip().splitlines()[-1])["maxAbsDiff"])
