"""Bilingual byte-level BPE tokenizer (CLIP-style special tokens) trained on generated captions.

Pipeline (all in tokenizer.json, so Python `tokenizers` and transformers.js give identical ids):
  normalizer   NFKC + lowercase (full-width forms -> ASCII, English lower-cased)
  pre-tokenizer  Split every CJK ideograph into its own piece (Chinese-friendly: BPE never merges
                 across characters, so 红色连衣裙 is 5 composable tokens, not one opaque phrase),
                 then GPT-2 byte-level split (no <unk>, any input is encodable)
  model        BPE; merges learned on the caption corpus
  post-processor  <|startoftext|> $A <|endoftext|>
Special ids: <|startoftext|>=0 (bos), <|endoftext|>=1 (eos, pooling position), <|pad|>=2.
eos id is deliberately != 2 so HF CLIPTextTransformer pools at the first eos (not legacy argmax).
"""
from __future__ import annotations

import json
from pathlib import Path

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

BOS, EOS, PAD = "<|startoftext|>", "<|endoftext|>", "<|pad|>"
BOS_ID, EOS_ID, PAD_ID = 0, 1, 2
MAX_LENGTH = 32
CJK_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


def build_tokenizer(corpus: list[str], vocab_size: int = 4096) -> Tokenizer:
    tok = Tokenizer(models.BPE(unk_token=None, fuse_unk=False, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(CJK_CLASS), behavior="isolated"),
        pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True),
    ])
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, min_frequency=2, special_tokens=[BOS, EOS, PAD],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tok.train_from_iterator(corpus, trainer=trainer)
    assert tok.token_to_id(BOS) == BOS_ID and tok.token_to_id(EOS) == EOS_ID and tok.token_to_id(PAD) == PAD_ID
    tok.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A {EOS}", pair=f"{BOS} $A {EOS} $B:1 {EOS}:1",
        special_tokens=[(BOS, BOS_ID), (EOS, EOS_ID)])
    tok.enable_truncation(MAX_LENGTH)
    return tok


def save_tokenizer_files(tok: Tokenizer, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    t = Tokenizer.from_str(tok.to_str())
    t.no_truncation()
    t.no_padding()
    t.save(str(out_dir / "tokenizer.json"))
    added = {str(i): {"content": s, "lstrip": False, "normalized": False, "rstrip": False,
                      "single_word": False, "special": True}
             for s, i in ((BOS, BOS_ID), (EOS, EOS_ID), (PAD, PAD_ID))}
    cfg = {
        "tokenizer_class": "CLIPTokenizer",
        "bos_token": BOS, "eos_token": EOS, "pad_token": PAD, "unk_token": EOS,
        "model_max_length": MAX_LENGTH, "padding_side": "right", "truncation_side": "right",
        "do_lower_case": True, "clean_up_tokenization_spaces": False,
        "add_prefix_space": False, "errors": "replace",
        "model_input_names": ["input_ids", "attention_mask"],
        "added_tokens_decoder": added,
    }
    (out_dir / "tokenizer_config.json").write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    special = {k: {"content": v, "lstrip": False, "normalized": False, "rstrip": False, "single_word": False}
               for k, v in (("bos_token", BOS), ("eos_token", EOS), ("pad_token", PAD), ("unk_token", EOS))}
    (out_dir / "special_tokens_map.json").write_text(json.dumps(special, indent=2) + "\n", encoding="utf-8")


def load_tokenizer(path: Path) -> Tokenizer:
    tok = Tokenizer.from_file(str(path))
    tok.enable_truncation(MAX_LENGTH)
    return tok


def encode_batch(tok: Tokenizer, texts: list[str]):
    """-> (input_ids int64 [B,L], attention_mask) right-padded with <|pad|> to the longest."""
    import torch
    encs = tok.encode_batch(texts)
    L = max(len(e.ids) for e in encs)
    ids = torch.full((len(texts), L), PAD_ID, dtype=torch.long)
    mask = torch.zeros((len(texts), L), dtype=torch.long)
    for i, e in enumerate(encs):
        ids[i, : len(e.ids)] = torch.tensor(e.ids)
        mask[i, : len(e.ids)] = 1
    return ids, mask


def chars_per_token(tok: Tokenizer, texts: list[str]) -> float:
    """Characters per token, excluding the two special tokens and spaces-only pieces."""
    chars = sum(len(t) for t in texts)
    toks = sum(len(tok.encode(t).ids) - 2 for t in texts)
    return chars / max(1, toks)
