"""The pages of a service: an operation's page, shared shapes, aliases the search finds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui.check import wikilinks
from tui.docsets import members
from tui.docsets.model import ServiceModel
from tui.docsets.pages import operation_aliases, operation_page, service_pages, shape_page
from tui.notes import load_library
from tui.notes.frontmatter import split_front_matter
from tui.notes.model import Note
from tui.notes.simple_yaml import load_simple
from tui.render.markdown import make_parser


def loaded(tmp_path: Path, path: str, text: str) -> Note:
    """The page as the notes loader reads it from a content folder."""
    file = tmp_path / "content" / "svc" / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    library = load_library(tmp_path / "content", cache=False)
    assert library.warnings == []
    (note,) = list(library)
    return note


def aliases_of(text: str) -> list[str]:
    """The aliases in a page's front matter."""
    source, _body, _line = split_front_matter(text)
    fields = load_simple(source or "")
    assert fields is not None
    aliases = fields["aliases"]
    assert isinstance(aliases, list)
    return [str(alias) for alias in aliases]


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """The rows (cells' inline source) of the first table after `## heading`."""
    section = markdown.split(f"\n## {heading}\n", 1)[1]
    tokens = make_parser().parse(section)
    rows: list[list[str]] = []
    row: list[str] = []
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content)
        elif token.type == "tr_close":
            rows.append(row)
        elif token.type == "table_close":
            break
    return rows


def test_invoke_endpoint_page(service: Callable[[str], ServiceModel], tmp_path: Path) -> None:
    page = operation_page(service("sagemaker-runtime"), "InvokeEndpoint")
    assert page.path == "InvokeEndpoint.md"
    note = loaded(tmp_path, page.path, page.text)
    assert note.title == "InvokeEndpoint"
    assert {
        "client.invoke_endpoint",
        "invoke_endpoint",
        "invoke endpoint",
        "invokeendpoint",
        "sagemaker-runtime invoke_endpoint",
        "aws:sagemaker-runtime/InvokeEndpoint",
    } <= set(note.aliases)
    top = [s.title for s in note.sections if s.level == 2]
    assert top == ["Call", "Request parameters", "Response", "Errors"]
    assert "- boto3: `client.invoke_endpoint`" in note.body
    assert (
        '```python\nimport boto3\n\nclient = boto3.client("sagemaker-runtime")\n'
        'response = client.invoke_endpoint(EndpointName="string", Body=b"bytes")\n```'
    ) in note.body
    header, *rows = table_rows(note.body, "Request parameters")
    assert header == ["Name", "Type", "Required", "Constraints", "Description"]
    by_name = {row[0]: row for row in rows}
    assert by_name["`EndpointName`"][1:3] == ["string", "**yes**"]
    assert by_name["`Body`"][1:3] == ["blob", "**yes**"]
    assert by_name["`ContentType`"][2] == "no"
    assert "length ≤ 63" in by_name["`EndpointName`"][3]
    assert "`ModelError`" in note.body.split("\n## Errors\n", 1)[1]


def test_front_matter_stays_in_the_loaders_fast_subset(
    service: Callable[[str], ServiceModel],
) -> None:
    for page in service_pages(service("kms")):
        source, _body, _line = split_front_matter(page.text)
        assert source is not None
        assert load_simple(source) is not None, page.path


def test_enum_values_and_nested_structures(service: Callable[[str], ServiceModel]) -> None:
    model = service("sagemaker")
    text = operation_page(model, "CreateEndpointConfig").text
    rows = {row[0]: row for row in table_rows(text, "Request parameters")[1:]}
    # a structure used by this operation alone is a section of the page, linked by anchor
    assert rows["`ProductionVariants`"][1] == (
        "list of [ProductionVariant](#productionvariant-structure)"
    )
    assert "\n### ProductionVariant (structure)\n" in text.split("\n## Structures\n", 1)[1]
    # one used by many operations has a page of its own
    assert "Tag" in model.shared
    assert rows["`Tags`"][1] == "list of [[aws:sagemaker/shapes/Tag]]"
    variant = {row[0]: row for row in table_rows(text, "Structures")[1:]}
    assert variant["`InstanceType`"][1] == "string (enum)"
    assert "`ml.t2.medium`" in variant["`InstanceType`"][3]
    assert (
        "more: [ProductionVariantInstanceType](#productionvariantinstancetype-enum)"
        in variant["`InstanceType`"][3]
    )
    assert "\n### ProductionVariantInstanceType (enum)\n" in text


def test_a_shared_shape_page_lists_the_operations_that_use_it(
    service: Callable[[str], ServiceModel], tmp_path: Path
) -> None:
    model = service("sagemaker")
    page = shape_page(model, "Tag")
    assert page.path == "shapes/Tag.md"
    note = loaded(tmp_path, page.path, page.text)
    assert "aws:sagemaker/shapes/Tag" in note.aliases
    used_by = note.body.split("\n## Used by\n", 1)[1]
    assert "- [[aws:sagemaker/CreateEndpointConfig]]" in used_by
    rows = {row[0]: row for row in table_rows(note.body, "Members")[1:]}
    assert rows["`Key`"][2] == "**yes**"


def test_anchors_point_at_sections_of_the_page(
    service: Callable[[str], ServiceModel], tmp_path: Path
) -> None:
    page = operation_page(service("sagemaker"), "CreateEndpointConfig")
    note = loaded(tmp_path, page.path, page.text)
    anchors = {section.anchor for section in note.sections}
    tokens = make_parser().parse(note.body)
    targets = {
        str(child.attrGet("href"))[1:]
        for token in tokens
        if token.type == "inline"
        for child in token.children or ()
        if child.type == "link_open" and str(child.attrGet("href")).startswith("#")
    }
    assert {"productionvariant-structure", "productionvariantinstancetype-enum"} <= targets
    assert targets <= anchors


def test_aliases_of_an_operation() -> None:
    assert operation_aliases("sagemaker-runtime", "InvokeEndpoint", "invoke_endpoint") == [
        "client.invoke_endpoint",
        "invoke_endpoint",
        "invoke endpoint",
        "invokeendpoint",
        "sagemaker-runtime invoke_endpoint",
        "sagemaker-runtime InvokeEndpoint",
        "sagemaker-runtime invoke endpoint",
        "aws:sagemaker-runtime/InvokeEndpoint",
    ]
    words = operation_aliases("s3", "GetBucketACL", "get_bucket_acl")[2]
    assert words == "get bucket acl"


def test_structures_beyond_a_full_page_get_pages_of_their_own(
    service: Callable[[str], ServiceModel], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(members, "MAX_SECTIONS", 1)
    model = service("sqs")
    model.overflow.clear()
    pages = list(service_pages(model))
    assert model.overflow, "sqs has pages with more than one nested structure"
    paths = {page.path for page in pages}
    assert {f"shapes/{name}.md" for name in model.overflow | model.shared} == {
        path for path in paths if path.startswith("shapes/")
    }
    answers = {alias for page in pages for alias in aliases_of(page.text)}
    links = {link for page in pages for link in wikilinks(page.text)}
    assert any("/shapes/" in link for link in links)
    assert links <= answers
    sections = [page.text.count(" (structure)\n") for page in pages]
    assert max(sections) == 1


def test_a_long_description_is_cut_in_its_cell_outside_code_and_links() -> None:
    long = "word " * 50
    text = f"Starts. {long}then `code. with a stop` and [[aws:x/Y]] more. " + long
    cell, cut = members.summary(text)
    assert cut
    assert cell == "Starts."
    text = "First sentence is plain. " + "`a. b` " * 60
    cell, cut = members.summary(text)
    assert cell == "First sentence is plain."
    assert members.summary("Short. Two.\n\nMore.") == ("Short. Two.", True)
    assert members.summary("One paragraph.") == ("One paragraph.", False)
