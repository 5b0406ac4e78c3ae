"""Settings: one typed model with documented defaults.

Precedence, lowest first: the defaults below, then ``citewatch.toml`` in the
workspace (table ``[citewatch]`` or top level), then command-line flags.

Example ``citewatch.toml``::

    [citewatch]
    connect_timeout = 5
    read_timeout = 20
    allow_private_networks = false
    fail_on = ["not_supported", "source_unavailable"]
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator

from citewatch import __version__
from citewatch.errors import ConfigError

__all__ = ["Settings", "load_settings", "CONFIG_FILE", "DEFAULT_USER_AGENT"]

CONFIG_FILE = "citewatch.toml"

#: Identifies citewatch to the servers it fetches from, with its version and
#: where to learn more (as RFC 9110 section 10.1.5 recommends for robots).
DEFAULT_USER_AGENT = f"citewatch/{__version__} (+https://pypi.org/project/citewatch/; citation checker)"

_VERDICTS = {"supported", "partially_supported", "not_supported", "source_unavailable", "uncited"}


class Settings(BaseModel):
    """Every tunable of a run.

    Attributes
    ----------
    user_agent : str
        ``User-Agent`` header of every request.
    connect_timeout : float
        Seconds to wait for a TCP/TLS connection (default 10).
    read_timeout : float
        Seconds to wait between bytes of a response (default 30).
    max_response_bytes : int
        Largest response body kept, in bytes (default 20 MiB); a larger one
        fails the fetch with ``ResponseTooLargeError``.
    max_fetch_seconds : float
        Longest time one response body may take to arrive, in seconds
        (default 120); bounds servers that send a byte at a time.
    max_redirects : int
        Longest redirect chain followed (default 10; browsers allow about 20).
    retries : int
        Retries of a request after a connection error, HTTP 429 or 5xx
        (default 2), honouring ``Retry-After`` (RFC 9110 section 10.2.3).
    backoff_factor : float
        Seconds: retry ``n`` waits ``backoff_factor * 2**(n-1)`` (default 0.5).
    max_retry_after : float
        Longest ``Retry-After`` wait honoured, in seconds (default 60); a
        longer one fails the fetch with ``RateLimitedError``.
    allow_private_networks : bool
        Fetch URLs whose host resolves to loopback, private, link-local or
        cloud-metadata addresses (default false: refuse them).
    wayback : bool
        Fall back to the Wayback Machine when the live fetch fails (default true).
    wayback_base : str
        Base URL of the Wayback Machine playback (default
        ``https://web.archive.org``).
    wayback_cdx_endpoint : str
        The CDX server API endpoint (default
        ``https://web.archive.org/cdx/search/cdx``).
    workers : int
        Sources fetched at the same time (default 4).
    checker : str
        Support-check backend (default ``"lexical"``).
    fail_on : list of str
        Verdicts that make ``citewatch run`` exit 1 (default none).
    """

    model_config = ConfigDict(extra="forbid")

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = Field(10.0, gt=0, le=300)
    read_timeout: float = Field(30.0, gt=0, le=600)
    max_response_bytes: int = Field(20 * 1024 * 1024, gt=0, le=1024 * 1024 * 1024)
    max_fetch_seconds: float = Field(120.0, gt=0, le=3600)
    max_redirects: int = Field(10, ge=0, le=50)
    retries: int = Field(2, ge=0, le=10)
    backoff_factor: float = Field(0.5, ge=0, le=60)
    max_retry_after: float = Field(60.0, ge=0, le=3600)
    allow_private_networks: StrictBool = False
    wayback: StrictBool = True
    wayback_base: str = "https://web.archive.org"
    wayback_cdx_endpoint: str = "https://web.archive.org/cdx/search/cdx"
    workers: int = Field(4, ge=1, le=64)
    checker: str = "lexical"
    fail_on: list[str] = Field(default_factory=list)

    @field_validator("fail_on", mode="before")
    @classmethod
    def _fail_on_text(cls, v: object) -> object:
        # "not_supported, source_unavailable" is accepted as well as a list.
        return [x.strip() for x in v.split(",") if x.strip()] if isinstance(v, str) else v

    @field_validator("fail_on")
    @classmethod
    def _fail_on(cls, v: list[str]) -> list[str]:
        bad = [x for x in v if x not in _VERDICTS]
        if bad:
            raise ValueError(f"unknown verdict(s) {', '.join(bad)}; choose from {', '.join(sorted(_VERDICTS))}")
        return v

    @field_validator("user_agent")
    @classmethod
    def _user_agent(cls, v: str) -> str:
        if not v or any(not (" " <= c <= "~") for c in v):
            raise ValueError("must be non-empty printable ASCII (it is sent as an HTTP header)")
        return v

    @field_validator("wayback_base", "wayback_cdx_endpoint")
    @classmethod
    def _strip_slash(cls, v: str) -> str:
        from citewatch.claims.models import check_http_url

        return check_http_url(v).rstrip("/")

    @property
    def timeout(self) -> tuple[float, float]:
        """``(connect, read)`` timeouts in seconds, as requests takes them."""
        return (self.connect_timeout, self.read_timeout)


def load_settings(workspace: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings of a run.

    Parameters
    ----------
    workspace : pathlib.Path or None
        Folder whose ``citewatch.toml`` (if present) overrides the defaults.
    **overrides
        Values from command-line flags; ``None`` values are ignored.

    Returns
    -------
    Settings

    Raises
    ------
    ConfigError
        If the file is not valid TOML or a value is of the wrong type or
        unknown, naming the file and the key.
    """
    data: dict[str, Any] = {}
    path = None
    if workspace is not None:
        path = Path(workspace) / CONFIG_FILE
        if path.is_file():
            try:
                doc = tomllib.loads(path.read_text("utf-8"))
            except RecursionError:
                raise ConfigError("nested too deeply", path) from None
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"not valid TOML: {exc} (strings need quotes; keys go under [citewatch])", path) from None
            table = doc.get("citewatch", doc)
            if not isinstance(table, dict):
                raise ConfigError("[citewatch] must be a table of settings (key = value)", path)
            data = dict(table)
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        msgs = "; ".join(_message(e) for e in exc.errors(include_url=False))
        raise ConfigError(msgs, path if path and path.is_file() else None) from None


def _message(err: dict) -> str:
    """One settings error in words, with a did-you-mean for unknown keys."""
    key = ".".join(map(str, err["loc"])) or "(settings)"
    kind, msg = err["type"], err["msg"]
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(key, list(Settings.model_fields), n=1)
        return f"unknown setting {key!r}" + (f" (did you mean {close[0]!r}?)" if close else "")
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    elif kind in ("bool_type", "bool_parsing"):
        msg = "should be true or false"
    elif kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        msg = "should be a number"
    elif kind in ("string_type",):
        msg = "should be text in quotes"
    elif kind == "list_type":
        msg = 'should be a list, e.g. ["not_supported"]'
    else:
        msg = msg.replace("Input should be", "should be")
    return f"{key}: {msg}"
