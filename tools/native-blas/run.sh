#!/usr/bin/env bash
# Nabla's sgemm beside OpenBLAS from Maven Central (org.bytedeco:openblas), same JVM, same heap arrays.
# Usage: tools/native-blas/run.sh   (from anywhere; builds core if needed; needs network for the first download)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version=0.3.31-1.5.13
java_home="$("$root/scripts/find-jdk")"
# A private cache, not a predictable path in /tmp where someone else could plant a library.
work="${XDG_CACHE_HOME:-$HOME/.cache}/nabla/native-blas-tool-$version"
if [ ! -f "$work/lib/libopenblas.so.0" ]; then
  mkdir -p "$work/lib"
  JAVA_HOME="$java_home" mvn -q -B dependency:copy -Dartifact="org.bytedeco:openblas:$version:jar:linux-x86_64" \
    -DoutputDirectory="$work"
  # libopenblas finds libgfortran (and it libquadmath) beside itself ($ORIGIN).
  unzip -q -o -j "$work/openblas-$version-linux-x86_64.jar" \
    'org/bytedeco/openblas/linux-x86_64/libopenblas.so.0' \
    'org/bytedeco/openblas/linux-x86_64/libgfortran.so.5' 'org/bytedeco/openblas/linux-x86_64/libquadmath.so.0' -d "$work/lib"
fi
[ -d "$root/core/target/classes/dev" ] || (cd "$root" && JAVA_HOME="$java_home" mvn -q -B -DskipTests -pl core compile)
exec "$java_home/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -cp "$root/core/target/classes" "$root/tools/native-blas/NativeSgemm.java" "$work/lib/libopenblas.so.0" \
  2>&1 | grep -v 'WARNING: Using incubator modules'
