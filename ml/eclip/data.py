"""Fashion-MNIST reading, exact tinting (vocabulary.json `tint` spec), captions, augmentation.

Tint formula (per grey value g in 0..255, per channel c with colour rgb_c), computed in float64:
    v = g / 255
    a = min(1, alpha_gain * v)                    # alpha_gain = 4
    shade = shade_base + shade_gain * v           # 0.7 + 0.3 v
    x = bg_c * (1 - a) + a * rgb_c * shade        # bg_c = 255 (white background)
    c = clamp(floor(x + 0.5), 0, 255)             # round half up == JS Math.round for x >= 0
Tint happens at 28x28; the display image is a bilinear upscale to 112x112 (PIL BILINEAR).
"""
from __future__ import annotations

import gzip
import json
import math
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F

REPO_ROOT = Path(__file__).resolve().parents[2]
VOCAB_PATH = REPO_ROOT / "libs" / "demo-catalog" / "src" / "vocabulary.json"
DATA_DIR = Path(os.environ.get("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))

IMAGE_SIZE = 112         # model input resolution == display size: the processor does not resample display images
# Normalisation used in training and written to preprocessor_config.json
IMAGE_MEAN = [0.5, 0.5, 0.5]
IMAGE_STD = [0.5, 0.5, 0.5]


def load_vocab() -> dict:
    with open(VOCAB_PATH, encoding="utf-8") as f:
        return json.load(f)


VOCAB = load_vocab()
CATEGORIES = VOCAB["categories"]
COLOURS = VOCAB["colours"]
BRANDS = VOCAB["brands"]
TINT = VOCAB["tint"]
DISPLAY_SIZE = int(TINT["display_size"])
N_CAT = len(CATEGORIES)
N_COL = len(COLOURS)
assert [c["label"] for c in CATEGORIES] == list(range(N_CAT))
COLOUR_RGB = np.array([c["rgb"] for c in COLOURS], dtype=np.float64)  # [10, 3]
COLOUR_INDEX = {c["id"]: i for i, c in enumerate(COLOURS)}


# ----------------------------------------------------------------------------- idx files
def _open(path: Path):
    if path.exists():
        return open(path, "rb")
    gz = path.with_name(path.name + ".gz")
    if gz.exists():
        return gzip.open(gz, "rb")
    raise FileNotFoundError(f"{path}(.gz) not found; apt-get install -y dataset-fashion-mnist")


def read_idx(path: Path) -> np.ndarray:
    with _open(path) as f:
        data = f.read()
    zero, dtype_code, ndim = data[0] << 8 | data[1], data[2], data[3]
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte idx file")
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    return arr.reshape(shape).copy()


def load_split(split: str) -> tuple[np.ndarray, np.ndarray]:
    """split: 'train' (training only) or 'test' (evaluation only). Returns uint8 [N,28,28], int64 [N]."""
    prefix = {"train": "train", "test": "t10k"}[split]
    images = read_idx(DATA_DIR / f"{prefix}-images-idx3-ubyte")
    labels = read_idx(DATA_DIR / f"{prefix}-labels-idx1-ubyte").astype(np.int64)
    assert images.shape[1:] == (28, 28) and len(images) == len(labels)
    return images, labels


# ----------------------------------------------------------------------------- tinting
def tint_np(gray: np.ndarray, rgb) -> np.ndarray:
    """Exact tint: gray uint8 [...,28,28] -> uint8 [...,28,28,3]. See module docstring."""
    v = gray.astype(np.float64)[..., None] / 255.0
    a = np.minimum(1.0, float(TINT["alpha_gain"]) * v)
    shade = float(TINT["shade_base"]) + float(TINT["shade_gain"]) * v
    bg = np.asarray(TINT["background"], dtype=np.float64)
    x = bg * (1.0 - a) + a * np.asarray(rgb, dtype=np.float64) * shade
    return np.clip(np.floor(x + 0.5), 0, 255).astype(np.uint8)


def display_image(gray28: np.ndarray, rgb):
    """The 112x112 display PIL image (tint at 28, bilinear upscale)."""
    from PIL import Image
    im = Image.fromarray(tint_np(gray28, rgb), "RGB")
    return im.resize((DISPLAY_SIZE, DISPLAY_SIZE), Image.BILINEAR)


def preprocess_pil(images) -> torch.Tensor:
    """Model preprocessing for PIL images, identical to preprocessor_config.json (resize shortest edge to
    IMAGE_SIZE with PIL bilinear - a no-op for 112px display images -, centre crop, /255, normalise)."""
    from PIL import Image
    out = []
    for im in images:
        im = im.convert("RGB")
        w, h = im.size
        s = IMAGE_SIZE / min(w, h)
        nw, nh = max(IMAGE_SIZE, round(w * s)), max(IMAGE_SIZE, round(h * s))
        if (nw, nh) != (w, h):
            im = im.resize((nw, nh), Image.BILINEAR)
        l, t = (nw - IMAGE_SIZE) // 2, (nh - IMAGE_SIZE) // 2
        im = im.crop((l, t, l + IMAGE_SIZE, t + IMAGE_SIZE))
        out.append(np.asarray(im, dtype=np.float32))
    x = torch.from_numpy(np.stack(out)).permute(0, 3, 1, 2) / 255.0
    mean = torch.tensor(IMAGE_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGE_STD).view(1, 3, 1, 1)
    return (x - mean) / std


# Torch version of the same pipeline, batched, used in training (with augmentation)
_RGB_T = torch.tensor(COLOUR_RGB, dtype=torch.float64)


def tint_torch(gray: torch.Tensor, colour_idx: torch.Tensor) -> torch.Tensor:
    """gray uint8 [B,28,28], colour_idx long [B] -> float32 [B,3,28,28] with integer values 0..255."""
    v = gray.to(torch.float64).unsqueeze(1) / 255.0
    a = torch.clamp(float(TINT["alpha_gain"]) * v, max=1.0)
    shade = float(TINT["shade_base"]) + float(TINT["shade_gain"]) * v
    rgb = _RGB_T[colour_idx].view(-1, 3, 1, 1)
    x = 255.0 * (1.0 - a) + a * rgb * shade
    return torch.clamp(torch.floor(x + 0.5), 0, 255).to(torch.float32)


def to_display_torch(tinted28: torch.Tensor, size: int = DISPLAY_SIZE) -> torch.Tensor:
    """The display image (bilinear upscale of the tinted 28px garment); training may draw it smaller (`size`)."""
    up = F.interpolate(tinted28, size=(size, size), mode="bilinear", align_corners=False)
    return torch.clamp(torch.round(up), 0, 255)


def to_model_input_torch(display: torch.Tensor) -> torch.Tensor:
    """[B,3,H,W] 0..255 -> normalised [B,3,IMAGE_SIZE,IMAGE_SIZE] (no resampling when sizes agree)."""
    x = display
    if x.shape[-1] != IMAGE_SIZE or x.shape[-2] != IMAGE_SIZE:
        x = F.interpolate(x, size=(IMAGE_SIZE, IMAGE_SIZE), mode="bilinear", align_corners=False, antialias=True)
        x = torch.clamp(torch.round(x), 0, 255)
    x = x / 255.0
    mean = torch.tensor(IMAGE_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(IMAGE_STD).view(1, 3, 1, 1)
    return (x - mean) / std


class AffineMove(NamedTuple):
    theta: torch.Tensor     # [B,2,3] affine matrices, normalised coordinates (they move any resolution alike)
    on: torch.Tensor        # [B] 1.0 where the image is cropped, turned and brightened, else 0.0
    flip: torch.Tensor      # [B] bool
    bright: torch.Tensor    # [B] brightness factor


def draw_affine(b: int, gen: torch.Generator, p: float, dev="cpu") -> AffineMove:
    """The mild augmentation of the display images, drawn for `b` images: random resized crop (scale 0.75-1),
    rotation +-12 deg and brightness +-10 % with probability `p`, and a horizontal flip with probability 0.5.
    The draws are the same for every image whatever apply_affine later computes, so the random stream does not
    depend on which images are used."""

    def U(lo, hi):
        return lo + (hi - lo) * torch.rand(b, generator=gen, device=dev)

    on = (torch.rand(b, generator=gen, device=dev) < p).float()
    scale = 1.0 - on * (1.0 - torch.sqrt(U(0.75, 1.0)))          # side-length fraction
    ratio = torch.exp(on * U(-0.1, 0.1))
    sx, sy = scale * torch.sqrt(ratio), scale / torch.sqrt(ratio)
    tx, ty = on * U(-1, 1) * (1 - sx).clamp(min=0), on * U(-1, 1) * (1 - sy).clamp(min=0)
    ang = on * U(-12, 12) * math.pi / 180
    flip = torch.rand(b, generator=gen, device=dev) < 0.5
    sign = torch.where(flip, -1.0, 1.0)
    cos, sin = torch.cos(ang), torch.sin(ang)
    theta = torch.zeros(b, 2, 3, device=dev)
    theta[:, 0, 0] = cos * sx * sign
    theta[:, 0, 1] = -sin * sy
    theta[:, 1, 0] = sin * sx * sign
    theta[:, 1, 1] = cos * sy
    theta[:, 0, 2] = tx
    theta[:, 1, 2] = ty
    return AffineMove(theta, on, flip, 1.0 + on * U(-0.1, 0.1))


def apply_affine(display: torch.Tensor, move: AffineMove, rows: torch.Tensor | None = None) -> torch.Tensor:
    """Apply a drawn AffineMove to display images (float [B,3,H,W], whole numbers in 0..255), white fill. Only
    the images in `rows` (bool [B]; default all) are computed; the others are returned unchanged. An image that
    is only flipped is flipped directly: bilinear sampling at the mirrored pixel centres gives the same pixels,
    so the result equals resampling it, at a fraction of the cost."""
    out = display.clone()
    rows = torch.ones(len(display), dtype=torch.bool) if rows is None else rows
    moved = rows & (move.on > 0)
    flipped = rows & (move.on == 0) & move.flip
    if flipped.any():
        out[flipped] = display[flipped].flip(-1)
    if moved.any():
        src = display[moved]
        grid = F.affine_grid(move.theta[moved], list(src.shape), align_corners=False)
        inv = 255.0 - src                                          # so zero padding = white
        res = 255.0 - F.grid_sample(inv, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
        out[moved] = torch.clamp(torch.round(res * move.bright[moved].view(-1, 1, 1, 1)), 0, 255)
    return out


# ----------------------------------------------------------------------------- review-style augmentation
# Shoppers' review photos (libs/demo-catalog/src/review-photo.ts) show the product's garment photographed
# differently. One kind per photo, each approximated here on the 112px display image:
REVIEW_KINDS = ("crop", "rotation", "lighting", "noise", "background", "album")
# Home surfaces of backgrounds.ts (muted, so the garment stays the most colourful thing in frame)
REVIEW_SURFACES = torch.tensor([
    [232, 224, 208], [214, 214, 210], [188, 166, 142], [150, 126, 106], [120, 128, 140],
    [70, 72, 78], [240, 236, 226], [176, 186, 168], [205, 190, 180]], dtype=torch.float32)


def coverage_torch(gray: torch.Tensor, size: int = DISPLAY_SIZE) -> torch.Tensor:
    """Garment coverage (the tint's alpha, min(1, 4 g/255)) upscaled like the display image:
    uint8 [B,28,28] -> float [B,1,size,size] in 0..1. Because tint and upscale are both linear in alpha,
    display = 255 (1 - alpha) + garment, so the white background can be swapped for another one."""
    a = torch.clamp(float(TINT["alpha_gain"]) * gray.to(torch.float32).unsqueeze(1) / 255.0, max=1.0)
    return F.interpolate(a, size=(size, size), mode="bilinear", align_corners=False)


def augment_review_style(display: torch.Tensor, gen: torch.Generator, alpha: torch.Tensor,
                         kind: torch.Tensor | None = None) -> torch.Tensor:
    """Review-photo look for display images (float [B,3,112,112], 0..255, white background) with their
    coverage `alpha` ([B,1,112,112], coverage_torch). Each image gets one of REVIEW_KINDS (`kind`: long [B]
    indices into REVIEW_KINDS; drawn uniformly when None), with the generator's parameter ranges:
      crop        zoom in 1.35-1.75x, random shift that keeps the canvas inside the garment image
      rotation    +-(0.3-0.75) rad, plus hand-held framing
      lighting    hand-held; gain 0.6-0.8 (60 %) or 1.15-1.3, warm/cool cast +-5 %, linear gradient 0.2-0.5
      noise       hand-held; Gaussian luminance noise, sigma 5-8
      background  hand-held; plain / gradient / texture surface instead of white
      album       a phone-album photo (album.factory.ts): scale 0.6-1.0 off centre (reach (1 - scale) / 2 + 5 %),
                  +-15 deg, always on a surface, gain 0.85-1.15 with a 0-0.2 gradient, sensor noise sigma 1.5-4
    Hand-held framing: scale 0.78-0.95, shift +-7 % of the side, +-0.1 rad. Not modelled: the photos'
    WebP compression and the generator tinting after (rather than before) resampling."""
    b, _, h, w = display.shape
    dev = display.device

    def U(lo, hi):
        return lo + (hi - lo) * torch.rand(b, generator=gen, device=dev)

    if kind is None:
        kind = torch.randint(0, len(REVIEW_KINDS), (b,), generator=gen, device=dev)
    is_ = {k: kind == i for i, k in enumerate(REVIEW_KINDS)}
    # --- placement (review-photo.ts / raster.ts drawGarment), in normalised [-1, 1] canvas units
    zoom = U(1.35, 1.75)
    scale = torch.where(is_["crop"], zoom, U(0.78, 0.95))
    dx = torch.where(is_["crop"], U(-1, 1) * (zoom - 1), U(-0.14, 0.14))   # reach (s-1)/2 of the side
    dy = torch.where(is_["crop"], U(-1, 1) * (zoom - 1), U(-0.14, 0.14))
    small = U(0.6, 1.0)                                  # album: reach (1 - s)/2 + 5 % of the side = 2x that in [-1, 1]
    scale = torch.where(is_["album"], small, scale)
    dx = torch.where(is_["album"], U(-1, 1) * (1 - small + 0.1), dx)
    dy = torch.where(is_["album"], U(-1, 1) * (1 - small + 0.1), dy)
    strong = torch.where(torch.rand(b, generator=gen, device=dev) < 0.5, -1.0, 1.0) * U(0.3, 0.75)
    ang = torch.where(is_["crop"], torch.zeros_like(zoom), U(-0.1, 0.1))
    ang = torch.where(is_["rotation"], strong, ang)      # rotation replaces the hand-held tilt, like `{...handheld, angle}`
    ang = torch.where(is_["album"], U(-0.2618, 0.2618), ang)
    # Fashion-MNIST garments are left/right symmetric in meaning; the mild augmentation flips too
    flip = torch.where(torch.rand(b, generator=gen, device=dev) < 0.5, -1.0, 1.0)
    cos, sin = torch.cos(ang), torch.sin(ang)
    # canvas point p -> garment point q = R(-angle) (p - d) / scale  (angle clockwise on screen, y down)
    theta = torch.zeros(b, 2, 3, device=dev)
    theta[:, 0, 0], theta[:, 0, 1] = cos / scale * flip, sin / scale * flip
    theta[:, 1, 0], theta[:, 1, 1] = -sin / scale, cos / scale
    theta[:, 0, 2] = -(cos * dx + sin * dy) / scale * flip
    theta[:, 1, 2] = -(-sin * dx + cos * dy) / scale
    grid = F.affine_grid(theta, [b, 3, h, w], align_corners=False)
    out = 255.0 - F.grid_sample(255.0 - display, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    a = F.grid_sample(alpha, grid, mode="bilinear", padding_mode="zeros", align_corners=False)

    # pixel coordinates x/size, y/size as in the generator's loops
    ys = (torch.arange(h, device=dev, dtype=torch.float32) / h).view(1, h, 1)
    xs = (torch.arange(w, device=dev, dtype=torch.float32) / w).view(1, 1, w)
    # Per-image parameters are drawn for the whole batch (cheap); the per-pixel work below only runs on the
    # images of that kind (about a fifth each), which keeps the augmentation at a few % of a training step.

    # --- background (backgrounds.ts): two jittered surfaces, plain / gradient / texture; the garment is
    # composited over it with its coverage: bg (1 - a) + garment == out - (255 - bg) (1 - a)
    ns = len(REVIEW_SURFACES)
    base = REVIEW_SURFACES.to(dev)[torch.randint(0, ns, (b,), generator=gen, device=dev)] + \
        20 * torch.rand(b, 3, generator=gen, device=dev) - 10
    other = REVIEW_SURFACES.to(dev)[torch.randint(0, ns, (b,), generator=gen, device=dev)] + \
        20 * torch.rand(b, 3, generator=gen, device=dev) - 10
    bdir, period, phase = U(0, 2 * math.pi), U(10, 22) * (w / 112), U(0, 2 * math.pi)
    bkind = torch.randint(0, 3, (b,), generator=gen, device=dev)          # plain, gradient, texture
    is_weave = torch.rand(b, generator=gen, device=dev) < 0.5
    i = (is_["background"] | is_["album"]).nonzero().squeeze(1)
    if len(i):
        n1 = (len(i), 1, 1)
        bcx, bcy = torch.cos(bdir[i]).view(n1), torch.sin(bdir[i]).view(n1)
        mix = torch.clamp(0.5 + (xs - 0.5) * bcx + (ys - 0.5) * bcy, 0, 1) * (bkind[i] == 1).view(n1)
        along = (xs * w * bcx + ys * h * bcy) / period[i].view(n1)
        across = (-xs * w * bcy + ys * h * bcx) / period[i].view(n1)
        weave = 1 + 0.05 * torch.sign(torch.sin(along * math.pi)) * torch.sign(torch.sin(across * math.pi))
        grain = 1 + 0.06 * torch.sin(2 * math.pi * along + phase[i].view(n1) + 1.5 * torch.sin(across))
        shade = torch.where((bkind[i] == 2).view(n1), torch.where(is_weave[i].view(n1), weave, grain), 1.0)
        mix, shade = mix.unsqueeze(1), shade.unsqueeze(1)
        bg = (base[i].view(-1, 3, 1, 1) * (1 - mix) + other[i].view(-1, 3, 1, 1) * mix) * shade
        out[i] = out[i] - (255.0 - bg) * (1 - a[i])

    # --- lighting (raster.ts relight): gain x cast x (1 + linear fall-off along a direction)
    gain = torch.where(torch.rand(b, generator=gen, device=dev) < 0.6, U(0.6, 0.8), U(1.15, 1.3))
    warm = U(-0.05, 0.05)
    cast = torch.stack([1 + warm, torch.ones_like(warm), 1 - warm], 1)
    slope, ldir = U(0.2, 0.5), U(0, 2 * math.pi)
    # album: milder, no colour cast
    gain = torch.where(is_["album"], U(0.85, 1.15), gain)
    cast = torch.where(is_["album"].view(-1, 1), torch.ones_like(cast), cast)
    slope = torch.where(is_["album"], U(0, 0.2), slope)
    i = (is_["lighting"] | is_["album"]).nonzero().squeeze(1)
    if len(i):
        n1 = (len(i), 1, 1)
        t = ((xs - 0.5) * torch.cos(ldir[i]).view(n1) + (ys - 0.5) * torch.sin(ldir[i]).view(n1)) * slope[i].view(n1)
        out[i] = out[i] * (gain[i].view(-1, 1, 1, 1) * cast[i].view(-1, 3, 1, 1)) * (1 + t).unsqueeze(1)

    # --- noise (raster.ts addNoise with chroma 0): one luminance draw per pixel for all channels
    sigma = torch.where(is_["album"], U(1.5, 4), U(5, 8))
    i = (is_["noise"] | is_["album"]).nonzero().squeeze(1)
    if len(i):
        out[i] = out[i] + torch.randn(len(i), 1, h, w, generator=gen, device=dev) * sigma[i].view(-1, 1, 1, 1)
    return torch.clamp(torch.round(out), 0, 255)


# ----------------------------------------------------------------------------- captions
EN_COLOUR_WORDS = [[c["en"]] + c.get("en_synonyms", []) for c in COLOURS]
ZH_COLOUR_WORDS = [[c["zh"]] + c.get("zh_synonyms", []) for c in COLOURS]


def _en_names(cat):
    names = [cat["en"].lower()] + [s for s in cat["en_synonyms"] if s.lower() != cat["en"].lower()]
    return names


def _zh_names(cat):
    return [cat["zh"]] + [s for s in cat["zh_synonyms"] if s != cat["zh"]]


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss")


EN_FULL = [
    "{c} {n}", "{c} {n}", "{c} {n}", "{art}{c} {n}", "{c} {n} by {b}", "{b} {c} {n}", "women's {c} {n}",
    "men's {c} {n}", "a photo of {art}{c} {n}", "{n} in {c}", "{c} {n} from {b}", "{n}, {c}",
    "{b} {n} in {c}", "new {c} {n}", "cheap {c} {n}", "{c} {n} for women", "{c} {n} for men",
    "{c} {n} sale", "{b} - {c} {n}", "buy {c} {n}",
]
EN_CAT = ["{n}", "{n}", "{art}{n}", "a photo of {art}{n}", "{b} {n}", "{n} by {b}", "women's {n}", "men's {n}"]
EN_COL = ["{c}", "something {c}", "{c} clothing", "{c} item", "a {c} product", "in {c}"]
ZH_FULL = [
    "{c}{n}", "{c}{n}", "{c}{n}", "{c}的{n}", "一件{c}的{n}", "{b}{c}{n}", "{b}的{c}{n}", "{b} {c}{n}",
    "女款{c}{n}", "男款{c}{n}", "{c}{n} {b}", "{n} {c}", "新款{c}{n}", "{c}{n}特价", "{c}款{n}",
    "{c}{n}，{b}", "买{c}{n}",
]
ZH_CAT = ["{n}", "{n}", "一件{n}", "{b}{n}", "{b}的{n}", "女款{n}", "男款{n}"]
ZH_COL = ["{c}", "{c}的", "{c}的衣服", "{c}商品", "{c}款"]


def _zh_colour(ci: int, rng: random.Random) -> str:
    w = rng.choice(ZH_COLOUR_WORDS[ci])
    if w.endswith("色") and rng.random() < 0.2:   # 红色 -> 红 now and then
        w = w[:-1]
    return w


def make_caption(cat: int, col: int, brand: str, rng: random.Random, lang: str | None = None,
                 kind: str | None = None) -> tuple[str, int, int]:
    """Returns (text, cat_or_-1, colour_or_-1). kind: 'full' | 'cat' | 'col'."""
    if lang is None:
        lang = "en" if rng.random() < 0.5 else "zh"
    if kind is None:
        r = rng.random()
        kind = "full" if r < 0.82 else ("cat" if r < 0.94 else "col")
    c_obj = CATEGORIES[cat]
    if lang == "en":
        n = rng.choice(_en_names(c_obj))
        c = rng.choice(EN_COLOUR_WORDS[col])
        tpl = rng.choice({"full": EN_FULL, "cat": EN_CAT, "col": EN_COL}[kind])
        art = "" if _plural(n) else ("an " if n[0] in "aeiou" else "a ")
        if "{art}{c}" in tpl and not _plural(n):
            art = "an " if c[0] in "aeiou" else "a "
        text = tpl.format(c=c, n=n, b=brand, art=art)
        if rng.random() < 0.15:
            text = text.capitalize() if rng.random() < 0.5 else text.title()
    else:
        n = rng.choice(_zh_names(c_obj))
        c = _zh_colour(col, rng)
        tpl = rng.choice({"full": ZH_FULL, "cat": ZH_CAT, "col": ZH_COL}[kind])
        text = tpl.format(c=c, n=n, b=brand)
    return text, (cat if kind != "col" else -1), (col if kind != "cat" else -1)


def caption_corpus(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        out.append(make_caption(rng.randrange(N_CAT), rng.randrange(N_COL), rng.choice(BRANDS), rng)[0])
    return out


# ----------------------------------------------------------------------------- eval queries
def query_en(cat: int, col: int) -> str:
    return f"{COLOURS[col]['en']} {CATEGORIES[cat]['en'].lower()}"


def query_zh(cat: int, col: int) -> str:
    return f"{COLOURS[col]['zh']}{CATEGORIES[cat]['zh']}"


def query_synonyms(cat: int, col: int) -> list[str]:
    """Shopper synonym queries (category synonyms other than the main name, both languages)."""
    c = CATEGORIES[cat]
    en = [s for s in c["en_synonyms"] if s.lower() != c["en"].lower()]
    zh = [s for s in c["zh_synonyms"] if s != c["zh"]]
    colour = COLOURS[col]
    out = [f"{colour['en']} {s}" for s in en] + [f"{colour['zh']}{s}" for s in zh]
    out += [f"{s} {c['en'].lower()}" for s in colour.get("en_synonyms", [])]
    return out


@dataclass
class TestCatalog:
    gray: np.ndarray      # [N,28,28]
    cat: np.ndarray       # [N]
    col: np.ndarray       # [N]
    brand: list


def test_catalog(seed: int = 1234) -> TestCatalog:
    """The 10k-product evaluation catalogue: every TEST image, seeded random colour and brand."""
    gray, labels = load_split("test")
    rng = np.random.default_rng(seed)
    col = rng.integers(0, N_COL, size=len(labels))
    brand = [BRANDS[i] for i in rng.integers(0, len(BRANDS), size=len(labels))]
    return TestCatalog(gray, labels, col, brand)
