"""Tokens for links that reach one private row by e-mail (a sample PDF, a purchased report).

A token signs ``[pk, key]``, where ``key`` is a random UUID stored on the row: a leaked
primary key is not enough to forge one, and replacing the row's key revokes every link
already sent. The salt keeps one kind of token from opening another kind's rows; salts
must never change, or links already in visitors' mailboxes stop working.
"""

import uuid

from django.core import signing

LINK_TOKEN_PATTERN = r"[A-Za-z0-9_.:-]{1,256}"
"""The alphabet of every token ``link_token`` makes (base64url, base62 and ``:``), with room
to spare on the length (about 130 characters at the largest primary key). The link URLs
accept nothing else; within it, the signature decides, before any query, so a tampered or
truncated link still reaches its view and the page that explains it."""


class BadLinkToken(Exception):
    """The token is not ours: tampered, truncated, or signed for another kind of link."""


class ExpiredLinkToken(Exception):
    """The token is authentic but older than the ``max_age`` asked for."""

    def __init__(self, pk: int, key: str):
        super().__init__("expired")
        self.pk, self.key = pk, key


def link_days(max_age: int) -> int:
    """How long a link lasting ``max_age`` seconds is said to last, in whole days (at least
    one), in the e-mails and pages that promise it."""
    return max(1, max_age // 86400)


def link_token(*, pk: int, key: uuid.UUID, salt: str) -> str:
    return signing.dumps([pk, key.hex], salt=salt, compress=False)


def link_target(token: str, *, salt: str, max_age: int | None = None) -> tuple[int, str]:
    """The ``(pk, key hex)`` a token names. Raises ``BadLinkToken``, or ``ExpiredLinkToken``
    (naming the row, so a fresh link can be offered) past ``max_age`` seconds."""
    try:
        return _parts(signing.loads(token, salt=salt, max_age=max_age))
    except signing.SignatureExpired:
        raise ExpiredLinkToken(*_parts(signing.loads(token, salt=salt))) from None
    except signing.BadSignature:
        raise BadLinkToken from None


def _parts(payload) -> tuple[int, str]:
    try:
        return int(payload[0]), str(payload[1])
    except (TypeError, ValueError, IndexError, KeyError):
        raise BadLinkToken from None
