"""Export a trained ECLIP-mini run to the Xenova / Hugging Face CLIP layout and check ONNX parity.

    python -m ml.eclip.export [--run ml/runs/eclip-mini] [--out models/eclip-mini] [--no-quantize]

Writes <out>/config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json,
special_tokens_map.json, model.safetensors (PyTorch weights, for Python users),
onnx/text_model.onnx, onnx/vision_model.onnx (+ *_quantized.onnx, int8 dynamic, unless --no-quantize),
export_report.json. Exits non-zero when ONNX and PyTorch differ by more than --tol (1e-4).
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
from transformers import CLIPModel, CLIPTextModelWithProjection, CLIPVisionModelWithProjection

from . import data as D
from . import tokenizer as T

torch.set_num_threads(2)
OPSET = 17


class TextWrapper(torch.nn.Module):
    def __init__(self, m: CLIPTextModelWithProjection):
        super().__init__()
        self.m = m

    def forward(self, input_ids):
        o = self.m(input_ids=input_ids)
        return o.text_embeds, o.last_hidden_state


class VisionWrapper(torch.nn.Module):
    def __init__(self, m: CLIPVisionModelWithProjection):
        super().__init__()
        self.m = m

    def forward(self, pixel_values):
        o = self.m(pixel_values=pixel_values)
        return o.image_embeds, o.last_hidden_state


def split_towers(clip: CLIPModel):
    cfg = clip.config
    tm = CLIPTextModelWithProjection(cfg.text_config).eval()
    tm.text_model.load_state_dict(clip.text_model.state_dict())
    tm.text_projection.load_state_dict(clip.text_projection.state_dict())
    vm = CLIPVisionModelWithProjection(cfg.vision_config).eval()
    vm.vision_model.load_state_dict(clip.vision_model.state_dict())
    vm.visual_projection.load_state_dict(clip.visual_projection.state_dict())
    return tm, vm


def preprocessor_config() -> dict:
    return {
        "do_convert_rgb": True,
        "do_resize": True,
        "size": {"shortest_edge": D.IMAGE_SIZE},
        "resample": 2,
        "do_center_crop": True,
        "crop_size": {"height": D.IMAGE_SIZE, "width": D.IMAGE_SIZE},
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": D.IMAGE_MEAN,
        "image_std": D.IMAGE_STD,
        "image_processor_type": "CLIPImageProcessor",
        "feature_extractor_type": "CLIPFeatureExtractor",
        "processor_class": "CLIPProcessor",
    }


def parity_batch(tok):
    texts = ["red dress", "红色连衣裙", "一件红色的连衣裙", "Halcyon black ankle boots", "蓝色运动鞋 Kestrel",
             "women's grey pullover for winter sale", "包", "t-shirt"]
    ids, _ = T.encode_batch(tok, texts)
    gray, _ = D.load_split("train")
    g = torch.Generator().manual_seed(0)
    idx = torch.randint(0, len(gray), (8,), generator=g)
    col = torch.randint(0, D.N_COL, (8,), generator=g)
    px = D.to_model_input_torch(D.to_display_torch(D.tint_torch(torch.from_numpy(gray[idx.numpy()]), col)))
    return texts, ids, px


def export_onnx(module, args, path: Path, in_name: str, out_names, dyn):
    torch.onnx.export(module, args, str(path), input_names=[in_name], output_names=out_names,
                      dynamic_axes=dyn, opset_version=OPSET, do_constant_folding=True, dynamo=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default=str(D.REPO_ROOT / "ml" / "runs" / "eclip-mini"))
    ap.add_argument("--out", default=str(D.REPO_ROOT / "models" / "eclip-mini"))
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--no-quantize", action="store_true")
    args = ap.parse_args()
    run, out = Path(args.run), Path(args.out)
    (out / "onnx").mkdir(parents=True, exist_ok=True)

    torch.manual_seed(0); random.seed(0); np.random.seed(0)
    clip = CLIPModel.from_pretrained(run, attn_implementation="eager").eval()
    clip.config.architectures = ["CLIPModel"]
    clip.save_pretrained(out)                       # config.json + model.safetensors
    for f in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(run / f, out / f)
    (out / "preprocessor_config.json").write_text(json.dumps(preprocessor_config(), indent=2) + "\n")

    tm, vm = split_towers(clip)
    tok = T.load_tokenizer(out / "tokenizer.json")
    texts, ids, px = parity_batch(tok)

    text_path, vis_path = out / "onnx" / "text_model.onnx", out / "onnx" / "vision_model.onnx"
    with torch.no_grad():
        export_onnx(TextWrapper(tm), (ids,), text_path, "input_ids", ["text_embeds", "last_hidden_state"],
                    {"input_ids": {0: "batch_size", 1: "sequence_length"}, "text_embeds": {0: "batch_size"},
                     "last_hidden_state": {0: "batch_size", 1: "sequence_length"}})
        export_onnx(VisionWrapper(vm), (px,), vis_path, "pixel_values", ["image_embeds", "last_hidden_state"],
                    {"pixel_values": {0: "batch_size"}, "image_embeds": {0: "batch_size"},
                     "last_hidden_state": {0: "batch_size"}})

    import onnx
    import onnxruntime as ort
    for p in (text_path, vis_path):
        onnx.checker.check_model(onnx.load(str(p)))

    report = {"opset": OPSET, "tolerance": args.tol, "files": {}}
    ok = True
    with torch.no_grad():
        ref_t = TextWrapper(tm)(ids)
        ref_v = VisionWrapper(vm)(px)
        # also the full CLIPModel path (same weights, sdpa/eager irrelevant) and a different batch / padding
        ids_b, _ = T.encode_batch(tok, texts[:3])
        ref_tb = TextWrapper(tm)(ids_b)

    def run_sess(path, feeds):
        s = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return s.run(None, feeds)

    def compare(name, path):
        nonlocal ok
        o_t = run_sess(path, {"input_ids": ids.numpy()}) if "text" in name else run_sess(path, {"pixel_values": px.numpy()})
        ref = ref_t if "text" in name else ref_v
        d = {k: float(np.abs(o - r.numpy()).max()) for k, o, r in zip(("embeds", "last_hidden_state"), o_t, ref)}
        if "text" in name:   # batch of 3, shorter padding: pooled embeds must not depend on padding length
            o_b = run_sess(path, {"input_ids": ids_b.numpy()})
            d["embeds_other_padding"] = float(np.abs(o_b[0] - ref_tb[0].numpy()).max())
            d["embeds_vs_longer_padding"] = float(np.abs(o_b[0] - ref_t[0][:3].numpy()).max())
        return d

    for name, path in (("text_model", text_path), ("vision_model", vis_path)):
        d = compare(name, path)
        bad = {k: v for k, v in d.items() if v > args.tol}
        report["files"][f"onnx/{path.name}"] = {"max_abs_diff": d, "size_bytes": path.stat().st_size}
        print(f"{name:14s} max|onnx - torch| = " + ", ".join(f"{k} {v:.2e}" for k, v in d.items()))
        if bad:
            ok = False
            print(f"FAIL {name}: {bad} > {args.tol}", file=sys.stderr)

    if not args.no_quantize:
        from onnxruntime.quantization import QuantType, quantize_dynamic
        for src in (text_path, vis_path):
            dst = src.with_name(src.stem + "_quantized.onnx")
            quantize_dynamic(str(src), str(dst), weight_type=QuantType.QUInt8, op_types_to_quantize=["MatMul", "Gemm"])
            report["files"][f"onnx/{dst.name}"] = {"size_bytes": dst.stat().st_size,
                                                   "note": "int8 dynamic (QUInt8 weights, MatMul/Gemm); accuracy checked by evaluate"}
            print(f"quantized {dst.name}: {dst.stat().st_size / 1e6:.2f} MB")

    # HF CLIPImageProcessor (Python) on a 112px display PNG must equal our training preprocessing
    try:
        from transformers import CLIPImageProcessor
        proc = CLIPImageProcessor.from_pretrained(out)
        gray, _ = D.load_split("train")
        ims = [D.display_image(gray[i], D.COLOURS[i % D.N_COL]["rgb"]) for i in range(4)]
        a = torch.as_tensor(np.asarray(proc(images=ims, return_tensors="np")["pixel_values"]))
        b = D.preprocess_pil(ims)
        report["hf_image_processor_vs_training_preprocessing_max_abs"] = float((a - b).abs().max())
        print(f"CLIPImageProcessor vs training preprocessing: max abs {float((a - b).abs().max()):.2e}")
    except Exception as e:  # pragma: no cover - informational
        report["hf_image_processor_check_error"] = repr(e)
        print("CLIPImageProcessor check skipped:", e)

    # tokenizer statistics for the model card
    rng = random.Random(99)
    caps = {lang: [D.make_caption(rng.randrange(D.N_CAT), rng.randrange(D.N_COL), rng.choice(D.BRANDS), rng, lang=lang)[0]
                   for _ in range(5000)] for lang in ("en", "zh")}
    report["tokenizer"] = {
        "vocab_size": tok.get_vocab_size(),
        "chars_per_token_en_captions": round(T.chars_per_token(tok, caps["en"]), 3),
        "chars_per_token_zh_captions": round(T.chars_per_token(tok, caps["zh"]), 3),
        "chars_per_token_zh_queries": round(T.chars_per_token(tok, [D.query_zh(k, c) for k in range(D.N_CAT) for c in range(D.N_COL)]), 3),
        "chars_per_token_en_queries": round(T.chars_per_token(tok, [D.query_en(k, c) for k in range(D.N_CAT) for c in range(D.N_COL)]), 3),
        "max_tokens_in_5000_captions": max(len(tok.encode(x).ids) for x in caps["en"] + caps["zh"]),
        "note": "zh captions often contain Latin brand names; pure Chinese text is 1 character per token",
    }
    print("tokenizer:", report["tokenizer"])
    report["parity_ok"] = ok
    (out / "export_report.json").write_text(json.dumps(report, indent=2) + "\n")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {out} ({total / 1e6:.1f} MB); parity {'OK' if ok else 'FAILED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
