"""ECLIP-mini model config (Hugging Face CLIPModel) and shared helpers."""
from __future__ import annotations

import torch
from transformers import CLIPConfig, CLIPModel

from . import data as D
from . import tokenizer as T


def make_config(vocab_size: int, patch_size: int = 16) -> CLIPConfig:
    text = dict(
        vocab_size=vocab_size, hidden_size=128, intermediate_size=512, num_hidden_layers=4,
        num_attention_heads=4, max_position_embeddings=T.MAX_LENGTH, hidden_act="quick_gelu",
        bos_token_id=T.BOS_ID, eos_token_id=T.EOS_ID, pad_token_id=T.PAD_ID, projection_dim=128,
    )
    vision = dict(
        image_size=D.IMAGE_SIZE, patch_size=patch_size, num_channels=3, hidden_size=128, intermediate_size=512,
        num_hidden_layers=4, num_attention_heads=4, hidden_act="quick_gelu", projection_dim=128,
    )
    return CLIPConfig(text_config=text, vision_config=vision, projection_dim=128, logit_scale_init_value=2.6592)


@torch.no_grad()
def embed_texts(model: CLIPModel, tok, texts: list[str], bs: int = 512) -> torch.Tensor:
    out = []
    for i in range(0, len(texts), bs):
        ids, mask = T.encode_batch(tok, texts[i:i + bs])
        e = model.text_projection(model.text_model(input_ids=ids, attention_mask=mask).pooler_output)
        out.append(torch.nn.functional.normalize(e, dim=-1))
    return torch.cat(out)


@torch.no_grad()
def embed_pixels(model: CLIPModel, pixel_values: torch.Tensor, bs: int = 1000) -> torch.Tensor:
    out = []
    for i in range(0, len(pixel_values), bs):
        e = model.visual_projection(model.vision_model(pixel_values=pixel_values[i:i + bs]).pooler_output)
        out.append(torch.nn.functional.normalize(e, dim=-1))
    return torch.cat(out)
