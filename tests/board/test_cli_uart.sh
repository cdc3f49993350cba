#!/bin/sh
# cnnacc run --backend uart: against the simulated board on a
# pseudo-terminal: LeNet-5 (both conv layers on the board) must match the
# reference bit for bit on every image, with --verify checking each layer.
# usage: test_cli_uart.sh BOARD_PTY CNNACC MODEL DATA_DIR COUNT
set -u
pty_prog=$1 cnnacc=$2 model=$3 data=$4 count=$5
tmp=$(mktemp -d) || exit 1
mkfifo "$tmp/ctl"
"$pty_prog" < "$tmp/ctl" > "$tmp/path" 2> "$tmp/sim.log" &
sim=$!
exec 3> "$tmp/ctl"                    # the simulator runs until this closes
i=0
while [ ! -s "$tmp/path" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
dev=$(head -n 1 "$tmp/path")
passed=0 failed=0
if [ -z "$dev" ]; then
    echo "FAIL: the simulated board did not come up"; failed=1
elif [ ! -d "$data" ]; then
    echo "skip: $data not found; LeNet run over the simulated UART not exercised"
else
    "$cnnacc" run --backend "uart:$dev" --model "$model" --data "$data" --count "$count" \
        --verify > "$tmp/out" 2>&1
    rc=$?
    cat "$tmp/out"
    want="bit-exact logits vs reference: $count / $count images"
    if [ $rc -eq 0 ] && grep -q "$want" "$tmp/out"; then
        passed=$((passed + 1))
    else
        echo "FAIL: cnnacc run over uart:$dev exited $rc"; failed=$((failed + 1))
    fi
    # one board: a second worker process would share the line
    "$cnnacc" run --backend "uart:$dev" --jobs 2 > "$tmp/out" 2>&1
    if [ $? -eq 2 ]; then passed=$((passed + 1)); else
        echo "FAIL: --jobs 2 with a uart backend not refused"; failed=$((failed + 1)); fi
fi
exec 3>&-
wait $sim || { echo "FAIL: simulator exit status"; failed=$((failed + 1)); }
cat "$tmp/sim.log"
rm -rf "$tmp"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
