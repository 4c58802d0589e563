"""The REST API: ``create_app(settings)`` builds a FastAPI app over the library (docs/api.md)."""
