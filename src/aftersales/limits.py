"""Refuse request bodies over the configured size before anything parses them."""

from typing import Any

import orjson


class BodyTooLarge(Exception):
    pass


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
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except BodyTooLarge:
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
