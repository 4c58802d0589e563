"""Thin routes, one module per domain: parse the request, call the library, map the result."""
