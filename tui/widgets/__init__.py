"""The widgets of the browser: note tree, search bar, note view."""
