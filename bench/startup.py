"""Start-up cost of short commands: each runs as a fresh ``newsbot`` process, start to exit.

Usage (from the repository root):

    python bench/startup.py [--runs 7] [--newsbot PATH]   (default: python -m bot)

In a temporary folder, ``newsbot demo`` first stores the sample articles of ``seeds/``. Then
every command below runs ``--runs`` times as its own process (as a user types it), and the
median wall time is compared with the median of ``newsbot --help``, the program's own start-up
(Python, imports, argument parsing). Targets: lookups and refusals within 0.5 s of ``--help``;
``summarize FILE`` within 1.0 s. The first run of ``topic`` computes and stores the summary
across the topic; later runs read it, as a user asking twice would. Exit codes are checked,
so a command that fails is not timed as a fast one. Timings are noisy on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

LOOKUP_TARGET = 0.5
SUMMARIZE_TARGET = 1.0


def _newsbot() -> list[str]:
    # ``python -m bot`` runs this tree's entry point; an installed ``newsbot`` script calls
    # the entry point it was installed with (pass it with --newsbot).
    return [sys.executable, "-m", "bot"]


def _time(command: list[str], folder: Path, environment: dict[str, str],
          expected: int) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the command's own process (its workers and their
    forkserver are not its waited-for children, so they are not counted)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    finished = subprocess.run(command, cwd=folder, env=environment, capture_output=True,
                              text=True, check=False, timeout=120)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if finished.returncode != expected:
        raise SystemExit(f"{' '.join(command)} exited {finished.returncode}, not {expected}:"
                         f"\n{finished.stderr}")
    if "Traceback" in finished.stderr:
        raise SystemExit(f"{' '.join(command)} printed a traceback:\n{finished.stderr}")
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--newsbot", help="the newsbot command (default: python -m bot)")
    arguments = parser.parse_args()
    newsbot = [arguments.newsbot] if arguments.newsbot else _newsbot()
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop("NEWSBOT_DATABASE", None)

    with tempfile.TemporaryDirectory(prefix="newsbot-startup-") as name:
        folder = Path(name)
        subprocess.run([*newsbot, "demo"], cwd=folder, env=environment, check=True,
                       capture_output=True, timeout=600)
        story = folder / "story.txt"
        shutil.copy(REPO / "seeds" / "06_ecb_cuts_interest_rates.txt", story)
        commands: list[tuple[str, list[str], int, float | None]] = [
            ("--help", ["--help"], 0, None),
            ("tags", ["tags"], 0, LOOKUP_TARGET),
            ("people", ["people"], 0, LOOKUP_TARGET),
            ("search NATO", ["search", "NATO"], 0, LOOKUP_TARGET),
            ("topic NATO", ["topic", "NATO"], 0, LOOKUP_TARGET),
            ("person Lefèvre", ["person", "Lefèvre"], 0, LOOKUP_TARGET),
            ("digest --since 2w", ["digest", "--since", "2w"], 0, LOOKUP_TARGET),
            ("search (nothing found)", ["search", "zzzyx"], 1, LOOKUP_TARGET),
            ("summarize http://127.0.0.1/ (refused)", ["summarize", "http://127.0.0.1/"], 1,
             LOOKUP_TARGET),
            ("summarize FILE", ["summarize", str(story)], 0, SUMMARIZE_TARGET),
        ]
        medians: dict[str, float] = {}
        cpu: dict[str, float] = {}
        for label, command, expected, _target in commands:
            runs = [_time([*newsbot, *command], folder, environment, expected)
                    for _ in range(arguments.runs)]
            medians[label] = statistics.median(wall for wall, _cpu in runs)
            cpu[label] = statistics.median(seconds for _wall, seconds in runs)
        base = medians["--help"]
        load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
        print(f"{arguments.runs} runs each; median wall time, start to exit; "
              f"load average after: {load} on {os.cpu_count()} cores")
        print()
        print("| command | median s | over --help s | target over --help | met | "
              "main process CPU s |")
        print("|---|---|---|---|---|---|")
        for label, _command, _expected, target in commands:
            over = medians[label] - base
            if target is None:
                print(f"| `newsbot {label}` | {medians[label]:.2f} | – | – | – | "
                      f"{cpu[label]:.2f} |")
            else:
                met = "yes" if over <= target else "no"
                print(f"| `newsbot {label}` | {medians[label]:.2f} | {over:+.2f} | "
                      f"≤ {target:.1f} | {met} | {cpu[label]:.2f} |")


if __name__ == "__main__":
    main()
