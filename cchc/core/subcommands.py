"""What the subcommand-style management commands share (``cchc par results``, ``cchc report render``,
``cchc survey load``, ``cchc indicators load``, ``cchc dossiers ingest``): subcommands declared in
one method and each run by the method of its name, a domain error told once as a command error,
the options several of them take, and a written file reported with its size.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.errors import DomainError

PLAN_HELP = "plan number, e.g. 216/KH-UBND"


class SubcommandCommand(BaseCommand):
    """``cchc <command> <action> …``: ``add_subcommands`` declares the actions; ``handle`` runs
    the method named after the chosen one (dashes as underscores) with the options, and turns a
    ``DomainError`` into a ``CommandError`` (``domain_error_message``)."""

    def add_arguments(self, parser):
        self.add_subcommands(parser.add_subparsers(dest="action", required=True))

    def add_subcommands(self, sub) -> None:
        raise NotImplementedError

    def handle(self, *args, **opts):
        try:
            return getattr(self, opts["action"].replace("-", "_"))(opts)
        except DomainError as exc:
            raise CommandError(self.domain_error_message(exc)) from None

    def domain_error_message(self, exc: DomainError) -> str:
        return str(exc.message)

    def write_output(self, out: Path | str, data: bytes) -> None:
        """Write a rendered file and say where, with its size."""
        Path(out).write_bytes(data)
        self.stdout.write(f"{out} ({len(data):,} bytes)")


def add_format(parser, formats: str, *, default: str, out: str | None = None, out_help: str = "") -> None:
    """``--format`` (one of the space-separated ``formats``) and, where ``out`` is given, ``--out``
    with that default."""
    parser.add_argument("--format", choices=formats.split(), default=default)
    if out is not None:
        parser.add_argument("--out", default=out, help=out_help or None)


def first_or_fail(queryset, message: str):
    """The first row of ``queryset``, or a ``CommandError`` saying ``message`` when there is none."""
    row = queryset.first()
    if row is None:
        raise CommandError(message)
    return row
