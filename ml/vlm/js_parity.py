"""Python half of the transformers.js parity check: writes a TEST-split catalogue image and PyTorch's greedy answer.

    python -m ml.vlm.js_parity [--model models/shoplens-vlm] [--dir /tmp/shoplens-vlm-parity] [--index 0]
    node ml/vlm/js_parity.mjs [--model models/shoplens-vlm] [--dir /tmp/shoplens-vlm-parity]   # exits 1 on mismatch

Writes <dir>/image.png (the 112 px display image exactly as the catalogue renders it) and <dir>/expected.json: prompt,
input_ids, pixel_values, and the greedy text for "Describe this product." (max_new_tokens 40) from PyTorch, computed
twice: our KV-cache loop (model.greedy) and Hugging Face's own LlavaForConditionalGeneration.generate.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import torch
from PIL import Image
from transformers import LlavaForConditionalGeneration

from . import chat as C
from . import data as D
from . import tokenizer as T
from .model import greedy

torch.set_num_threads(2)
PROMPT = "Describe this product."
MAX_NEW_TOKENS = 40


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(D.E.REPO_ROOT / "models" / "shoplens-vlm"))
    ap.add_argument("--dir", default="/tmp/shoplens-vlm-parity")
    ap.add_argument("--index", type=int, default=0, help="TEST-split image (colour from the evaluation catalogue)")
    args = ap.parse_args()
    out = Path(args.dir); out.mkdir(parents=True, exist_ok=True)
    idx, cat, col = D.test_table()
    png = out / "image.png"
    D.E.display_image(D.E.load_split("test")[0][args.index], D.E.COLOURS[int(col[args.index])]["rgb"]).save(png)

    model = LlavaForConditionalGeneration.from_pretrained(args.model).eval()
    tok = T.load_tokenizer(Path(args.model) / "tokenizer.json")
    prompt = C.render([C.user(PROMPT, image=True)], add_generation_prompt=True)[0]
    ids = tok.encode(C.expand_image(prompt), add_special_tokens=False).ids
    px = D.E.preprocess_pil([Image.open(png)])
    with torch.no_grad():
        feats = model.model.vision_tower(pixel_values=px).last_hidden_state
        ours = greedy(model, [ids], [feats[0]], max_new_tokens=MAX_NEW_TOKENS)[0]
        hf = model.generate(input_ids=torch.tensor([ids]), attention_mask=torch.ones(1, len(ids), dtype=torch.long),
                            pixel_values=px, max_new_tokens=MAX_NEW_TOKENS, do_sample=False,
                            eos_token_id=C.END_ID, pad_token_id=C.PAD_ID)[0, len(ids):].tolist()
    hf = hf[:hf.index(C.END_ID)] if C.END_ID in hf else hf
    expected = {"image": str(png), "test_index": args.index, "category": D.E.CATEGORIES[int(cat[args.index])]["id"],
                "colour": D.E.COLOURS[int(col[args.index])]["id"], "question": PROMPT, "prompt": prompt,
                "max_new_tokens": MAX_NEW_TOKENS, "input_ids": ids, "pixel_values": px.flatten().tolist(),
                "text": T.decode(tok, ours), "generated_ids": ours, "hf_generate_equals_greedy": hf == ours}
    (out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: expected[k] for k in ("image", "category", "colour", "text", "hf_generate_equals_greedy")},
                     ensure_ascii=False))
    if hf != ours:
        raise SystemExit(f"HF generate differs from our greedy loop: {T.decode(tok, hf)!r}")


if __name__ == "__main__":
    main()
