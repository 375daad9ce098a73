#!/usr/bin/env bash
# Makes TorchSharp's libLibTorchSharp.so load on hosts whose libstdc++ predates GCC 13 (Debian 12 ships GCC 12's).
# TorchSharp 0.107.0 requires GLIBCXX_3.4.32 for a single symbol, std::ios_base_library_init(); the loader then
# refuses the whole library, and TorchSharp reports it as a missing libtorch. This script patches the copy in the
# build output (never the NuGet cache): it adds a tiny library that defines that symbol as a no-op, clears the
# symbol's version and marks the GLIBCXX_3.4.32 requirement weak. It does nothing on a host whose libstdc++ has
# GLIBCXX_3.4.32, and nothing on an already patched copy, so every build may call it.
# Usage: patch-libtorchsharp.sh NATIVE_DIR TOOLS_DIR
set -euo pipefail

native_dir=$1
tools_dir=$2
here=$(cd "$(dirname "$0")" && pwd)
library="$native_dir/libLibTorchSharp.so"
shim_name=libglibcxx_shim.so
symbol=_ZSt21ios_base_library_initv
version=GLIBCXX_3.4.32

fail() {
  # MSBuild's Exec turns lines of this canonical shape into build errors.
  echo "patch-libtorchsharp.sh: error TORCHSHARP001: $*" >&2
  exit 1
}

[[ -f "$library" ]] || exit 0

host_libstdcxx=$(/sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ { print $NF; exit }')
if [[ -n "$host_libstdcxx" ]] && grep -qa "$version" "$host_libstdcxx"; then
  exit 0
fi

if grep -qa "$shim_name" "$library" && [[ -f "$native_dir/$shim_name" ]]; then
  exit 0
fi

missing=()
command -v gcc >/dev/null || missing+=(gcc)
command -v patchelf >/dev/null || missing+=(patchelf)
# gcc links with the C library's start files and the helper reads <elf.h>: both come with libc6-dev.
[[ -f /usr/include/elf.h ]] || missing+=(libc6-dev)
if [[ ${#missing[@]} -gt 0 ]]; then
  fail "TorchSharp's libLibTorchSharp.so needs $version, which this host's libstdc++ (${host_libstdcxx:-not found}) lacks. Patching the build's copy needs ${missing[*]}: run 'apt-get install -y ${missing[*]}' (as root) and build again."
fi

mkdir -p "$tools_dir"
gcc -O2 -Wall -Wextra -Werror -o "$tools_dir/weaken_version" "$here/weaken_version.c" || fail "could not compile weaken_version.c"
gcc -shared -fPIC -O2 -o "$native_dir/$shim_name" "$here/glibcxx_shim.c" || fail "could not compile glibcxx_shim.c"

# Patch a private copy and rename it over the output file: the output may be a hard link into the NuGet cache, and an
# interrupted build never leaves a half-patched library behind.
patched="$library.patching"
cp "$library" "$patched"
patchelf --add-needed "$shim_name" "$patched"
patchelf --clear-symbol-version "$symbol" "$patched"
"$tools_dir/weaken_version" "$patched" "$version" || fail "could not weaken the $version requirement of $library"
mv -f "$patched" "$library"
echo "patch-libtorchsharp.sh: patched $library for a libstdc++ without $version"
