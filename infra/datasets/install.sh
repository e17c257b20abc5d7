#!/usr/bin/env bash
# Installs Fashion-MNIST from Debian's dataset-fashion-mnist package (idempotent).
# The catalog generator, the trainer (ml/) and the tests read it from
# /usr/share/datasets/fashion-mnist, or from FASHION_MNIST_DIR when set.
set -euo pipefail
DIR="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
if [[ -f "$DIR/train-images-idx3-ubyte.gz" || -f "$DIR/train-images-idx3-ubyte" ]]; then
  echo "fashion-mnist: present in $DIR"
  exit 0
fi
echo "fashion-mnist: installing dataset-fashion-mnist from apt"
apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -q dataset-fashion-mnist >/dev/null
echo "fashion-mnist: installed in /usr/share/datasets/fashion-mnist"
