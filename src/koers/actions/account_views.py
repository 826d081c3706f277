"""The user's own settings for actions, in the account area: the secret address of the calendar
feed (made, shown once, revoked) and which reminders they receive; and the feed itself."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from koers.audit.services import record

from . import feeds, reminders
from .models import ReminderPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ("on_assign", "before_due", "when_overdue", "weekly_digest")
        labels = {
            "on_assign": gettext_lazy("When an action becomes mine"),
            "before_due": gettext_lazy("Three days before the due date"),
            "when_overdue": gettext_lazy("Once, when an action is overdue"),
            "weekly_digest": gettext_lazy("A weekly overview on Monday"),
        }


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    new_token = ""
    preference = reminders.preference_for(user)
    form = PreferenceForm(instance=preference)
    if request.method == "POST":
        what = request.POST.get("wat", "")
        if what == "agenda-maken":
            new_token = feeds.token_create(actor=user)
            messages.success(
                request, _("Your calendar address has been made. Copy it now: it is shown only once.")
            )
        elif what == "agenda-intrekken":
            feeds.token_revoke(actor=user)
            messages.success(
                request, _("Your calendar address has been revoked. Calendars using it get nothing more.")
            )
            return redirect("actions_settings")
        elif what == "herinneringen":
            form = PreferenceForm(request.POST, instance=preference)
            if form.is_valid():
                form.save()
                record(actor=user, action="action.reminder_preference", obj=None, changes=form.cleaned_data)
                messages.success(request, _("Your reminder settings have been saved."))
                return redirect("actions_settings")
        else:
            messages.error(request, _("Choose what to change."))
    return render(
        request,
        "actions/settings.html",
        {
            "form": form,
            "token": feeds.active_token(user),
            "feed_url": feeds.feed_url(new_token) if new_token else "",
        },
    )


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    user = feeds.user_for_token(token)
    if user is None:
        raise Http404("feed")
    response = HttpResponse(feeds.calendar_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="koers.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
