"""Train, evaluate and export the photo category classifier (models/category-mini).

    python -m ml.category.train [--out models/category-mini] [--epochs 16]

Why a second model: a shopper's query photo is searched among its visual neighbours within the category the
photo shows, so search precision is bound by how well the photo's category is read. ECLIP-mini's zero-shot
reading of a product photo is right for 0.89 of test-split photos, and a linear probe on its vectors does no
better (README "Photo queries"); a small convolutional network trained for this one question reads it better.
Visual search systems commonly predict the query photo's category with such a classifier before retrieving.

The network takes exactly ECLIP-mini's pixel input (112 px, the same preprocessor_config.json), so the search API's
image decoder prepares a photo for both the same way. It first averages each 4x4 block, which brings a 112 px
display image back to the 28 px grid of the garment it was drawn from, then runs the CNN teacher's architecture
(ml/eclip/teacher.py: two conv blocks and a dense head) on the three colour channels; in eval mode (and so in the
ONNX graph) it averages the logits of the photo and its mirror image. Training data: the Fashion-MNIST TRAIN split
drawn as shop photos (random colour tint, 112 px display image), each tinted garment flipped at random and shifted
by up to 2 px, minus the same 2,000 held-out rows ECLIP-mini's training keeps for validation. The TEST split is only
evaluated on.

Writes <out>/config.json (labels are the category ids), model.safetensors, preprocessor_config.json,
onnx/model.onnx, metrics.json. Exits non-zero when ONNX and PyTorch logits differ by more than --tol.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from ml.eclip import data as D
from ml.eclip.export import preprocessor_config
from ml.eclip.teacher import SmallCnn, jitter

torch.set_num_threads(2)
OPSET = 17
SOURCE_SIDE = 28


class CategoryCnn(torch.nn.Module):
    """pixel_values [B, 3, 112, 112] (CLIP-normalised) -> category logits [B, 10]."""

    def __init__(self):
        super().__init__()
        self.pool = torch.nn.AvgPool2d(D.IMAGE_SIZE // SOURCE_SIDE)
        self.cnn = SmallCnn(D.N_CAT, in_channels=3)

    def forward(self, pixel_values: torch.Tensor) -> torch.Tensor:
        x = self.pool(pixel_values)
        logits = self.cnn(x)
        return logits if self.training else 0.5 * (logits + self.cnn(x.flip(-1)))


def shop_photos(tinted28: torch.Tensor) -> torch.Tensor:
    """Tinted 28 px garments [B, 3, 28, 28] as the catalog draws them: model input [B, 3, 112, 112]."""
    return D.to_model_input_torch(D.to_display_torch(tinted28))


def tinted(gray: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    return D.tint_torch(gray, torch.randint(0, D.N_COL, (len(gray),), generator=gen))


@torch.no_grad()
def accuracy(model: CategoryCnn, gray: np.ndarray, labels: np.ndarray, seed: int, bs: int = 500) -> float:
    model.eval()
    gen = torch.Generator().manual_seed(seed)
    right = 0
    for i in range(0, len(labels), bs):
        px = shop_photos(tinted(torch.from_numpy(gray[i:i + bs]), gen))
        right += int((model(px).argmax(1).numpy() == labels[i:i + bs]).sum())
    model.train()
    return right / len(labels)


def export(model: CategoryCnn, out: Path, tol: float) -> float:
    import onnxruntime as ort
    model.eval()
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    ids = [c["id"] for c in D.CATEGORIES]
    config = {"architectures": ["CategoryCnn"], "model_type": "shoplens-category-cnn",
              "num_labels": D.N_CAT, "id2label": {str(i): c for i, c in enumerate(ids)},
              "label2id": {c: i for i, c in enumerate(ids)},
              "source": "ml/category/train.py (input: ECLIP-mini's pixel_values; output: logits)"}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(out / "model.safetensors"))
    (out / "preprocessor_config.json").write_text(json.dumps(
        {k: v for k, v in preprocessor_config().items() if k != "processor_class"}, indent=2) + "\n")
    gray, _ = D.load_split("test")
    px = shop_photos(tinted(torch.from_numpy(gray[:16]), torch.Generator().manual_seed(0)))
    path = out / "onnx" / "model.onnx"
    with torch.no_grad():
        torch.onnx.export(model, (px,), str(path), input_names=["pixel_values"], output_names=["logits"],
                          dynamic_axes={"pixel_values": {0: "batch_size"}, "logits": {0: "batch_size"}},
                          opset_version=OPSET, do_constant_folding=True, dynamo=False)
        ref = model(px).numpy()
    got = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"]).run(None, {"pixel_values": px.numpy()})[0]
    diff = float(np.abs(got - ref).max())
    if diff > tol:
        raise SystemExit(f"ONNX logits differ from PyTorch by {diff:.2e} (> {tol:.0e})")
    return diff


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(D.REPO_ROOT / "models" / "category-mini"))
    ap.add_argument("--epochs", type=float, default=16)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--val-size", type=int, default=2000, help="held-out TRAIN rows (ECLIP-mini's split)")
    ap.add_argument("--max-steps", type=int, default=0, help="stop early (smoke test)")
    ap.add_argument("--tol", type=float, default=1e-4)
    args = ap.parse_args()

    t0 = time.time()
    random.seed(args.seed); np.random.seed(args.seed); torch.manual_seed(args.seed)
    gray, labels = D.load_split("train")
    perm = np.random.default_rng(args.seed).permutation(len(labels))      # as ml.eclip.train splits
    val_idx, tr_idx = perm[: args.val_size], perm[args.val_size:]
    tr_gray, tr_lab = torch.from_numpy(gray[tr_idx]), torch.from_numpy(labels[tr_idx]).long()

    model = CategoryCnn()
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    per_epoch = len(tr_idx) // args.batch_size
    total = int(args.epochs * per_epoch)
    if args.max_steps:
        total = min(total, args.max_steps)
    warmup = max(1, int(0.15 * total))
    gen = torch.Generator().manual_seed(args.seed)
    print(json.dumps({"params": sum(p.numel() for p in model.parameters()), "steps": total}), flush=True)
    step, run_loss, tl = 0, 0.0, time.time()
    while step < total:
        order = torch.randperm(len(tr_idx), generator=gen)
        for b in range(per_epoch):
            if step >= total:
                break
            lr = args.lr * min((step + 1) / warmup, 0.5 * (1 + math.cos(math.pi * (step - warmup) / (total - warmup))))
            for g in opt.param_groups:
                g["lr"] = lr
            bi = order[b * args.batch_size:(b + 1) * args.batch_size]
            with torch.no_grad():
                px = shop_photos(jitter(tinted(tr_gray[bi], gen), gen, fill=255.0))   # white background
            loss = F.cross_entropy(model(px), tr_lab[bi], label_smoothing=0.1)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            run_loss = 0.98 * run_loss + 0.02 * loss.item() if step else loss.item()
            step += 1
            if step % 100 == 0 or step == total:
                rec = {"step": step, "epoch": round(step / per_epoch, 2), "loss": round(run_loss, 4),
                       "lr": round(lr, 6), "img_s": round(100 * args.batch_size / (time.time() - tl), 1),
                       "elapsed_s": round(time.time() - t0, 1)}
                tl = time.time()
                if step % per_epoch < 100 or step == total:
                    rec["val_acc"] = round(accuracy(model, gray[val_idx], labels[val_idx], seed=0), 4)
                print(json.dumps(rec), flush=True)
    train_s = time.time() - t0
    test_gray, test_lab = D.load_split("test")
    metrics = {"test_accuracy": round(accuracy(model, test_gray, test_lab, seed=1), 4),
               "val_accuracy": round(accuracy(model, gray[val_idx], labels[val_idx], seed=0), 4),
               "steps": step, "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
               "weight_decay": args.weight_decay, "seed": args.seed, "train_wall_s": round(train_s, 1)}
    metrics["onnx_max_abs_diff"] = export(model, Path(args.out), args.tol)
    (Path(args.out) / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n")
    print(json.dumps(metrics), flush=True)


if __name__ == "__main__":
    main()
