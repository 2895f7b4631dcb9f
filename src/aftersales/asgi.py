"""The ASGI entry point for uvicorn's worker processes."""

from aftersales.app import create_app

app = create_app()
