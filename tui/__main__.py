"""`python -m tui` runs the kumonote command line."""

from tui.cli import main

raise SystemExit(main())
