"""Greedy generation with the exported ONNX files in Python onnxruntime, the way transformers.js runs them
(vision_encoder -> embed_tokens -> merge at <image> ids -> decoder_model_merged with an empty, then growing, cache)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import onnxruntime as ort

from . import chat as C


class OrtVLM:
    def __init__(self, model_dir: Path):
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 2
        mk = lambda n: ort.InferenceSession(str(model_dir / "onnx" / f"{n}.onnx"), opts,   # noqa: E731
                                            providers=["CPUExecutionProvider"])
        self.vision, self.embed, self.decoder = mk("vision_encoder"), mk("embed_tokens"), mk("decoder_model_merged")
        self.past_names = [i.name for i in self.decoder.get_inputs() if i.name.startswith("past_key_values.")]
        meta = {i.name: i.shape for i in self.decoder.get_inputs()}
        self.heads, self.head_dim = meta[self.past_names[0]][1], meta[self.past_names[0]][3]

    def generate(self, input_ids: list[int], pixel_values: np.ndarray | None, max_new_tokens: int = 40) -> list[int]:
        ids = np.asarray([input_ids], dtype=np.int64)
        x = self.embed.run(None, {"input_ids": ids})[0]
        if pixel_values is not None:
            feats = self.vision.run(None, {"pixel_values": pixel_values.astype(np.float32)})[0].reshape(-1, x.shape[-1])
            x[0, ids[0] == C.IMAGE_ID] = feats
        past = {n: np.zeros((1, self.heads, 0, self.head_dim), np.float32) for n in self.past_names}
        mask = np.ones((1, ids.shape[1]), np.int64)
        out = []
        for _ in range(max_new_tokens):
            pos = (np.cumsum(mask, 1) - 1)[:, -x.shape[1]:]
            res = self.decoder.run(None, {"inputs_embeds": x, "attention_mask": mask, "position_ids": pos, **past})
            nxt = int(res[0][0, -1].argmax())
            if nxt == C.END_ID:
                break
            out.append(nxt)
            past = {n.replace("present", "past_key_values"): v
                    for n, v in zip([o.name for o in self.decoder.get_outputs()][1:], res[1:])}
            x = self.embed.run(None, {"input_ids": np.asarray([[nxt]], np.int64)})[0]
            mask = np.concatenate([mask, np.ones((1, 1), np.int64)], 1)
        return out
