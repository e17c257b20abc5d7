"""Chat format shared by training (Python) and the app (transformers.js `apply_chat_template`).

    <|user|>\n<image>\n{text}<|end|>\n<|assistant|>\n{answer}<|end|>\n

`<image>` is expanded to IMAGE_TOKENS copies by the processor (LlavaProcessor, "full" strategy: 7x7 patches + CLS).
`render` is the Python twin of CHAT_TEMPLATE; `tests` in export.py check that both give the same string.
"""
from __future__ import annotations

PAD, END, USER, ASSISTANT, SYSTEM, IMAGE = "<|pad|>", "<|end|>", "<|user|>", "<|assistant|>", "<|system|>", "<image>"
SPECIAL_TOKENS = [PAD, END, USER, ASSISTANT, SYSTEM, IMAGE]        # ids 0..5 in this order
PAD_ID, END_ID, USER_ID, ASSISTANT_ID, SYSTEM_ID, IMAGE_ID = range(6)
IMAGE_TOKENS = 50            # (112 / 16)^2 patches + 1 CLS row (num_additional_image_tokens 1)

# Whitespace control everywhere, so the template emits exactly what `render` does (no stray newlines).
CHAT_TEMPLATE = (
    "{%- for message in messages -%}"
    "{{- '<|' + message['role'] + '|>\\n' -}}"
    "{%- if message['content'] is string -%}"
    "{{- message['content'] -}}"
    "{%- else -%}"
    "{%- for part in message['content'] -%}"
    "{%- if part['type'] == 'image' -%}{{- '<image>\\n' -}}"
    "{%- elif part['type'] == 'text' -%}{{- part['text'] -}}"
    "{%- endif -%}"
    "{%- endfor -%}"
    "{%- endif -%}"
    "{{- '<|end|>\\n' -}}"
    "{%- endfor -%}"
    "{%- if add_generation_prompt -%}{{- '<|assistant|>\\n' -}}{%- endif -%}"
)


def user(text: str, image: bool = False) -> dict:
    if image:
        return {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": text}]}
    return {"role": "user", "content": text}


def assistant(text: str) -> dict:
    return {"role": "assistant", "content": text}


def _content(message: dict, image: str) -> str:
    c = message["content"]
    if isinstance(c, str):
        return c
    return "".join(image + "\n" if p["type"] == "image" else p.get("text", "") for p in c)


def render(messages: list[dict], add_generation_prompt: bool = False,
           expand: bool = False) -> tuple[str, list[tuple[int, int]]]:
    """-> (text, [(start, end)] character spans of what the loss covers: each assistant answer plus its `<|end|>`).
    expand=False gives the chat template's output (one `<image>`); expand=True the processor's (IMAGE_TOKENS)."""
    image = IMAGE * (IMAGE_TOKENS if expand else 1)
    out, spans, pos = [], [], 0
    for m in messages:
        head = f"<|{m['role']}|>\n"
        body = _content(m, image)
        out += [head, body, END + "\n"]
        if m["role"] == "assistant":
            start = pos + len(head)
            spans.append((start, start + len(body) + len(END)))
        pos += len(head) + len(body) + len(END) + 1
    if add_generation_prompt:
        out.append(f"{ASSISTANT}\n")
    return "".join(out), spans


def expand_image(text: str) -> str:
    """What LlavaProcessor does to the prompt: the first `<image>` becomes IMAGE_TOKENS copies."""
    return text.replace(IMAGE, IMAGE * IMAGE_TOKENS, 1)
