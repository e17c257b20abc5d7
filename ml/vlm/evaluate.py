"""Evaluate the ShopLens VLM on held-out TEST-split images and freshly generated instructions (greedy, PyTorch).

    python -m ml.vlm.evaluate [--model models/shoplens-vlm] [--describe 500] [--plans 200] [--grounded 200]

describe   title names the right category / colour (en and zh prompts, `--describe` images each)
attribute  exact short answers to colour / category questions
plan       share of instructions whose JSON parses, whose filters equal the expected ones exactly, whole plan exact
grounded   share of answers citing only ids from the list (and at least one when the expected answer cites one),
           share citing exactly the expected ids; half with the product image, half text only
Writes <model>/metrics.json unless --no-write.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

import torch
from transformers import LlavaForConditionalGeneration

from . import chat as C
from . import data as D
from . import tokenizer as T
from .grounded import cited_ids
from .model import greedy, tower_features
from .products import CATEGORIES, COLOURS

torch.set_num_threads(2)
TARGETS = {"describe_category": 0.85, "describe_colour": 0.90, "plan_filters_exact": 0.80}


def title_attributes(title: str, lang: str) -> tuple[int | None, int | None]:
    """(category, colour) named by a describe title: "<Colour> <Category>" / "<颜色><类别>"; None if unrecognised."""
    t = title.strip().lower() if lang == "en" else title.strip()
    col = next((i for i, c in enumerate(COLOURS) if t.startswith(c[lang].lower())), None)
    names = sorted(((n.lower() if lang == "en" else n, k) for k, c in enumerate(CATEGORIES)
                    for n in ([c[lang]] + c[f"{lang}_synonyms"])), key=lambda x: -len(x[0]))
    cat = next((k for n, k in names if t.endswith(n)), None)
    return cat, col


def run_greedy(model, tok, convs, feats_of, max_new_tokens, bs=48) -> list[str]:
    prompts = [tok.encode(C.render(c.messages[:1], add_generation_prompt=True, expand=True)[0],
                          add_special_tokens=False).ids for c in convs]
    order = sorted(range(len(convs)), key=lambda i: len(prompts[i]))
    out = [""] * len(convs)
    for s in range(0, len(order), bs):
        chunk = order[s:s + bs]
        gen = greedy(model, [prompts[i] for i in chunk], [feats_of(convs[i]) for i in chunk], max_new_tokens)
        for i, g in zip(chunk, gen):
            out[i] = T.decode(tok, g)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(D.E.REPO_ROOT / "models" / "shoplens-vlm"))
    ap.add_argument("--describe", type=int, default=500, help="test images per language")
    ap.add_argument("--attributes", type=int, default=400)
    ap.add_argument("--plans", type=int, default=200)
    ap.add_argument("--grounded", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    t0 = time.time()
    mdir = Path(args.model)
    model = LlavaForConditionalGeneration.from_pretrained(mdir).eval()
    tok = T.load_tokenizer(mdir / "tokenizer.json")
    idx, cat, col = D.test_table()
    gen = D.InstructionGenerator("test", idx, cat, col, args.seed)
    rows = iter(torch.randperm(len(idx), generator=torch.Generator().manual_seed(args.seed)).tolist())

    convs = {"describe_en": [gen.image_conversation(next(rows), ["describe"], "en") for _ in range(args.describe)],
             "describe_zh": [gen.image_conversation(next(rows), ["describe"], "zh") for _ in range(args.describe)],
             "attribute": [gen.image_conversation(next(rows), ["attribute"]) for _ in range(args.attributes)],
             "plan": [gen.image_conversation(next(rows), ["plan"]) for _ in range(args.plans)],
             "grounded": [gen.image_conversation(next(rows), ["grounded"]) for _ in range(args.grounded // 2)] +
                         [gen.text_conversation() for _ in range(args.grounded - args.grounded // 2)]}
    used = sorted({c.image for cs in convs.values() for c in cs if c.image is not None})
    with torch.no_grad():
        f = tower_features(model, D.render_pixels("test", idx[used], col[used]))
    feat_row = {r: f[i] for i, r in enumerate(used)}
    feats_of = lambda c: feat_row[c.image] if c.image is not None else None          # noqa: E731
    max_new = {"describe_en": 48, "describe_zh": 40, "attribute": 16, "plan": 80, "grounded": 128}
    preds = {k: run_greedy(model, tok, cs, feats_of, max_new[k]) for k, cs in convs.items()}

    m, examples = {}, {}
    for lang in ("en", "zh"):
        ok_cat = ok_col = two_lines = 0
        per_cat = defaultdict(lambda: [0, 0])
        for c, p in zip(convs[f"describe_{lang}"], preds[f"describe_{lang}"]):
            lines = p.split("\n")
            k, cl = title_attributes(lines[0], lang)
            ok_cat += k == c.meta[0]["cat"]; ok_col += cl == c.meta[0]["col"]
            two_lines += len(lines) == 2 and len(lines[1]) > 0
            per_cat[CATEGORIES[c.meta[0]["cat"]]["id"]][0] += k == c.meta[0]["cat"]
            per_cat[CATEGORIES[c.meta[0]["cat"]]["id"]][1] += 1
        n = len(convs[f"describe_{lang}"])
        m[f"describe_category_{lang}"] = round(ok_cat / n, 4)
        m[f"describe_colour_{lang}"] = round(ok_col / n, 4)
        m[f"describe_two_lines_{lang}"] = round(two_lines / n, 4)
        m[f"describe_category_by_class_{lang}"] = {k: round(a / b, 3) for k, (a, b) in sorted(per_cat.items())}
        examples[f"describe_{lang}"] = preds[f"describe_{lang}"][:3]
    m["describe_category"] = round((m["describe_category_en"] + m["describe_category_zh"]) / 2, 4)
    m["describe_colour"] = round((m["describe_colour_en"] + m["describe_colour_zh"]) / 2, 4)

    by_sub = defaultdict(lambda: [0, 0])
    for c, p in zip(convs["attribute"], preds["attribute"]):
        by_sub[c.meta[0]["sub"]][0] += p == c.meta[0]["answer"]
        by_sub[c.meta[0]["sub"]][1] += 1
    m["attribute_exact"] = round(sum(a for a, _ in by_sub.values()) / len(convs["attribute"]), 4)
    m["attribute_exact_by_kind"] = {k: round(a / b, 3) for k, (a, b) in sorted(by_sub.items())}

    valid = filters = exact = 0
    failures = []
    for c, p in zip(convs["plan"], preds["plan"]):
        exp = c.meta[0]["expected"]
        try:
            got = json.loads(p)
            valid += isinstance(got, dict)
        except json.JSONDecodeError:
            got = None
        f_ok = isinstance(got, dict) and got.get("filters") == exp["filters"]
        filters += f_ok; exact += got == exp
        if not f_ok and len(failures) < 5:
            failures.append({"input": c.messages[0]["content"][1]["text"], "expected": c.meta[0]["answer"], "got": p})
    n = len(convs["plan"])
    m.update(plan_valid_json=round(valid / n, 4), plan_filters_exact=round(filters / n, 4), plan_exact=round(exact / n, 4))
    examples["plan_failures"] = failures

    only = exact_ids = 0
    for c, p in zip(convs["grounded"], preds["grounded"]):
        got, meta = cited_ids(p), c.meta[0]
        only += set(got) <= set(meta["listed"]) and (bool(got) or not meta["expected_ids"])
        exact_ids += set(got) == set(meta["expected_ids"])
    n = len(convs["grounded"])
    m.update(grounded_cites_only_listed=round(only / n, 4), grounded_exact_ids=round(exact_ids / n, 4))
    examples["grounded"] = preds["grounded"][:2] + preds["grounded"][-2:]
    m["targets"] = {k: {"target": v, "met": m[k] >= v} for k, v in TARGETS.items()}
    m["counts"] = {k: len(v) for k, v in convs.items()}
    m["eval_seed"] = args.seed
    m["wall_time_s"] = round(time.time() - t0, 1)
    print(json.dumps(m, indent=1, ensure_ascii=False))
    print(json.dumps(examples, indent=1, ensure_ascii=False))
    if not args.no_write:
        (mdir / "metrics.json").write_text(json.dumps({**m, "examples": examples}, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")


if __name__ == "__main__":
    main()
