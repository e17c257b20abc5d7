"""Products as the demo catalogue renders them (libs/demo-catalog/src/product.factory.ts): colour, brand, price,
titles, and the lines the app gives the model (context line, retrieved-product lines)."""
from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass

from ..eclip import data as E

CATEGORIES, COLOURS, BRANDS = E.CATEGORIES, E.COLOURS, E.BRANDS
N_CAT, N_COL = E.N_CAT, E.N_COL
CAT_IDS = [c["id"] for c in CATEGORIES]
COL_IDS = [c["id"] for c in COLOURS]
# Categories sold in pairs, with their plural noun (product.factory.ts PAIRS)
PAIRS = {"trousers": "trousers", "sandal": "sandals", "sneaker": "sneakers", "ankle_boot": "ankle boots"}
FEATURES = {
    "default": [("an easy-care finish", "易于打理"), ("durable stitching", "做工耐用"),
                ("a relaxed everyday fit", "日常舒适版型"), ("a soft feel", "手感柔软")],
    "sandal": [("a cushioned footbed", "缓震鞋垫")], "sneaker": [("a grippy rubber sole", "防滑橡胶鞋底")],
    "ankle_boot": [("a side zip", "侧边拉链")], "bag": [("room for a laptop", "可放笔记本电脑")],
    "coat": [("a warm lining", "保暖内衬")],
}


def title_case(s: str) -> str:
    """product.factory.ts titleCase: upper-case every letter that starts the text or follows a space or '-'."""
    return re.sub(r"(^|[\s-])([^\W\d_])", lambda m: m.group(1) + m.group(2).upper(), s)


def price_text(p: float) -> str:
    return f"{p:.2f}"


def random_price(cat: int, rng: random.Random) -> float:
    low, high = CATEGORIES[cat]["price"]
    return math.floor(low + rng.random() * (high - low)) + 0.99


@dataclass(frozen=True)
class Product:
    id: str
    cat: int
    col: int
    brand: str
    price: float

    def title(self, lang: str = "en") -> str:
        k, c = CATEGORIES[self.cat], COLOURS[self.col]
        if lang == "zh":
            return f"{self.brand} {c['zh']}{k['zh']}"
        return title_case(f"{self.brand} {c['en']} {k['en']}")

    def colour_name(self, lang: str = "en") -> str:
        return COLOURS[self.col][lang]

    def context_line(self) -> str:
        """What the app prepends to a request-planning instruction: the nearest catalogue match."""
        return f"Seen: {self.title('en')}, {price_text(self.price)} EUR"

    def list_line(self, lang: str = "en") -> str:
        """One retrieved product, as the app lists it for a grounded answer."""
        return f"[{self.id}] {self.title(lang)}, {price_text(self.price)} EUR, {self.colour_name(lang)}"


def product_id(rng: random.Random, split: str | None = None) -> str:
    split = split or rng.choice(["train", "test"])
    return f"fm-{rng.randrange(60000):05d}" if split == "train" else f"fmt-{rng.randrange(10000):05d}"


def random_product(rng: random.Random, cat: int | None = None, col: int | None = None,
                   brand: str | None = None) -> Product:
    cat = rng.randrange(N_CAT) if cat is None else cat
    return Product(product_id(rng), cat, rng.randrange(N_COL) if col is None else col,
                   brand or rng.choice(BRANDS), random_price(cat, rng))
