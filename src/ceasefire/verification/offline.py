"""The standalone verifier: ``python -m ceasefire.verification.offline EXPORT CHECKPOINT``.

Runs on an export (``ceasefire audit export -o FILE``) and a checkpoint a member kept, without
the store and without trusting the server (``ceasefire.audit.offline`` does the work). Exits
0 when the export is whole, extends the checkpoint and every vote's signature verifies; 1
naming each problem otherwise; 2 when a file is not what it should be.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ceasefire.audit.offline import verify_offline
from ceasefire.errors import CeasefireError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ceasefire.verification.offline",
        description="Check an audit-log export against a checkpoint, without the store.",
    )
    parser.add_argument("export", type=Path, help="JSON Lines from `ceasefire audit export`")
    parser.add_argument("checkpoint", type=Path, help="a checkpoint you kept")
    parser.add_argument(
        "--server-key", help="the server's public key (64 hex digits) you trust; "
        "default: the key the export names",
    )  # fmt: skip
    args = parser.parse_args(argv)
    try:
        report = verify_offline(args.export, args.checkpoint, server_key=args.server_key)
    except CeasefireError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(f"FAIL: {problem}")
    if not report.ok:
        return 1
    print(
        f"OK: {report.entries} entries, root {report.root}; extends the checkpoint of "
        f"{report.checkpoint_size} entries (consistency proof of {report.proof_hashes} hashes); "
        f"{report.keys} member keys; {report.signed_votes} signed votes verify, "
        f"{report.unsigned_votes} unsigned (members without a key)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
