"""Byte-level BPE tokenizer for the ShopLens VLM, trained on the instruction corpus (English + Chinese + digits + JSON).

Pipeline (all in tokenizer.json, so Python `tokenizers` and transformers.js give identical ids):
  normalizer      none (titles are case-sensitive, Chinese punctuation must survive)
  pre-tokenizer   every CJK ideograph on its own, every digit on its own (prices and ids are compared and copied
                  digit by digit), then GPT-2 byte-level split (any input is encodable, no <unk>)
  model           BPE, merges learned on generated conversations
  post-processor  none (no BOS; the chat template carries the structure)
Special tokens (chat.SPECIAL_TOKENS): <|pad|>=0, <|end|>=1 (eos), <|user|>, <|assistant|>, <|system|>, <image>=5.
"""
from __future__ import annotations

import json
from pathlib import Path

from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers, trainers

from . import chat as C

CJK_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
MAX_LENGTH = 512


def build_tokenizer(corpus: list[str], vocab_size: int = 3000) -> Tokenizer:
    tok = Tokenizer(models.BPE(unk_token=None, fuse_unk=False, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(CJK_CLASS), behavior="isolated"),
        pre_tokenizers.Digits(individual_digits=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, special_tokens=C.SPECIAL_TOKENS,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(corpus, trainer=trainer)
    for i, s in enumerate(C.SPECIAL_TOKENS):
        assert tok.token_to_id(s) == i, (s, tok.token_to_id(s))
    return tok


def save_tokenizer_files(tok: Tokenizer, out_dir: Path) -> None:
    """tokenizer.json + tokenizer_config.json (with the chat template inline: transformers.js reads it only there)
    + special_tokens_map.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tok.save(str(out_dir / "tokenizer.json"))
    added = {str(i): {"content": s, "lstrip": False, "normalized": False, "rstrip": False,
                      "single_word": False, "special": True} for i, s in enumerate(C.SPECIAL_TOKENS)}
    cfg = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": None, "eos_token": C.END, "pad_token": C.PAD, "unk_token": None,
        "extra_special_tokens": {"image_token": C.IMAGE},
        "model_max_length": MAX_LENGTH, "padding_side": "left", "truncation_side": "left",
        "clean_up_tokenization_spaces": False, "add_bos_token": False, "add_eos_token": False,
        "model_input_names": ["input_ids", "attention_mask"],
        "added_tokens_decoder": added,
        "chat_template": C.CHAT_TEMPLATE,
    }
    (out_dir / "tokenizer_config.json").write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    special = {k: {"content": v, "lstrip": False, "normalized": False, "rstrip": False, "single_word": False}
               for k, v in (("eos_token", C.END), ("pad_token", C.PAD))}
    special["additional_special_tokens"] = [C.USER, C.ASSISTANT, C.SYSTEM, C.IMAGE]
    (out_dir / "special_tokens_map.json").write_text(json.dumps(special, indent=2) + "\n", encoding="utf-8")


def load_tokenizer(path: Path) -> Tokenizer:
    return Tokenizer.from_file(str(path))


def encode_with_labels(tok: Tokenizer, text: str, spans: list[tuple[int, int]]) -> tuple[list[int], list[bool]]:
    """Token ids and, per token, whether it lies inside a supervised character span (assistant answer + <|end|>)."""
    enc = tok.encode(text, add_special_tokens=False)
    sup, j = [], 0
    for a, b in enc.offsets:
        while j < len(spans) and spans[j][1] <= a:
            j += 1
        sup.append(j < len(spans) and spans[j][0] <= a and b <= spans[j][1] and b > a)
    return enc.ids, sup


def decode(tok: Tokenizer, ids: list[int]) -> str:
    return tok.decode(ids, skip_special_tokens=True)
