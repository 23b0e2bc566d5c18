"""The ``cchc`` console command: our subcommands plus every Django management command.

``cchc import-orgs FILE`` and ``cchc import_orgs FILE`` are the same command.
"""

from __future__ import annotations

import os
import sys

OUR_COMMANDS = {
    "demo": "Create/migrate the SQLite database, load demo data and users, serve on http://127.0.0.1:8000",
    "serve": "Serve the app with several worker processes (gunicorn; production: behind a reverse proxy)",
    "worker": "Run background tasks (imports, report rendering) and the daily reminders at CCHC_REMIND_AT",
    "load-orgs": "Load the org trees shipped with cchc (cchc/orgs/data): run once on a fresh database",
    "import-orgs": "Import an org tree (units CSV/XLSX, optional groups file); all rows or nothing",
    "export-orgs": "Export the org tree as CSV or XLSX",
    "import-plan": "Read a plan document (text, DOCX, XLSX, PDF), print a summary, optionally commit it",
    "tasks": "List tasks: cchc tasks list [--plan N] [--unit NAME] [--status S] [--as-of DATE] [--format F]",
    "seed-scale": "Grow the loaded demo N times (units, plans, assignments, progress): cchc seed-scale N",
    "current-progress": "Check the assignments' current-progress columns against their history (--rebuild)",
    "remind": "Send (or --dry-run show) the reminders of every kind (tasks, reports, PAR INDEX) to units",
    "unlock-login": "Lift the login delays of a user after repeated wrong passwords: cchc unlock-login USERNAME",
    "backup": "Back up the database and uploaded files with a checksum manifest: cchc backup DIR",
    "restore": "Restore a backup into an empty database and media folder: cchc restore DIR",
    "issue-token": "Issue an API bearer token for a user: cchc issue-token USERNAME NAME",
    "survey": "Satisfaction surveys: cchc survey results --round N --format json | load FILE | import --round N FILE",
    "par": "PAR INDEX: cchc par results --campaign ID [--format json|table|xlsx|docx]; cchc par template",
    "indicators": "Indicators: cchc indicators load FILE|--shipped, suggest --plan N, attainment --plan N --period 2022-Y [--format json], index766 --unit CODE --period P",
    "dossiers": "One-stop dossier statistics: cchc dossiers ingest FILE… [--province CODE] [--mapping MAP.json]",
    "report": "Render a report: cchc report render --plan N --period 2022-Y --format docx|pdf --out FILE",
}


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    if len(argv) >= 2 and argv[1] == "demo":
        os.environ.setdefault("CCHC_DEMO", "1")
    if len(argv) >= 2 and argv[1] not in {"serve", "worker"}:
        os.environ.setdefault("CCHC_LOCAL_KEY", "1")  # see settings.SECRET_KEY
    if len(argv) < 2 or argv[1] in {"-h", "--help", "help"} and len(argv) == 2:
        print("usage: cchc <command> [options]\n\ncchc commands:")
        for name, text in OUR_COMMANDS.items():
            print(f"  {name:<13} {text}")
        print("\nDjango commands are available too (cchc migrate, cchc createsuperuser, cchc shell, …);")
        print("`cchc help --all` lists them, `cchc <command> --help` explains one.")
        return
    if argv[1] == "help" and len(argv) > 2 and argv[2] == "--all":
        argv = [argv[0], "help"]
    argv[1] = (
        argv[1].replace("-", "_")
        if argv[1].replace("-", "_") in {c.replace("-", "_") for c in OUR_COMMANDS}
        else argv[1]
    )
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        # A configuration mistake is the operator's to fix: say what, without a traceback.
        sys.exit(f"cchc: {exc}")


if __name__ == "__main__":
    main()
