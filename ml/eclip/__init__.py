"""ECLIP-mini: a small bilingual (en / zh-Hans) e-commerce CLIP trained on tinted Fashion-MNIST."""
