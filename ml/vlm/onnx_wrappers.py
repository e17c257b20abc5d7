"""The three graphs transformers.js runs for a LLaVA model (session names fixed by its ImageTextToText type):

  vision_encoder        pixel_values [B,3,112,112] -> image_features [B,50,hidden]  (tower + projector, "full")
  embed_tokens          input_ids [B,S] -> inputs_embeds [B,S,hidden]
  decoder_model_merged  inputs_embeds, attention_mask [B,T], position_ids [B,S], past_key_values.{i}.key/value
                        [B,heads,P,head_dim] (P may be 0) -> logits [B,S,vocab], present.{i}.key/value [B,heads,T,head_dim]

The decoder is re-implemented on the Llama modules' weights with the cache as plain tensors (no Cache objects), so the
legacy exporter traces it; the causal mask comes from tensor ops on attention_mask, not from traced Python ints.
"""
from __future__ import annotations

import torch
from torch import nn
from transformers import LlavaForConditionalGeneration


class VisionEncoder(nn.Module):
    def __init__(self, model: LlavaForConditionalGeneration):
        super().__init__()
        self.tower, self.projector = model.model.vision_tower, model.model.multi_modal_projector

    def forward(self, pixel_values):
        return self.projector(self.tower(pixel_values=pixel_values).last_hidden_state)


class EmbedTokens(nn.Module):
    def __init__(self, model: LlavaForConditionalGeneration):
        super().__init__()
        self.embed = model.model.language_model.embed_tokens

    def forward(self, input_ids):
        return self.embed(input_ids)


def _rotate_half(x):
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class Decoder(nn.Module):
    def __init__(self, model: LlavaForConditionalGeneration):
        super().__init__()
        lm = model.model.language_model
        cfg = lm.config
        self.layers, self.norm, self.lm_head = lm.layers, lm.norm, model.lm_head
        self.heads, self.kv_heads, self.head_dim = cfg.num_attention_heads, cfg.num_key_value_heads, cfg.head_dim
        assert self.heads == self.kv_heads, "grouped-query attention is not wired here"
        self.register_buffer("inv_freq", lm.rotary_emb.inv_freq.detach().clone(), persistent=False)
        self.rope_scale = float(lm.rotary_emb.attention_scaling)

    def forward(self, inputs_embeds, attention_mask, position_ids, *past):
        # absolute index of every key (0..T-1) and query (P..T-1), from tensor ops only
        ones_k = torch.ones_like(attention_mask, dtype=torch.float32)
        ones_q = torch.ones_like(inputs_embeds[..., 0])
        k_idx = ones_k.cumsum(1) - 1
        q_idx = ones_q.cumsum(1) - 1 + (ones_k.sum(1, keepdim=True) - ones_q.sum(1, keepdim=True))
        allowed = (k_idx[:, None, :] <= q_idx[:, :, None]).float() * (attention_mask[:, None, :] > 0).float()
        bias = ((allowed - 1.0) * 1e9)[:, None]                       # [B,1,S,T]; finite, so no NaN rows
        freqs = position_ids[..., None].float() * self.inv_freq
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = (emb.cos() * self.rope_scale)[:, None], (emb.sin() * self.rope_scale)[:, None]
        h, presents = inputs_embeds, []
        for i, layer in enumerate(self.layers):
            a = layer.self_attn
            x = layer.input_layernorm(h)
            b, s = x.shape[0], x.shape[1]
            q, k, v = (p(x).view(b, s, self.heads, self.head_dim).transpose(1, 2) for p in (a.q_proj, a.k_proj, a.v_proj))
            q, k = q * cos + _rotate_half(q) * sin, k * cos + _rotate_half(k) * sin
            k = torch.cat([past[2 * i], k], dim=2)
            v = torch.cat([past[2 * i + 1], v], dim=2)
            presents += [k, v]
            w = torch.softmax(torch.matmul(q, k.transpose(2, 3)) * a.scaling + bias, dim=-1)
            o = torch.matmul(w, v).transpose(1, 2).reshape(b, s, self.heads * self.head_dim)
            h = h + a.o_proj(o)
            h = h + layer.mlp(layer.post_attention_layernorm(h))
        return (self.lm_head(self.norm(h)), *presents)
