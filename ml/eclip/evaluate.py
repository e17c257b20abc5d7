"""Evaluate ECLIP-mini on the Fashion-MNIST TEST split (10k products: every test image, seeded random
colour and brand), in PyTorch and on the exported ONNX files (onnxruntime).

    python -m ml.eclip.evaluate [--model models/eclip-mini] [--backends pytorch,onnx,onnx_quantized]

Writes <model>/metrics.json and prints a table. If the int8 (_quantized) ONNX files lose more than
1 point on any metric versus fp32 ONNX they are deleted (unless --keep-quantized).
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch

from . import data as D
from . import tokenizer as T

torch.set_num_threads(2)
SEED = 1234
TARGETS = {"category_acc": 0.88, "colour_acc": 0.95, "p@10_en": 0.90,
           "p@10_zh": "within 0.03 of p@10_en", "p@10_synonyms": "within 0.05 of p@10_en"}


def l2n(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=-1, keepdims=True)


class TorchBackend:
    def __init__(self, model_dir: Path):
        from transformers import CLIPModel
        self.m = CLIPModel.from_pretrained(model_dir).eval()

    @torch.no_grad()
    def text(self, ids: np.ndarray) -> np.ndarray:
        t = torch.from_numpy(ids)
        mask = (t != T.PAD_ID).long()
        return self.m.text_projection(self.m.text_model(input_ids=t, attention_mask=mask).pooler_output).numpy()

    @torch.no_grad()
    def image(self, px: np.ndarray) -> np.ndarray:
        return self.m.visual_projection(self.m.vision_model(pixel_values=torch.from_numpy(px)).pooler_output).numpy()


class OnnxBackend:
    def __init__(self, model_dir: Path, suffix: str = ""):
        import onnxruntime as ort
        so = ort.SessionOptions()
        so.intra_op_num_threads = 2
        self.t = ort.InferenceSession(str(model_dir / "onnx" / f"text_model{suffix}.onnx"), so, providers=["CPUExecutionProvider"])
        self.v = ort.InferenceSession(str(model_dir / "onnx" / f"vision_model{suffix}.onnx"), so, providers=["CPUExecutionProvider"])

    def text(self, ids: np.ndarray) -> np.ndarray:
        return self.t.run(["text_embeds"], {"input_ids": ids.astype(np.int64)})[0]

    def image(self, px: np.ndarray) -> np.ndarray:
        return self.v.run(["image_embeds"], {"pixel_values": px.astype(np.float32)})[0]


def embed_texts(backend, tok, texts, bs=256):
    out = []
    for i in range(0, len(texts), bs):
        ids, _ = T.encode_batch(tok, texts[i:i + bs])
        out.append(backend.text(ids.numpy()))
    return l2n(np.concatenate(out))


def catalog_pixels(cat: D.TestCatalog, lo: int, hi: int) -> np.ndarray:
    """Display images exactly as the shop shows them (tint at 28, PIL bilinear to 112), then the processor."""
    ims = [D.display_image(cat.gray[i], D.COLOURS[cat.col[i]]["rgb"]) for i in range(lo, hi)]
    return D.preprocess_pil(ims).numpy()


def retrieval(img: np.ndarray, q: np.ndarray, qcat, qcol, cat, col, k=10):
    sims = q @ img.T                                           # [Q, N]
    top = np.argsort(-sims, axis=1)[:, :k]
    good = (cat[top] == np.asarray(qcat)[:, None]) & (col[top] == np.asarray(qcol)[:, None])
    return good.mean(1), good.any(1)


def evaluate_backend(backend, tok, cat: D.TestCatalog, img: np.ndarray) -> dict:
    res = {}
    lab, col = cat.cat, cat.col
    # zero-shot category / colour from text prompts (English names; Chinese names reported too)
    for lang, key in (("en", "en"), ("zh", "zh")):
        names = [c[key].lower() if lang == "en" else c[key] for c in D.CATEGORIES]
        res[f"category_acc_{lang}"] = float(((img @ embed_texts(backend, tok, names).T).argmax(1) == lab).mean())
        cnames = [c[key] for c in D.COLOURS]
        res[f"colour_acc_{lang}"] = float(((img @ embed_texts(backend, tok, cnames).T).argmax(1) == col).mean())
    res["category_acc"] = res["category_acc_en"]
    # secondary: prompt ensemble (mean embedding of every en+zh name/synonym of a category)
    ens = []
    for c in D.CATEGORIES:
        names = sorted({c["en"].lower(), *[x.lower() for x in c["en_synonyms"]], c["zh"], *c["zh_synonyms"]})
        ens.append(l2n(embed_texts(backend, tok, names).mean(0)))
    res["category_acc_ensemble"] = float(((img @ np.stack(ens).T).argmax(1) == lab).mean())
    res["colour_acc"] = res["colour_acc_en"]
    combos = [(k, c) for k in range(D.N_CAT) for c in range(D.N_COL)]
    qk, qc = [k for k, _ in combos], [c for _, c in combos]
    joint = (img @ embed_texts(backend, tok, [D.query_en(k, c) for k, c in combos]).T).argmax(1)
    res["joint_acc_en"] = float(((joint // D.N_COL == lab) & (joint % D.N_COL == col)).mean())
    res["category_acc_from_joint_prompts"] = float((joint // D.N_COL == lab).mean())
    for name, texts in (("en", [D.query_en(k, c) for k, c in combos]), ("zh", [D.query_zh(k, c) for k, c in combos])):
        p, h = retrieval(img, embed_texts(backend, tok, texts), qk, qc, lab, col)
        res[f"p@10_{name}"], res[f"hit@10_{name}"] = float(p.mean()), float(h.mean())
    syn, sk, sc = [], [], []
    for k, c in combos:
        for s in D.query_synonyms(k, c):
            syn.append(s); sk.append(k); sc.append(c)
    p, h = retrieval(img, embed_texts(backend, tok, syn), sk, sc, lab, col)
    res["p@10_synonyms"], res["hit@10_synonyms"] = float(p.mean()), float(h.mean())
    res["n_synonym_queries"] = len(syn)
    per_cat = {}
    pred = (img @ embed_texts(backend, tok, [c["en"].lower() for c in D.CATEGORIES]).T).argmax(1)
    for k in range(D.N_CAT):
        per_cat[D.CATEGORIES[k]["id"]] = round(float((pred[lab == k] == k).mean()), 4)
    res["category_acc_per_class"] = per_cat
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in res.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(D.REPO_ROOT / "models" / "eclip-mini"))
    ap.add_argument("--backends", default="pytorch,onnx,onnx_quantized")
    ap.add_argument("--keep-quantized", action="store_true")
    ap.add_argument("--limit", type=int, default=0, help="smoke test on the first N test products (no metrics.json)")
    args = ap.parse_args()
    mdir = Path(args.model)
    tok = T.load_tokenizer(mdir / "tokenizer.json")
    cat = D.test_catalog(SEED)
    if args.limit:
        cat = D.TestCatalog(cat.gray[: args.limit], cat.cat[: args.limit], cat.col[: args.limit], cat.brand[: args.limit])
    t0 = time.time()
    chunks = [(i, min(i + 1000, len(cat.cat))) for i in range(0, len(cat.cat), 1000)]
    pixels = [catalog_pixels(cat, lo, hi) for lo, hi in chunks]
    print(f"built {len(cat.cat)} test display images in {time.time() - t0:.1f}s", flush=True)

    results, timing = {}, {}
    for name in args.backends.split(","):
        if name == "onnx_quantized" and not (mdir / "onnx" / "text_model_quantized.onnx").exists():
            continue
        backend = TorchBackend(mdir) if name == "pytorch" else OnnxBackend(mdir, "_quantized" if name == "onnx_quantized" else "")
        t1 = time.time()
        img = l2n(np.concatenate([backend.image(px) for px in pixels]))
        timing[name] = {"image_embed_per_s": round(len(img) / (time.time() - t1), 1)}
        results[name] = evaluate_backend(backend, tok, cat, img)
        results[name]["_images"] = img
        print(f"{name}: done", flush=True)

    agree = {}
    if "pytorch" in results and "onnx" in results:
        agree["max_abs_image_embed_diff_normalised"] = float(np.abs(results["pytorch"]["_images"] - results["onnx"]["_images"]).max())
    quant_note = None
    if "onnx_quantized" in results and "onnx" in results:
        keys = ["category_acc", "colour_acc", "p@10_en", "p@10_zh", "p@10_synonyms"]
        worst = max(results["onnx"][k] - results["onnx_quantized"][k] for k in keys)
        kept = worst <= 0.01 or args.keep_quantized or bool(args.limit)
        quant_note = {"max_drop_vs_fp32": round(worst, 4), "kept": kept}
        if not kept:
            for f in ("text_model_quantized.onnx", "vision_model_quantized.onnx"):
                (mdir / "onnx" / f).unlink(missing_ok=True)
    for r in results.values():
        r.pop("_images")

    metrics = {
        "split": "Fashion-MNIST test (t10k), evaluation only", "n_products": int(len(cat.cat)),
        "catalog": f"every test image; colour and brand drawn with numpy default_rng({SEED})",
        "prompts": {"category": "English category name, e.g. 'dress' (zh: '连衣裙')",
                    "colour": "colour name, e.g. 'red' (zh: '红色')",
                    "category_ensemble": "mean embedding of all en+zh names/synonyms of the category (secondary)",
                    "category_from_joint_prompts": "category of the best of the 100 '<colour> <category>' prompts (secondary)",
                    "retrieval_en": "'<colour> <category>', e.g. 'red dress' (100 queries)",
                    "retrieval_zh": "'<颜色><类别>', e.g. '红色连衣裙' (100 queries)",
                    "retrieval_synonyms": "every non-primary synonym: en/zh category synonyms and colour synonyms"},
        "p@10": "fraction of the top-10 products with both colour and category right, mean over queries; "
                "hit@10 = fraction of queries with at least one right product in the top 10",
        "targets": TARGETS, "results": results, "agreement": agree, "quantized": quant_note, "timing": timing,
    }
    if not args.limit:
        (mdir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    keys = ["category_acc", "category_acc_zh", "category_acc_ensemble", "category_acc_from_joint_prompts", "colour_acc", "colour_acc_zh", "joint_acc_en", "p@10_en", "hit@10_en",
            "p@10_zh", "hit@10_zh", "p@10_synonyms", "hit@10_synonyms"]
    names = list(results)
    print(f"{'metric':34s}" + "".join(f"{n:>16s}" for n in names) + f"{'target':>26s}")
    for k in keys:
        print(f"{k:34s}" + "".join(f"{results[n][k]:16.4f}" for n in names) + f"{str(TARGETS.get(k, '')):>26s}")
    print("agreement:", agree, "quantized:", quant_note)
    print(f"wrote {mdir / 'metrics.json'} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
