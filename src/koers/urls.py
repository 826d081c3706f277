from django.urls import URLPattern, URLResolver, include, path

from koers.accounts import views as account_views
from koers.actions import account_views as action_account_views
from koers.actions import raci_views as action_raci_views
from koers.analysis import import_views
from koers.analysis import views as analysis_views
from koers.api import account_views as api_account_views
from koers.api import docs_views as api_docs_views
from koers.deployment import views as deployment_views
from koers.interventions import urls as intervention_urls
from koers.lessons import urls as lesson_urls
from koers.mailbox import views as mailbox_views
from koers.monitoring import urls as monitoring_urls
from koers.organisations import views as org_views
from koers.programmes import views as programme_views
from koers.search import urls as search_urls
from koers.teams import urls as team_urls
from koers.ui import views as ui_views

programme_patterns: list[URLPattern | URLResolver] = [
    path("", programme_views.programme_detail, name="programme_detail"),
    path("bewerken/", programme_views.programme_edit, name="programme_edit"),
    path("status/", programme_views.programme_status, name="programme_status"),
    path("leden/", programme_views.programme_members, name="programme_members"),
    path("leden/<uuid:membership_uuid>/", programme_views.member_edit, name="programme_member_edit"),
    path(
        "uitnodigingen/<uuid:invitation_uuid>/opnieuw/",
        programme_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "uitnodigingen/<uuid:invitation_uuid>/intrekken/",
        programme_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("geschiedenis/", programme_views.programme_history, name="programme_history"),
    path("exporteren/", programme_views.programme_export, name="programme_export"),
    path("team/", include(team_urls.programme_urlpatterns)),
    path("analyse/", analysis_views.overview, name="analysis_overview"),
    path("analyse/cijfers/", analysis_views.trend, name="analysis_trend"),
    path("analyse/cijfers/vergelijking/", analysis_views.comparison, name="analysis_comparison"),
    path("analyse/cijfers/jeugd/", analysis_views.youth, name="analysis_youth"),
    path("analyse/", include("koers.knowledge.urls")),
    path("analyse/document/", include("koers.analysisdocs.urls")),
    path("analyse/bevindingen/", include("koers.findings.urls")),
    # Step 4: actions (afspraken)
    path("afspraken/", include("koers.actions.urls")),
    path(
        "plan/deelprojecten/<uuid:subproject_uuid>/raci/",
        action_raci_views.raci_page,
        name="actions_raci",
    ),
    # Step 5: meetings (overleggen), their agendas, minutes and decisions
    path("overleggen/", include("koers.meetings.urls")),
    # Step 3: the plan of approach
    path("plan/versies/", include("koers.plandocs.urls")),  # before plan/: its own prefix
    path("plan/", include("koers.plan.urls")),
    # Step 5: the communication plan and the lessons learned
    path("communicatie/", include("koers.communication.urls")),
    path("lessen/", include(lesson_urls.lesson_patterns)),
    # Step 6: indicators with their baselines, targets and measurements
    path("indicatoren/", include("koers.indicators.urls")),
    # Step 6: evaluation plans and the process evaluation
    path("evaluatie/", include("koers.evaluation.urls")),
    # Interventions chosen for a sub-project
    path("", include(intervention_urls.programme_urlpatterns)),
    # Step 5: the dashboard, course adjustments and progress reports
    path("", include(monitoring_urls.programme_urlpatterns)),
    # Search across the programme
    path("", include(search_urls.programme_urlpatterns)),
]

urlpatterns = [
    path("", ui_views.home, name="home"),
    path("programmas/", programme_views.programme_list, name="programme_list"),
    path("programmas/nieuw/", programme_views.programme_create, name="programme_create"),
    path("programmas/importeren/", programme_views.programme_import, name="programme_import"),
    path("programmas/<uuid:programme_uuid>/", include(programme_patterns)),
    path("uitnodiging/<str:token>/", programme_views.invitation_accept, name="invitation_accept"),
    path("partners/", include(team_urls.organisation_urlpatterns)),
    path("", include(monitoring_urls.organisation_urlpatterns)),  # the organisation overview
    path("interventies/", include(intervention_urls.registry_urlpatterns)),  # interventions registry
    path("leer-van-elkaar/", include(lesson_urls.library_patterns)),  # the shared library
    path("", include(search_urls.urlpatterns)),  # search every programme the user may open
    path("organisatie/wisselen/", org_views.organisation_switch, name="organisation_switch"),
    path(
        "organisatie/<uuid:organisation_uuid>/logo/",
        org_views.organisation_logo,
        name="organisation_logo",
    ),
    path("beheer/gebruikers/", org_views.member_list, name="organisation_members"),
    path("beheer/gebruikers/toevoegen/", org_views.member_add, name="organisation_member_add"),
    path(
        "beheer/gebruikers/<uuid:membership_uuid>/",
        org_views.member_edit,
        name="organisation_member_edit",
    ),
    path("beheer/organisatie/", org_views.organisation_settings, name="organisation_settings"),
    path("beheer/activiteit/", org_views.activity_log, name="organisation_activity"),
    path(
        "installatie/organisaties/",
        org_views.installation_organisations,
        name="installation_organisations",
    ),
    path(
        "installatie/organisaties/nieuw/",
        org_views.installation_organisation_create,
        name="installation_organisation_create",
    ),
    # Official statistics: the installation administrator's imports
    path("installatie/statistieken/", import_views.statistics_overview, name="installation_statistics"),
    path("installatie/statistieken/importeren/<str:kind>/", import_views.import_create, name="import_create"),
    path("installatie/statistieken/importen/<uuid:job_uuid>/", import_views.import_job, name="import_job"),
    path(
        "installatie/statistieken/importen/<uuid:job_uuid>/voortgang/",
        import_views.import_job_status,
        name="import_job_status",
    ),
    path(
        "installatie/statistieken/importen/<uuid:job_uuid>/kolommen/",
        import_views.import_job_mapping,
        name="import_job_mapping",
    ),
    path(
        "installatie/statistieken/importen/<uuid:job_uuid>/uitvoeren/",
        import_views.import_job_confirm,
        name="import_job_confirm",
    ),
    path("account/profiel/", account_views.profile, name="account_profile"),
    path("account/tweestapsverificatie-vereist/", account_views.mfa_required, name="mfa_required"),
    path("account/email/", account_views.email_addresses, name="account_email"),
    # Step 4: the user's calendar feed and reminders
    path("account/afspraken/", action_account_views.settings_page, name="actions_settings"),
    path("agenda/<str:token>.ics", action_account_views.feed, name="actions_feed"),
    path("account/meldingen/", include("koers.notifications.urls")),
    path("account/api-sleutels/", api_account_views.token_list, name="api_token_list"),
    path(
        "account/api-sleutels/<uuid:token_uuid>/intrekken/",
        api_account_views.token_revoke,
        name="api_token_revoke",
    ),
    path("account/", include("allauth.urls")),
    # The REST API (ADR 0041) and its documentation page
    path("api/v1/", include("koers.api.urls")),
    path("api/documentatie/", api_docs_views.documentation, name="api_documentation"),
    path("taal/", ui_views.set_language, name="set_language"),
    path("toegankelijkheid/", ui_views.accessibility, name="accessibility"),
    path("gezond/", ui_views.health, name="health"),
    path("gezond/leeft/", deployment_views.alive, name="health_alive"),
    path("gezond/gereed/", deployment_views.ready, name="health_ready"),
    path("demo/postvak/", mailbox_views.mailbox, name="demo_mailbox"),
    path("demo/postvak/<str:key>/", mailbox_views.message, name="demo_mailbox_message"),
]

handler400 = "koers.ui.views.bad_request"
handler403 = "koers.ui.views.permission_denied"
handler404 = "koers.ui.views.page_not_found"
handler500 = "koers.ui.views.server_error"
