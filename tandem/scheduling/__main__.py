"""python -m tandem.scheduling solve INSTANCE.json --out RESULT.json [--time-limit SECONDS]
python -m tandem.scheduling generate --students N --seed S [--shape SHAPE] [--out FILE]
python -m tandem.scheduling panels solve|generate ...   (panels/cli.py)"""

from __future__ import annotations

import argparse
import json
import sys
import time

from .generate import SHAPES, generate
from .model import InstanceError, instance_from_json, result_to_json
from .panels import cli as panels
from .solve import solve


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tandem.scheduling")
    commands = parser.add_subparsers(dest="command", required=True)
    solving = commands.add_parser("solve", help="schedule an instance")
    solving.add_argument("instance")
    solving.add_argument("--out", required=True)
    solving.add_argument("--time-limit", type=float, default=60.0)
    solving.add_argument(
        "--workers", type=int, default=None, help="CP-SAT threads (default: one per core, ≤ 8)"
    )
    making = commands.add_parser("generate", help="write a synthetic school")
    making.add_argument("--students", type=int, required=True)
    making.add_argument("--seed", type=int, default=0)
    making.add_argument(
        "--shape",
        choices=SHAPES,
        default="default",
        help="a school unlike the default (hard = all the others together)",
    )
    making.add_argument("--out")
    panels.add_commands(commands)
    args = parser.parse_args(argv)
    if args.command == "panels":
        return panels.run(args, parser)
    if args.command == "generate":
        if args.students < 1:
            parser.error("--students must be at least 1")
        text = json.dumps(
            generate(students=args.students, seed=args.seed, shape=args.shape), indent=1
        )
        if args.out:
            with open(args.out, "w", encoding="utf-8") as out:
                out.write(text + "\n")
        else:
            sys.stdout.write(text + "\n")
        return 0
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
        instance = instance_from_json(data)
    except InstanceError as error:
        print(f"error: {args.instance}: {error}", file=sys.stderr)
        return 2
    result = solve(instance, time_limit=args.time_limit, workers=args.workers, started=started)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result_to_json(result), out, indent=1)
        out.write("\n")
    print(
        f"{len(result.meetings)} scheduled, {len(result.unscheduled)} not; score {result.score:.1f}"
        f" (bound {result.bound:.1f}), {result.status}, {result.seconds:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
