"""Refuse request bodies over the configured size before anything parses them."""

from typing import Any

import orjson
from starlette.exceptions import HTTPException


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a body without a Content-Length (chunked) grows past the
    limit. An HTTPException so that FastAPI's body parsing passes it on as it is: any other
    exception there becomes a 400 "error parsing the body"."""

    code = "body_too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(status_code=413, detail=f"Request body over {limit} bytes")


# Attachment uploads (photos, call recordings, letters) carry files up to 20 MB; the
# attachment service checks each type's own limit. Everything else keeps the small limit.
UPLOAD_MAX_BYTES = 21 * 1024 * 1024


def _limit_for(path: str, default: int) -> int:
    return UPLOAD_MAX_BYTES if path.endswith("/attachments") else default


class BodySizeLimit:
    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = _limit_for(scope["path"], self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await self._refuse(send, limit)
        seen = 0

        async def counting_receive() -> Any:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
            return message

        started = False

        async def watching_send(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            # Reached here only when no handler answered it (a middleware read the body).
            if not started:
                await self._refuse(send, limit)

    async def _refuse(self, send: Any, limit: int) -> None:
        body = orjson.dumps(
            {
                "code": "body_too_large",
                "message": f"Request body over {limit} bytes",
                "field": None,
                "errors": [],
            }
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
