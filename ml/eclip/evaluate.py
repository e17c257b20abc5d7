"""Evaluate ECLIP-mini on the Fashion-MNIST TEST split (10k products: every test image, seeded random
colour and brand), in PyTorch and on the exported ONNX files (onnxruntime).

    python -m ml.eclip.evaluate [--model models/eclip-mini] [--backends pytorch,onnx,onnx_quantized]

Writes <model>/metrics.json and prints a table. If the int8 (_quantized) ONNX files lose more than
1 point on any metric versus fp32 ONNX they are deleted (unless --keep-quantized).

Secondary (no target): zero-shot category / colour accuracy, same prompts, on review-photo-style images:
`*_review_style` on --review-style-n test images through data.augment_review_style (fixed seed, the five kinds
equally often), and `*_review_photos` on the generator's own relevant review photos of held-out test-split
products (--review-photos, default data/reviews-heldout when it exists; built by `npm run eval:review-photos`).
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


REVIEW_STYLE_SEED = 4321


def review_style_set(cat: D.TestCatalog, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """n seeded test products as review-style photos (kind i % 5, so each kind equally often).
    Returns model pixels, category, colour, kind index."""
    n = min(n, len(cat.cat))
    idx = np.sort(np.random.default_rng(REVIEW_STYLE_SEED).choice(len(cat.cat), n, replace=False))
    gray, col = torch.from_numpy(cat.gray[idx]), torch.from_numpy(np.asarray(cat.col[idx]))
    kind = torch.arange(n) % len(D.REVIEW_KINDS)
    gen = torch.Generator().manual_seed(REVIEW_STYLE_SEED)
    photos = D.augment_review_style(D.to_display_torch(D.tint_torch(gray, col)), gen, D.coverage_torch(gray), kind)
    return D.to_model_input_torch(photos).numpy(), cat.cat[idx], np.asarray(cat.col[idx]), kind.numpy()


def review_photo_set(root: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """The demo-catalogue generator's relevant review photos (reviews.jsonl + products.jsonl under root):
    model pixels, the product's category and colour, kind index. None when root has no reviews."""
    from PIL import Image
    if not (root / "reviews.jsonl").exists():
        return None
    cat_of = {c["id"]: c["label"] for c in D.CATEGORIES}
    prods = {}
    for line in (root / "products.jsonl").read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        prods[p["id"]] = (cat_of[p["category"]], D.COLOUR_INDEX[p["colour"]])
    ims, lab, col, kind = [], [], [], []
    for line in (root / "reviews.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        for ph in r["photos"]:
            if ph["relevant"]:
                ims.append(Image.open(root / ph["file"]))
                lab.append(prods[r["product_id"]][0]); col.append(prods[r["product_id"]][1])
                kind.append(D.REVIEW_KINDS.index(ph["kind"]))
    if not ims:
        return None
    return D.preprocess_pil(ims).numpy(), np.array(lab), np.array(col), np.array(kind)


def photo_accuracy(backend, tok, img: np.ndarray, lab, col, kind, name: str) -> dict:
    """Zero-shot category and colour accuracy (the English prompts of category_acc / colour_acc), per kind too."""
    pred = (img @ embed_texts(backend, tok, [c["en"].lower() for c in D.CATEGORIES]).T).argmax(1)
    cpred = (img @ embed_texts(backend, tok, [c["en"] for c in D.COLOURS]).T).argmax(1)
    ok = pred == lab
    return {f"category_acc_{name}": round(float(ok.mean()), 4),
            f"colour_acc_{name}": round(float((cpred == col).mean()), 4),
            f"category_acc_{name}_per_kind": {k: round(float(ok[kind == i].mean()), 4)
                                              for i, k in enumerate(D.REVIEW_KINDS) if (kind == i).any()},
            f"n_{name}": int(len(lab))}


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
    ap.add_argument("--review-style-n", type=int, default=2000, help="test images for category_acc_review_style; 0 = skip")
    ap.add_argument("--review-photos", default=str(D.REPO_ROOT / "data" / "reviews-heldout"),
                    help="generator review photos for category_acc_review_photos (skipped when absent; '' = skip)")
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
    photo_sets = {}
    if args.review_style_n > 0:
        photo_sets["review_style"] = review_style_set(cat, args.review_style_n)
    if args.review_photos:
        rp = review_photo_set(Path(args.review_photos))
        if rp is not None:
            photo_sets["review_photos"] = rp if not args.limit else tuple(x[: args.limit] for x in rp)
    print("review-style sets: " + ", ".join(f"{k} {len(v[1])}" for k, v in photo_sets.items()), flush=True)

    results, timing = {}, {}
    for name in args.backends.split(","):
        if name == "onnx_quantized" and not (mdir / "onnx" / "text_model_quantized.onnx").exists():
            continue
        backend = TorchBackend(mdir) if name == "pytorch" else OnnxBackend(mdir, "_quantized" if name == "onnx_quantized" else "")
        t1 = time.time()
        img = l2n(np.concatenate([backend.image(px) for px in pixels]))
        timing[name] = {"image_embed_per_s": round(len(img) / (time.time() - t1), 1)}
        results[name] = evaluate_backend(backend, tok, cat, img)
        for set_name, (px, lab, col, kind) in photo_sets.items():
            pimg = l2n(np.concatenate([backend.image(px[i:i + 1000]) for i in range(0, len(px), 1000)]))
            results[name].update(photo_accuracy(backend, tok, pimg, lab, col, kind, set_name))
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
                    "retrieval_synonyms": "every non-primary synonym: en/zh category synonyms and colour synonyms",
                    "review_style": f"category/colour prompts on {args.review_style_n} seeded test images "
                                    f"(seed {REVIEW_STYLE_SEED}) through data.augment_review_style, each kind equally "
                                    "often (secondary, no target)",
                    "review_photos": f"category/colour prompts on the relevant review photos in {args.review_photos} "
                                     "(demo-catalogue generator, test-split products; secondary, no target)"},
        "p@10": "fraction of the top-10 products with both colour and category right, mean over queries; "
                "hit@10 = fraction of queries with at least one right product in the top 10",
        "targets": TARGETS, "results": results, "agreement": agree, "quantized": quant_note, "timing": timing,
    }
    if not args.limit:
        (mdir / "metrics.json").write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    keys = ["category_acc", "category_acc_zh", "category_acc_ensemble", "category_acc_from_joint_prompts", "colour_acc", "colour_acc_zh", "joint_acc_en", "p@10_en", "hit@10_en",
            "p@10_zh", "hit@10_zh", "p@10_synonyms", "hit@10_synonyms"]
    keys += [f"{m}_acc_{s}" for s in photo_sets for m in ("category", "colour")]
    names = list(results)
    print(f"{'metric':34s}" + "".join(f"{n:>16s}" for n in names) + f"{'target':>26s}")
    for k in keys:
        print(f"{k:34s}" + "".join(f"{results[n][k]:16.4f}" for n in names) + f"{str(TARGETS.get(k, '')):>26s}")
    for s in photo_sets:
        for n in names:
            print(f"{s} per kind ({n}):", results[n][f"category_acc_{s}_per_kind"])
    print("agreement:", agree, "quantized:", quant_note)
    print(f"wrote {mdir / 'metrics.json'} in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
