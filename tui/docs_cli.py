"""`kumonote docs`: build, list and remove docsets (the AWS API reference from botocore).

`add_docs_parser` adds the `docs` command to the `kumonote` parser; `cmd_docs` runs it.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from tui.docsets.model import SOURCE
from tui.i18n import _, ngettext

if TYPE_CHECKING:
    from tui.docsets.build import Progress

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
INSTALL_HINT = 'pip install "kumonote[aws]"'
BAR_WIDTH = 24
NAMES_LISTED = 40
"""`docs list` names a docset's services when it has no more than this."""


def add_docs_parser(subparsers: argparse._SubParsersAction[Any]) -> argparse.ArgumentParser:
    """Add `docs add|list|remove` to a `kumonote` sub-command list; returns the `docs` parser."""
    summary = _("build, list and remove offline API references (docsets)")
    docs: argparse.ArgumentParser = subparsers.add_parser(
        "docs", help=summary, description=_("{summary}.").format(summary=_sentence(summary))
    )
    commands = docs.add_subparsers(dest="docs_command", metavar="ACTION", required=True)

    summary = _("build the AWS API reference from the installed botocore, or refresh it")
    add = commands.add_parser(
        "add", help=summary, description=_("{summary}.").format(summary=_sentence(summary))
    )
    add.add_argument("docset", choices=[SOURCE], help=_("the docset: aws"))
    which = add.add_mutually_exclusive_group()
    which.add_argument(
        "--service",
        nargs="+",
        metavar="NAME",
        help=_("these botocore services (sqs, sagemaker-runtime, …) besides those built already"),
    )
    which.add_argument("--all", action="store_true", help=_("every service botocore has"))

    summary = _("list the docsets built")
    shown = commands.add_parser(
        "list", help=summary, description=_("{summary}.").format(summary=_sentence(summary))
    )
    shown.add_argument("--json", action="store_true", help=_("print JSON instead"))

    summary = _("delete a docset")
    remove = commands.add_parser(
        "remove", help=summary, description=_("{summary}.").format(summary=_sentence(summary))
    )
    remove.add_argument("docset", choices=[SOURCE], help=_("the docset: aws"))
    return docs


def _sentence(summary: str) -> str:
    return summary[0].upper() + summary[1:]


def cmd_docs(args: argparse.Namespace) -> int:
    """Run `kumonote docs …`; returns the exit status."""
    root = None  # the data directory (`$KUMONOTE_DATA_DIR` moves it)
    if args.docs_command == "add":
        return _add(args.service, every=args.all, root=root)
    if args.docs_command == "list":
        return _list(as_json=args.json, root=root)
    if args.docs_command == "remove":
        from tui.docsets.store import docset_path, remove_docset

        if remove_docset(args.docset, root):
            print(
                _("removed the {name} docset ({path})").format(
                    name=args.docset, path=docset_path(args.docset, root)
                )
            )
            return EXIT_OK
        _complain(_("there is no {name} docset to remove").format(name=args.docset))
        return EXIT_PROBLEMS
    return EXIT_USAGE


def _complain(message: str) -> None:
    print("kumonote: " + message, file=sys.stderr)


class ProgressLine:
    """Build progress on standard error: one line redrawn with `\\r` on a terminal, else a
    plain line per service."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = sys.stderr if stream is None else stream
        try:
            self.live = self.stream.isatty()
        except (AttributeError, ValueError, OSError):
            self.live = False
        self.width = 0

    def __call__(self, progress: Progress) -> None:
        """Show that `progress.service` is done."""
        state = _("unchanged") if progress.kept else _("built")
        if not self.live:
            line = f"[{progress.done}/{progress.total}] {progress.service} ({state})"
            print(line, file=self.stream, flush=True)
            return
        filled = BAR_WIDTH * progress.done // max(progress.total, 1)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        line = f"[{bar}] {progress.done}/{progress.total} {progress.service}"
        padding = " " * max(self.width - len(line), 0)
        self.width = len(line)
        print("\r" + line + padding, end="", file=self.stream, flush=True)

    def finish(self) -> None:
        """End the redrawn line (nothing to do for plain lines)."""
        if self.live and self.width:
            print(file=self.stream, flush=True)
            self.width = 0


def _add(services: list[str] | None, *, every: bool, root: str | None) -> int:
    import difflib

    from tui.docsets.build import BotocoreMissing, UnknownServices, build_aws

    line = ProgressLine()
    try:
        result = build_aws(services, every=every, root=root, progress=line)
    except BotocoreMissing:
        line.finish()
        _complain(
            _("the AWS reference is built from botocore, which is not installed: {hint}").format(
                hint=INSTALL_HINT
            )
        )
        return EXIT_USAGE
    except UnknownServices as error:
        line.finish()
        for name in error.names:
            close = difflib.get_close_matches(name, error.available, n=3)
            hint = (
                _("did you mean {suggestion}?").format(suggestion=", ".join(close))
                if close
                else _("`kumonote docs add aws --all` builds every service")
            )
            _complain(
                _("error: botocore has no service called {name}; {hint}").format(
                    name=repr(name), hint=hint
                )
            )
        return EXIT_USAGE
    except OSError as error:
        line.finish()
        _complain(_("error: cannot write the docset: {error}").format(error=error))
        return EXIT_PROBLEMS
    except BaseException:
        line.finish()
        raise
    line.finish()
    manifest = result.manifest
    services_text = ngettext("{count} service", "{count} services", len(manifest.services))
    operations_text = ngettext("{count} operation", "{count} operations", manifest.operations)
    pages_text = ngettext("{count} page", "{count} pages", manifest.pages)
    print(
        _("AWS reference (botocore {version}): {services}, {operations}, {pages} in {path}").format(
            version=manifest.botocore,
            services=services_text.format(count=len(manifest.services)),
            operations=operations_text.format(count=manifest.operations),
            pages=pages_text.format(count=manifest.pages),
            path=result.path,
        )
    )
    print(
        _("{rebuilt} built, {kept} unchanged").format(
            rebuilt=len(result.rebuilt), kept=len(result.kept)
        )
    )
    if result.dropped:
        print(_("no longer in botocore, left out: {names}").format(names=", ".join(result.dropped)))
    return EXIT_OK


def _list(*, as_json: bool, root: str | None) -> int:
    import json

    from tui.docsets.store import list_docsets

    docsets = list_docsets(root)
    if as_json:
        document = [
            {
                "name": info.name,
                "path": str(info.path),
                "botocore": info.manifest.botocore if info.manifest else None,
                "built": info.manifest.built if info.manifest else None,
                "services": sorted(info.manifest.services) if info.manifest else [],
                "operations": info.manifest.operations if info.manifest else 0,
                "pages": info.manifest.pages if info.manifest else 0,
            }
            for info in docsets
        ]
        print(json.dumps(document, ensure_ascii=False, indent=1))
        return EXIT_OK
    if not docsets:
        print(_("no docsets yet; `kumonote docs add aws` builds the AWS reference"))
        return EXIT_OK
    for info in docsets:
        manifest = info.manifest
        if manifest is None:
            print(
                _(
                    "{name}: unreadable (no manifest); `kumonote docs add {name}` builds it again"
                ).format(name=info.name)
            )
            continue
        services = ngettext("{count} service", "{count} services", len(manifest.services))
        pages = ngettext("{count} page", "{count} pages", manifest.pages)
        print(
            _("{name}: botocore {version}, {services}, {pages}, built {built}, in {path}").format(
                name=info.name,
                version=manifest.botocore,
                services=services.format(count=len(manifest.services)),
                pages=pages.format(count=manifest.pages),
                built=manifest.built,
                path=info.path,
            )
        )
        if len(manifest.services) <= NAMES_LISTED:
            print("  " + ", ".join(sorted(manifest.services)))
    return EXIT_OK
