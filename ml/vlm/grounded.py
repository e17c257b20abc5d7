"""Task 4: grounded answers. A question + up to 5 retrieved products (one line each,
"[<id>] <title>, <price> EUR, <colour>") -> one or two sentences that cite ids in square brackets, only from the list.
The first product is the search's best match. With an image, the question may refer to it ("same colour as this")."""
from __future__ import annotations

import random
import re

from .products import BRANDS, CATEGORIES, COLOURS, N_CAT, N_COL, Product, price_text, random_product

KINDS = ["cheapest", "priciest", "colour", "under", "brand", "recommend"]
IMAGE_KINDS = ["same_colour", "same_category"]
Q = {
    "en": {"cheapest": ["Which is the cheapest?", "What is the cheapest option?", "Which one costs the least?"],
           "priciest": ["Which is the most expensive?", "Which one costs the most?"],
           "colour": ["Which ones are {c}?", "Do you have a {c} one?", "Is there anything in {c}?", "Show me the {c} ones."],
           "under": ["Which ones are under {n} EUR?", "Anything below {n} EUR?", "What can I get for less than {n} EUR?"],
           "brand": ["Is there anything from {b}?", "Which ones are by {b}?", "Do you have {b}?"],
           "recommend": ["Which one do you recommend?", "What should I buy?", "Which is the best match?"],
           "same_colour": ["Which of these has the same colour as this?", "Which ones match the colour of this item?"],
           "same_category": ["Which of these is the same kind of product as this?", "Which ones are like this item?"]},
    "zh": {"cheapest": ["哪个最便宜？", "最便宜的是哪个？"], "priciest": ["哪个最贵？", "最贵的是哪个？"],
           "colour": ["有{c}的吗？", "哪些是{c}的？"], "under": ["哪些低于{n}欧？", "有{n}欧以下的吗？"],
           "brand": ["有{b}的吗？", "哪些是{b}的？"], "recommend": ["推荐哪个？", "哪个最合适？"],
           "same_colour": ["哪些和这个颜色一样？", "哪个和它同色？"], "same_category": ["哪些和这个是同类商品？"]},
}
ID_RE = re.compile(r"\[([a-z]+-\d{5})\]")


def cited_ids(text: str) -> list[str]:
    return ID_RE.findall(text)


def _ref(p: Product, lang: str, with_price: bool = False) -> str:
    r = f"[{p.id}] {p.title(lang)}"
    if with_price:
        r += f"（{price_text(p.price)} EUR）" if lang == "zh" else f" ({price_text(p.price)} EUR)"
    return r


def _join(refs: list[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(refs[:-1]) + "和" + refs[-1] if len(refs) > 1 else refs[0]
    return ", ".join(refs[:-1]) + " and " + refs[-1] if len(refs) > 1 else refs[0]


def _matches(hits: list[Product], lang: str, what_en: str, what_zh: str, none_en: str, none_zh: str,
             with_price: bool = False) -> str:
    if not hits:
        return none_zh if lang == "zh" else none_en
    refs = _join([_ref(p, lang, with_price) for p in hits], lang)
    if lang == "zh":
        return f"{refs}{what_zh}。"
    return f"{refs} {'is' if len(hits) == 1 else 'are'} {what_en}."


def product_list(rng: random.Random, n: int | None = None) -> list[Product]:
    n = n or rng.choice([2, 3, 4, 5, 5, 5, 5])
    cat = rng.randrange(N_CAT) if rng.random() < 0.6 else None
    out: list[Product] = []
    while len(out) < n:
        p = random_product(rng, cat=cat)
        if all(p.id != q.id and p.price != q.price for q in out):
            out.append(p)
    return out


def grounded_example(rng: random.Random, lang: str | None = None, image: Product | None = None,
                     products: list[Product] | None = None) -> tuple[str, str, list[str]]:
    """-> (user text, answer, expected cited ids). `image`: the product in the image, if the turn has one.
    With `products` (a follow-up question about a list shown in an earlier turn) the user text is the question only."""
    lang = lang or ("en" if rng.random() < 0.55 else "zh")
    ps = products or product_list(rng)
    list_lang = lang if rng.random() < 0.8 else rng.choice(["en", "zh"])
    kind = rng.choice(IMAGE_KINDS) if image is not None and rng.random() < 0.5 else rng.choice(KINDS)
    colour = lambda c: COLOURS[c][lang]                                                   # noqa: E731
    c = rng.choice([p.col for p in ps]) if rng.random() < 0.7 else rng.randrange(N_COL)
    b = rng.choice([p.brand for p in ps]) if rng.random() < 0.7 else rng.choice(BRANDS)
    n = max(10, 5 * round(rng.choice([p.price for p in ps]) / 5 + rng.choice([-1, 0, 1, 2])))
    if kind in ("cheapest", "priciest"):
        p = (min if kind == "cheapest" else max)(ps, key=lambda x: x.price)
        if lang == "zh":
            ans = f"{'最便宜' if kind == 'cheapest' else '最贵'}的是{_ref(p, lang)}，{price_text(p.price)} EUR。"
        else:
            word = "cheapest" if kind == "cheapest" else "most expensive"
            ans = rng.choice([f"The {word} is {_ref(p, lang)} at {price_text(p.price)} EUR.",
                              f"{_ref(p, lang)} is the {word}, at {price_text(p.price)} EUR."])
        hits = [p]
    elif kind in ("colour", "same_colour"):
        c = image.col if kind == "same_colour" else c
        hits = [p for p in ps if p.col == c]
        ans = _matches(hits, lang, colour(c), f"是{colour(c)}的", f"None of these is {colour(c)}.", f"这些商品中没有{colour(c)}的。")
    elif kind == "same_category":
        hits = [p for p in ps if p.cat == image.cat]
        k = CATEGORIES[image.cat]
        ans = _matches(hits, lang, f"the same kind of product ({k['en']})", f"也是{k['zh']}",
                       f"None of these is the same kind of product ({k['en']}).", f"这些商品中没有{k['zh']}。")
    elif kind == "under":
        hits = [p for p in ps if p.price < n]
        ans = _matches(hits, lang, f"under {n} EUR", f"低于{n}欧", f"None of these is under {n} EUR.",
                       f"这些商品都不低于{n}欧。", with_price=True)
    elif kind == "brand":
        hits = [p for p in ps if p.brand == b]
        ans = _matches(hits, lang, f"from {b}", f"是{b}的", f"No, none of these is from {b}.", f"这些商品中没有{b}的。")
    else:
        p = ps[0]
        hits = [p]
        ans = (f"推荐{_ref(p, lang)}，{price_text(p.price)} EUR，最符合你的搜索。" if lang == "zh" else
               f"I recommend {_ref(p, lang)}, the best match, at {price_text(p.price)} EUR.")
    q = rng.choice(Q[lang][kind]).format(c=colour(c), b=b, n=n)
    if products is not None:
        return q, ans, [p.id for p in hits]
    text = ("商品：\n" if lang == "zh" else "Products:\n") + "\n".join(p.list_line(list_lang) for p in ps) + "\n" + q
    return text, ans, [p.id for p in hits]
