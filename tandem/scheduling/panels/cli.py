"""python -m tandem.scheduling panels solve INSTANCE.json --out RESULT.json [--time-limit SECONDS]
    [--seed S] [--workers N]
python -m tandem.scheduling panels generate --presentations N --raters M [--seed S] [--out FILE]

The `panels` command of the scheduling package's command line (`..__main__`), with the same
habits: input it cannot use exits 2 with one line naming the place, the time limit counts from
reading the instance."""

from __future__ import annotations

import json
import sys
import time


def add_commands(commands) -> None:
    panels = commands.add_parser("panels", help="assign raters to exhibition presentations")
    sub = panels.add_subparsers(dest="panels_command", required=True)
    solving = sub.add_parser("solve", help="assign panels for an instance")
    solving.add_argument("instance")
    solving.add_argument("--out", required=True)
    solving.add_argument("--time-limit", type=float, default=30.0)
    solving.add_argument("--seed", type=int, default=0)
    solving.add_argument(
        "--workers", type=int, default=None, help="CP-SAT threads (default: one per core, ≤ 8)"
    )
    making = sub.add_parser("generate", help="write a synthetic exhibition")
    making.add_argument("--presentations", type=int, default=400)
    making.add_argument("--raters", type=int, default=120)
    making.add_argument("--seed", type=int, default=0)
    making.add_argument("--out")


def run(args, parser) -> int:
    if args.panels_command == "generate":
        from .generate import generate

        if args.presentations < 1 or args.raters < 2:
            parser.error("--presentations must be at least 1 and --raters at least 2")
        text = json.dumps(
            generate(presentations=args.presentations, raters=args.raters, seed=args.seed),
            indent=1,
        )
        if args.out:
            with open(args.out, "w", encoding="utf-8") as out:
                out.write(text + "\n")
        else:
            sys.stdout.write(text + "\n")
        return 0
    from ..model import InstanceError
    from .model import panel_instance_from_json, panel_result_to_json
    from .solve import assign

    started = time.monotonic()  # the time limit counts from reading the instance
    try:
        with open(args.instance, encoding="utf-8") as source:
            data = json.load(source)
    except OSError as error:
        print(f"error: cannot read {args.instance}: {error.strerror}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as error:
        print(f"error: {args.instance} is not JSON: {error}", file=sys.stderr)
        return 2
    try:
        instance = panel_instance_from_json(data)
    except InstanceError as error:
        print(f"error: {args.instance}: {error}", file=sys.stderr)
        return 2
    result = assign(
        instance, time_limit=args.time_limit, seed=args.seed, workers=args.workers, started=started
    )
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(panel_result_to_json(instance, result), out, indent=1)
        out.write("\n")
    print(
        f"{len(result.panels)} panels, {len(result.uncovered)} presentations not covered"
        f" (at most {result.covered_bound} can be); loads {result.min_load}–{result.max_load},"
        f" {result.status}, {result.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0
