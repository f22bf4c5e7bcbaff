"""Syntax colours for code blocks: Pygments tokens mapped to the renderer's `md.tok.*` styles.

Lexers load on first use (tens of milliseconds each) and are cached; `cached_only` lets the first
paint skip languages not seen yet. No Textual here.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

_LEXERS: dict[str, Any] = {}
_TOKEN_STYLES: dict[Any, str] = {}


def _lexer(language: str, cached_only: bool) -> Any:
    key = language.lower()
    if key in _LEXERS:
        return _LEXERS[key]
    if cached_only:
        return None
    from pygments.lexers import get_lexer_by_name  # type: ignore[import-untyped]
    from pygments.util import ClassNotFound  # type: ignore[import-untyped]

    try:
        lexer = get_lexer_by_name(key, stripnl=False, ensurenl=False)
    except ClassNotFound:
        lexer = False
    _LEXERS[key] = lexer
    return lexer


def _token_style(token_type: Any) -> str:
    style = _TOKEN_STYLES.get(token_type)
    if style is not None:
        return style
    from pygments import token as t  # type: ignore[import-untyped]

    found = ""
    for parent, name in (
        (t.Comment, "md.tok.comment"),
        (t.String, "md.tok.string"),
        (t.Number, "md.tok.number"),
        (t.Keyword, "md.tok.keyword"),
        (t.Name.Builtin, "md.tok.builtin"),
        (t.Name.Function, "md.tok.name"),
        (t.Name.Class, "md.tok.name"),
        (t.Name.Decorator, "md.tok.builtin"),
        (t.Name.Tag, "md.tok.keyword"),
        (t.Name.Attribute, "md.tok.name"),
        (t.Operator.Word, "md.tok.keyword"),
        (t.Operator, "md.tok.operator"),
        (t.Literal, "md.tok.string"),
    ):
        if token_type in parent:
            found = name
            break
    _TOKEN_STYLES[token_type] = found
    return found


def highlight_code(code: str, language: str, *, cached_only: bool = False) -> Text | None:
    """`code` with syntax styles, or None for unknown languages.

    With `cached_only`, only lexers loaded before are used (loading one can take tens of
    milliseconds), so the first paint never waits for Pygments.
    """
    lexer = _lexer(language, cached_only)
    if not lexer:
        return None
    text = Text()
    for token_type, value in lexer.get_tokens(code):
        text.append(value, _token_style(token_type) or None)
    if text.plain != code:
        return None
    return text
