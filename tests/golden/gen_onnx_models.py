#!/usr/bin/python3
"""Writes the small ONNX models kiln's tests import, with inputs and PyTorch's outputs.

    /usr/bin/python3 tests/golden/gen_onnx_models.py            # -> tests/golden/onnx/
    /usr/bin/python3 tests/golden/gen_onnx_models.py --large DIR  # ResNet-18, MobileNetV2 too

Debian's python3-torch (1.13) exports; python3-onnx (1.12) builds the hand-made models. Each
model NAME.onnx comes with NAME.in_K.npy / NAME.out_K.npy (and, for models exported with
dynamic axes, NAME.b.in_K.npy / NAME.b.out_K.npy at a second size). The test suite needs no
Python: these files are committed.
"""
import argparse
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper

torch.manual_seed(0)
np.random.seed(0)


def save_case(out, name, model, inputs, suffix=""):
    res = model(*inputs)
    if not isinstance(res, (tuple, list)):
        res = (res,)
    for k, x in enumerate(inputs):
        np.save(os.path.join(out, f"{name}{suffix}.in_{k}.npy"), x.numpy())
    for k, y in enumerate(res):
        np.save(os.path.join(out, f"{name}{suffix}.out_{k}.npy"), y.detach().numpy())


def export(out, name, model, inputs, names, dynamic=None, opset=13, second=None):
    model.eval()
    path = os.path.join(out, f"{name}.onnx")
    # With grad enabled: under no_grad, TransformerEncoder takes its fused fast path, which
    # does not export.
    torch.onnx.export(model, tuple(inputs), path, input_names=names, output_names=["out"],
                      dynamic_axes=dynamic, opset_version=opset, do_constant_folding=True)
    save_case(out, name, model, inputs)
    if second is not None:
        save_case(out, name, model, second, ".b")


class GPT(torch.nn.Module):
    """A small GPT-style decoder: token and position embeddings (Gather, Range), a causal mask
    built with triu and where, pre-norm blocks with erf GELU, and a tied LM head."""

    def __init__(self, vocab=50, d=32, heads=4, layers=2, ctx=16):
        super().__init__()
        self.tok = torch.nn.Embedding(vocab, d)
        self.pos = torch.nn.Embedding(ctx, d)
        self.blocks = torch.nn.ModuleList()
        for _ in range(layers):
            self.blocks.append(torch.nn.ModuleDict(dict(
                ln1=torch.nn.LayerNorm(d), qkv=torch.nn.Linear(d, 3 * d),
                proj=torch.nn.Linear(d, d), ln2=torch.nn.LayerNorm(d),
                fc=torch.nn.Linear(d, 4 * d), out=torch.nn.Linear(4 * d, d))))
        self.ln = torch.nn.LayerNorm(d)
        self.heads = heads

    def forward(self, ids):
        b, t = ids.shape
        pos = torch.arange(t, device=ids.device)
        x = self.tok(ids) + self.pos(pos)
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), diagonal=1)
        h, d = self.heads, x.shape[-1] // self.heads
        for blk in self.blocks:
            q, k, v = blk["qkv"](blk["ln1"](x)).split(x.shape[-1], dim=-1)
            q = q.reshape(b, t, h, d).transpose(1, 2)
            k = k.reshape(b, t, h, d).transpose(1, 2)
            v = v.reshape(b, t, h, d).transpose(1, 2)
            att = (q @ k.transpose(-2, -1)) / (d ** 0.5)
            att = torch.where(causal, torch.tensor(float("-inf")), att).softmax(-1)
            y = (att @ v).transpose(1, 2).reshape(b, t, h * d)
            x = x + blk["proj"](y)
            x = x + blk["out"](torch.nn.functional.gelu(blk["fc"](blk["ln2"](x))))
        return self.ln(x) @ self.tok.weight.t()


class CNN(torch.nn.Module):
    """ResNet-like: conv-bn-relu, max pool, a residual block, global average pool, linear."""

    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, 2, 1, bias=False),
                                        torch.nn.BatchNorm2d(8), torch.nn.ReLU(),
                                        torch.nn.MaxPool2d(3, 2, 1))
        self.block = torch.nn.Sequential(torch.nn.Conv2d(8, 8, 3, 1, 1, bias=False),
                                         torch.nn.BatchNorm2d(8), torch.nn.ReLU6(),
                                         torch.nn.Conv2d(8, 8, 3, 1, 1, groups=8))
        self.fc = torch.nn.Linear(8, 5)

    def forward(self, x):
        x = self.stem(x)
        x = torch.relu(x + self.block(x))
        return self.fc(torch.flatten(torch.nn.functional.adaptive_avg_pool2d(x, 1), 1))


def randomize_bn(model):
    """Non-trivial BatchNorm statistics, so outputs depend on them."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.uniform_(-0.5, 0.5)


def reestimate_bn(model, shape, batches=4):
    """BatchNorm statistics estimated on random inputs (a cumulative average), so activations
    keep their scale through deep networks and outputs depend on the input."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.reset_running_stats()
            m.momentum = None
    model.train()
    with torch.no_grad():
        for _ in range(batches):
            model(torch.randn(*shape))
    model.eval()


def hand_made(out):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 3])
    det = helper.make_node("Det", ["x"], ["y"], name="det_node")
    m = helper.make_model(helper.make_graph([det], "unsupported", [x], [y]),
                          opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(m, os.path.join(out, "unsupported_op.onnx"))
    # Pads that are not 'constant' mode: an unsupported attribute value.
    pad = helper.make_node("Pad", ["x", "p"], ["y"], mode="reflect", name="pad_node")
    p = helper.make_tensor("p", TensorProto.INT64, [4], [0, 1, 0, 1])
    m = helper.make_model(helper.make_graph([pad], "bad_attr", [x], [y], [p]),
                          opset_imports=[helper.make_opsetid("", 13)])
    onnx.save(m, os.path.join(out, "unsupported_attr.onnx"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "onnx"))
    ap.add_argument("--large", default=None,
                    help="also export ResNet-18, MobileNetV2 and B10's models here")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)

    enc = torch.nn.TransformerEncoder(
        torch.nn.TransformerEncoderLayer(32, 4, 64, dropout=0.0, batch_first=True), 2)
    x = torch.randn(2, 7, 32)
    x2 = torch.randn(3, 5, 32)
    export(a.out, "transformer", enc, [x], ["x"])
    export(a.out, "transformer_ln17", enc, [x], ["x"], opset=17)
    export(a.out, "transformer_dyn", enc, [x], ["x"], {"x": {0: "batch", 1: "seq"}},
           second=[x2])

    gpt = GPT()
    ids = torch.randint(0, 50, (2, 9))
    ids2 = torch.randint(0, 50, (1, 13))
    export(a.out, "gpt", gpt, [ids], ["ids"], opset=14)
    export(a.out, "gpt_dyn", gpt, [ids], ["ids"], {"ids": {0: "batch", 1: "seq"}}, opset=14,
           second=[ids2])

    cnn = CNN()
    randomize_bn(cnn)
    img = torch.randn(2, 3, 32, 32)
    export(a.out, "cnn", cnn, [img], ["image"])
    # The same weights in a side file (external data).
    ext_dir = os.path.join(a.out, "cnn_external")
    os.makedirs(ext_dir, exist_ok=True)
    m = onnx.load(os.path.join(a.out, "cnn.onnx"))
    onnx.save_model(m, os.path.join(ext_dir, "cnn.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="cnn.weights", size_threshold=0)
    hand_made(a.out)

    if a.large:
        import torchvision
        os.makedirs(a.large, exist_ok=True)
        img = torch.randn(1, 3, 224, 224)
        img2 = torch.randn(2, 3, 224, 224)
        for name, ctor in (("resnet18", torchvision.models.resnet18),
                           ("mobilenet_v2", torchvision.models.mobilenet_v2)):
            net = ctor()
            reestimate_bn(net, (8, 3, 224, 224))
            export(a.large, name, net, [img], ["image"])
            export(a.large, name + "_dyn", net, [img], ["image"], {"image": {0: "batch"}},
                   second=[img2])
        # B10's sizes (bench/onnx.sh): B4's encoder shape, and a 4-layer GPT at 128 tokens.
        enc = torch.nn.TransformerEncoder(
            torch.nn.TransformerEncoderLayer(256, 4, 1024, dropout=0.0, batch_first=True), 2)
        export(a.large, "transformer_b10", enc, [torch.randn(8, 128, 256)], ["x"])
        gpt = GPT(vocab=1000, d=256, heads=4, layers=4, ctx=128)
        export(a.large, "gpt_b10", gpt, [torch.randint(0, 1000, (4, 128))], ["ids"], opset=14)


if __name__ == "__main__":
    main()
