"""Instruction conversations for the ShopLens VLM, deterministic by seed.

Images are catalogue products: a Fashion-MNIST garment (TRAIN split for training, TEST split for evaluation), tinted
with a random vocabulary colour on the white display background exactly as libs/demo-catalog renders it
(ml/eclip/data.py), with a random brand and price (product.factory.ts). An image conversation has 1-3 user turns
about one image (the first turn carries the image): describe, attribute question, request plan, grounded answer.
Text-only conversations are grounded answers. The vision tower is frozen, so training reads cached tower outputs.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
import torch

from ..eclip import data as E
from . import chat as C
from .describe import attribute_example, describe_example
from .grounded import grounded_example
from .plans import plan_example
from .products import BRANDS, Product, product_id, random_price

TURN_KINDS = ["describe", "attribute", "plan", "grounded"]
TURN_WEIGHTS = [22, 12, 44, 22]


@dataclass
class Conversation:
    messages: list[dict]
    image: int | None = None                # row in the image table (feature cache / split images), None = text only
    meta: list[dict] = field(default_factory=list)   # per assistant turn: kind + expected values (evaluation)


def product_for(split: str, index: int, cat: int, col: int, rng: random.Random) -> Product:
    pid = f"{'fm' if split == 'train' else 'fmt'}-{index:05d}"
    return Product(pid, int(cat), int(col), rng.choice(BRANDS), random_price(int(cat), rng))


def turn(kind: str, p: Product, rng: random.Random, lang: str | None = None) -> tuple[str, str, dict]:
    """One user/assistant exchange about the product p in the image."""
    if kind == "describe":
        q, a, lang = describe_example(p.cat, p.col, rng, lang)
        return q, a, {"kind": kind, "lang": lang, "cat": p.cat, "col": p.col}
    if kind == "attribute":
        q, a, sub = attribute_example(p.cat, p.col, rng, lang)
        return q, a, {"kind": kind, "sub": sub, "answer": a}
    if kind == "plan":
        q, a, exp = plan_example(p, rng, lang)
        return q, a, {"kind": kind, "expected": exp, "answer": a}
    q, a, ids = grounded_example(rng, lang, image=p)
    return q, a, {"kind": kind, "expected_ids": ids, "listed": _listed(q), "answer": a}


def _listed(user_text: str) -> list[str]:
    from .grounded import cited_ids
    return cited_ids(user_text)


class InstructionGenerator:
    """Random conversations over a table of (image index, category, colour) rows of one split."""

    def __init__(self, split: str, index: np.ndarray, cat: np.ndarray, col: np.ndarray, seed: int,
                 p_image: float = 0.8, p_text_plan: float = 0.0):
        self.split, self.index, self.cat, self.col = split, index, cat, col
        self.rng = random.Random(seed)
        self.p_image, self.p_text_plan = p_image, p_text_plan

    def image_conversation(self, row: int, kinds: list[str] | None = None, lang: str | None = None) -> Conversation:
        rng = self.rng
        p = product_for(self.split, int(self.index[row]), self.cat[row], self.col[row], rng)
        # describe / attribute turns first: a context line ("Seen: ...") from an earlier plan turn would name the
        # category and colour, and the model must learn to read them from the image
        kinds = kinds or sorted(rng.choices(TURN_KINDS, TURN_WEIGHTS, k=rng.choice([1, 1, 2, 2, 3])), key=TURN_KINDS.index)
        msgs, meta = [], []
        for i, k in enumerate(kinds):
            q, a, m = turn(k, p, rng, lang)
            msgs += [C.user(q, image=(i == 0)), C.assistant(a)]
            meta.append(m)
        return Conversation(msgs, row, meta)

    def text_conversation(self, lang: str | None = None, turns: int = 1) -> Conversation:
        """Grounded answers about one retrieved list; follow-up turns ask new questions about the same list."""
        q, a, ids = grounded_example(self.rng, lang)
        listed = _listed(q)
        msgs = [C.user(q), C.assistant(a)]
        meta = [{"kind": "grounded", "expected_ids": ids, "listed": listed, "answer": a}]
        products = _parse_list(q)
        for _ in range(turns - 1):
            q2, a2, ids2 = grounded_example(self.rng, lang, products=products)
            msgs += [C.user(q2), C.assistant(a2)]
            meta.append({"kind": "grounded", "expected_ids": ids2, "listed": listed, "answer": a2})
        return Conversation(msgs, None, meta)

    def plan_conversation(self, turns: int = 1) -> Conversation:
        """Request plans without the image: the context line is then the only source of category, colour, brand and
        price, which teaches the decoder to read (and copy from) it rather than guess from the picture."""
        msgs, meta = [], []
        for _ in range(turns):
            row = self.rng.randrange(len(self.index))
            p = product_for(self.split, int(self.index[row]), self.cat[row], self.col[row], self.rng)
            q, a, m = turn("plan", p, self.rng)
            msgs += [C.user(q), C.assistant(a)]
            meta.append(m)
        return Conversation(msgs, None, meta)

    def sample(self) -> Conversation:
        r = self.rng.random()
        if r < self.p_image:
            return self.image_conversation(self.rng.randrange(len(self.index)))
        if r < self.p_image + self.p_text_plan:
            return self.plan_conversation(turns=self.rng.choice([1, 2, 3]))
        return self.text_conversation(turns=self.rng.choice([1, 1, 2, 3]))


def _parse_list(user_text: str) -> list[Product]:
    """The products of a grounded turn, back from their lines (ids, category, colour, brand, price)."""
    from .products import COLOURS as COLS, CATEGORIES as CATS
    out = []
    for line in user_text.split("\n")[1:-1]:
        pid, rest = line[1:].split("] ", 1)
        title, price, colour = rest.rsplit(", ", 2)
        col = next(i for i, c in enumerate(COLS) if colour in (c["en"], c["zh"]))
        cat = next(k for k, c in sorted(enumerate(CATS), key=lambda kc: -len(kc[1]["en"]))
                   if title.lower().endswith(c["en"].lower()) or title.endswith(c["zh"]))
        brand = next(b for b in sorted(BRANDS, key=len, reverse=True) if title.startswith(b))
        out.append(Product(pid, cat, col, brand, float(price.split()[0])))
    return out


def train_table(n: int, seed: int, exclude: np.ndarray | None = None):
    """n (train image index, category, colour) rows: every train image once per pass, a random colour each time."""
    _, labels = E.load_split("train")
    rs = np.random.default_rng(seed)
    pool = np.setdiff1d(np.arange(len(labels)), exclude) if exclude is not None else np.arange(len(labels))
    index = np.concatenate([rs.permutation(pool) for _ in range(-(-n // len(pool)))])[:n]
    return index, labels[index], rs.integers(0, E.N_COL, size=n)


def render_pixels(split: str, index: np.ndarray, col: np.ndarray) -> torch.Tensor:
    """Normalised model input [N,3,112,112] of the catalogue display images (tint at 28 px, bilinear to 112)."""
    gray, _ = E.load_split(split)
    g = torch.from_numpy(gray[index])
    return E.to_model_input_torch(E.to_display_torch(E.tint_torch(g, torch.as_tensor(col, dtype=torch.long))))


def corpus_texts(n: int, seed: int) -> list[str]:
    """Rendered conversations (one <image> each) for training the tokenizer."""
    index, cat, col = train_table(min(n, 60000), seed)
    gen = InstructionGenerator("train", index, cat, col, seed)
    return [C.render(gen.sample().messages)[0] for _ in range(n)]





def test_table(seed: int = 1234):
    """Every TEST image with the evaluation catalogue's seeded colour (ml/eclip/data.py test_catalog)."""
    cat = E.test_catalog(seed)
    return np.arange(len(cat.cat)), cat.cat, cat.col
