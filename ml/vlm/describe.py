"""Tasks 1 and 2: describe the product in the image (en / zh, as asked) and answer attribute questions.

Describe answers are two lines: a title "<Colour> <Category>" (zh "<颜色><类别>"; no brand, it is not visible)
and one sentence naming colour and category."""
from __future__ import annotations

import random

from .products import CATEGORIES, COLOURS, FEATURES, PAIRS, title_case

# (prompt, answer language)
DESCRIBE_PROMPTS = [
    ("Describe this product.", "en"), ("Describe this product.", "en"), ("Describe this item.", "en"),
    ("Please describe this product.", "en"), ("Describe this.", "en"),
    ("Write a title and a one-sentence description for this product.", "en"),
    ("What is this product? Give a title and a description.", "en"), ("Describe this product in English.", "en"),
    ("Describe this product in Chinese.", "zh"),
    ("描述这个商品。", "zh"), ("描述这个商品。", "zh"), ("请描述一下这个商品。", "zh"), ("介绍一下这个商品。", "zh"),
    ("给这个商品写一个标题和一句描述。", "zh"), ("这是什么商品？请描述。", "zh"), ("用中文描述这个商品。", "zh"),
    ("用英文描述这个商品。", "en"),
]
COLOUR_QUESTIONS = {"en": ["What colour is it?", "What color is it?", "What colour is this product?",
                           "Which colour is this?", "What color is this item?"],
                    "zh": ["这是什么颜色？", "什么颜色？", "这个商品是什么颜色的？", "这是什么颜色的？"]}
CATEGORY_QUESTIONS = {"en": ["What kind of product is this?", "What is this?", "What type of item is this?",
                             "What category is this product?"],
                      "zh": ["这是什么类别？", "这是什么商品？", "这是什么？", "这属于哪一类？"]}


def _features(cat: int, rng: random.Random):
    pool = FEATURES["default"] + FEATURES.get(CATEGORIES[cat]["id"], [])
    return rng.sample(pool, 2)


def describe_answer(cat: int, col: int, lang: str, rng: random.Random) -> str:
    k, c = CATEGORIES[cat], COLOURS[col]
    (f1, z1), (f2, z2) = _features(cat, rng)
    if lang == "zh":
        title = f"{c['zh']}{k['zh']}"
        sentence = rng.choice([f"{c['zh']}{k['zh']}，{z1}，{z2}。", f"一款{c['zh']}的{k['zh']}，{z1}。",
                               f"这款{c['zh']}{k['zh']}，{z1}，{z2}。", f"{c['zh']}{k['zh']}，{z1}。"])
        return f"{title}\n{sentence}"
    title = title_case(f"{c['en']} {k['en']}")
    pair = PAIRS.get(k["id"])
    noun = pair or k["en"]
    thing = f"pair of {c['en']} {pair}" if pair else f"{c['en']} {k['en']}"
    art = "An" if thing[0] in "aeiou" else "A"
    this, has = ("These", "have") if pair else ("This", "has")
    sentence = rng.choice([
        f"{art} {thing} with {f1}.", f"{art} {thing} with {f1} and {f2}.",
        f"{this} {c['en']} {noun} {has} {f1}.", f"{this} {c['en']} {noun} {has} {f1} and {f2}.",
    ])
    return f"{title}\n{sentence}"


def describe_example(cat: int, col: int, rng: random.Random, lang: str | None = None) -> tuple[str, str, str]:
    """-> (prompt, answer, answer language). lang forces the language of the prompt's answer."""
    options = [p for p in DESCRIBE_PROMPTS if lang is None or p[1] == lang]
    prompt, ans_lang = rng.choice(options)
    return prompt, describe_answer(cat, col, ans_lang, rng), ans_lang


def _cat_answer_en(cat: int) -> str:
    return CATEGORIES[cat]["en"][0].upper() + CATEGORIES[cat]["en"][1:]


def attribute_example(cat: int, col: int, rng: random.Random, lang: str | None = None,
                      kind: str | None = None) -> tuple[str, str, str]:
    """-> (question, short answer, kind) with kind in colour / category / is_colour / is_category."""
    lang = lang or rng.choice(["en", "zh"])
    kind = kind or rng.choices(["colour", "category", "is_colour", "is_category"], [40, 40, 10, 10])[0]
    k, c = CATEGORIES[cat], COLOURS[col]
    if kind == "colour":
        q = rng.choice(COLOUR_QUESTIONS[lang])
        return q, (f"{c['zh']}。" if lang == "zh" else f"{c['en'].capitalize()}."), kind
    if kind == "category":
        q = rng.choice(CATEGORY_QUESTIONS[lang])
        return q, (f"{k['zh']}。" if lang == "zh" else f"{_cat_answer_en(cat)}."), kind
    if kind == "is_colour":
        asked = col if rng.random() < 0.5 else rng.randrange(len(COLOURS))
        a = COLOURS[asked]
        if lang == "zh":
            return f"是{a['zh']}的吗？", ("是的。" if asked == col else f"不是，是{c['zh']}。"), kind
        return f"Is it {a['en']}?", ("Yes." if asked == col else f"No, it is {c['en']}."), kind
    asked = cat if rng.random() < 0.5 else rng.randrange(len(CATEGORIES))
    a = CATEGORIES[asked]
    if lang == "zh":
        return f"这是{a['zh']}吗？", ("是的。" if asked == cat else f"不是，这是{k['zh']}。"), kind
    name = rng.choice([a["en"].lower()] + a["en_synonyms"])
    if asked == cat:
        return f"Is this {_a(name)}?", "Yes.", kind
    return f"Is this {_a(name)}?", f"No, it is {_a(k['en'])}.", kind


def _a(noun: str) -> str:
    """'a dress', 'an overcoat', 'sneakers' (plural nouns take no article)."""
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun
    return ("an " if noun[0].lower() in "aeiou" else "a ") + noun
