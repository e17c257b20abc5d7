"""ShopLens VLM = Hugging Face LlavaForConditionalGeneration: ECLIP-mini's CLIP vision tower (frozen; all 50 rows of
its last hidden state, "full" strategy) -> 2-layer GELU projector -> small Llama decoder. Plus the pieces training and
evaluation need: embedding with image rows spliced in, the loss on answer tokens, batched greedy decoding."""
from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F
from transformers import CLIPModel, LlamaConfig, LlavaConfig, LlavaForConditionalGeneration
from transformers.cache_utils import DynamicCache

from . import chat as C
from .tokenizer import MAX_LENGTH


def make_config(vocab_size: int, eclip_dir: Path, hidden: int = 256, layers: int = 4, heads: int = 4,
                intermediate: int = 768) -> LlavaConfig:
    vision = CLIPModel.from_pretrained(eclip_dir).config.vision_config.to_dict()
    text = LlamaConfig(
        vocab_size=vocab_size, hidden_size=hidden, intermediate_size=intermediate, num_hidden_layers=layers,
        num_attention_heads=heads, num_key_value_heads=heads, head_dim=hidden // heads,
        max_position_embeddings=MAX_LENGTH, rms_norm_eps=1e-5, rope_theta=10000.0, tie_word_embeddings=False,
        bos_token_id=None, eos_token_id=C.END_ID, pad_token_id=C.PAD_ID, attention_bias=False, mlp_bias=False,
    )
    cfg = LlavaConfig(vision_config=vision, text_config=text.to_dict(), image_token_index=C.IMAGE_ID,
                      projector_hidden_act="gelu", vision_feature_select_strategy="full", vision_feature_layer=-1,
                      image_seq_length=C.IMAGE_TOKENS, tie_word_embeddings=False)
    cfg.architectures = ["LlavaForConditionalGeneration"]
    return cfg


def build_model(cfg: LlavaConfig, eclip_dir: Path) -> LlavaForConditionalGeneration:
    """A fresh model whose vision tower holds ECLIP-mini's vision weights."""
    model = LlavaForConditionalGeneration(cfg)
    clip = CLIPModel.from_pretrained(eclip_dir)
    model.model.vision_tower.load_state_dict(clip.vision_model.state_dict())
    return model


@torch.no_grad()
def tower_features(model: LlavaForConditionalGeneration, pixel_values: torch.Tensor, bs: int = 500) -> torch.Tensor:
    """Frozen vision tower: [N,3,112,112] -> last hidden state [N,50,128] (CLS + 7x7 patches)."""
    out = [model.model.vision_tower(pixel_values=pixel_values[i:i + bs]).last_hidden_state
           for i in range(0, len(pixel_values), bs)]
    return torch.cat(out)


def embed(model: LlavaForConditionalGeneration, ids: torch.Tensor, feats: torch.Tensor | None) -> torch.Tensor:
    """Token embeddings with the <image> rows replaced by projected tower features (feats: one [50,128] per image
    row of `ids` that contains image tokens, in order)."""
    x = model.model.language_model.embed_tokens(ids)
    is_img = ids == C.IMAGE_ID
    if feats is not None and len(feats):
        proj = model.model.multi_modal_projector(feats.to(x.dtype))
        x = x.masked_scatter(is_img.unsqueeze(-1), proj.reshape(-1, x.shape[-1]))
    return x


def answer_loss(model: LlavaForConditionalGeneration, ids, mask, sup, feats) -> torch.Tensor:
    """Next-token cross-entropy on supervised positions only (the lm head runs on those rows alone)."""
    x = embed(model, ids, feats)
    h = model.model.language_model(inputs_embeds=x, attention_mask=mask).last_hidden_state
    target = sup[:, 1:]
    logits = model.lm_head(h[:, :-1][target])
    return F.cross_entropy(logits, ids[:, 1:][target])


@torch.no_grad()
def greedy(model: LlavaForConditionalGeneration, prompts: list[list[int]], feats: list[torch.Tensor | None],
           max_new_tokens: int = 64) -> list[list[int]]:
    """Batched greedy decoding with a KV cache; prompts are left-padded, position ids = cumsum(mask) - 1 like
    transformers.js. Stops a row at <|end|>; returns the generated ids without <|end|>."""
    lm = model.model.language_model
    L = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), L), C.PAD_ID, dtype=torch.long)
    mask = torch.zeros_like(ids)
    for i, p in enumerate(prompts):
        ids[i, L - len(p):] = torch.tensor(p)
        mask[i, L - len(p):] = 1
    img = [f for f in feats if f is not None]
    x = embed(model, ids, torch.stack(img) if img else None)
    cache = DynamicCache(config=lm.config)
    out = [[] for _ in prompts]
    done = torch.zeros(len(prompts), dtype=torch.bool)
    for _ in range(max_new_tokens):
        pos = (mask.cumsum(1) - 1).clamp(min=0)[:, -x.shape[1]:]
        h = lm(inputs_embeds=x, attention_mask=mask, position_ids=pos, cache=cache, use_cache=True).last_hidden_state
        nxt = model.lm_head(h[:, -1]).argmax(-1)
        for i in range(len(prompts)):
            if not done[i]:
                if int(nxt[i]) == C.END_ID:
                    done[i] = True
                else:
                    out[i].append(int(nxt[i]))
        if bool(done.all()):
            break
        x = lm.embed_tokens(nxt[:, None])
        mask = torch.cat([mask, torch.ones(len(prompts), 1, dtype=mask.dtype)], 1)
    return out
