"""The API's routers, registered by the apps that own them.

``api`` sits below the case apps (docs/architecture.md, "Layers"), so it
never imports their routers. Each app registers its ``api.router`` in its
``AppConfig.ready``; ``api/urls.py`` mounts them, in registration order (the
order of ``INSTALLED_APPS``), before the API's URLs are built.
"""

from __future__ import annotations

from dataclasses import dataclass

from ninja import NinjaAPI, Router


@dataclass(frozen=True)
class ApiRouter:
    prefix: str
    router: Router


_ROUTERS: list[ApiRouter] = []


def register_router(prefix: str, router: Router) -> None:
    """Mount ``router`` at ``/api/<prefix>`` (once, however often ``ready`` runs)."""
    if all(entry.router is not router for entry in _ROUTERS):
        _ROUTERS.append(ApiRouter(prefix=prefix, router=router))


def registered_routers() -> list[ApiRouter]:
    return list(_ROUTERS)


def mount_routers(api: NinjaAPI) -> None:
    """Add every registered router to ``api``; call once, before ``api.urls``."""
    for entry in _ROUTERS:
        api.add_router(entry.prefix, entry.router)
