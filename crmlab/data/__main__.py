"""Command line: ``python -m crmlab.data generate --customers N --seed S --out DIR``.

``generate`` writes the six CSV files, ``truth.json`` and ``truth_customers.csv``
byte-for-byte deterministically for a given size and seed (``make data`` runs it with
the defaults into ``datasets/``), and refreshes the generated blocks of a ``README.md``
already in the output folder. ``readme PATH`` refreshes the generated blocks (data
dictionary; true parameters from the ``truth.json`` beside it) of a README such as
``datasets/README.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from crmlab.data._docs import DICTIONARY_BEGIN, refresh_readme
from crmlab.data._generate import generate_world
from crmlab.data._write import TRUTH_JSON, write_world


def world_truth(folder: Path) -> dict:
    """The ``truth.json`` written beside a generated world."""
    return json.loads((folder / TRUTH_JSON).read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m crmlab.data", description="The CRM Lab synthetic company."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write the synthetic company's CSV files and truth")
    gen.add_argument("--customers", type=int, default=5000, help="number of customers (5000)")
    gen.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    gen.add_argument("--out", type=Path, default=Path("datasets"), help="output folder")
    gen.add_argument(
        "--no-covariates",
        action="store_true",
        help="textbook BG/NBD + Gamma-Gamma purchasing only (for model checks)",
    )
    readme = sub.add_parser("readme", help="refresh the generated blocks of a README")
    readme.add_argument("path", type=Path, help="README.md with the generated-block markers")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    if args.command == "generate":
        if args.customers < 20:
            parser.error("--customers: need at least 20 customers")
        world = generate_world(
            args.customers, seed=args.seed, covariate_effects=not args.no_covariates
        )
        written = write_world(world, args.out)
        size = sum(p.stat().st_size for p in written) / 1e6
        print(
            f"wrote {len(written)} files ({size:.1f} MB) to {args.out} in "
            f"{time.perf_counter() - start:.1f} s"
        )
        readme = args.out / "README.md"
        if readme.is_file() and DICTIONARY_BEGIN in readme.read_text(encoding="utf-8"):
            refresh_readme(readme, world_truth(args.out))
            print(f"refreshed {readme} (data dictionary and true parameters)")
    else:
        truth_file = args.path.parent / TRUTH_JSON
        if not truth_file.is_file():
            parser.error(f"{truth_file} not found: run `generate --out {args.path.parent}` first")
        refresh_readme(args.path, world_truth(args.path.parent))
        print(f"refreshed {args.path} from {truth_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
