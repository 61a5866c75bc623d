"""Country lookup speed after warm-up (was a timing assertion in the unit tests; timing belongs here).

    python bench/bench_countries.py      # prints microseconds per call; the target is 20
"""
from __future__ import annotations

import time

from extractors.countries import country_code


def main() -> None:
    country_code("Turkey", "GPE")  # builds the tables
    names = [(f"Place {i}", "GPE") for i in range(2000)] + [("Türkiye", "GPE"), ("Turkish", "NORP")] * 500
    start = time.perf_counter()
    for name, label in names:
        country_code(name, label)
    per_call = (time.perf_counter() - start) / len(names)
    print(f"country_code: {per_call * 1e6:.1f} µs a call over {len(names)} names (target 20 µs)")


if __name__ == "__main__":
    main()
