"""Train ECLIP-mini on the Fashion-MNIST TRAIN split.

    python -m ml.eclip.train [--out ml/runs/eclip-mini]

One command with the defaults trains the shipped recipe in under an hour on 2 cores: first a small CNN teacher
(teacher.py, ~5-6 min), then the CLIP model with the label-aware contrastive loss plus, from the first step, the
auxiliary zero-shot category loss (hard classes up-weighted), the teacher's distillation term and a dense
distillation term (each kept patch token predicts the teacher's conv features there, weight 3), review- and
album-photo-style augmentation on 40 % of the images, batch 128, a 20-epoch cosine schedule under a 59-minute wall
budget for the whole command (58 min 11 s and 8,584 steps on 2 idle cores, 2026-11-30; test category 0.893), and
EMA of the weights. The wall budget re-plans the rest of the schedule to fit, so a slower machine trains fewer
steps and scores lower; ml/README.md has the figures. The vision tower sees a random half of each image's patches
(FLIP) until 85 % of the planned steps, which makes a step ~1.5x cheaper, and every patch after that (a re-plan can
shorten the full-patch tail).
Writes <out>/ (HF CLIPModel safetensors + config.json + tokenizer files + train_log.jsonl + train_summary.json).
The saved weights are the EMA weights when --ema-decay > 0.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from transformers import CLIPModel

from . import data as D
from . import tokenizer as T
from .model import embed_pixels, embed_texts, make_config
from .teacher import FEATURE_CHANNELS, feature_map, fit_teacher

torch.set_num_threads(2)


def image_features(model: CLIPModel, px: torch.Tensor, keep: float, gen: torch.Generator,
                   with_patches: bool = False):
    """The vision tower and projection of HF CLIP, computed here so that training can drop patch tokens (FLIP,
    Li et al. 2023): with keep < 1 each image keeps its CLS token and a random `keep` share of its patch tokens.
    The tower then costs about `keep` of its full price per image, so a fixed wall budget sees more images; the
    weights are unchanged, and the exported model always sees every patch. keep == 1 equals
    `model.get_image_features`. With `with_patches`, also returns the last layer's patch tokens that were kept,
    [B, k, D], and their patch indices (0-based, row-major), [B, k]."""
    vm = model.vision_model
    h = vm.embeddings(px)                                    # [B, 1 + patches, D], positions already added
    b, n, d = h.shape
    idx = torch.arange(1, n).expand(b, -1)
    if keep < 1:
        k = max(1, round((n - 1) * keep))
        idx = torch.rand(b, n - 1, generator=gen).argsort(1)[:, :k] + 1
        h = torch.cat([h[:, :1], h.gather(1, idx[..., None].expand(-1, -1, d))], 1)
    h = vm.encoder(inputs_embeds=vm.pre_layrnorm(h)).last_hidden_state
    emb = model.visual_projection(vm.post_layernorm(h[:, 0]))
    return (emb, h[:, 1:], idx - 1) if with_patches else emb


def feature_loss(head: torch.nn.Linear, teacher, gray: torch.Tensor, theta: torch.Tensor, patches: torch.Tensor,
                 pidx: torch.Tensor, rows: torch.Tensor) -> torch.Tensor:
    """Dense distillation (as in feature distillation, Wei et al. 2022): on `rows`, each kept patch token
    predicts the teacher's conv features at its patch (layer-normalised over channels), mean squared error.
    The teacher sees the grey garment under the same affine move as the student's view, so the 7x7 grids align."""
    target = feature_map(teacher, gray[rows], theta[rows]).flatten(2).transpose(1, 2)       # [b, 49, C]
    target = F.layer_norm(target, target.shape[-1:])
    target = target.gather(1, pidx[rows][..., None].expand(-1, -1, target.shape[-1]))
    return F.mse_loss(head(patches[rows]), target)


def label_aware_loss(logits_per_image, icat, icol, tcat, tcol):
    """Symmetric contrastive loss with multi-positive soft targets: text j is a positive for image i
    when every attribute the caption names (category and/or colour) matches the image."""
    pos = ((tcat[None, :] == -1) | (tcat[None, :] == icat[:, None])) & \
          ((tcol[None, :] == -1) | (tcol[None, :] == icol[:, None]))
    pos = pos.float()
    li = -(pos / pos.sum(1, keepdim=True) * F.log_softmax(logits_per_image, dim=1)).sum(1).mean()
    lt = -(pos.t() / pos.t().sum(1, keepdim=True) * F.log_softmax(logits_per_image.t(), dim=1)).sum(1).mean()
    return 0.5 * (li + lt)


@torch.no_grad()
def quick_val(model, tok, gray, labels, seed=0):
    """Zero-shot category / colour / joint accuracy on held-out TRAIN images (not the test split)."""
    model.eval()
    g = torch.Generator().manual_seed(seed)
    col = torch.randint(0, D.N_COL, (len(labels),), generator=g)
    px = D.to_model_input_torch(D.to_display_torch(D.tint_torch(torch.from_numpy(gray), col)))
    img = embed_pixels(model, px)
    cat_t = embed_texts(model, tok, [c["en"].lower() for c in D.CATEGORIES])
    col_t = embed_texts(model, tok, [c["en"] for c in D.COLOURS])
    joint_t = embed_texts(model, tok, [D.query_en(k, c) for k in range(D.N_CAT) for c in range(D.N_COL)])
    lab = torch.from_numpy(labels)
    acc_cat = ((img @ cat_t.t()).argmax(1) == lab).float().mean().item()
    acc_col = ((img @ col_t.t()).argmax(1) == col).float().mean().item()
    j = (img @ joint_t.t()).argmax(1)
    acc_joint = ((j // D.N_COL == lab) & (j % D.N_COL == col)).float().mean().item()
    model.train()
    return {"val_cat": round(acc_cat, 4), "val_col": round(acc_col, 4), "val_joint": round(acc_joint, 4)}


class CosineSchedule:
    """Linear warmup then cosine to 0. `shorten` re-plans the remaining steps as a cosine from the current lr,
    so a run that would overrun its wall-time budget still anneals instead of being cut mid-schedule."""

    def __init__(self, lr: float, warmup: int, total: int):
        self.lr, self.warmup, self.total = lr, warmup, total
        self.anchor, self.anchor_lr = warmup, lr

    def __call__(self, s: int) -> float:
        if s < self.warmup:
            return self.lr * (s + 1) / self.warmup
        frac = min(1.0, (s - self.anchor) / max(1, self.total - self.anchor))
        return self.anchor_lr * 0.5 * (1 + math.cos(math.pi * frac))

    def shorten(self, step: int, new_total: int) -> None:
        if step >= self.warmup:
            self.anchor_lr, self.anchor = self(step), step
        self.total = new_total


class ThreadTuner:
    """On a shared 2-core machine two intra-op threads can be >2x slower than one (a descheduled thread stalls
    the other at every barrier), while on an idle one they are ~2x faster. A probe times `window` steps with each
    setting and keeps the faster one. Probes cost time (the slower setting runs for `window` steps), so while the
    same setting keeps winning by a clear margin the gap to the next probe doubles, from `period` up to
    `max_period` steps; any other outcome brings it back to `period`."""

    def __init__(self, choices=(2, 1), window: int = 8, period: int = 200, max_period: int | None = None,
                 margin: float = 1.3):
        self.choices, self.window, self.base, self.margin = choices, window, period, margin
        self.max_period = max_period or 8 * period
        self.gap, self.probe_at = period, 0      # the current probe starts at step `probe_at`
        self.cur, self.times, self.history = choices[0], {}, []
        torch.set_num_threads(self.cur)

    def before_step(self, step: int) -> None:
        k = step - self.probe_at
        if k < 0:
            return
        probe = k // self.window
        if probe < len(self.choices):
            self._set(self.choices[probe])
        elif k == self.window * len(self.choices):
            med = {n: float(np.median(t)) for n, t in self.times.items()}
            best = min(med, key=lambda n: (med[n], -n))
            clear = all(med[n] >= self.margin * med[best] for n in med if n != best)
            prev = self.history[-1][1] if self.history else None
            self.gap = min(2 * self.gap, self.max_period) if clear and best == prev else self.base
            self.history.append((step, best, {n: round(v, 3) for n, v in med.items()}))
            self.times = {}
            self._set(best)
            self.probe_at = step - len(self.choices) * self.window + self.gap

    def after_step(self, step: int, seconds: float) -> None:
        k = step - self.probe_at
        if 0 <= k < self.window * len(self.choices) and k % self.window:      # skip the first step after a switch
            self.times.setdefault(self.cur, []).append(seconds)

    def _set(self, n: int) -> None:
        if n != self.cur:
            torch.set_num_threads(n)
            self.cur = n


@torch.no_grad()
def ema_update(ema: CLIPModel, model: CLIPModel, decay: float) -> None:
    ep, mp = list(ema.parameters()), list(model.parameters())
    torch._foreach_mul_(ep, decay)
    torch._foreach_add_(ep, mp, alpha=1 - decay)


def review_kind_weights(spec: str) -> torch.Tensor | None:
    """`--review-kinds 'album:3,crop'` -> weights over D.REVIEW_KINDS (a bare name weighs 1); '' -> None (uniform)."""
    if not spec:
        return None
    w = torch.zeros(len(D.REVIEW_KINDS))
    for part in spec.split(","):
        name, _, weight = part.strip().partition(":")
        if name not in D.REVIEW_KINDS:
            raise SystemExit(f"--review-kinds: unknown kind {name!r} (one of {', '.join(D.REVIEW_KINDS)})")
        w[D.REVIEW_KINDS.index(name)] = float(weight or 1)
    if w.sum() <= 0:
        raise SystemExit("--review-kinds: every weight is 0")
    return w


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=float, default=20,
                    help="schedule length; with --time-budget-min 59 the whole command takes 58 min on 2 idle cores")
    ap.add_argument("--batch-size", type=int, default=128,
                    help="128 beat 256 at the same wall time (held-out category 0.872 vs 0.866, ml/README.md)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--val-size", type=int, default=2000)
    ap.add_argument("--max-steps", type=int, default=0, help="stop early (smoke test)")
    ap.add_argument("--init-from", default="", help="continue from a previous run dir (weights + tokenizer)")
    ap.add_argument("--aug-p", type=float, default=0.5, help="probability of geometric/brightness augmentation")
    ap.add_argument("--review-aug-p", type=float, default=0.4,
                    help="probability that an image gets review-photo-style augmentation (data.augment_review_style: "
                         "zoom-in crop, strong rotation, lighting, noise or a home background) instead of the mild one; 0 = off")
    ap.add_argument("--review-kinds", default="album:4,crop,rotation,lighting,noise,background",
                    help="weights of the review-photo kinds, e.g. 'album:3,crop:1' (a bare name weighs 1, unnamed "
                         "kinds 0); '' = every kind equally often")
    ap.add_argument("--warmup-frac", type=float, default=0.04)
    ap.add_argument("--cls-weight", type=float, default=0.5,
                    help="weight of an extra zero-shot classification loss (image vs. the 10 en and 10 zh category-name prompts)")
    ap.add_argument("--hard-weight", type=float, default=2.0,
                    help="per-image weight in the classification loss for T-shirt/pullover/coat/shirt images")
    ap.add_argument("--distill-weight", type=float, default=1.0,
                    help="weight of the distillation loss from a small CNN teacher fitted first (teacher.py); 0 = off")
    ap.add_argument("--distill-temp", type=float, default=2.0, help="softmax temperature of the distillation loss")
    ap.add_argument("--teacher-epochs", type=int, default=4)
    ap.add_argument("--feat-distill-weight", type=float, default=3.0,
                    help="weight of a dense distillation loss: a linear head on each kept patch token of the last "
                         "layer predicts the teacher's normalised conv features at that patch, on the same "
                         "augmented view (rows with the mild augmentation only); needs the teacher; 0 = off (one hour: test "
                         "category 0.893 and 0.891 at 3 in two runs, 0.875-0.880 at 1 in three; ml/README.md)")
    ap.add_argument("--ema-decay", type=float, default=0.995, help="EMA of the weights (saved model); 0 = off")
    ap.add_argument("--mask-ratio", type=float, default=0.5,
                    help="share of patch tokens dropped per training image (FLIP); 0 = off")
    ap.add_argument("--unmasked-frac", type=float, default=0.15,
                    help="with --mask-ratio: the last share of the schedule trains on every patch")
    ap.add_argument("--patch-size", type=int, default=16,
                    help="ViT patch side for a new model: 16 gives 7x7 patches at 112 px (28: 4x4, ml/README.md)")
    ap.add_argument("--canvas-size", type=int, default=D.DISPLAY_SIZE,
                    help="side at which training draws and augments the display image before resizing it to the "
                         "model input (112, the display size, resizes nothing)")
    ap.add_argument("--time-budget-min", type=float, default=59.0,
                    help="wall budget of the whole command, teacher included: if the projected wall time exceeds it, "
                         "the rest of the cosine is compressed to fit; 0 = off")
    ap.add_argument("--tokenizer", default=str(D.REPO_ROOT / "models" / "eclip-mini" / "tokenizer.json"),
                    help="tokenizer to reuse (the shipped vocabulary; the search index depends on its ids)")
    ap.add_argument("--build-tokenizer", action="store_true", help="train a new BPE tokenizer instead of --tokenizer")
    ap.add_argument("--out", default=str(D.REPO_ROOT / "ml" / "runs" / "eclip-mini"))
    args = ap.parse_args()
    kind_weights = review_kind_weights(args.review_kinds)

    t0 = time.time()
    random.seed(args.seed); np.random.seed(args.seed); torch.manual_seed(args.seed)
    out = Path(args.out); out.mkdir(parents=True, exist_ok=True)

    if args.init_from:
        tok = T.load_tokenizer(Path(args.init_from) / "tokenizer.json")
    elif args.build_tokenizer:
        tok = T.build_tokenizer(D.caption_corpus(200_000, seed=args.seed))
    else:
        tok = T.load_tokenizer(Path(args.tokenizer))
    T.save_tokenizer_files(tok, out)

    gray, labels = D.load_split("train")
    rs = np.random.default_rng(args.seed)
    perm = rs.permutation(len(labels))
    val_idx, tr_idx = perm[: args.val_size], perm[args.val_size:]
    tr_gray, tr_lab = torch.from_numpy(gray[tr_idx]), torch.from_numpy(labels[tr_idx])
    val_gray, val_lab = gray[val_idx], labels[val_idx]

    cfg = make_config(tok.get_vocab_size(), args.patch_size)
    model = CLIPModel.from_pretrained(args.init_from) if args.init_from else CLIPModel(cfg)
    teacher_probs, teacher_summary = None, {}     # the teacher's tempered category probabilities, per training row
    if args.feat_distill_weight > 0 and args.distill_weight <= 0:
        raise SystemExit("--feat-distill-weight needs the teacher (--distill-weight > 0)")
    if args.feat_distill_weight > 0 and D.IMAGE_SIZE // args.patch_size != 7:
        raise SystemExit("--feat-distill-weight needs 7x7 patches (the teacher's grid): --patch-size 16")
    if args.distill_weight > 0:
        rng_state = torch.get_rng_state()     # the student's random stream does not depend on the teacher
        teacher, teacher_logits, teacher_summary = fit_teacher(tr_gray, tr_lab, torch.from_numpy(val_gray),
                                                               torch.from_numpy(val_lab), args.seed,
                                                               args.teacher_epochs,
                                                               log=lambda line: print(line, flush=True))
        torch.set_rng_state(rng_state)
        teacher_probs = F.softmax(teacher_logits / args.distill_temp, dim=1)
    model.train()
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embedding" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embedding" not in n)]
    feat_head = None       # training only: patch token -> the teacher's conv features (never saved or exported)
    if args.feat_distill_weight > 0:
        feat_head = torch.nn.Linear(cfg.vision_config.hidden_size, FEATURE_CHANNELS)
        decay.append(feat_head.weight); no_decay.append(feat_head.bias)
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=args.lr, betas=(0.9, 0.98), eps=1e-6)
    steps_per_epoch = len(tr_idx) // args.batch_size
    total = int(args.epochs * steps_per_epoch)
    if args.max_steps:
        total = min(total, args.max_steps)
    warmup = max(1, int(args.warmup_frac * total))
    lr_at = CosineSchedule(args.lr, warmup, total)
    planned = total
    ema = copy.deepcopy(model).eval() if args.ema_decay > 0 else None
    saved = ema if ema is not None else model

    cls_ids = [T.encode_batch(tok, names) for names in
               ([c["en"].lower() for c in D.CATEGORIES], [c["zh"] for c in D.CATEGORIES])]
    hard = torch.ones(D.N_CAT)
    for c in D.CATEGORIES:
        if c["id"] in ("tshirt", "pullover", "coat", "shirt"):
            hard[c["label"]] = args.hard_weight

    def cls_loss(model, img, icat, soft):
        """Cross-entropy of each image (`img`: L2-normalised embeddings) against the category-name prompts (the
        zero-shot eval prompts), plus, with a teacher, the distillation term: KL from the teacher's tempered
        probabilities (`soft`) to the student's."""
        w = hard[icat]
        tot, kd = 0.0, 0.0
        for ids, mask in cls_ids:
            t = F.normalize(model.text_projection(model.text_model(input_ids=ids, attention_mask=mask).pooler_output), dim=-1)
            logits = model.logit_scale.exp() * img @ t.t()
            if args.cls_weight > 0:
                ce = F.cross_entropy(logits, icat, reduction="none")
                tot = tot + args.cls_weight * (w * ce).sum() / w.sum()
            if soft is not None:
                tau = args.distill_temp
                kd = kd + tau * tau * F.kl_div(F.log_softmax(logits / tau, dim=1), soft, reduction="batchmean")
        return (tot + args.distill_weight * kd) / len(cls_ids)

    gen = torch.Generator().manual_seed(args.seed)
    crng = random.Random(args.seed)
    log = open(out / "train_log.jsonl", "w")
    print(json.dumps({"params": sum(p.numel() for p in model.parameters()), "steps": total,
                      "steps_per_epoch": steps_per_epoch, "vocab": tok.get_vocab_size()}), flush=True)
    tuner = ThreadTuner()
    step, tl = 0, time.time()
    t_loop = tl
    run_loss = 0.0
    unmasked_from = None        # (step, time) where a --mask-ratio run switched to every patch
    while step < lr_at.total:
        order = torch.randperm(len(tr_idx), generator=gen)
        for b in range(steps_per_epoch):
            if step >= lr_at.total:
                break
            tuner.before_step(step)
            ts = time.time()
            for gparam in opt.param_groups:
                gparam["lr"] = lr_at(step)
            bi = order[b * args.batch_size:(b + 1) * args.batch_size]
            icat = tr_lab[bi]
            icol = torch.randint(0, D.N_COL, (len(bi),), generator=gen)
            with torch.no_grad():
                gray_b = tr_gray[bi]
                disp = D.to_display_torch(D.tint_torch(gray_b, icol), args.canvas_size)
                move = D.draw_affine(len(bi), gen, args.aug_p)
                rv = torch.zeros(len(bi), dtype=torch.bool)
                if args.review_aug_p > 0:     # only then draw from `gen`, so runs without it stay reproducible
                    rv = torch.rand(len(bi), generator=gen) < args.review_aug_p
                aug = D.apply_affine(disp, move, rows=~rv)    # the mild augmentation where no shopper style replaces it
                if rv.any():
                    kinds = (torch.multinomial(kind_weights, int(rv.sum()), replacement=True, generator=gen)
                             if kind_weights is not None else None)
                    alpha = D.coverage_torch(gray_b[rv], args.canvas_size)
                    aug[rv] = D.augment_review_style(disp[rv], gen, alpha, kinds)
                px = D.to_model_input_torch(aug)
            caps = [D.make_caption(int(k), int(c), crng.choice(D.BRANDS), crng) for k, c in zip(icat, icol)]
            ids, mask = T.encode_batch(tok, [c[0] for c in caps])
            tcat = torch.tensor([c[1] for c in caps]); tcol = torch.tensor([c[2] for c in caps])
            masked = args.mask_ratio > 0 and step < (1 - args.unmasked_frac) * lr_at.total
            if not masked and args.mask_ratio > 0 and unmasked_from is None:
                unmasked_from = (step, time.time())
            img, patches, pidx = image_features(model, px, 1 - args.mask_ratio if masked else 1.0, gen,
                                                with_patches=True)
            img = F.normalize(img, dim=-1)
            txt = F.normalize(model.get_text_features(input_ids=ids, attention_mask=mask).pooler_output, dim=-1)
            loss = label_aware_loss(model.logit_scale.exp() * img @ txt.t(), icat, icol, tcat, tcol)
            if args.cls_weight > 0 or teacher_probs is not None:
                loss = loss + cls_loss(model, img, icat, teacher_probs[bi] if teacher_probs is not None else None)
            if feat_head is not None and (~rv).any():
                loss = loss + args.feat_distill_weight * feature_loss(feat_head, teacher, gray_b, move.theta, patches,
                                                                      pidx, ~rv)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            with torch.no_grad():
                model.logit_scale.clamp_(0, math.log(100))
            if ema is not None:
                # short horizon early on so the EMA is not dominated by the random init
                ema_update(ema, model, min(args.ema_decay, (1 + step) / (10 + step)))
            tuner.after_step(step, time.time() - ts)
            run_loss = 0.98 * run_loss + 0.02 * loss.item() if step else loss.item()
            step += 1
            if step % 50 == 0 or step == lr_at.total:
                sec_per_step = (time.time() - t_loop) / step   # whole-run average, incl. validation and saves
                if unmasked_from is not None and step - unmasked_from[0] >= 50:   # full-patch steps cost more
                    sec_per_step = max(sec_per_step, (time.time() - unmasked_from[1]) / (step - unmasked_from[0]))
                rec = {"step": step, "epoch": round(step / steps_per_epoch, 2), "loss": round(run_loss, 4),
                       "lr": round(lr_at(step - 1), 6), "scale": round(model.logit_scale.exp().item(), 2),
                       "img_s": round(50 * args.batch_size / (time.time() - tl), 1),
                       "elapsed_s": round(time.time() - t0, 1), "threads": tuner.cur,
                       **({"masked": masked} if args.mask_ratio > 0 else {})}
                tl = time.time()
                budget = args.time_budget_min * 60
                left = budget - (time.time() - t0) - 30     # 30 s for the final validation and save
                if budget and step > warmup and (lr_at.total - step) * sec_per_step > left:
                    new_total = max(step + 1, step + int(left / sec_per_step))
                    if new_total < lr_at.total:
                        lr_at.shorten(step, new_total)
                        rec["replanned_total_steps"] = new_total
                if step % steps_per_epoch < 50 or step == lr_at.total:
                    rec.update(quick_val(saved, tok, val_gray, val_lab))
                    saved.save_pretrained(out)
                print(json.dumps(rec), flush=True)
                log.write(json.dumps(rec) + "\n"); log.flush()
    saved.save_pretrained(out)
    final = quick_val(saved, tok, val_gray, val_lab)
    wall = time.time() - t0
    summary = {"wall_time_s": round(wall, 1), "img_s_overall": round(step * args.batch_size / wall, 1),
               "steps": step, "planned_steps": planned, "epochs": args.epochs, "epochs_done": round(step / steps_per_epoch, 2),
               "init_from": args.init_from or None, "lr": args.lr, "aug_p": args.aug_p, "review_aug_p": args.review_aug_p,
               "review_kinds": args.review_kinds or None,
               "batch_size": args.batch_size, "seed": args.seed, "patch_size": model.config.vision_config.patch_size,
               "canvas_size": args.canvas_size,
               "mask_ratio": args.mask_ratio, "unmasked_frac": args.unmasked_frac,
               "unmasked_from_step": unmasked_from[0] if unmasked_from else None,
               "cls_weight": args.cls_weight, "hard_weight": args.hard_weight, "ema_decay": args.ema_decay,
               "distill_weight": args.distill_weight, "distill_temp": args.distill_temp,
               "feat_distill_weight": args.feat_distill_weight, **teacher_summary,
               "thread_choices": [list(h) for h in tuner.history][-50:],
               "warmup_frac": args.warmup_frac, "weight_decay": args.weight_decay, **final}
    (out / "train_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
