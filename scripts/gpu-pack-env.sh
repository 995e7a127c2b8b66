# shellcheck shell=bash
# Sourced by scripts/gpu-check and bench/gpu/run. `use_gpu_pack PACK` points them at a pack made by
# bench/gpu/pack (the programs already built, with the libraries a machine without this project's
# build packages lacks) in place of build/release:
# - PACK is the pack's folder, or its .tar.gz (NAME.tar.gz holds NAME/), unpacked beside itself;
# - the pack's libraries go first on LD_LIBRARY_PATH;
# - a library the pack leaves to the machine and the loader does not find (cuBLASLt, too large to
#   carry: a CUDA toolkit or the NVIDIA wheels of a PyTorch install hold it) is looked for under
#   /usr/local, /opt, /usr/lib and ~/.local, and its folder added;
# - every program must then load: a library still missing, or a C library older than the one the
#   pack was built against, is named and the function fails.
# It exports ADVISE_PACK (the folder), ADVISE_BIN (its programs) and ADVISE_GPU_BACKEND (the GPU
# module, for advise and the GPU tests).
use_gpu_pack() {
  local pack="$1" name dir missing
  if [[ "$pack" == *.tar.gz ]]; then
    if [ ! -r "$pack" ]; then
      echo "gpu pack: cannot read $pack (make it with bench/gpu/pack)" >&2
      return 1
    fi
    tar -xzf "$pack" -C "$(dirname "$pack")" || return 1
    pack="${pack%.tar.gz}"
  fi
  if [ ! -x "$pack/bin/advise" ]; then
    echo "gpu pack: no $pack/bin/advise (make the pack with bench/gpu/pack)" >&2
    return 1
  fi
  pack="$(cd "$pack" && pwd)"
  export LD_LIBRARY_PATH="$pack/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  for name in $(ldd "$pack"/bin/* 2>/dev/null | awk '$2 == "=>" && $3 == "not" {print $1}' | sort -u); do
    dir="$(find /usr/local /opt /usr/lib /usr/lib64 "$HOME/.local" -maxdepth 10 -name "$name" \
           -printf '%h\n' -quit 2>/dev/null || true)"
    if [ -n "$dir" ]; then LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$dir"; fi
  done
  missing="$(ldd "$pack"/bin/* 2>&1 | grep -E 'not found|^ldd: ' | sort -u || true)"
  if [ -n "$missing" ]; then
    echo "gpu pack: the pack's programs cannot load here:" >&2
    echo "$missing" >&2
    return 1
  fi
  export ADVISE_PACK="$pack" ADVISE_BIN="$pack/bin" ADVISE_GPU_BACKEND="$pack/bin/libadvise_gpu_backend.so"
}
