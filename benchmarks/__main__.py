"""Run every benchmarks/bench_*.py module's main() in turn."""

from __future__ import annotations

import importlib
import pkgutil

import benchmarks

for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda i: i.name):
    if info.name.startswith("bench_"):
        module = importlib.import_module(f"benchmarks.{info.name}")
        print(f"== {info.name}")
        module.main()
