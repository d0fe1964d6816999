"""Fetch or refuse, and which links a page may show: both decided by the same policies.

Every page and API operation about one object fetches it through one function
in the owning app's ``selectors.py``, named ``<object>_for_<purpose>_or_404(*,
user, pk)`` (as healthchecks' ``_get_check_for_user`` and Zulip's
``access_*_by_id``), built on ``fetch_or_refuse``: a role that may not use such
pages at all gets 403; an object that does not exist, or that the user may not
know exists, is a 404; an object the user may see but not act on for this
purpose is a 403.

Views say which policy decides whether a link to them may be shown:
``page_rule(predicate)`` on a page without an object (it is the view's own
check too: 403 unless ``predicate(user)``), ``object_rule(predicate)`` on a
page about one object (``predicate(user, obj)``, the predicate the view's
fetch-or-refuse function applies). Templates ask with ``{% link_url %}``
(``core/templatetags/links.py``), which resolves the URL to its view and asks
that view's rule, so no link is shown that its viewer cannot open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import resolve, reverse
from django.utils.functional import Promise

from hjemtilos.core.http import AuthenticatedHttpRequest

if TYPE_CHECKING:
    from hjemtilos.accounts.models import User

M = TypeVar("M", bound=Model)
View = TypeVar("View", bound=Callable[..., HttpResponseBase])

PageRule = Callable[["User"], bool]
ObjectRule = Callable[["User", Any], bool]


def fetch_or_refuse(
    queryset: QuerySet[M],
    *,
    user: User,
    pk: int,
    page: PageRule | None = None,
    visible: Callable[[User, M], bool] | None = None,
    allowed: Callable[[User, M], bool] | None = None,
    refusal: str | Promise = "",
) -> M:
    """The object ``pk`` of ``queryset``, or the refusal a page about it gives ``user``.

    ``page(user)``: the role may use pages of this kind at all (else 403,
    before any query). ``visible(user, obj)``: the user may know the object
    exists (else 404, as for a missing one). ``allowed(user, obj)``: the user
    may do this with it (else 403, saying ``refusal`` where the API shows it).
    """
    if page is not None and not page(user):
        raise PermissionDenied
    # Not ``.first()``: its ORDER BY means nothing for one primary key, and Django
    # builds it by hashing every selected column (a few ms for a row with its
    # related rows, on every detail page).
    found = next(iter(queryset.filter(pk=pk).order_by()[:1]), None)
    if found is None or (visible is not None and not visible(user, found)):
        raise Http404
    if allowed is not None and not allowed(user, found):
        raise PermissionDenied(refusal)
    return found


@dataclass(frozen=True)
class LinkRule:
    """Whether a link to one view may be shown: for a page, or for a page about an object."""

    page: PageRule | None = None
    obj: ObjectRule | None = None

    def allows(self, user: User, obj: Model | None) -> bool:
        if self.obj is not None:
            if obj is None:
                raise ImproperlyConfigured("This page is about an object: pass it to link_url.")
            return self.obj(user, obj)
        return self.page is not None and self.page(user)


# The rule of each guarded view, by view function (the one the URLconf names).
_RULES: dict[Callable[..., Any], LinkRule] = {}


def page_rule(rule: PageRule) -> Callable[[View], View]:
    """The view answers 403 unless ``rule(user)``; a link to it is shown only when it holds.

    For pages opened with GET: a POST-only view keeps its own check, so that a
    GET still answers 405 whoever asks.
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(
            request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        _RULES[guarded] = LinkRule(page=rule)
        # ``wraps`` keeps the view's signature, which mypy cannot follow.
        return guarded  # type: ignore[return-value]

    return decorate


def object_rule(rule: ObjectRule) -> Callable[[View], View]:
    """A link to this page about ``obj`` is shown only when ``rule(user, obj)`` holds.

    The rule answers as the view does: the view refuses through its
    fetch-or-refuse function, which applies the same predicate. Where that
    function finds the object among what the user may see (``visible_visits``),
    the rule may take it as seen: a template links only what its page shows.
    ``core/tests/test_links.py`` follows the links to prove the two agree.
    """

    def decorate(view: View) -> View:
        _RULES[view] = LinkRule(obj=rule)
        return view

    return decorate


def link_rule(view: Callable[..., Any]) -> LinkRule | None:
    """The rule of ``view``, looking through decorators that wrap it (``require_POST`` …)."""
    current: Any = view
    while current is not None:
        if current in _RULES:
            return _RULES[current]
        current = getattr(current, "__wrapped__", None)
    return None


def link_url(user: User, url_name: str, *args: Any) -> str:
    """The URL of ``url_name`` if ``user`` may open it, else "".

    A model instance as the first argument is the object the page is about:
    the URL takes its ``pk`` and the view's object rule is asked about it.
    The URL's view must carry a ``page_rule`` or ``object_rule``.
    """
    obj = args[0] if args and isinstance(args[0], Model) else None
    url_args = [obj.pk, *args[1:]] if obj is not None else list(args)
    url = reverse(url_name, args=url_args)
    rule = _rule_of_url_name.get(url_name)
    if rule is None:
        # A URL name leads to one view whatever its arguments: resolve it once per process,
        # not for every link a list page draws (a resolve walks the URL patterns).
        rule = link_rule(resolve(url).func)
        if rule is None:
            raise ImproperlyConfigured(
                f"{url_name} has no page_rule or object_rule to decide links."
            )
        _rule_of_url_name[url_name] = rule
    return url if rule.allows(user, obj) else ""


_rule_of_url_name: dict[str, LinkRule] = {}
