"""ShopLens VLM: a tiny LLaVA-style vision-language model (ECLIP-mini vision tower + projector + small Llama)."""
