"""The user's own notifications in the account area: the list, opening one (marks it read), all
read at once, the unread count for the header (fetched by htmx) and what they receive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.reports import lists

from . import exports, selectors, services
from .forms import PreferencesForm

PAGE_SIZE = 25


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponseBase:
    found = selectors.for_user(request.user)
    if (download := lists.asked(request, exports.NOTIFICATIONS, found)) is not None:
        return download
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("pagina"))
    unread = selectors.unread_count(request.user)
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": unread, "nav_section": "notifications"},
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, notification_uuid: str) -> HttpResponse:
    notification = selectors.get_notification(request.user, notification_uuid)
    services.mark_read(actor=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect("notification_list")


@login_required
@require_POST
def notification_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notification_list")


@login_required
@require_GET
def notification_count(request: HttpRequest) -> HttpResponse:
    """The unread count next to "Notifications" in the header; htmx fetches it after the page
    loads, so pages themselves do not pay for it."""
    return render(request, "notifications/_count.html", {"unread": selectors.unread_count(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences(request.user)
    form = PreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(actor=request.user, choices=form.choices())
        messages.success(request, _("Your notification settings have been saved."))
        return redirect("notification_settings")
    return render(request, "notifications/settings.html", {"form": form, "nav_section": "notifications"})
