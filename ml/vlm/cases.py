"""Held-out cases for the app-level generator eval (scripts/eval-generator.ts): the same TEST-split conversations
as `ml.vlm.evaluate` draws (same generator and seed), written with the product photo as the catalogue shows it.

    python -m ml.vlm.cases [--out data/vlm-eval] [--describe 500] [--plans 200] [--grounded 200]

Writes <out>/cases.jsonl (one case per line: kind, lang, user text, image file or null, expected answer, meta) and
<out>/images/<test index>-<colour>.png (112 px, the display rendering: tint at 28 px, bilinear up).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from . import data as D
from .products import CATEGORIES, COLOURS


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(D.E.REPO_ROOT / "data" / "vlm-eval"))
    ap.add_argument("--describe", type=int, default=500, help="test images per language")
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--grounded", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    out = Path(args.out)
    (out / "images").mkdir(parents=True, exist_ok=True)
    idx, cat, col = D.test_table()
    gen = D.InstructionGenerator("test", idx, cat, col, args.seed)
    rows = iter(torch.randperm(len(idx), generator=torch.Generator().manual_seed(args.seed)).tolist())
    convs = ([("describe", gen.image_conversation(next(rows), ["describe"], "en")) for _ in range(args.describe)] +
             [("describe", gen.image_conversation(next(rows), ["describe"], "zh")) for _ in range(args.describe)] +
             [("plan", gen.image_conversation(next(rows), ["plan"])) for _ in range(args.plans)] +
             [("grounded", gen.image_conversation(next(rows), ["grounded"])) for _ in range(args.grounded // 2)] +
             [("grounded", gen.text_conversation()) for _ in range(args.grounded - args.grounded // 2)])
    gray, _ = D.E.load_split("test")
    lines = []
    for kind, c in convs:
        image = None
        if c.image is not None:
            i, k = int(idx[c.image]), int(col[c.image])
            image = f"images/{i:05d}-{COLOURS[k]['id']}.png"
            if not (out / image).exists():
                t = D.E.to_display_torch(D.E.tint_torch(torch.from_numpy(gray[[i]]), torch.tensor([k])))
                Image.fromarray(t[0].permute(1, 2, 0).numpy().astype(np.uint8)).save(out / image)
        user = c.messages[0]["content"]
        text = user if isinstance(user, str) else next(p["text"] for p in user if p["type"] == "text")
        meta = dict(c.meta[0])
        if kind == "describe":
            meta = {"category": CATEGORIES[meta["cat"]]["id"], "colour": COLOURS[meta["col"]]["id"],
                    # the answer's language (a Chinese prompt may ask for English)
                    "lang": "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in c.messages[1]["content"]) else "en"}
        lines.append(json.dumps({"kind": kind, "text": text, "image": image,
                                 "expected": c.messages[1]["content"], "meta": meta}, ensure_ascii=False))
    (out / "cases.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} cases to {out}")


if __name__ == "__main__":
    main()
