"""The API reference beside the bundled notes: one library, ranking, links both ways, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.docsets.crosslinks import CrossLinks
from tui.docsets.sources import with_docsets
from tui.notes.links import resolve_link
from tui.notes.model import Library
from tui.notes.sources import Source, load_sources
from tui.search.engine import SearchEngine

PAGE = "aws:sagemaker-runtime/InvokeEndpoint"


@pytest.fixture
def library(reference_data: Path) -> Library:
    return load_sources(with_docsets([Source.bundled()]))


def test_the_reference_is_a_source_of_its_own(library: Library) -> None:
    assert [(i.key, i.reference) for i in library.sources] == [
        ("kumonote", False),
        ("aws", True),
    ]
    page = library.get(PAGE)
    assert page is not None and page.title == "InvokeEndpoint"
    assert library.source_of(PAGE) == "aws" and library.source_of("security/kms") == "kumonote"
    assert not [w for w in library.warnings if "duplicate" in w.reason]  # pages share titles


def test_api_names_find_the_operation_and_japanese_finds_the_notes_first(
    library: Library, tmp_path: Path
) -> None:
    engine = SearchEngine.open(library, cache_dir=tmp_path / "index")
    for query in ("invoke_endpoint", "InvokeEndpoint", "invoke endpoint", "invokeendpoint"):
        assert engine.search(query, 5).hits[0].note_id == PAGE, query
    assert engine.search("SendMessage", 3).hits[0].note_id == "aws:sqs/SendMessage"
    hits = [hit.note_id for hit in engine.search("キュー", 10).hits]
    assert "application-integration/sqs" in hits and "aws:sqs/CreateQueue" in hits
    first_page = min(i for i, note_id in enumerate(hits) if note_id.startswith("aws:"))
    assert all(not note_id.startswith("aws:") for note_id in hits[:first_page])
    assert hits.index("application-integration/sqs") < first_page


def test_notes_and_pages_link_both_ways(library: Library) -> None:
    links = CrossLinks(library)
    note = library.get("sagemaker/invoke-endpoint")
    page = library.get(PAGE)
    assert note is not None and page is not None
    assert PAGE in links.api_pages(note)
    every = [n.id for n in library]
    mentioned = links.mentions(page, lambda _name: every)
    assert "sagemaker/invoke-endpoint" in mentioned
    assert all(not note_id.startswith("aws:") for note_id in mentioned)
    shown = links.shown_text(page, lambda _name: every)
    assert shown is not None and "## 関連ノート" in shown
    assert "[[sagemaker/invoke-endpoint|InvokeEndpoint]]" in shown
    target = resolve_link("sagemaker/invoke-endpoint", page, library)
    assert (target.kind, target.note_id) == ("note", "sagemaker/invoke-endpoint")
    wikilink = resolve_link(PAGE, note, library)  # [[aws:sagemaker-runtime/InvokeEndpoint]]
    assert (wikilink.kind, wikilink.note_id) == ("note", PAGE)


def kumonote(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KUMONOTE_DATA_DIR": str(data), "KUMONOTE_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_search_and_show_on_the_command_line(reference_data: Path) -> None:
    found = kumonote("search", "--json", "invoke_endpoint", data=reference_data)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)[0]["id"] == PAGE
    only = kumonote(
        "search", "--json", "--source", "kumonote", "invoke_endpoint", data=reference_data
    )
    assert all(not hit["id"].startswith("aws:") for hit in json.loads(only.stdout))
    shown = kumonote("show", PAGE, data=reference_data)
    row = next(line for line in shown.stdout.splitlines() if "EndpointName" in line and "│" in line)
    assert "yes" in row and "string" in row
    bad = kumonote("search", "--source", "nope", "x", data=reference_data)
    assert bad.returncode == 2 and "no source called nope" in bad.stderr
