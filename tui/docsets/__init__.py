"""Content sources beyond a folder of notes: the AWS API reference built from botocore.

No UI code here. `tui.docsets.build.build_aws` writes the `aws` docset, a content folder of
Markdown pages (one folder per service, one page per operation, one per shared shape), into
the data directory; `tui.docsets.store` lists and removes what is installed. Pages link to each
other with `[[aws:<service>/<Operation>]]` wikilinks, which every page answers to as an alias.

Nothing is imported here, so that `kumonote` can build its parser (`tui.docs_cli`) without
loading the builder: import the modules themselves.
"""
