"""Content sources beyond a folder of notes: the AWS API reference built from botocore.

No UI code here. `build_aws` writes the `aws` docset, a content folder of Markdown pages (one
folder per service, one page per operation, one per shared shape), into the data directory;
`list_docsets` and `remove_docset` manage what is installed. Pages link to each other with
`[[aws:<service>/<Operation>]]` wikilinks, which every page answers to as an alias.
"""

from tui.docsets.build import (
    BotocoreMissing,
    BuildResult,
    Progress,
    UnknownServices,
    available_services,
    botocore_version,
    build_aws,
    choose_services,
)
from tui.docsets.html_markdown import html_to_markdown
from tui.docsets.model import SOURCE, ServiceModel, page_key, wikilink
from tui.docsets.services import DEFAULT_SERVICES
from tui.docsets.store import (
    DocsetInfo,
    Manifest,
    docset_path,
    docsets_dir,
    list_docsets,
    read_manifest,
    remove_docset,
)

__all__ = [
    "DEFAULT_SERVICES",
    "SOURCE",
    "BotocoreMissing",
    "BuildResult",
    "DocsetInfo",
    "Manifest",
    "Progress",
    "ServiceModel",
    "UnknownServices",
    "available_services",
    "botocore_version",
    "build_aws",
    "choose_services",
    "docset_path",
    "docsets_dir",
    "html_to_markdown",
    "list_docsets",
    "page_key",
    "read_manifest",
    "remove_docset",
    "wikilink",
]
