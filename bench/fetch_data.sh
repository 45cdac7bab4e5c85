#!/bin/sh
# The public extraction benchmarks bench_reading.py scores on, cloned into bench/data/ (git-ignored,
# never in the wheel). Each is a third party's repository under its own licence:
#   scrapinghub/article-extraction-benchmark (MIT): html/*.html.gz, ground-truth.json
#   mozilla/readability (Apache-2.0): test/test-pages/*/source.html, expected.html
#   adbar/trafilatura (Apache-2.0): tests/evaldata.json, tests/eval/, tests/cache/
#   pemistahl/lingua-py (Apache-2.0): language-testdata/sentences/ (bench_languages.py)
# Usage: bench/fetch_data.sh   (again later: already fetched folders are left as they are)
#        BENCH_MIRROR=DIR bench/fetch_data.sh   clones DIR/owner+name/repo instead of github.com,
#        for a machine that reaches no GitHub but holds local mirrors of these repositories
set -eu
data="$(dirname "$0")/data"
mkdir -p "$data"
fetch() {
    if [ -d "$data/$2" ]; then
        echo "$data/$2: already there"
    elif [ -n "${BENCH_MIRROR:-}" ]; then
        # a mirror may leave out its largest files (none of which the benches read)
        git clone -q "$BENCH_MIRROR/$(echo "$1" | tr / +)/repo" "$data/$2" ||
            echo "$data/$2: cloned, with some of the mirror's files absent"
    else
        git clone --depth 1 "https://github.com/$1.git" "$data/$2"
    fi
}
fetch scrapinghub/article-extraction-benchmark zyte
fetch mozilla/readability readability
fetch adbar/trafilatura trafilatura
# pemistahl/lingua-py (Apache-2.0): language-testdata/sentences/*.txt, from the Leipzig
# Wortschatz corpora (CC BY 4.0), for bench_languages.py
fetch pemistahl/lingua-py lingua
