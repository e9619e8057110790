"""Command line interface: ``journeykit <command> ...``.

Commands are registered in :data:`COMMANDS` (name -> (help, add_arguments, run)), so adding one
is a matter of writing two small functions and one dictionary entry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence

AddArguments = Callable[[argparse.ArgumentParser], None]
Run = Callable[[argparse.Namespace], int]


def _positive_int(text: str) -> int:
    value = int(text.replace("_", ""))
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive integer: {text}")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text}") from exc


def _simulate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, help="output directory (raw/ and truth/ are written inside)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--people", type=_positive_int, default=20_000, help="number of people (default 20000)")
    size.add_argument("--events", type=_positive_int, default=None,
                      help="aim for about this many event rows instead of a number of people")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--start", type=_date, default=dt.date(2025, 11, 1),
                        help="first day of the simulated window (default 2025-11-01)")
    parser.add_argument("--days", type=_positive_int, default=365, help="length of the window in days (default 365)")
    parser.add_argument("--quiet", action="store_true", help="no progress output on stderr")
    parser.add_argument("--format", choices=("native", "ga4", "segment", "snowplow"), default="native",
                        dest="event_format",
                        help="landing format of the events: native (the events table, default), ga4 (ga4_events, "
                             "the GA4 BigQuery export), segment (Segment's warehouse tables segment_tracks, "
                             "segment_pages, segment_screens, segment_identifies) or snowplow (snowplow_events, "
                             "Snowplow's atomic.events); every other table is native")


def _simulate(args: argparse.Namespace) -> int:
    from journeykit.simulator import simulate

    simulate(args.out, people=args.people, seed=args.seed, start=args.start, days=args.days, quiet=args.quiet,
             events=args.events, event_format=args.event_format)
    return 0


def _benchmark_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--events", type=_positive_int, default=1_000_000,
                        help="simulate about this many events (default 1000000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--work-dir", default=None,
                        help="where the simulation and the warehouse go (default: a new temporary folder)")
    parser.add_argument("--quiet", action="store_true", help="no progress output on stderr")
    parser.add_argument("--reuse-simulation", action="store_true",
                        help="keep the simulation an earlier run left in --work-dir")


def _benchmark(args: argparse.Namespace) -> int:
    from pathlib import Path

    from journeykit.benchmark import print_result, run_benchmark

    print_result(run_benchmark(args.events, Path(args.work_dir) if args.work_dir else None, seed=args.seed,
                               quiet=args.quiet, reuse_simulation=args.reuse_simulation))
    return 0


def _publish_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", default="target/journey.duckdb",
                        help="the built DuckDB warehouse to publish (default target/journey.duckdb)")
    parser.add_argument("--out", default="target/published",
                        help="where the published versions and journey.duckdb go (default target/published)")
    parser.add_argument("--keep", type=_positive_int, default=None,
                        help="versions to keep, at least 2 (default: var journey_publish_keep_versions)")
    parser.add_argument("--quiet", action="store_true", help="no progress output on stderr")


def _publish(args: argparse.Namespace) -> int:
    from journeykit.publish import publish

    result = publish(args.database, args.out, keep=args.keep, quiet=args.quiet)
    print(result.database)
    return 0


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--published", default="target/published/journey.duckdb",
                        help="the published DuckDB file (journeykit publish; default target/published/journey.duckdb)")
    parser.add_argument("--out", default="target/report/journey_report.html",
                        help="the HTML file to write (default target/report/journey_report.html)")
    parser.add_argument("--funnel", default=None, help="funnel_name to chart (default: visit_to_purchase or the largest)")
    parser.add_argument("--breakdown", default="device_type",
                        help="funnel breakdown dimension (channel_group, campaign, device_type, browser, country, plan, "
                             "landing_page_path, lead_score_band; default device_type)")
    parser.add_argument("--cohort", default=None, help="cohort_definition of the heatmap (default paying_customers)")
    parser.add_argument("--anchor", default=None, help="path anchor_name of the Sankey (default: the largest)")
    parser.add_argument("--conversion-type", default="purchase",
                        help="conversion_type of the attribution charts (default purchase)")
    parser.add_argument("--quiet", action="store_true", help="no progress output on stderr")


def _report(args: argparse.Namespace) -> int:
    from journeykit.report import ReportOptions, build_report

    options = ReportOptions(funnel_name=args.funnel, breakdown_dimension=args.breakdown,
                            cohort_definition=args.cohort, anchor_name=args.anchor,
                            conversion_type=args.conversion_type)
    print(build_report(args.published, args.out, options, quiet=args.quiet))
    return 0


def _live_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--published", default="target/published/journey.duckdb",
                        help="the published DuckDB file (default target/published/journey.duckdb)")
    parser.add_argument("--port", type=_positive_int, default=8501, help="port to serve on (default 8501)")


def _live(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    app = Path(__file__).with_name("live_app.py")
    env = {**os.environ, "JOURNEY_PUBLISHED_PATH": str(Path(args.published).resolve())}
    # replaced by Streamlit's server process (signals such as Ctrl-C go straight to it)
    os.execve(sys.executable, [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true",
                               "--server.port", str(args.port), "--browser.gatherUsageStats", "false"], env)
    return 0


#: Registered commands: name -> (help text, argument builder, runner).
COMMANDS: dict[str, tuple[str, AddArguments, Run]] = {
    "simulate": ("simulate the raw landing tables and their ground truth", _simulate_arguments, _simulate),
    "benchmark": ("simulate N events; time a first load, +1 day, a no-op rerun, a full build and dbt run against a floor query",
                  _benchmark_arguments, _benchmark),
    "publish": ("publish the marts of a built warehouse as a new version readers can query while dbt builds",
                _publish_arguments, _publish),
    "report": ("build the self-contained HTML report from the published marts", _report_arguments, _report),
    "live": ("serve the report's charts as a live Streamlit app over the published marts (extra: live)",
             _live_arguments, _live),
}


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subparser per registered command."""
    parser = argparse.ArgumentParser(prog="journeykit", description="Journey dbt project tools.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, add_arguments, run) in COMMANDS.items():
        sub = subparsers.add_parser(name, help=help_text, description=help_text)
        add_arguments(sub)
        sub.set_defaults(run=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: ``sys.argv[1:]``) and run the chosen command; returns the exit code."""
    args = build_parser().parse_args(None if argv is None else list(argv))
    run: Run = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
