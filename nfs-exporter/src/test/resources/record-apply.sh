#!/bin/sh
# The apply command of the Quarkus tests: records each run (the header line of the file it was
# given, which names the generation) in apply-runs.log. While a file named fail-apply exists, it
# fails instead, printing that file's content as exportfs would print its complaint.
set -eu
dir="$1"
if [ -f "$dir/fail-apply" ]; then
    cat "$dir/fail-apply" >&2
    exit 1
fi
if [ -f "$dir/sharedfs.exports" ]; then
    head -n 1 "$dir/sharedfs.exports" >> "$dir/apply-runs.log"
else
    echo "# no file" >> "$dir/apply-runs.log"
fi
