"""Write ml/tint_vectors.json: cross-language test vectors for the TS catalogue generator.

    python -m ml.eclip.vectors
"""
from __future__ import annotations

import hashlib
import json

from . import data as D

FORMULA = ("v = g/255; a = min(1, 4*v); shade = 0.7 + 0.3*v; "
           "c = clamp(floor(255*(1-a) + a*rgb_c*shade + 0.5), 0, 255)  "
           "(float64; floor(x+0.5) == JS Math.round for x >= 0; background 255 = white)")


def main():
    gray, labels = D.load_split("train")
    vectors = []
    for i in (0, 1, 2):
        for cid in ("red", "white", "blue"):
            rgb = D.COLOURS[D.COLOUR_INDEX[cid]]["rgb"]
            t = D.tint_np(gray[i], rgb)                       # [28,28,3] uint8
            vectors.append({
                "split": "train", "index": i, "label": int(labels[i]), "colour": cid, "rgb": rgb,
                "sha256": hashlib.sha256(t.tobytes()).hexdigest(),
                "gray_at_14_14": int(gray[i, 14, 14]),
                "pixel_14_14": [int(x) for x in t[14, 14]],
            })
    doc = {
        "$comment": "Tinted 28x28x3 uint8 RGB bytes (row-major, RGB interleaved, 2352 bytes), BEFORE the 112px upscale. "
                    "pixel_14_14 = (r,g,b) at row 14, column 14 (0-based). Source: Fashion-MNIST train-images-idx3-ubyte.",
        "formula": FORMULA,
        "tint": D.TINT,
        "vectors": vectors,
    }
    path = D.REPO_ROOT / "ml" / "tint_vectors.json"
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    for v in vectors:
        print(v["index"], v["colour"], v["pixel_14_14"], v["sha256"])


if __name__ == "__main__":
    main()
