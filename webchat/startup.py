"""Checks made before ``python app.py`` serves: logins, the address and port, the local model."""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from pathlib import Path

from settings import Settings

AUTH_FORMAT = ("ASSISTANT_AUTH takes user:password pairs separated by commas, or the path of a file of "
               "user:password lines; e.g. ASSISTANT_AUTH=ann:a-long-secret python app.py")


class StartupError(RuntimeError):
    """The web chat cannot start; the message says what to run instead."""


def launch_options(settings: Settings) -> dict:
    """Keyword arguments for ``Blocks.launch``, once logins, address and port have been checked."""
    logins = read_logins(settings.auth)
    _check_exposure(settings, logins)
    _check_port(settings)
    options = {"server_name": settings.host, "server_port": settings.port}
    if logins:
        options |= {"auth": logins, "auth_message": "Log in with the user name and password you were given."}
    return options


def read_logins(auth: str | None) -> list[tuple[str, str]]:
    """The (user, password) pairs of ASSISTANT_AUTH; a value without a colon is the path of a file of them."""
    if not auth:
        return []
    text = auth.replace(",", "\n")
    if ":" not in auth:
        try:
            text = Path(auth).expanduser().read_text(encoding="utf-8")
        except OSError as error:
            raise StartupError(f"ASSISTANT_AUTH names {auth}, which cannot be read ({error.strerror}); "
                               f"{AUTH_FORMAT}") from None
    lines = [line.strip() for line in text.splitlines()]
    pairs = [line.partition(":") for line in lines if line and not line.startswith("#")]
    # Passwords are never echoed back, not even in this message.
    if not pairs or any(not user.strip() or not colon or not password for user, colon, password in pairs):
        raise StartupError(AUTH_FORMAT)
    return [(user.strip(), password) for user, _, password in pairs]


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (a name other than localhost may resolve to anything)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_exposure(settings: Settings, logins: list[tuple[str, str]]) -> None:
    if logins or is_loopback(settings.host):
        return
    if not settings.allow_open:
        raise StartupError(f"ASSISTANT_HOST={settings.host} would let anyone who can reach this machine use the "
                           "chat and its API without logging in; set logins (ASSISTANT_AUTH=user:password "
                           "python app.py), or allow it on purpose with ASSISTANT_ALLOW_OPEN=1")
    print(f"warning: serving on {settings.host} without login (ASSISTANT_ALLOW_OPEN is set)", file=sys.stderr)


def _check_port(settings: Settings) -> None:
    try:
        family, kind, _, _, address = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind) as probe:
            # The server sets SO_REUSEADDR too, so a closed connection lingering in TIME_WAIT is no conflict.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as error:
        raise StartupError(port_problem(settings, error)) from None


def port_problem(settings: Settings, error: OSError | None = None) -> str:
    """One line on why the chat cannot listen on its address and port (default: the port is taken)."""
    if error is None or error.errno == errno.EADDRINUSE:
        return (f"port {settings.port} on {settings.host} is already in use; stop the program listening there "
                f"or choose another port: ASSISTANT_PORT={settings.port + 1} python app.py")
    reason = error.strerror or str(error)
    return (f"cannot listen on {settings.host}:{settings.port} ({reason}); choose an address of this machine: "
            "ASSISTANT_HOST=127.0.0.1 python app.py")


def check_model(settings: Settings) -> None:
    """Make sure the local model file exists (assembling it on first use) before the page is served."""
    if settings.llm != "local":
        return
    from assistant.local_model import ModelUnavailable, model_file

    try:
        model_file(settings)
    except ModelUnavailable as error:
        raise StartupError(f"the local model cannot be loaded: {error}; fix that, or start without a model: "
                           "ASSISTANT_LLM=extractive python app.py") from None
