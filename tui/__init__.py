"""kumonote (雲ノート): a terminal reference browser for Japanese study notes on AWS ML services."""

__version__ = "0.1.0"
