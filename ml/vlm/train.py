"""Train the ShopLens VLM (projector + Llama decoder; ECLIP-mini vision tower frozen) on the Fashion-MNIST TRAIN split.

    python -m ml.vlm.train [--steps 4000] [--time-budget-min 30] [--out ml/runs/shoplens-vlm]

1. builds the BPE tokenizer on generated conversations; 2. renders --cache-size catalogue images (train images, random
colours) and caches the frozen tower's [50,128] outputs (ml/.cache/, reused across runs); 3. trains on freshly generated
conversations every step (loss on answer tokens only), cosine lr, re-planned to fit --time-budget-min.
Writes <out>/: model.safetensors + config.json (LlavaForConditionalGeneration), tokenizer files, train_log.jsonl,
train_summary.json.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import time
from pathlib import Path

import numpy as np
import torch
from transformers import LlavaForConditionalGeneration

from ..eclip.train import CosineSchedule, ThreadTuner
from . import chat as C
from . import data as D
from . import tokenizer as T
from .model import answer_loss, build_model, make_config, tower_features

REPO = D.E.REPO_ROOT
CACHE_DIR = REPO / "ml" / ".cache"


def cached_features(model, eclip_dir: Path, split: str, index, col, tag: str) -> torch.Tensor:
    """Tower outputs (float16) for catalogue images (split, index, colour); cached on disk by content hash."""
    h = hashlib.sha256((eclip_dir / "model.safetensors").read_bytes())
    h.update(np.asarray(index, dtype=np.int64).tobytes()); h.update(np.asarray(col, dtype=np.int64).tobytes())
    path = CACHE_DIR / f"vlm-{tag}-{split}-{len(index)}-{h.hexdigest()[:12]}.pt"
    if path.exists():
        return torch.load(path)
    feats = []
    for i in range(0, len(index), 2000):
        px = D.render_pixels(split, index[i:i + 2000], col[i:i + 2000])
        feats.append(tower_features(model, px).half())
    feats = torch.cat(feats)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    torch.save(feats, path)
    return feats


def collate(tok, convs: list[D.Conversation], feats: torch.Tensor):
    """Right-padded ids, attention mask, supervised-token mask, and the image features of the image rows."""
    encs = [T.encode_with_labels(tok, *C.render(c.messages, expand=True)) for c in convs]
    L = max(len(e[0]) for e in encs)
    ids = torch.full((len(encs), L), C.PAD_ID, dtype=torch.long)
    mask = torch.zeros_like(ids)
    sup = torch.zeros_like(ids, dtype=torch.bool)
    for i, (e_ids, e_sup) in enumerate(encs):
        ids[i, :len(e_ids)] = torch.tensor(e_ids)
        mask[i, :len(e_ids)] = 1
        sup[i, :len(e_ids)] = torch.tensor(e_sup)
    rows = [c.image for c in convs if c.image is not None]
    return ids, mask, sup, (feats[rows].float() if rows else None)


def batches(gen: D.InstructionGenerator, bs: int, pool: int = 8):
    """Length-bucketed batches: draw pool*bs conversations, sort by length, cut into batches, shuffle."""
    while True:
        convs = [gen.sample() for _ in range(pool * bs)]
        convs.sort(key=lambda c: len(C.render(c.messages)[0]) + (300 if c.image is not None else 0))
        chunks = [convs[i:i + bs] for i in range(0, len(convs), bs)]
        gen.rng.shuffle(chunks)
        yield from chunks


@torch.no_grad()
def val_loss(model, tok, convs, feats, bs=32) -> float:
    model.eval()
    tot, n = 0.0, 0
    for i in range(0, len(convs), bs):
        ids, mask, sup, f = collate(tok, convs[i:i + bs], feats)
        k = int(sup[:, 1:].sum())
        tot += float(answer_loss(model, ids, mask, sup, f)) * k
        n += k
    model.train()
    return tot / max(1, n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=4000)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--warmup-frac", type=float, default=0.03)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--data-seed", type=int, default=0, help="seed of the conversation stream (default: --seed); "
                    "a later stage takes a new one to see new conversations over the same cached images")
    ap.add_argument("--cache-size", type=int, default=30000, help="catalogue images (train split) with cached features")
    ap.add_argument("--val-images", type=int, default=1000, help="train images held out for the validation loss")
    ap.add_argument("--p-image", type=float, default=0.8, help="share of conversations about an image")
    ap.add_argument("--p-text-plan", type=float, default=0.0,
                    help="share of request-plan conversations without the image (the rest: grounded text-only)")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--intermediate", type=int, default=768)
    ap.add_argument("--time-budget-min", type=float, default=30.0,
                    help="if the projected wall time exceeds this, the rest of the cosine is compressed to fit; 0 = off")
    ap.add_argument("--max-steps", type=int, default=0, help="stop early (smoke test; the cosine ends there)")
    ap.add_argument("--init-from", default="", help="start from the weights and tokenizer of an earlier run")
    ap.add_argument("--resume", action="store_true",
                    help="continue <out> from its last checkpoint (weights, optimiser, schedule, step, elapsed time)")
    ap.add_argument("--eclip", default=str(REPO / "models" / "eclip-mini"), help="source of the vision tower")
    ap.add_argument("--out", default=str(REPO / "ml" / "runs" / "shoplens-vlm"))
    args = ap.parse_args()

    t0 = t_start = time.time()
    random.seed(args.seed); np.random.seed(args.seed); torch.manual_seed(args.seed)
    out, eclip = Path(args.out), Path(args.eclip)
    out.mkdir(parents=True, exist_ok=True)
    if args.init_from:
        tok = T.load_tokenizer(Path(args.init_from) / "tokenizer.json")
    else:
        tok = T.build_tokenizer(D.corpus_texts(30000, args.seed) + D.E.caption_corpus(20000, seed=args.seed))
    T.save_tokenizer_files(tok, out)

    cfg = make_config(tok.get_vocab_size(), eclip, args.hidden, args.layers, args.heads, args.intermediate)
    model = build_model(cfg, eclip)
    if args.init_from:      # a later stage: weights (vision tower included) from an earlier run, fresh optimiser
        model = LlavaForConditionalGeneration.from_pretrained(args.init_from)
    ckpt = torch.load(out / "checkpoint.pt", weights_only=False) if args.resume and (out / "checkpoint.pt").exists() else None
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        t0 -= ckpt["elapsed_s"]
    model.model.vision_tower.requires_grad_(False).eval()
    val_idx = np.random.default_rng(args.seed + 1).choice(60000, args.val_images, replace=False)
    index, cat, col = D.train_table(args.cache_size, args.seed, exclude=val_idx)
    _, labels = D.E.load_split("train")
    val_col = np.random.default_rng(args.seed + 2).integers(0, D.E.N_COL, size=len(val_idx))
    feats = cached_features(model, eclip, "train", index, col, "train")
    val_feats = cached_features(model, eclip, "train", val_idx, val_col, "val")
    t_cache = time.time() - t_start
    gen = D.InstructionGenerator("train", index, cat, col, args.data_seed or args.seed, p_image=args.p_image, p_text_plan=args.p_text_plan)
    vgen = D.InstructionGenerator("train", val_idx, labels[val_idx], val_col, args.seed + 3)
    val_convs = [vgen.sample() for _ in range(256)]

    params = [p for p in model.parameters() if p.requires_grad]
    decay = [p for n, p in model.named_parameters() if p.requires_grad and p.ndim >= 2 and "embed" not in n]
    no_decay = [p for n, p in model.named_parameters() if p.requires_grad and not (p.ndim >= 2 and "embed" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    total = min(args.steps, args.max_steps) if args.max_steps else args.steps
    warmup = max(1, int(args.warmup_frac * total))
    lr_at = CosineSchedule(args.lr, warmup, total)
    if ckpt is not None:
        opt.load_state_dict(ckpt["opt"])
        lr_at.__dict__.update(ckpt["schedule"])
        gen.rng.setstate(ckpt["rng"])
        torch.set_rng_state(ckpt["torch_rng"])
    n_params = sum(p.numel() for p in params)
    print(json.dumps({"trainable_params": n_params, "vocab": tok.get_vocab_size(), "steps": total,
                      "feature_cache_s": round(t_cache, 1)}), flush=True)

    log = open(out / "train_log.jsonl", "a" if ckpt is not None else "w")
    tuner = ThreadTuner(window=4, period=200)
    stream = batches(gen, args.batch_size)
    model.train()
    step, run_loss, tokens, t_loop, tl = 0, 0.0, 0, time.time(), time.time()
    if ckpt is not None:
        step, run_loss = ckpt["step"], ckpt["run_loss"]
        t_loop -= ckpt["step"] * ckpt["sec_per_step"]
    recent: list[tuple[int, float]] = []
    while step < lr_at.total:
        tuner.before_step(step)
        ts = time.time()
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        ids, mask, sup, f = collate(tok, next(stream), feats)
        loss = answer_loss(model, ids, mask, sup, f)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        tuner.after_step(step, time.time() - ts)
        tokens += int(mask.sum())
        run_loss = 0.95 * run_loss + 0.05 * loss.item() if step else loss.item()
        step += 1
        if step % 25 == 0 or step == lr_at.total:
            # the shared CPU's speed changes several-fold within minutes: plan with the last 100 steps' rate, and
            # re-plan the rest of the cosine both ways (never beyond --steps) when it no longer fits the budget
            recent.append((step, time.time()))
            (s0, w0), (s1, w1) = recent[-5] if len(recent) >= 5 else (0, t_loop), recent[-1]
            sec_per_step = (w1 - w0) / max(1, s1 - s0)
            rec = {"step": step, "loss": round(run_loss, 4), "lr": round(lr_at(step - 1), 6),
                   "tok_s": round(tokens / (time.time() - tl)), "elapsed_s": round(time.time() - t0, 1),
                   "threads": tuner.cur}
            tokens, tl = 0, time.time()
            budget = args.time_budget_min * 60
            left = budget - (time.time() - t0) - 60        # final validation and save
            if budget and step > warmup:
                fit = min(total, step + max(1, int(0.95 * left / sec_per_step)))
                if abs(fit - lr_at.total) > 0.03 * lr_at.total and (fit < lr_at.total or step % 100 == 0):
                    lr_at.shorten(step, fit)
                    rec["replanned_total_steps"] = fit
            if step % 250 == 0 or step == lr_at.total:
                rec["val_loss"] = round(val_loss(model, tok, val_convs, val_feats), 4)
                model.save_pretrained(out)
            if step % 100 == 0:      # the shared machine has killed runs: --resume continues from here
                torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "schedule": dict(lr_at.__dict__),
                            "rng": gen.rng.getstate(), "torch_rng": torch.get_rng_state(), "step": step,
                            "run_loss": run_loss, "elapsed_s": time.time() - t0, "sec_per_step": sec_per_step},
                           out / "checkpoint.pt")
            print(json.dumps(rec), flush=True)
            log.write(json.dumps(rec) + "\n"); log.flush()
    model.save_pretrained(out)
    wall = time.time() - t0
    summary = {"wall_time_s": round(wall, 1), "feature_cache_s": round(t_cache, 1), "steps": step, "planned_steps": total,
               "batch_size": args.batch_size, "conversations_seen": step * args.batch_size, "lr": args.lr,
               "seed": args.seed, "data_seed": args.data_seed or args.seed, "cache_size": args.cache_size, "p_image": args.p_image, "p_text_plan": args.p_text_plan, "trainable_params": n_params,
               "vocab": tok.get_vocab_size(), "val_loss": val_loss(model, tok, val_convs, val_feats),
               "eclip": str(eclip), "init_from": args.init_from or None, "thread_choices": [list(h) for h in tuner.history][-30:],
               "arch": {"hidden": args.hidden, "layers": args.layers, "heads": args.heads, "intermediate": args.intermediate}}
    (out / "train_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
