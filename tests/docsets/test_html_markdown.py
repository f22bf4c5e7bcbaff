"""botocore's documentation HTML to Markdown, on snippets taken from the models as shipped."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tui.docsets.html_markdown import html_to_markdown
from tui.docsets.model import ServiceModel
from tui.render.markdown import make_parser


def link(name: str) -> str:
    return f"[[aws:ec2/{name}]]"


def test_paragraphs_are_separated_by_a_blank_line() -> None:
    # ec2 ClassicLinkInstance
    html = "<note> <p>Deprecated.</p> </note> <p>Describes a linked EC2-Classic instance.</p>"
    assert html_to_markdown(html) == (
        "> **Note:** Deprecated.\n\nDescribes a linked EC2-Classic instance."
    )


def test_a_list_item_holding_a_paragraph_is_one_item() -> None:
    # ec2 DescribeFleetInstancesRequest.Filters
    html = (
        "<p>The filters.</p> <ul> <li> <p> <code>instance-type</code> - The instance type.</p> "
        "</li> </ul>"
    )
    assert html_to_markdown(html) == "The filters.\n\n- `instance-type` - The instance type."


def test_items_with_several_paragraphs_indent_the_rest_under_the_marker() -> None:
    html = "<ul><li><p>First.</p><p>More about it.</p></li><li><p>Second.</p></li></ul>"
    assert html_to_markdown(html) == "- First.\n\n  More about it.\n- Second."


def test_nested_lists_indent_by_the_marker() -> None:
    html = "<ol><li><p>One</p><ul><li>a</li><li>b</li></ul></li><li>Two</li></ol>"
    assert html_to_markdown(html) == "1. One\n\n   - a\n   - b\n2. Two"


def test_a_list_inside_a_paragraph_becomes_its_own_block() -> None:
    # es StorageTypeName: the text between the items is kept after the list
    html = (
        "<p> Type of the storage. List of available storage options: <ol> <li>instance</li> "
        "Inbuilt storage available for the given Instance <li>ebs</li> Elastic block storage "
        "that would be attached to the given Instance </ol> </p>"
    )
    markdown = html_to_markdown(html)
    assert markdown.startswith(
        "Type of the storage. List of available storage options:\n\n1. instance\n2. ebs\n\n"
    )
    assert "Inbuilt storage available" in markdown


def test_definition_lists_become_bold_terms_with_their_text_under_them() -> None:
    # sagemaker CapacityReservationResourceUsage.ResourceType
    html = (
        "<p>The type of resource that uses the instances. Valid values:</p> <dl> "
        "<dt>HyperPodClusters</dt> <dd> <p>SageMaker AI HyperPod clusters.</p> </dd> "
        "<dt>Endpoints</dt> <dd> <p>SageMaker AI endpoints.</p> </dd> </dl>"
    )
    assert html_to_markdown(html) == (
        "The type of resource that uses the instances. Valid values:\n\n"
        "- **HyperPodClusters**\n\n  SageMaker AI HyperPod clusters.\n"
        "- **Endpoints**\n\n  SageMaker AI endpoints."
    )


def test_important_is_a_quoted_callout() -> None:
    # sagemaker UpdateModelCard
    html = (
        "<p>Update an Amazon SageMaker Model Card.</p> <important> <p>You cannot update both "
        "model card content and model card status in a single call.</p> </important>"
    )
    assert html_to_markdown(html).split("\n\n")[1] == (
        "> **Important:** You cannot update both model card content and model card status in "
        "a single call."
    )


def test_a_link_to_an_operation_of_the_service_is_a_wikilink() -> None:
    # ec2 BundleTaskError
    html = "<p>Describes an error for <a>BundleInstance</a>.</p>"
    assert html_to_markdown(html, {"BundleInstance"}, link) == (
        "Describes an error for [[aws:ec2/BundleInstance]]."
    )
    assert html_to_markdown(html, set(), link) == "Describes an error for BundleInstance."


def test_an_api_reference_address_of_an_operation_is_a_wikilink_too() -> None:
    # iam GetRoleResponse
    html = (
        '<p>Contains the response to a successful <a href="https://docs.aws.amazon.com/IAM/'
        'latest/APIReference/API_GetRole.html">GetRole</a> request. </p>'
    )
    assert html_to_markdown(html, {"GetRole"}, link) == (
        "Contains the response to a successful [[aws:ec2/GetRole]] request."
    )
    assert html_to_markdown(html, {"ListRoles"}, link) == (
        "Contains the response to a successful [GetRole](<https://docs.aws.amazon.com/IAM/"
        "latest/APIReference/API_GetRole.html>) request."
    )


def test_code_around_a_link_keeps_the_link_or_else_the_code() -> None:
    # sqs ChangeMessageVisibilityBatchResult.Failed
    html = "<p>A list of <code> <a>BatchResultErrorEntry</a> </code> items.</p>"
    assert html_to_markdown(html, {"BatchResultErrorEntry"}, link) == (
        "A list of [[aws:ec2/BatchResultErrorEntry]] items."
    )
    assert html_to_markdown(html, set(), link) == "A list of `BatchResultErrorEntry` items."


def test_tags_inside_code_are_its_text() -> None:
    # s3 HeadBucket
    html = "<p>Syntax: <code> <i>Bucket-name</i>.s3express-<i>zone-id</i>.amazonaws.com</code>.</p>"
    assert html_to_markdown(html) == "Syntax: `Bucket-name.s3express-zone-id.amazonaws.com`."


def test_bold_and_italic_keep_their_spaces_outside() -> None:
    html = "<p>You must have the <b> <code>s3express:CreateSession</code> </b> permission in "
    html += "the <i>Amazon S3 User Guide</i>.</p>"
    assert html_to_markdown(html) == (
        "You must have the **`s3express:CreateSession`** permission in the *Amazon S3 User Guide*."
    )


def test_entities_are_decoded_and_markdown_marks_escaped() -> None:
    # iam PasswordPolicy.RequireSymbols
    html = "<p>symbols:</p> <p>! @ # $ % ^ &amp; * ( ) _ + - = [ ] { } | '</p>"
    markdown = html_to_markdown(html)
    assert markdown == "symbols:\n\n! @ # $ % ^ & \\* ( ) \\_ + - = \\[ \\] { } | '"
    # what the note pane's parser reads is the original text
    tokens = make_parser().parseInline(markdown.split("\n\n")[1])
    assert tokens[0].children is not None
    shown = "".join(t.content for t in tokens[0].children)
    assert shown == "! @ # $ % ^ & * ( ) _ + - = [ ] { } | '"


def test_pre_is_a_fenced_block_of_its_text() -> None:
    # codecommit BranchNameExistsException (its `</p>` is an escaped entity)
    html = (
        "<p>Cannot create the branch. <pre><code> Branch names must be unique.&lt;/p&gt; "
        "</code></pre>"
    )
    assert html_to_markdown(html) == (
        "Cannot create the branch.\n\n```\n Branch names must be unique.</p> \n```"
    )


def test_placeholders_that_look_like_tags_stay_text() -> None:
    html = "<p>arn:aws:iam::<account>:role/name and <region></p>"
    assert html_to_markdown(html) == "arn:aws:iam::\\<account>:role/name and \\<region>"


def test_a_paragraph_that_would_start_a_list_or_heading_is_escaped() -> None:
    assert html_to_markdown("<p>- not a list</p><p># not a heading</p><p>1. no</p>") == (
        "\\- not a list\n\n\\# not a heading\n\n1\\. no"
    )


def test_control_characters_and_line_separators_become_spaces() -> None:
    assert html_to_markdown("<p>a\u2028b\x1bc</p>") == "a b c"


def test_empty_documentation_is_empty() -> None:
    assert html_to_markdown("") == ""
    assert html_to_markdown("<p> </p>") == ""


KNOWN_TAG = re.compile(r"</?(?:p|ul|ol|li|code|a|b|i|note|important|dl|dt|dd|pre)\b[^>]*>")


@pytest.mark.parametrize("name", ["kms", "sqs", "stepfunctions", "iam"])
def test_no_markup_is_left_in_a_whole_service(
    name: str, service: Callable[[str], ServiceModel]
) -> None:
    model = service(name)
    operations = set(model.operations)
    texts = [str(op.get("documentation", "")) for op in model.operations.values()]
    linked: set[str] = set()
    for text in texts:
        markdown = html_to_markdown(text, operations, lambda op: f"[[aws:{name}/{op}]]")
        assert not KNOWN_TAG.search(markdown.replace("\\<", "")), markdown
        assert not re.search(r"\n{3,}", markdown)
        linked.update(re.findall(rf"\[\[aws:{re.escape(name)}/(\w+)\]\]", markdown))
    assert linked, "the operations of a service link to each other"
    assert linked <= operations
