#!/usr/bin/env bash
# Quantizing the shipped float weights twice must give identical files, and
# the very bytes of the shipped int8 model (the quantizer is deterministic).
# usage: quantize_twice.sh LENET5 FLOAT.bin SHIPPED.cnnm DATA_DIR TMPDIR
set -u
tool=$1 float=$2 shipped=$3 data=$4 tmp=$5
passed=0 failed=0
check() { # check "description" command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; passed=$((passed + 1))
  else echo "FAIL: $what"; failed=$((failed + 1)); fi
}
rm -rf "$tmp" && mkdir -p "$tmp"
for run in a b; do
  "$tool" quantize --data "$data" --float "$float" --out "$tmp/$run.cnnm" \
    > "$tmp/$run.log" 2>&1 || { echo "quantize run $run failed:"; cat "$tmp/$run.log"; }
done
check "two quantizations are byte-identical" cmp "$tmp/a.cnnm" "$tmp/b.cnnm"
check "they reproduce the shipped $shipped" cmp "$tmp/a.cnnm" "$shipped"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
