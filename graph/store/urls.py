"""Store URLs as people see them: the password is never shown, and a message names the host or file.

>>> redact_url("postgresql://agx:S3cretPW@db.example.org:5432/agx")
'postgresql://agx:***@db.example.org:5432/agx'
>>> redact_url("postgresql://agx@127.0.0.1/agx?password=S3cret&sslmode=require")
'postgresql://agx@127.0.0.1/agx?password=***&sslmode=require'
>>> redact_url("duckdb:///home/me/nato.duckdb")
'duckdb:///home/me/nato.duckdb'
>>> server_of("postgresql://agx:pw@[::1]:55432/agx")
'[::1]:55432'
>>> scrub("bad URL postgresql://agx:pw1@x/db (password pw1)", "postgresql://agx:pw1@x/db")
'bad URL postgresql://agx:***@x/db (password ***)'
"""

from __future__ import annotations

import re
from urllib.parse import unquote

# user:password@ after the scheme (a password may hold anything but an unescaped @, / or ?).
_USER_PASSWORD = re.compile(r"(?P<head>^[A-Za-z][\w+.-]*://[^:/@?#]*:)(?P<password>[^@/?#]*)@")
_PASSWORD_PARAMETER = re.compile(r"(?P<head>\bpassword\s*=\s*)(?P<password>'[^']*'|[^&\s]*)", re.IGNORECASE)


def passwords_in(url: str) -> list[str]:
    """The passwords written in ``url`` (as written and decoded), longest first."""
    found = [match.group("password") for match in _USER_PASSWORD.finditer(url)]
    found += [match.group("password").strip("'") for match in _PASSWORD_PARAMETER.finditer(url)]
    every = {text for password in found if password for text in (password, unquote(password))}
    return sorted(every, key=len, reverse=True)


def redact_url(url: str) -> str:
    """``url`` with every password replaced by ``***`` (what is printed, shown and logged)."""
    redacted = _USER_PASSWORD.sub(lambda match: f"{match.group('head')}***@", url)
    return _PASSWORD_PARAMETER.sub(lambda match: f"{match.group('head')}***", redacted)


def scrub(text: str, url: str) -> str:
    """``text`` (e.g. a driver's error message) with ``url`` redacted and its passwords removed."""
    text = text.replace(url, redact_url(url))
    for password in passwords_in(url):
        text = text.replace(password, "***")
    return text


def server_of(url: str) -> str:
    """The host (and port) a server URL names, for messages: ``127.0.0.1:5432``; ``localhost``
    when the URL names none (libpq's default socket)."""
    rest = url.split("://", 1)[-1]
    rest = re.split(r"[/?#]", rest, maxsplit=1)[0]
    host = rest.rsplit("@", 1)[-1]
    return host or "localhost"


def scheme_of(url: str) -> str:
    """The URL's scheme in lower case ('' when it has none)."""
    return url.split(":", 1)[0].lower() if ":" in url else ""
