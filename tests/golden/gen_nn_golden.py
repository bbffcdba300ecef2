#!/usr/bin/python3
"""Golden data for kiln's nn modules, losses and optimizers, from PyTorch (Debian python3-torch).

    /usr/bin/python3 tests/golden/gen_nn_golden.py [--out DIR]

Each case is one safetensors file in DIR (default tests/golden/nn), written here with the
standard library from the format's definition (so kiln's reader is checked against an
independent writer). Names inside a file:
    param.<state_dict name>   the module's weights before the case
    in.<k>                    inputs
    out.<k>                   outputs (forward)
    grad.in.<k> / grad.param.<name>   gradients of sum(out.0 * probe) (probe = in.probe)
    final.<name>              optimizer cases: weights after the steps
Metadata carries the case's settings (JSON-encoded values).
"""
import argparse
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
RNG = np.random.default_rng(7)
DTYPES = {np.dtype("float32"): "F32", np.dtype("float64"): "F64", np.dtype("int64"): "I64",
          np.dtype("bool"): "BOOL"}


def write_safetensors(path, tensors, metadata):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: json.dumps(v) for k, v in metadata.items()}
    for name, arr in tensors.items():
        arr = np.array(arr, order="C", copy=True)
        data = arr.tobytes()
        header[name] = {"dtype": DTYPES[arr.dtype], "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def rand(*shape, lo=-1.0, hi=1.0):
    return torch.tensor(RNG.uniform(lo, hi, size=shape).astype(np.float32))


def np_of(t):
    return t.detach().cpu().numpy()


CASES = {}


def module_case(name, module, inputs, metadata, forward=None, grad_inputs=True):
    """Forward, then gradients of sum(out * probe) for float inputs and parameters."""
    params = {k: np_of(v).copy() for k, v in module.state_dict().items()}
    ins = [x.clone().requires_grad_(grad_inputs and x.is_floating_point()) for x in inputs]
    out = forward(module, *ins) if forward else module(*ins)
    probe = rand(*out.shape)
    (out * probe).sum().backward()
    t = {f"param.{k}": v for k, v in params.items()}
    for i, x in enumerate(ins):
        t[f"in.{i}"] = np_of(x)
        if x.grad is not None:
            t[f"grad.in.{i}"] = np_of(x.grad)
    t["in.probe"] = np_of(probe)
    t["out.0"] = np_of(out)
    for k, p in module.named_parameters():
        if p.grad is not None:
            t[f"grad.param.{k}"] = np_of(p.grad)
    for k, b in module.named_buffers():
        t[f"buffer_after.{k}"] = np_of(b)
    CASES[name] = (t, metadata)


def loss_case(name, fn, inputs, metadata):
    ins = [x.clone().requires_grad_(x.is_floating_point() and i == 0) for i, x in enumerate(inputs)]
    out = fn(*ins)
    probe = rand(*out.shape) if out.dim() else torch.tensor(1.0)
    (out * probe).sum().backward()
    t = {f"in.{i}": np_of(x) for i, x in enumerate(ins)}
    t["in.probe"] = np_of(probe)
    t["out.0"] = np_of(out)
    t["grad.in.0"] = np_of(ins[0].grad)
    CASES[name] = (t, metadata)


def build():
    module_case("linear", nn.Linear(4, 3), [rand(2, 5, 4)], {"module": "Linear"})
    module_case("embedding", nn.Embedding(6, 3), [torch.tensor([[0, 5, 2], [2, 2, 1]])],
                {"module": "Embedding"})
    ln = nn.LayerNorm([4])
    with torch.no_grad():
        ln.weight.copy_(rand(4))
        ln.bias.copy_(rand(4))
    module_case("layer_norm", ln, [rand(2, 3, 4)], {"module": "LayerNorm"})
    bn = nn.BatchNorm2d(3)
    with torch.no_grad():
        bn.weight.copy_(rand(3, lo=0.5, hi=1.5))
        bn.bias.copy_(rand(3))
    module_case("batch_norm_train", bn, [rand(4, 3, 2, 2)], {"module": "BatchNorm2d"})
    bn_eval = nn.BatchNorm2d(3)
    with torch.no_grad():
        bn_eval.running_mean.copy_(rand(3))
        bn_eval.running_var.copy_(rand(3, lo=0.5, hi=2))
        bn_eval.weight.copy_(rand(3))
    bn_eval.eval()
    module_case("batch_norm_eval", bn_eval, [rand(2, 3, 2, 2)], {"module": "BatchNorm2d"})
    conv = nn.Conv2d(2, 4, 3, stride=1, padding=1)
    module_case("conv2d", conv, [rand(1, 2, 5, 5)], {"module": "Conv2d"})
    conv_g = nn.Conv2d(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)
    module_case("conv2d_groups", conv_g, [rand(2, 4, 6, 7)], {"module": "Conv2d"})
    module_case("max_pool2d", nn.MaxPool2d(3, 2, 1), [rand(2, 3, 7, 7)], {"module": "MaxPool2d"})
    module_case("avg_pool2d", nn.AvgPool2d(3, 2, 1), [rand(2, 3, 7, 7)], {"module": "AvgPool2d"})
    module_case("adaptive_avg_pool2d", nn.AdaptiveAvgPool2d((3, 2)), [rand(2, 3, 7, 5)],
                {"module": "AdaptiveAvgPool2d"})
    for bf in (False, True):
        mha = nn.MultiheadAttention(8, 2, batch_first=bf)
        q = rand(2, 3, 8)  # [L, N, E] or [N, L, E]
        n = 2 if bf else 3
        s = 3 if bf else 2
        kpm = torch.zeros(n, s, dtype=torch.bool)
        kpm[0, -1] = True
        module_case(f"mha_bf{int(bf)}", mha, [q, kpm],
                    {"module": "MultiheadAttention", "batch_first": bf},
                    forward=lambda m, x, mask: m(x, x, x, key_padding_mask=mask)[0])
    for act, nf in (("relu", False), ("gelu", True)):
        layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, activation=act, batch_first=True,
                                           norm_first=nf)
        layer.train()
        module_case(f"encoder_{act}", layer, [rand(2, 3, 8)],
                    {"module": "TransformerEncoderLayer", "activation": act, "norm_first": nf})

    # RMSNorm (torch 1.13 has no module: the definition, written out)
    class RMSNorm(nn.Module):
        def __init__(self, n, eps=1e-6):
            super().__init__()
            self.weight = nn.Parameter(rand(n, lo=0.5, hi=1.5))
            self.eps = eps

        def forward(self, x):
            return x * torch.rsqrt((x * x).mean(-1, keepdim=True) + self.eps) * self.weight
    module_case("rms_norm", RMSNorm(4), [rand(2, 3, 4)], {"module": "RMSNorm"})
    enc = nn.TransformerEncoder(
        nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True), 2,
        norm=nn.LayerNorm(8), enable_nested_tensor=False)
    enc.train()
    module_case("encoder_stack", enc, [rand(2, 3, 8)], {"module": "TransformerEncoder"})

    # A GPT-style block: pre-norm causal self-attention and a GELU MLP.
    class DecoderBlock(nn.Module):
        def __init__(self, d, h):
            super().__init__()
            self.ln_1 = nn.LayerNorm(d)
            self.attn = nn.MultiheadAttention(d, h, batch_first=True)
            self.ln_2 = nn.LayerNorm(d)
            self.fc = nn.Linear(d, 4 * d)
            self.proj = nn.Linear(4 * d, d)

        def forward(self, x):
            t = x.shape[1]
            mask = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
            h = self.ln_1(x)
            y = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
            return y + self.proj(F.gelu(self.fc(self.ln_2(y))))
    module_case("decoder_block", DecoderBlock(8, 2), [rand(2, 5, 8)], {"module": "DecoderBlock"})

    logits = rand(4, 5, lo=-3, hi=3)
    target = torch.tensor([1, 0, 4, 3])
    loss_case("ce_mean", lambda x, y: F.cross_entropy(x, y), [logits, target], {"loss": "ce"})
    tgt_ign = torch.tensor([1, -100, 4, 3])
    loss_case("ce_smooth_ignore",
              lambda x, y: F.cross_entropy(x, y, ignore_index=-100, label_smoothing=0.1),
              [logits, tgt_ign], {"loss": "ce", "label_smoothing": 0.1})
    loss_case("ce_none_spatial", lambda x, y: F.cross_entropy(x, y, reduction="none"),
              [rand(2, 3, 4), torch.tensor([[0, 2, 1, 1], [2, 2, 0, 1]])], {"loss": "ce"})
    probs = torch.softmax(rand(4, 5), -1)
    loss_case("ce_probs", lambda x, y: F.cross_entropy(x, y, label_smoothing=0.2),
              [logits, probs], {"loss": "ce", "label_smoothing": 0.2})
    loss_case("nll_sum", lambda x, y: F.nll_loss(x, y, reduction="sum"),
              [torch.log_softmax(logits, -1), target], {"loss": "nll"})
    a, b = rand(3, 4), rand(3, 4)
    loss_case("mse", lambda x, y: F.mse_loss(x, y), [a, b], {"loss": "mse"})
    loss_case("l1_sum", lambda x, y: F.l1_loss(x, y, reduction="sum"), [a, b], {"loss": "l1"})
    p = rand(3, 4, lo=0.05, hi=0.95)
    y01 = (rand(3, 4) > 0).float()
    loss_case("bce", lambda x, y: F.binary_cross_entropy(x, y), [p, y01], {"loss": "bce"})
    pw = rand(4, lo=0.5, hi=2)
    loss_case("bce_logits_pw",
              lambda x, y: F.binary_cross_entropy_with_logits(x, y, pos_weight=pw),
              [rand(3, 4, lo=-4, hi=4), y01], {"loss": "bce_logits"})
    CASES["bce_logits_pw"][0]["pos_weight"] = np_of(pw)

    # Optimizers: 20 steps on a small MLP with cross-entropy.
    x = rand(16, 6)
    y = torch.tensor(RNG.integers(0, 3, size=16))
    base = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 3))
    init = {k: v.clone() for k, v in base.state_dict().items()}
    configs = {
        "sgd": (torch.optim.SGD, dict(lr=0.1)),
        "sgd_momentum": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, dampening=0.1,
                                               weight_decay=0.01)),
        "sgd_nesterov": (torch.optim.SGD, dict(lr=0.05, momentum=0.9, nesterov=True)),
        "adam": (torch.optim.Adam, dict(lr=0.01, weight_decay=0.01)),
        "adamw": (torch.optim.AdamW, dict(lr=0.01)),
        "adamw_amsgrad": (torch.optim.AdamW, dict(lr=0.01, betas=(0.8, 0.99), amsgrad=True,
                                                  weight_decay=0.1)),
        "adam_clip_cosine": (torch.optim.Adam, dict(lr=0.02)),
    }
    for name, (cls, kw) in configs.items():
        model = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 3))
        model.load_state_dict(init)
        opt = cls(model.parameters(), **kw)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, 10) if "cosine" in name else None
        for _ in range(20):
            opt.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            if "clip" in name:
                torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
            opt.step()
            if sched:
                sched.step()
        t = {f"param.{k}": np_of(v) for k, v in init.items()}
        t.update({f"final.{k}": np_of(v) for k, v in model.state_dict().items()})
        t["in.0"] = np_of(x)
        t["in.1"] = y.numpy()
        meta = {"optimizer": cls.__name__, **{k: v for k, v in kw.items()}}
        CASES[f"optim_{name}"] = (t, meta)


def schedules():
    """Learning rates over 12 steps of StepLR, CosineAnnealingLR and LinearLR (warm-up)."""
    for name, make in (("step", lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5)),
                       ("cosine", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, 0.01)),
                       ("linear", lambda o: torch.optim.lr_scheduler.LinearLR(o, 0.25, 1.0, 4))):
        p = torch.nn.Parameter(torch.zeros(1))
        opt = torch.optim.SGD([p], lr=0.1)
        sched = make(opt)
        lrs = [opt.param_groups[0]["lr"]]
        for _ in range(12):
            opt.step()
            sched.step()
            lrs.append(opt.param_groups[0]["lr"])
        CASES[f"lr_{name}"] = ({"lrs": np.array(lrs, dtype=np.float64)}, {"schedule": name})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "nn"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    for f in os.listdir(args.out):
        if f.endswith(".safetensors"):
            os.remove(os.path.join(args.out, f))
    build()
    schedules()
    for name, (t, meta) in CASES.items():
        write_safetensors(os.path.join(args.out, name + ".safetensors"), t,
                          {"torch": torch.__version__, **meta})
    print(f"wrote {len(CASES)} cases to {args.out}")


if __name__ == "__main__":
    main()
