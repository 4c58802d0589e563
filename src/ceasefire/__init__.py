"""ceasefire: monitor and verify ceasefires, from reports to verified violations."""

__version__ = "0.1.0"
