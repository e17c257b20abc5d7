"""Task 3: request planning. Image + the app's context line ("Seen: <Brand> <Colour> <Category>, <price> EUR") +
a shopper instruction -> one line of compact JSON for the search API:

    {"query":"<colour?> <category>","filters":{...},"negative":<string|null>}

filters keys, in this order, only when set: category [ids], colour [ids], brand [names], price {"gte","lte"},
in_stock bool. Ids are vocabulary.json ids. The query names the target colour (the new one, or the seen one when the
instruction keeps it) unless the instruction rejects the seen colour; then `negative` is that colour's English name.
"Cheaper" means price lte the seen price rounded down (catalogue prices end in .99, so the seen product is excluded).
"""
from __future__ import annotations

import json
import math
import random

from .products import CAT_IDS, CATEGORIES, COL_IDS, COLOURS, Product

BASES = ["colour", "not_colour", "similar", "brand", "other_category", "any_colour"]
BASE_WEIGHTS = [32, 12, 18, 16, 12, 5]
EN_BASE = {
    "colour": ["like this but in {c}", "like this but in {c}", "same but {c}", "this in {c}", "show me this in {c}",
               "do you have it in {c}", "I want it in {c}", "{c} instead", "the same in {c}"],
    "not_colour": ["not this colour", "not this color", "a different colour", "any other colour", "not {c0}",
                   "something like this but not {c0}"],
    "similar": ["similar", "something similar", "more like this", "show me similar items", "like this", "similar ones"],
    "brand": ["same brand", "more from this brand", "same brand please", "other items from {b}", "more from {b}"],
    "other_category": ["same colour but a {k}", "a {k} in this colour", "a matching {k}", "{k} in the same colour"],
    "any_colour": ["like this in any colour", "any colour is fine", "this in any color"],
}
ZH_BASE = {
    "colour": ["像这个但是{c}的", "要{c}的", "这个有{c}的吗", "换成{c}", "同款{c}", "我想要{c}的"],
    "not_colour": ["不要这个颜色", "换个颜色", "不要{c0}的", "别的颜色", "类似的但不要{c0}"],
    "similar": ["类似的", "相似的", "差不多的", "找类似的", "像这样的"],
    "brand": ["同一个牌子", "同品牌", "这个牌子的其他商品", "还要{b}的"],
    "other_category": ["同样颜色的{k}", "这个颜色的{k}", "配套的{k}", "一样颜色的{k}"],
    "any_colour": ["什么颜色都行", "颜色不限"],
}
EN_EXTRA = {
    "cap": ["under {n}", "under {n} EUR", "below {n} EUR", "less than {n} euros", "max {n} EUR", "up to {n}",
            "under €{n}", "at most {n} EUR"],
    "floor": ["over {n}", "above {n} EUR", "at least {n} EUR", "more than {n} euros"],
    "between": ["between {a} and {b} EUR", "{a} to {b} EUR", "from {a} to {b} euros"],
    "cheaper": ["cheaper", "a cheaper one", "less expensive", "but cheaper"],
    "in_stock": ["in stock", "only in stock", "available now", "in stock only"],
}
ZH_EXTRA = {
    "cap": ["{n}欧以下", "不超过{n}欧", "低于{n}欧元", "{n}欧元以内", "{n}欧以内"],
    "floor": ["{n}欧以上", "高于{n}欧", "至少{n}欧", "超过{n}欧元"],
    "between": ["{a}到{b}欧之间", "{a}-{b}欧", "{a}到{b}欧元"],
    "cheaper": ["更便宜的", "便宜一点", "便宜点的"],
    "in_stock": ["有货的", "要现货", "有库存的"],
}
PRICE_EXTRAS = ("cap", "floor", "between", "cheaper")


def _amount(rng: random.Random) -> int:
    n = rng.randrange(8, 260)
    return n if rng.random() < 0.3 else max(10, 5 * round(n / 5))


def _en_colour(col: int, rng: random.Random) -> str:
    return rng.choice([COLOURS[col]["en"]] + COLOURS[col].get("en_synonyms", []))


def _zh_colour(col: int, rng: random.Random) -> str:
    w = COLOURS[col]["zh"]
    return w[:-1] if rng.random() < 0.2 else w


def _category_word(cat: int, lang: str, rng: random.Random) -> str:
    k = CATEGORIES[cat]
    if lang == "zh":
        return rng.choice([k["zh"]] + k["zh_synonyms"])
    return rng.choice([k["en"].lower()] + k["en_synonyms"])


def plan_json(query: str, filters: dict, negative: str | None) -> str:
    return json.dumps({"query": query, "filters": filters, "negative": negative},
                      ensure_ascii=False, separators=(",", ":"))


def plan_example(seen: Product, rng: random.Random, lang: str | None = None) -> tuple[str, str, dict]:
    """-> (user text: context line + instruction, answer JSON, expected dict)."""
    lang = lang or ("en" if rng.random() < 0.55 else "zh")
    base = rng.choices(BASES, BASE_WEIGHTS)[0]
    extras = [e for e in rng.sample(list(EN_EXTRA), rng.choice([0, 0, 1, 1, 1, 2])) if e]
    price = [e for e in extras if e in PRICE_EXTRAS][:1]
    extras = [e for e in extras if e not in PRICE_EXTRAS] + price
    if base == "brand" and not extras and rng.random() < 0.5:
        extras = ["cheaper"]
    cat, col = seen.cat, None
    new_col = rng.choice([c for c in range(len(COLOURS)) if c != seen.col])
    new_cat = rng.choice([k for k in range(len(CATEGORIES)) if k != seen.cat])
    if base == "colour":
        col = new_col
    elif base == "other_category":
        cat, col = new_cat, seen.col
    filters: dict = {"category": [CAT_IDS[cat]]}
    if col is not None:
        filters["colour"] = [COL_IDS[col]]
    if base == "brand":
        filters["brand"] = [seen.brand]
    vals = {}
    for e in extras:
        if e == "cap":
            vals["n"] = _amount(rng); filters["price"] = {"lte": vals["n"]}
        elif e == "floor":
            vals["n"] = _amount(rng); filters["price"] = {"gte": vals["n"]}
        elif e == "between":
            a, b = sorted(rng.sample(range(10, 260, 5), 2)); vals.update(a=a, b=b)
            filters["price"] = {"gte": a, "lte": b}
        elif e == "cheaper":
            filters["price"] = {"lte": math.floor(seen.price)}
        elif e == "in_stock":
            filters["in_stock"] = True
    q_col = {"colour": new_col, "other_category": seen.col, "similar": seen.col, "brand": seen.col}.get(base)
    query = (f"{COLOURS[q_col]['en']} " if q_col is not None else "") + CATEGORIES[cat]["en"].lower()
    negative = COLOURS[seen.col]["en"] if base == "not_colour" else None
    text = _phrase(base, extras, lang, rng, seen, new_col, new_cat, vals)
    return f"{seen.context_line()}\n{text}", plan_json(query, filters, negative), \
        {"query": query, "filters": filters, "negative": negative}


def _phrase(base, extras, lang, rng, seen, new_col, new_cat, vals) -> str:
    tb, te = (ZH_BASE, ZH_EXTRA) if lang == "zh" else (EN_BASE, EN_EXTRA)
    colour = _zh_colour if lang == "zh" else _en_colour
    s = rng.choice(tb[base]).format(c=colour(new_col, rng), c0=colour(seen.col, rng), b=seen.brand,
                                    k=_category_word(new_cat, lang, rng))
    for e in extras:
        part = rng.choice(te[e]).format(**vals)
        if lang == "zh":
            s += rng.choice(["，", "，", " ", ""]) + part
        else:
            s += rng.choice([", ", ", ", " but " if " but " not in s else ", ", " and "]) + part
    if lang == "en":
        if rng.random() < 0.3:
            s = s[0].upper() + s[1:]
        s += rng.choice(["", "", "", ".", "?" if s.startswith(("do ", "Do ")) else "", " please"])
    else:
        s += rng.choice(["", "", "。", "？" if s.endswith("吗") else ""])
    return s
