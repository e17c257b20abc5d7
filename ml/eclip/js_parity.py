"""Compare transformers.js output (JSON written by a Node check script) with PyTorch.

    python -m ml.eclip.js_parity --png /tmp/tjs-check/red_0.png   # writes the tinted 112px PNG (train #0, red)
    node check.mjs <abs models/eclip-mini> /tmp/tjs-check/red_0.png fp32 /tmp/tjs-check/out.json
    python -m ml.eclip.js_parity --js /tmp/tjs-check/out.json
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from transformers import CLIPModel

from . import data as D
from . import tokenizer as T

torch.set_num_threads(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=str(D.REPO_ROOT / "models" / "eclip-mini"))
    ap.add_argument("--png", help="write the check image (train #0 tinted red, 112px) here and exit")
    ap.add_argument("--js", help="JSON written by the Node check")
    args = ap.parse_args()
    if args.png:
        gray, _ = D.load_split("train")
        D.display_image(gray[0], D.COLOURS[D.COLOUR_INDEX["red"]]["rgb"]).save(args.png)
        print("wrote", args.png)
        return
    js = json.loads(Path(args.js).read_text())
    model = CLIPModel.from_pretrained(args.model).eval()
    tok = T.load_tokenizer(Path(args.model) / "tokenizer.json")
    ids, mask = T.encode_batch(tok, ["red dress", "红色连衣裙"])
    with torch.no_grad():
        t = model.text_projection(model.text_model(input_ids=ids, attention_mask=mask).pooler_output)
        img = Image.open(js.get("image", "/tmp/tjs-check/red_0.png"))
        px = D.preprocess_pil([img])
        v = model.visual_projection(model.vision_model(pixel_values=px).pooler_output)
    res = {
        "input_ids_equal": ids.tolist() == js["input_ids"],
        "text_embeds_max_abs": float(np.abs(np.array(js["text_embeds"]) - t.numpy()).max()),
        "pixel_values_max_abs": float(np.abs(np.array(js["pixel_values"]).reshape(px.shape) - px.numpy()).max()),
        "image_embeds_max_abs": float(np.abs(np.array(js["image_embeds"]) - v.numpy()).max()),
    }
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
