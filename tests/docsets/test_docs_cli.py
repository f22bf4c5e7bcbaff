"""`kumonote docs add|list|remove`, through a parser made the way tui/cli.py makes its own."""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from pathlib import Path

import pytest

from tui.docs_cli import ProgressLine, add_docs_parser, cmd_docs
from tui.docsets.build import Progress
from tui.i18n import _

pytestmark = pytest.mark.usefixtures("english")


def run(*words: str) -> int:
    parser = argparse.ArgumentParser(prog="kumonote")
    add_docs_parser(parser.add_subparsers(dest="command"))
    return cmd_docs(parser.parse_args(words))


def docsets_folder() -> Path:
    return Path(os.environ["KUMONOTE_DATA_DIR"]) / "docsets"


def test_add_builds_into_the_data_directory(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("botocore")
    assert run("docs", "add", "aws", "--service", "sqs", "sts") == 0
    out, err = capsys.readouterr()
    assert (docsets_folder() / "aws" / "sqs" / "SendMessage.md").is_file()
    assert "2 services" in out
    assert str(docsets_folder() / "aws") in out
    assert "2 built, 0 unchanged" in out
    # not a terminal: one plain line per service
    assert err.splitlines() == ["[1/2] sqs (built)", "[2/2] sts (built)"]
    assert run("docs", "add", "aws", "--service", "sts") == 0
    assert "0 built, 2 unchanged" in capsys.readouterr().out


def test_list_and_remove(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("botocore")
    assert run("docs", "list") == 0
    assert "docs add aws" in capsys.readouterr().out
    assert run("docs", "add", "aws", "--service", "sts") == 0
    capsys.readouterr()
    assert run("docs", "list") == 0
    out = capsys.readouterr().out
    assert out.startswith("aws: botocore ")
    assert "1 service," in out
    assert out.splitlines()[1] == "  sts"
    assert run("docs", "list", "--json") == 0
    (entry,) = json.loads(capsys.readouterr().out)
    assert entry["services"] == ["sts"]
    assert run("docs", "remove", "aws") == 0
    assert "removed the aws docset" in capsys.readouterr().out
    assert not (docsets_folder() / "aws").exists()
    assert run("docs", "remove", "aws") == 1
    assert "no aws docset" in capsys.readouterr().err


def test_unknown_service_names_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("botocore")
    assert run("docs", "add", "aws", "--service", "sqs", "sagemaker-runtim", "zzzz") == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(
        "kumonote: error: botocore has no service called 'sagemaker-runtim'; did you mean "
        "sagemaker-runtime"
    )
    assert err[1] == (
        "kumonote: error: botocore has no service called 'zzzz'; "
        "`kumonote docs add aws --all` builds every service"
    )
    assert not docsets_folder().exists()


def test_without_botocore_it_says_how_to_get_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [m for m in sys.modules if m == "botocore" or m.startswith("botocore.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "botocore", None)  # `import botocore` raises ImportError
    assert run("docs", "add", "aws") == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "kumonote: the AWS reference is built from botocore, which is not installed: "
        'pip install "kumonote[aws]"\n'
    )
    assert not docsets_folder().exists()


def test_without_botocore_the_message_is_in_japanese_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.i18n import set_language

    set_language("ja")
    monkeypatch.setitem(sys.modules, "botocore", None)
    assert run("docs", "add", "aws") == 2
    err = capsys.readouterr().err
    assert 'pip install "kumonote[aws]"' in err
    message = "the AWS reference is built from botocore, which is not installed: {hint}"
    assert _(message) != message
    assert "botocore" in err and "the AWS reference" not in err


def test_service_and_all_do_not_go_together(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        run("docs", "add", "aws", "--service", "sqs", "--all")
    assert raised.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_only_the_aws_docset_is_known(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        run("docs", "add", "gcp")
    assert raised.value.code == 2
    assert "invalid choice: 'gcp'" in capsys.readouterr().err


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_progress_is_one_line_redrawn() -> None:
    stream = Terminal()
    line = ProgressLine(stream)
    line(Progress(1, 4, "sagemaker-runtime", kept=False))
    line(Progress(2, 4, "sqs", kept=True))
    line.finish()
    text = stream.getvalue()
    assert "\n" not in text[:-1]
    first, second = text[1:-1].split("\r")
    assert first == "[######------------------] 1/4 sagemaker-runtime"
    # the longer line before is blanked out
    assert second == "[############------------] 2/4 sqs".ljust(len(first))
    assert text.endswith("\n")


def test_the_parser_does_not_load_the_builder() -> None:
    import subprocess

    code = (
        "import argparse, sys; from tui.docs_cli import add_docs_parser; "
        "add_docs_parser(argparse.ArgumentParser().add_subparsers()); "
        "print(sorted(m for m in sys.modules if m.startswith(('tui.docsets.', 'botocore', "
        "'html.parser', 'tui.notes'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "['tui.docsets.model']"
