"""The keys bound right now: a node's bindings with the user's keymap applied, as Textual does.

The help screen, the palette's hints and the dialogs' key lines read keys from here, so a key
remapped through the keymap (`App.set_keymap`) reads the same everywhere it is mentioned.
"""

from __future__ import annotations

from textual.binding import BindingsMap
from textual.dom import DOMNode


def live_bindings(node: DOMNode) -> BindingsMap:
    """`node`'s own bindings, remapped by the app's keymap (a copy: `node` is left as it is)."""
    bindings = node._bindings.copy()
    keymap = node.app._keymap  # the user's remapped keys, as Textual applies them
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def keys_of(node: DOMNode, action: str) -> list[str]:
    """The keys that run `action` on `node`, as the footer and help show them (`B`, `^t`)."""
    shown = [
        node.app.get_key_display(binding.with_key(key))
        for key, binding in live_bindings(node)
        if binding.action == action
    ]
    return list(dict.fromkeys(shown))


def with_keys(text: str, node: DOMNode, action: str) -> str:
    """`text` and, in brackets, the keys of `action` on `node` ("Bookmarks (B)"); `text` alone
    when no key runs it."""
    keys = keys_of(node, action)
    return f"{text} ({', '.join(keys)})" if keys else text
