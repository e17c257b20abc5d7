"""Export a trained ShopLens VLM run to the layout @huggingface/transformers 4.x loads with
LlavaForConditionalGeneration + AutoProcessor, and check every ONNX output against PyTorch.

    python -m ml.vlm.export [--run ml/runs/shoplens-vlm] [--out models/shoplens-vlm] [--tol 1e-3]

Writes <out>/config.json (model_type llava, text_config llama), generation_config.json, preprocessor_config.json
(LlavaProcessor + CLIPImageProcessor), processor_config.json, tokenizer.json, tokenizer_config.json (chat template
inline), special_tokens_map.json, model.safetensors, onnx/{vision_encoder,embed_tokens,decoder_model_merged}.onnx,
export_report.json. Exits 1 when an ONNX output differs from PyTorch by more than --tol or ONNX greedy decoding
differs from PyTorch's.
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
from transformers import LlavaForConditionalGeneration

from ..eclip.export import preprocessor_config as eclip_preprocessor_config
from . import chat as C
from . import data as D
from . import tokenizer as T
from .model import embed, greedy
from .onnx_wrappers import Decoder, EmbedTokens, VisionEncoder
from .ort_runner import OrtVLM

torch.set_num_threads(2)
OPSET = 17
REPO = D.E.REPO_ROOT


def write_configs(model: LlavaForConditionalGeneration, run: Path, out: Path) -> None:
    model.config.architectures = ["LlavaForConditionalGeneration"]
    model.save_pretrained(out)                                   # config.json + model.safetensors
    cfg = json.loads((out / "config.json").read_text())
    cfg["image_token_index"] = C.IMAGE_ID                        # transformers.js: image_token_index ?? image_token_id
    cfg["transformers.js_config"] = {"dtype": "fp32"}
    (out / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")
    gen = {"eos_token_id": C.END_ID, "pad_token_id": C.PAD_ID, "do_sample": False, "max_new_tokens": 96,
           "repetition_penalty": 1.0}     # answers legitimately repeat tokens (JSON keys, ids, digits)
    (out / "generation_config.json").write_text(json.dumps(gen, indent=2) + "\n")
    pre = eclip_preprocessor_config()
    pre["processor_class"] = "LlavaProcessor"
    (out / "preprocessor_config.json").write_text(json.dumps(pre, indent=2) + "\n")
    proc = {"processor_class": "LlavaProcessor", "image_token": C.IMAGE, "patch_size": 16,
            "num_additional_image_tokens": 1, "vision_feature_select_strategy": "full"}
    (out / "processor_config.json").write_text(json.dumps(proc, indent=2) + "\n")
    for f in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(run / f, out / f)


def export_all(model, out: Path, sample_px, sample_ids) -> dict[str, Path]:
    L = model.config.text_config
    H, Dh, n_layers = L.num_key_value_heads, L.head_dim, L.num_hidden_layers
    paths = {n: out / "onnx" / f"{n}.onnx" for n in ("vision_encoder", "embed_tokens", "decoder_model_merged")}
    kw = dict(opset_version=OPSET, do_constant_folding=True, dynamo=False)
    with torch.no_grad():
        torch.onnx.export(VisionEncoder(model), (sample_px,), str(paths["vision_encoder"]), input_names=["pixel_values"],
                          output_names=["image_features"], dynamic_axes={"pixel_values": {0: "batch_size"},
                                                                          "image_features": {0: "batch_size"}}, **kw)
        torch.onnx.export(EmbedTokens(model), (sample_ids,), str(paths["embed_tokens"]), input_names=["input_ids"],
                          output_names=["inputs_embeds"],
                          dynamic_axes={"input_ids": {0: "batch_size", 1: "sequence_length"},
                                        "inputs_embeds": {0: "batch_size", 1: "sequence_length"}}, **kw)
        B, S, P = 2, 4, 3        # non-trivial sizes, so nothing gets specialised to 0 or 1
        x = torch.randn(B, S, L.hidden_size)
        mask = torch.ones(B, P + S, dtype=torch.long)
        pos = torch.arange(P, P + S).repeat(B, 1)
        past = [torch.randn(B, H, P, Dh) for _ in range(2 * n_layers)]
        kv = [f"{k}.{i}.{t}" for i in range(n_layers) for t in ("key", "value") for k in ("past_key_values",)]
        pres = [n.replace("past_key_values", "present") for n in kv]
        dyn = {"inputs_embeds": {0: "batch_size", 1: "sequence_length"},
               "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
               "position_ids": {0: "batch_size", 1: "sequence_length"},
               "logits": {0: "batch_size", 1: "sequence_length"}}
        dyn.update({n: {0: "batch_size", 2: "past_sequence_length"} for n in kv})
        dyn.update({n: {0: "batch_size", 2: "total_sequence_length"} for n in pres})
        torch.onnx.export(Decoder(model), (x, mask, pos, *past), str(paths["decoder_model_merged"]),
                          input_names=["inputs_embeds", "attention_mask", "position_ids", *kv],
                          output_names=["logits", *pres], dynamic_axes=dyn, **kw)
    return paths


def check_prompts(tok, n: int = 6):
    """Held-out (TEST split) single-turn prompts of every kind: (ids, pixel_values or None, name)."""
    idx, cat, col = D.test_table()
    gen = D.InstructionGenerator("test", idx, cat, col, seed=5)
    rows = [11, 22, 33, 44]
    convs = [gen.image_conversation(rows[0], ["describe"], "en"), gen.image_conversation(rows[1], ["describe"], "zh"),
             gen.image_conversation(rows[2], ["plan"]), gen.image_conversation(rows[3], ["attribute"]),
             gen.text_conversation("en"), gen.text_conversation("zh")][:n]
    out = []
    for c in convs:
        text, _ = C.render(c.messages[:1], add_generation_prompt=True, expand=True)
        ids = tok.encode(text, add_special_tokens=False).ids
        px = D.render_pixels("test", idx[[c.image]], col[[c.image]]) if c.image is not None else None
        out.append((ids, px, c.meta[0]["kind"]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", default=str(REPO / "ml" / "runs" / "shoplens-vlm"))
    ap.add_argument("--out", default=str(REPO / "models" / "shoplens-vlm"))
    ap.add_argument("--tol", type=float, default=1e-3)
    args = ap.parse_args()
    run, out = Path(args.run), Path(args.out)
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0); random.seed(0); np.random.seed(0)

    model = LlavaForConditionalGeneration.from_pretrained(run, attn_implementation="eager").eval()
    write_configs(model, run, out)
    tok = T.load_tokenizer(out / "tokenizer.json")
    prompts = check_prompts(tok)
    paths = export_all(model, out, prompts[0][1], torch.tensor([prompts[0][0]]))

    import onnx
    import onnxruntime as ort
    report, ok = {"opset": OPSET, "tolerance": args.tol, "max_abs_diff": {}, "files": {}}, True
    for n, p in paths.items():
        m = onnx.load(str(p))
        onnx.checker.check_model(m)
        report["files"][f"onnx/{p.name}"] = {"size_bytes": p.stat().st_size, "ir_version": m.ir_version,
                                            "inputs": [i.name for i in m.graph.input], "outputs": [o.name for o in m.graph.output]}
    sess = {n: ort.InferenceSession(str(p), providers=["CPUExecutionProvider"]) for n, p in paths.items()}
    diffs = report["max_abs_diff"]

    def note(name, a, b):
        d = float(np.abs(np.asarray(a) - np.asarray(b)).max())
        diffs[name] = max(d, diffs.get(name, 0.0))

    dec, L = Decoder(model).eval(), model.config.text_config
    empty = {f"past_key_values.{i}.{t}": np.zeros((1, L.num_key_value_heads, 0, L.head_dim), np.float32)
             for i in range(L.num_hidden_layers) for t in ("key", "value")}
    with torch.no_grad():
        for ids, px, kind in prompts:
            t_ids = torch.tensor([ids])
            if px is not None:   # vision encoder vs HF's own get_image_features ("full", layer -1)
                ref = model.model.get_image_features(pixel_values=px, vision_feature_layer=-1,
                                                     vision_feature_select_strategy="full").pooler_output
                note("vision_encoder.image_features", sess["vision_encoder"].run(None, {"pixel_values": px.numpy()})[0],
                     torch.stack(list(ref)).numpy())
            note("embed_tokens.inputs_embeds", sess["embed_tokens"].run(None, {"input_ids": t_ids.numpy()})[0],
                 model.model.language_model.embed_tokens(t_ids).numpy())
            feats = model.model.vision_tower(pixel_values=px).last_hidden_state if px is not None else None
            x = embed(model, t_ids, feats)
            mask = torch.ones_like(t_ids)
            ref = model(inputs_embeds=x, attention_mask=mask)          # HF Llama: the reference
            pos = torch.arange(len(ids))[None]
            o = sess["decoder_model_merged"].run(None, {"inputs_embeds": x.numpy(), "attention_mask": mask.numpy(),
                                                        "position_ids": pos.numpy(), **empty})
            note("decoder.logits(empty past)", o[0], ref.logits.numpy())
            note("decoder_torch_wrapper.logits", dec(x, mask, pos, *[torch.from_numpy(v) for v in empty.values()])[0],
                 ref.logits)
            # one cached step: feed the presents back, compare with the full-sequence logits of HF
            nxt = int(ref.logits[0, -1].argmax())
            x2 = model.model.language_model.embed_tokens(torch.tensor([[nxt]]))
            full = model(inputs_embeds=torch.cat([x, x2], 1), attention_mask=torch.ones(1, len(ids) + 1, dtype=torch.long))
            past = {k.replace("present", "past_key_values"): v for k, v in
                    zip([s.name for s in sess["decoder_model_merged"].get_outputs()][1:], o[1:])}
            o2 = sess["decoder_model_merged"].run(None, {"inputs_embeds": x2.numpy(),
                                                         "attention_mask": np.ones((1, len(ids) + 1), np.int64),
                                                         "position_ids": np.array([[len(ids)]]), **past})
            note("decoder.logits(cached step)", o2[0][:, -1], full.logits[:, -1].numpy())
        # left-padded batch of two text prompts (the padded rows must not change the real ones)
        a, b = prompts[-2][0], prompts[-1][0]
        Lmax = max(len(a), len(b))
        ids2 = torch.tensor([[C.PAD_ID] * (Lmax - len(a)) + a, [C.PAD_ID] * (Lmax - len(b)) + b])
        m2 = (torch.arange(Lmax)[None] >= torch.tensor([[Lmax - len(a)], [Lmax - len(b)]])).long()
        pos2 = (m2.cumsum(1) - 1).clamp(min=0)
        x = model.model.language_model.embed_tokens(ids2)
        o = sess["decoder_model_merged"].run(None, {"inputs_embeds": x.numpy(), "attention_mask": m2.numpy(),
                                                    "position_ids": pos2.numpy(),
                                                    **{k: np.repeat(v, 2, 0) for k, v in empty.items()}})
        for r, p in enumerate((a, b)):
            single = model(input_ids=torch.tensor([p])).logits[0]
            note("decoder.logits(left-padded batch)", o[0][r, Lmax - len(p):], single.numpy())

    bad = {k: v for k, v in diffs.items() if v > args.tol}
    for k, v in diffs.items():
        print(f"max|onnx - torch| {k:40s} {v:.2e}")
    if bad:
        ok = False
        print(f"FAIL: {bad} > {args.tol}", file=sys.stderr)

    # end to end: ONNX greedy (transformers.js's loop) == PyTorch greedy
    runner, same = OrtVLM(out), []
    for ids, px, kind in prompts:
        feats = model.model.vision_tower(pixel_values=px).last_hidden_state if px is not None else None
        pt = greedy(model, [ids], [feats[0] if feats is not None else None], max_new_tokens=48)[0]
        ox = runner.generate(ids, px.numpy() if px is not None else None, max_new_tokens=48)
        same.append(pt == ox)
        print(f"greedy {kind:9s} onnx==torch {pt == ox}: {T.decode(tok, pt)!r}")
    report["onnx_greedy_equals_torch"] = same
    ok = ok and all(same)
    report["vision_tower_vs_eclip_mini"] = vision_provenance(model)
    report["chat_template_matches_python_render"] = check_template(out)
    ok = ok and report["chat_template_matches_python_render"]
    report["parity_ok"] = ok
    (out / "export_report.json").write_text(json.dumps(report, indent=2) + "\n")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {out} ({total / 1e6:.1f} MB); parity {'OK' if ok else 'FAILED'}")
    sys.exit(0 if ok else 1)


def vision_provenance(model) -> dict:
    """Informational: is the (frozen) tower still identical to the shipped ECLIP-mini vision weights?"""
    from transformers import CLIPModel
    import hashlib
    src = REPO / "models" / "eclip-mini"
    ref = CLIPModel.from_pretrained(src).vision_model.state_dict()
    mine = model.model.vision_tower.state_dict()
    d = max(float((mine[k] - v).abs().max()) for k, v in ref.items())
    return {"source": "models/eclip-mini", "max_abs_diff": d,
            "eclip_model_sha256": hashlib.sha256((src / "model.safetensors").read_bytes()).hexdigest()[:16]}


def check_template(out: Path) -> bool:
    """The Jinja chat template (as Python transformers renders it) == chat.render, for image and text turns."""
    from transformers import AutoTokenizer
    hf = AutoTokenizer.from_pretrained(out)
    msgs = [C.user("Describe this product.", image=True), C.assistant("Red Dress\nA red dress."), C.user("什么颜色？")]
    a = hf.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
    b = C.render(msgs, add_generation_prompt=True)[0]
    if a != b:
        print(f"chat template mismatch:\n{a!r}\n{b!r}", file=sys.stderr)
    return a == b


if __name__ == "__main__":
    main()
