"""The screens: the main browser, help, the palette and the pickers."""
