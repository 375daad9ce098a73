#!/usr/bin/env bash
# Builds the deployable artifacts from one AOT publish and one model file:
#   artifacts/images/lambda.zip   Lambda custom runtime (provided.al2023): bootstrap + model at the zip root
#   toolkit-lambda:latest         Lambda container image
#   toolkit-sagemaker:latest      SageMaker (serverless) inference container
#   toolkit-cloudrun:latest       Cloud Run container
# Every image is FROM scratch: the AOT binary, the shared libraries ldd says it needs (copied from this machine) and the
# model. Image size is a cold-start cost (the platform pulls the image), so the sizes are printed at the end.
#
# Options:
#   --only lambda|sagemaker|cloudrun|zip   build just that one (repeatable); default: all four
#   --isa x86-64-v3|x86-64-v4|mixed        AOT instruction set (default: the project's, x86-64-v3). mixed ships both
#                                          builds for a fleet of AVX2 and AVX-512 hosts: bootstrap (v3) execs its
#                                          bootstrap-v4 sibling where AVX-512 exists, and the model carries both tiers' panels
#   --model NAME                           zoo model to ship (default mobilenet_v1)
#   --onnxruntime                          also ship libonnxruntime.so (and its libraries) and NAME.onnx
#   --publish-dir DIR                      reuse an existing `dotnet publish` output instead of publishing
#   --model-dir DIR                        reuse NAME.tkm (and NAME.onnx) from DIR instead of exporting
#   --out DIR                              where the staging folder and the zip go (default artifacts/images)
#   --prefix NAME                          image name prefix (default toolkit): NAME-lambda, NAME-sagemaker, ...
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
images="$repo/images"

only=()
isa=""
model="mobilenet_v1"
onnxruntime=false
publish_dir=""
model_dir=""
out="$repo/artifacts/images"
prefix="toolkit"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) only+=("$2"); shift 2 ;;
    --isa) isa="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --onnxruntime) onnxruntime=true; shift ;;
    --publish-dir) publish_dir="$(cd "$2" && pwd)"; shift 2 ;;
    --model-dir) model_dir="$(cd "$2" && pwd)"; shift 2 ;;
    --out) mkdir -p "$2"; out="$(cd "$2" && pwd)"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "build.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [[ ${#only[@]} -eq 0 ]]; then
  only=(zip lambda sagemaker cloudrun)
fi
for target in "${only[@]}"; do
  case "$target" in
    zip|lambda|sagemaker|cloudrun) ;;
    *) echo "build.sh: --only must be zip, lambda, sagemaker or cloudrun; received '$target'" >&2; exit 2 ;;
  esac
done
wants() { local t; for t in "${only[@]}"; do [[ "$t" == "$1" ]] && return 0; done; return 1; }

needs_images=false
for target in "${only[@]}"; do [[ "$target" != zip ]] && needs_images=true; done
if $needs_images && ! command -v podman >/dev/null; then
  echo "build.sh: podman is required for the images; install it with: sudo apt-get install -y podman buildah runc" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# 1. The AOT binary, published once for every artifact.
publish() {
  local args=(publish "$repo/src/Bootstrap" -c Release -r linux-x64 -o "$1" -nologo)
  [[ -n "$2" ]] && args+=("-p:IlcInstructionSet=$2")
  echo "== dotnet ${args[*]}"
  dotnet "${args[@]}"
}
if [[ -z "$publish_dir" ]]; then
  publish_dir="$out/publish"
  if [[ "$isa" == mixed ]]; then
    publish "$publish_dir" x86-64-v3
    publish "$out/publish-v4" x86-64-v4
    cp "$out/publish-v4/bootstrap" "$publish_dir/bootstrap-v4"
  else
    publish "$publish_dir" "$isa"
  fi
fi
binary="$publish_dir/bootstrap"
[[ -x "$binary" ]] || { echo "build.sh: no executable bootstrap in $publish_dir" >&2; exit 1; }
binaries=("$binary")
if [[ "$isa" == mixed ]]; then
  [[ -x "$publish_dir/bootstrap-v4" ]] || { echo "build.sh: --isa mixed needs bootstrap-v4 beside bootstrap in $publish_dir" >&2; exit 1; }
  binaries+=("$publish_dir/bootstrap-v4")
fi

# 2. The model file the bootstrap finds beside itself (NAME.tkm; NAME.onnx for ONNX Runtime).
if [[ -z "$model_dir" ]]; then
  model_dir="$out/model"
  # An AOT build runs one tier at most (x86-64-v3: AVX2, x86-64-v4: AVX-512), and each tier's packed copy of the GEMM
  # weights is as large as the model, so the file carries that tier's panels only.
  case "${isa:-x86-64-v3}" in
    x86-64-v3) pack=(avx2) ;;
    x86-64-v4) pack=(avx512) ;;
    *) pack=(avx2 avx512) ;;
  esac
  export_args=(model export "$model" --out "$model_dir" --pack "${pack[@]}")
  $onnxruntime && export_args+=(--onnx)
  echo "== bench ${export_args[*]}"
  dotnet run -c Release --project "$repo/src/Bench" -- "${export_args[@]}"
fi
model_files=("$model_dir/$model.tkm")
$onnxruntime && model_files+=("$model_dir/$model.onnx")
for file in "${model_files[@]}"; do
  [[ -f "$file" ]] || { echo "build.sh: model file $file is missing" >&2; exit 1; }
done

# 3. The build context the three Dockerfiles share: app/ (what goes beside the binary) and rootfs/ (the libraries).
context="$out/context"
rm -rf "$context"
mkdir -p "$context/app" "$context/rootfs"
cp "${binaries[@]}" "$context/app/"
cp "${model_files[@]}" "$context/app/"
elves=("${binaries[@]}")
if $onnxruntime; then
  cp "$publish_dir/libonnxruntime.so" "$context/app/"
  elves+=("$publish_dir/libonnxruntime.so")
fi

# Every library the ELF files load, at the path the loader looks for it, plus the loader itself.
# With several files ldd also prints a "file:" header line per file, which is not a library.
# ldd prints "name => /path (addr)" for libraries and "/path (addr)" for the loader; linux-vdso has no file.
mapfile -t libraries < <(ldd "${elves[@]}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u)
for library in "${libraries[@]}"; do
  mkdir -p "$context/rootfs$(dirname "$library")"
  cp -L "$library" "$context/rootfs$library"
done
echo "== shared libraries copied: ${libraries[*]}"

sizes=()
human() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1"; }

# 4. The Lambda custom-runtime zip. provided.al2023 has glibc, so only the binary and the model go in, at the root.
if wants zip; then
  zip_path="$out/lambda.zip"
  rm -f "$zip_path"
  zip_entries=("${binaries[@]}" "${model_files[@]}")
  $onnxruntime && zip_entries+=("$context/app/libonnxruntime.so")
  if command -v zip >/dev/null; then
    zip -q -j -X "$zip_path" "${zip_entries[@]}"
  else
    # zipfile drops the executable bit unless it is written into external_attr by hand.
    python3 - "$zip_path" "${zip_entries[@]}" <<'PY'
import os, sys, zipfile
target, *files = sys.argv[1:]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
    for path in files:
        info = zipfile.ZipInfo(os.path.basename(path), date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = (os.stat(path).st_mode & 0xFFFF) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(path, "rb") as source:
            archive.writestr(info, source.read())
PY
  fi
  sizes+=("lambda.zip|$(stat -c %s "$zip_path")|$zip_path")
fi

# 5. The images: one podman build per platform, all from the same context.
for platform in lambda sagemaker cloudrun; do
  wants "$platform" || continue
  tag="localhost/$prefix-$platform:latest"
  echo "== podman build $tag"
  previous="$(podman image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)"
  podman build --quiet --tag "$tag" --file "$images/$platform/Dockerfile" "$context" >/dev/null
  # A rebuild moves the tag; remove the image it leaves untagged (kept when a container still uses it).
  if [[ -n "$previous" && "$previous" != "$(podman image inspect --format '{{.Id}}' "$tag")" ]]; then
    podman rmi "$previous" >/dev/null 2>&1 || true
  fi
  sizes+=("$prefix-$platform|$(podman image inspect --format '{{.Size}}' "$tag")|$tag")
done

echo
printf '%-22s %14s %10s  %s\n' artifact bytes size where
for row in "${sizes[@]}"; do
  IFS='|' read -r name bytes where <<<"$row"
  printf '%-22s %14s %10s  %s\n' "$name" "$bytes" "$(human "$bytes")" "$where"
done
