"""The OpenAPI 3.1 document, generated from the Pydantic models that validate the requests.

Request bodies are the models' own JSON schemas (no second copy to keep in step). What is
listed here is what each operation is: its path, who may call it, its success status and the
media types it answers with. A test checks that every route of the app is listed and every
listed operation is a route, and schemathesis runs every operation against the document.
Built lazily on the first GET /openapi.json: nothing here is imported on a cold start.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

JSON, HTML, FORM = "application/json", "text/html", "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    status: int = 200
    body: Any = None  # a Pydantic model, a tuple of models (any of), or "form"
    auth: str | None = None  # "admin" | "candidate"
    produces: str | tuple[str, ...] = JSON
    query: dict[str, dict] = field(default_factory=dict)
    body_optional: bool = False
    upstream: bool = False  # calls a partner (LinkedIn) in the request: 502 when it does not answer
    error_schema: str = "Error"  # LinkedIn's webhook adds LinkedIn's own error fields
    # Console screens send a browser without a live session to the sign-in screen (303).
    redirects: bool = False


def _operations() -> list[Operation]:
    from chalicelib.applications.schema import STATUSES, ApplyRequest, BulkStatusChange, StatusChange
    from chalicelib.jobs.assignments import Assignment
    from chalicelib.candidates.schema import MagicLinkRequest, SessionRequest
    from chalicelib.candidates.schema import ApplicationConnectRequest, ConnectRequest, SocialConnectRequest
    from chalicelib.auth.schema import SecretBody
    from chalicelib.linkedin.payload import LinkedInApplication
    from chalicelib.linkedin.schema import IntegrationRequest
    from chalicelib.companies.schema import NewKey
    from chalicelib.configuration.keys import KeyLabel
    from chalicelib.configuration.templates import TemplateTest
    from chalicelib.companies.settings import SectionBody
    from chalicelib.companies.schema import CompanySettings, EmailTemplate
    from chalicelib.dashboard.schema import ConsentRenewal, PreferencesRequest, ProfilePatch, SubscriptionRequest
    from chalicelib.jobs.schema import JOB_STATUSES, JobPatch, JobPosting
    from chalicelib.talent.schema import NewSegment
    from chalicelib.team.service import MemberChange, NewMember

    token = {"token": {"type": "string", "maxLength": 4000}}
    page = {"limit": {"type": "integer", "minimum": 1, "maximum": 100}, "cursor": {"type": "string", "maxLength": 2000}}
    text = {"type": "string", "maxLength": 200}
    return [
        Operation("GET", "/openapi.json", "This document"),
        Operation("GET", "/health", "For uptime checks: answers {\"status\": \"ok\"} without touching AWS"),
        Operation("GET", "/companies/{company}/connect", "The Connect page (Accept: text/html) or the data to draw one",
                  produces=(JSON, HTML)),
        Operation("POST", "/companies/{company}/connections", "Connect (typed email, a provider's ID token, or right after applying)",
                  201, (ConnectRequest, SocialConnectRequest, ApplicationConnectRequest)),
        Operation("POST", "/companies/{company}/jobs/{job_id}/applications", "Apply to an open job (signed in or not)", 201, ApplyRequest),
        Operation("GET", "/companies/{company}/dashboard", "The dashboard page; with ?token= where emailed links land (spends nothing)",
                  produces=HTML, query=token),
        Operation("POST", "/companies/{company}/dashboard", "Confirm the address / sign in with an emailed link (303 to the dashboard)",
                  303, body="form", produces=HTML, query=token, body_optional=True),
        Operation("GET", "/static/{name}", "The pages' stylesheet and script", produces=("text/css", "text/javascript")),
        Operation("GET", "/companies/{company}/theme.css", "The company's colours for the pages", produces="text/css"),
        Operation("POST", "/companies/{company}/connect", "The Connect page's form (the same model as POST connections; 303 to sent)",
                  303, body="form", produces=HTML, body_optional=True),
        Operation("GET", "/companies/{company}/sent", "After Connect or sign-in: the address the link went to, and send it again",
                  produces=HTML),
        Operation("POST", "/companies/{company}/sent", "Send the link again (page form; a sign-in link)", 303, "form", produces=HTML,
                  body_optional=True),
        Operation("GET", "/companies/{company}/sign-in", "The sign-in page", produces=HTML),
        Operation("POST", "/companies/{company}/sign-in", "Email a sign-in link (form; 303 to sent)", 303, body="form", produces=HTML,
                  body_optional=True),
        Operation("POST", "/companies/{company}/dashboard/subscription", "Save job tips (dashboard form)", 303, "form", produces=HTML,
                  body_optional=True),
        Operation("POST", "/companies/{company}/dashboard/consent", "Renew consent (dashboard form)", 303, "form", produces=HTML,
                  body_optional=True),
        Operation("GET", "/companies/{company}/dashboard/export", "Download one's data (signed in)"),
        Operation("POST", "/companies/{company}/dashboard/profile", "Save the profile (dashboard form)", 303, "form", produces=HTML,
                  body_optional=True),
        Operation("POST", "/companies/{company}/dashboard/unsubscribe", "Stop all job tips (dashboard form)", 303, "form",
                  produces=HTML, body_optional=True),
        Operation("POST", "/companies/{company}/dashboard/resume", "Resume job tips (dashboard form)", 303, "form",
                  produces=HTML, body_optional=True),
        Operation("POST", "/companies/{company}/dashboard/withdraw", "Withdraw an application (dashboard form)", 303, "form",
                  produces=HTML, body_optional=True),
        Operation("POST", "/companies/{company}/dashboard/preferences", "Choose job tips and news from the company (dashboard form)",
                  303, "form", produces=HTML, body_optional=True),
        Operation("POST", "/companies/{company}/dashboard/erase", "Erase one's data (dashboard form)", body="form", produces=HTML,
                  body_optional=True),
        Operation("POST", "/companies/{company}/dashboard/sign-out", "Sign out", 303, "form", produces=HTML, body_optional=True),
        Operation("GET", "/companies/{company}/sign-in/{provider}", "Sign in with LinkedIn or Facebook (303 to the provider)", 303,
                  produces=HTML),
        Operation("POST", "/companies/{company}/connect/{provider}", "Connect with LinkedIn or Facebook (303 to the provider)", 303,
                  "form", produces=HTML, body_optional=True),
        Operation("GET", "/companies/{company}/sign-in/{provider}/callback", "Where the provider sends the browser back", 303,
                  produces=HTML, query={"code": {"type": "string"}, "state": {"type": "string"}, "error": {"type": "string"}}),
        Operation("PUT", "/admin/identity-providers/{provider}/secret", "Store the company's client secret at a provider", 204,
                  SecretBody, auth="admin"),
        Operation("GET", "/companies/{company}/jobs/{job_id}/apply", "The apply page", produces=HTML),
        Operation("POST", "/companies/{company}/jobs/{job_id}/apply", "Apply (page form; then the resume upload step)", body="form",
                  produces=HTML, body_optional=True),
        Operation("GET", "/companies/{company}/jobs/{job_id}/applied", "After applying: thanks and the offer to connect", produces=HTML),
        Operation("POST", "/companies/{company}/jobs/{job_id}/connect-after-applying", "Connect from the offer (page form)",
                  body="form", produces=HTML, body_optional=True),
        Operation("POST", "/auth/session", "Exchange an emailed token for an access token", body=SessionRequest),
        Operation("POST", "/auth/magic-link", "Email a sign-in link (same answer for any address)", 202, MagicLinkRequest),
        Operation("GET", "/me", "The candidate's dashboard data", auth="candidate"),
        Operation("PATCH", "/me", "Change the profile", body=ProfilePatch, auth="candidate"),
        Operation("DELETE", "/me", "Erase everything about the candidate", 204, auth="candidate"),
        Operation("DELETE", "/me/session", "Sign out: this access token stops working at once", 204, auth="candidate"),
        Operation("GET", "/me/subscription", "The job-tip subscription", auth="candidate"),
        Operation("PUT", "/me/subscription", "Replace the job-tip subscription (Example C)", body=SubscriptionRequest, auth="candidate"),
        Operation("GET", "/me/preferences", "Which emails the candidate gets: job tips, news from the company (campaigns)",
                  auth="candidate"),
        Operation("PUT", "/me/preferences", "Turn job tips or news from the company on or off, each on its own",
                  body=PreferencesRequest, auth="candidate"),
        Operation("POST", "/me/consent", "Renew consent", body=ConsentRenewal, auth="candidate"),
        Operation("GET", "/me/export", "Everything stored about the candidate", auth="candidate"),
        Operation("POST", "/me/applications/{application_id}/withdraw",
                  "Withdraw one's own application (no body; again: no change; 409 once decided)", auth="candidate"),
        Operation("GET", "/unsubscribe", "Confirm stopping the link's category of email (a page)", produces=HTML, query=token),
        Operation("POST", "/unsubscribe", "One-click unsubscribe (RFC 8058)", body="form", produces=HTML, query=token, body_optional=True),
        Operation("GET", "/relevance", "\"Was this relevant?\" from an email: the choice and a reason (a page; records nothing)",
                  produces=HTML, query={**token, "answer": {"type": "string", "enum": ["relevant", "not_relevant"]}}),
        Operation("POST", "/relevance", "Record the answer once (a later post may only update the reason)", body="form",
                  produces=HTML, query=token, body_optional=True),
        Operation("GET", "/erase", "Confirm erasing one's data (a page)", produces=HTML, query=token),
        Operation("POST", "/erase", "Erase one's data from an emailed link", body="form", produces=HTML, query=token, body_optional=True),
        Operation("GET", "/admin/settings", "The company's Connect setup", auth="admin"),
        Operation("PUT", "/admin/settings", "Replace the company's Connect setup", body=CompanySettings, auth="admin"),
        Operation("GET", "/admin/settings/{section}", "One section of the settings, its version (ETag) and who changed them last",
                  auth="admin"),
        Operation("PUT", "/admin/settings/{section}", "Replace one section, if the settings are at the version sent (If-Match or "
                  "body.version): 412 with who changed them and the current values otherwise", body=SectionBody, auth="admin"),
        Operation("GET", "/admin/api-keys", "Admin API keys (never their secrets)", auth="admin"),
        Operation("POST", "/admin/api-keys", "Create an admin API key (shown once)", 201, NewKey, auth="admin", body_optional=True),
        Operation("POST", "/admin/api-keys/{key_id}/rotate", "Replace a key", 201, auth="admin"),
        Operation("DELETE", "/admin/api-keys/{key_id}", "Revoke a key", 204, auth="admin"),
        Operation("GET", "/admin/integrations/linkedin", "LinkedIn Apply Connect: state and widget data", auth="admin"),
        Operation("GET", "/linkedin/webhook/{company}", "LinkedIn's webhook validation handshake",
                  query={"challengeCode": {"type": "string", "format": "uuid"}, "applicationId": {"type": "string", "maxLength": 200}}),
        Operation("GET", "/linkedin/webhook/{company}/jobs/{job_id}", "LinkedIn's validation handshake on a job's webhook",
                  query={"challengeCode": {"type": "string", "format": "uuid"}, "applicationId": {"type": "string", "maxLength": 200}}),
        Operation("POST", "/linkedin/webhook/{company}/jobs/{job_id}",
                  "An application LinkedIn collected (signed: X-LI-Signature over the raw body; at most 1 MiB, 413 past it)",
                  body=LinkedInApplication,
                  error_schema="LinkedInError"),
        Operation("PUT", "/admin/integrations/linkedin", "Switch LinkedIn Apply Connect on or off", body=IntegrationRequest,
                  auth="admin", upstream=True),
        Operation("PUT", "/admin/bot-check/secret", "Store the bot-check provider's secret key (Secrets Manager)", 204,
                  SecretBody, auth="admin"),
        Operation("POST", "/admin/templates/{name}/preview", "Render an email template with sample data", body=EmailTemplate,
                  auth="admin", body_optional=True),
        Operation("POST", "/admin/templates/{name}/test", "Send a test of an email template (a draft, or the version in use) "
                  "with sample data to an active member of the team", 202, TemplateTest, auth="admin"),
        Operation("PATCH", "/admin/api-keys/{key_id}", "Rename a key (its label); its secret and scope stay", body=KeyLabel,
                  auth="admin"),
        Operation("POST", "/admin/jobs", "Create or update a posting (no external_id: a new job the product names; no version: the next)",
                  201, JobPosting, auth="admin"),
        Operation("GET", "/admin/jobs", "Jobs, paginated", auth="admin",
                  query={"status": {"type": "string", "enum": list(JOB_STATUSES)}, **page}),
        Operation("GET", "/admin/jobs/{job_id}", "One job", auth="admin"),
        Operation("PATCH", "/admin/jobs/{job_id}", "Edit, publish or close a job; with If-Match (GET's ETag), 412 naming who "
                  "changed it meanwhile, when, and the job now", body=JobPatch, auth="admin"),
        Operation("GET", "/admin/jobs/{job_id}/audience", "How many subscribers publishing would notify", auth="admin"),
        Operation("GET", "/admin/applications", "Applications, newest first", auth="admin",
                  query={"job_id": text, "status": {"type": "string", "enum": list(STATUSES)}, **page}),
        Operation("GET", "/admin/applications/{application_id}", "One application with its history", auth="admin"),
        Operation("GET", "/admin/applications/{application_id}/resume", "A short-lived resume download URL", auth="admin"),
        Operation("POST", "/admin/applications/{application_id}/status", "Move an application on", body=StatusChange, auth="admin"),
        Operation("POST", "/admin/applications/status", "Move several applications to one status (all or nothing)",
                  body=BulkStatusChange, auth="admin"),
        Operation("GET", "/admin/applications/{application_id}/history", "Who did what to the application, and when",
                  auth="admin"),
        Operation("POST", "/admin/applications/{application_id}/undo-rejection",
                  "Take a rejection back before the candidate is told (409 after)", auth="admin"),
        Operation("GET", "/admin/jobs/{job_id}/members", "Who works on the job", auth="admin"),
        Operation("PUT", "/admin/jobs/{job_id}/members", "Choose who works on the job (exactly these members)", body=Assignment,
                  auth="admin"),
        Operation("GET", "/admin/candidates", "Candidates, filtered and paginated", auth="admin",
                  query={"department": text, "role": text, "location": text, "q": text,
                         "work_mode": {"type": "string", "enum": ["remote", "hybrid", "onsite"]},
                         "source": {"type": "string", "enum": ["email", "linkedin", "facebook", "application", "applied"]},
                         **{flag: {"type": "boolean"} for flag in ("linkedin", "confirmed", "consent_expiring")}, **page}),
        Operation("GET", "/admin/candidates/{candidate_id}", "One candidate: shared answers, connections, subscription, consent, "
                  "applications with their history (recorded in the audit as a profile view)", auth="admin"),
        Operation("GET", "/admin/candidates/{candidate_id}/history", "Who looked at or changed the candidate's data, newest first",
                  auth="admin"),
        Operation("GET", "/admin/segments", "The team's saved community filters", auth="admin"),
        Operation("POST", "/admin/segments", "Save a community filter under a name, shared with the team", 201, NewSegment,
                  auth="admin"),
        Operation("DELETE", "/admin/segments/{segment_id}", "Delete a segment", auth="admin"),
        *_campaign_operations(token),
        *_console_operations(),
        Operation("GET", "/admin/members", "The team: members, their roles and invitation states", auth="admin"),
        Operation("POST", "/admin/members", "Invite a member (emails a single-use link, valid 7 days)", 201, NewMember, auth="admin"),
        Operation("PATCH", "/admin/members/{member_id}", "Change a member's role, name or language", body=MemberChange, auth="admin"),
        Operation("DELETE", "/admin/members/{member_id}", "Remove a member: every session of theirs ends at once", auth="admin"),
        Operation("POST", "/admin/members/{member_id}/invitation", "Invite again (the earlier link stops working)", 201, auth="admin"),
        Operation("PUT", "/admin/workspace-sign-in/secret", "Store the client secret at the company's workspace OpenID provider",
                  204, SecretBody, auth="admin"),
        *[Operation("OPTIONS", path, "CORS preflight", 204) for path in (
            "/companies/{company}/connect", "/companies/{company}/connections", "/companies/{company}/jobs/{job_id}/applications",
            "/auth/session", "/auth/magic-link", "/me", "/me/subscription", "/me/export", "/me/consent", "/me/session",
            "/me/preferences", "/me/applications/{application_id}/withdraw")],
    ]


ERROR = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "field"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string"}, "message": {"type": "string"}, "field": {"type": ["string", "null"]},
                # A refused body lists every problem found, each beside its field.
                "errors": {"type": "array", "items": {
                    "type": "object", "required": ["field", "message"], "additionalProperties": False,
                    "properties": {"field": {"type": ["string", "null"]}, "message": {"type": "string"}}}},
                # A settings section saved meanwhile (412): its version now, who saved it, its values.
                "version": {"type": "integer"}, "changed_by": {"type": ["object", "null"]}, "current": {"type": "object"},
                # A job saved meanwhile (412 for If-Match) also says when.
                "changed_at": {"type": ["string", "null"]},
                # A department, role or location still used (409): what uses it, counted.
                "in_use": {"type": "array", "items": {"type": "object"}},
            },
        }
    },
}


# A refused LinkedIn delivery: the usual error, with the two fields LinkedIn reads.
LINKEDIN_ERROR = {**ERROR, "properties": {**ERROR["properties"], "errorCode": {"type": "string"},
                                          "additionalErrorDetails": {"type": "string"}}}


def _console_operations() -> list[Operation]:
    """The hiring team's console (server-rendered screens; a session cookie; forms CSRF-checked)."""
    from chalicelib.applications.schema import STATUSES

    token = {"token": {"type": "string", "maxLength": 4000}}

    def screen(method: str, path: str, summary: str, status: int = 200) -> Operation:
        return Operation(method, path, summary, status, "form" if method == "POST" else None, auth="console", produces=HTML,
                         body_optional=True, redirects=True)

    return [
        Operation("GET", "/console/{company}", "The console (303 to its home screen)", 303, produces=HTML),
        Operation("GET", "/console/{company}/sign-in", "The console's sign-in screen", produces=HTML),
        Operation("POST", "/console/{company}/sign-in", "Email a member a sign-in link (same answer for any address)",
                  body="form", produces=HTML, body_optional=True),
        Operation("GET", "/console/{company}/sign-in/link", "An emailed sign-in link's page (a Continue button)", produces=HTML,
                  query=token),
        Operation("POST", "/console/{company}/sign-in/link", "Continue: spend the link, start a session (303 home)", 303, "form",
                  produces=HTML, body_optional=True),
        Operation("GET", "/console/{company}/invitation", "An invitation's page", produces=HTML, query=token),
        Operation("POST", "/console/{company}/invitation", "Accept an invitation and sign in (303 home)", 303, "form",
                  produces=HTML, body_optional=True),
        Operation("GET", "/console/{company}/sign-in/workspace", "Sign in with the company's workspace provider (303 to it)", 303,
                  produces=HTML),
        Operation("GET", "/console/{company}/sign-in/workspace/callback",
                  "Where the workspace provider sends the browser back: a session for an invited member", produces=HTML,
                  query={"code": {"type": "string"}, "state": {"type": "string"}, "error": {"type": "string"}}),
        screen("POST", "/console/{company}/sign-out", "Sign out: the session ends server side", 303),
        screen("GET", "/console/{company}/home", "Home: what needs attention"),
        screen("GET", "/console/{company}/team", "The team (admins)"),
        screen("POST", "/console/{company}/team", "Invite, re-invite, change a role, remove (admins)"),
        screen("GET", "/console/{company}/notifications", "My notifications"),
        screen("POST", "/console/{company}/notifications", "Save my notifications"),
        Operation("GET", "/console/{company}/applications", "Applications: by job and status, newest first", auth="console",
                  produces=HTML, redirects=True, query={
                      "job_id": {"type": "string", "maxLength": 200}, "status": {"type": "string", "enum": list(STATUSES)},
                      "cursor": {"type": "string", "maxLength": 2000}}),
        screen("POST", "/console/{company}/applications", "Move the chosen applications; choose who works on a job", 303),
        screen("GET", "/console/{company}/applications/{application_id}", "One application: the applicant, answers, history"),
        screen("POST", "/console/{company}/applications/{application_id}",
               "Move the application, or undo its rejection (the screen again, with the result)"),
        screen("GET", "/console/{company}/applications/{application_id}/resume",
               "Download the resume (recorded; 303 to a short-lived link, a page when there is none)", 303),
        screen("GET", "/console/{company}/settings", "Settings: its sections (admins)"),
        screen("GET", "/console/{company}/settings/{section}", "A settings section's form (admins)"),
        screen("POST", "/console/{company}/settings/{section}", "Save a section (303), redraw it with a row added or moved, or "
               "preview the candidate pages with its unsaved values (admins)"),
        Operation("GET", "/console/{company}/preview.css", "A settings preview's unsaved colour, as a stylesheet",
                  produces="text/css", query={"color": {"type": "string", "maxLength": 7}}),
        screen("GET", "/console/{company}/messages", "Settings -> Templates -> Messages: every email kind (admins, recruiters)"),
        screen("GET", "/console/{company}/messages/{name}/{language}", "One email kind's template in one language"),
        screen("POST", "/console/{company}/messages/{name}/{language}", "Preview, save, send me a test, reset to the default"),
        screen("GET", "/console/{company}/integrations/linkedin", "Integrations -> LinkedIn: Apply Connect (admins)"),
        screen("POST", "/console/{company}/integrations/linkedin", "Switch Apply Connect on (accepting LinkedIn's jobs terms) or off; options"),
        screen("GET", "/console/{company}/integrations/linkedin/manage", "LinkedIn's onboarding widget (its script allowed here only)"),
        screen("GET", "/console/{company}/api-keys", "API keys (admins); a new key shown once"),
        screen("POST", "/console/{company}/api-keys", "Create, rotate or revoke an API key"),
        screen("GET", "/console/{company}/community", "The community: filters, the count, segments, newest first"),
        screen("POST", "/console/{company}/segments", "Save the current filter as a segment (303 to it)", 303),
        screen("POST", "/console/{company}/segments/{segment_id}/delete", "Delete a segment (303 to the community)", 303),
        screen("GET", "/console/{company}/candidates/{candidate_id}", "A candidate's profile (recorded as a profile view)"),
        *_console_job_operations(screen),
        *_console_campaign_operations(screen),
    ]


def _campaign_operations(token: dict) -> list[Operation]:
    """Nurture campaigns (admins and recruiters; keys with the full scope write): campaigns/routes.py."""
    from chalicelib.campaigns.schema import CampaignDraft, ScheduleRequest

    return [
        Operation("GET", "/admin/campaigns", "The company's campaigns, newest first", auth="admin"),
        Operation("POST", "/admin/campaigns", "Write a campaign (a draft): per language, for a segment or a filter", 201,
                  CampaignDraft, auth="admin"),
        Operation("GET", "/admin/campaigns/{campaign_id}", "One campaign", auth="admin"),
        Operation("PUT", "/admin/campaigns/{campaign_id}", "Replace a draft campaign (409 once it is scheduled)", body=CampaignDraft,
                  auth="admin"),
        Operation("GET", "/admin/campaigns/{campaign_id}/audience", "Who would receive it now: the count, why others would not, "
                  "a sample of names", auth="admin"),
        Operation("GET", "/admin/campaigns/{campaign_id}/preview", "The email in one language as a recipient sees it",
                  auth="admin", query={"language": {"type": "string", "enum": ["en", "sv"]}}),
        Operation("POST", "/admin/campaigns/{campaign_id}/send", "Send now (a second call answers the campaign as it is)", 202,
                  auth="admin"),
        Operation("POST", "/admin/campaigns/{campaign_id}/schedule", "Send at a time, in the company's time zone or each "
                  "person's own", body=ScheduleRequest, auth="admin"),
        Operation("POST", "/admin/campaigns/{campaign_id}/cancel", "Cancel before it goes (or stop it going)", auth="admin"),
        Operation("GET", "/admin/campaigns/{campaign_id}/results", "Audience, sent, skipped by the cap, suppressed, stopped, "
                  "bounced, unsubscribed", auth="admin"),
    ]


def _console_campaign_operations(screen) -> list[Operation]:
    """The console's campaigns (admins and recruiters): console/campaigns_routes.py."""
    return [
        screen("GET", "/console/{company}/campaigns", "Campaigns: status, when, emails queued"),
        screen("GET", "/console/{company}/campaigns/new", "The form for a new campaign, per language"),
        screen("POST", "/console/{company}/campaigns/new", "Save a new campaign as a draft (303 to it)", 303),
        screen("GET", "/console/{company}/campaigns/{campaign_id}", "A campaign: audience and sample, previews, send, "
               "schedule, cancel, results"),
        screen("GET", "/console/{company}/campaigns/{campaign_id}/edit", "A draft campaign's form"),
        screen("POST", "/console/{company}/campaigns/{campaign_id}/edit", "Save a draft's changes (303 to it)", 303),
        screen("POST", "/console/{company}/campaigns/{campaign_id}/send", "Send now (303 to it)", 303),
        screen("POST", "/console/{company}/campaigns/{campaign_id}/schedule", "Send at a time (303 to it)", 303),
        screen("POST", "/console/{company}/campaigns/{campaign_id}/cancel", "Cancel (303 to it)", 303),
    ]


def _console_job_operations(screen) -> list[Operation]:
    """The console's jobs (admins and recruiters): console/jobs_routes.py."""
    return [
        screen("GET", "/console/{company}/jobs", "Jobs: status, dates, applications, job tips sent, LinkedIn"),
        screen("GET", "/console/{company}/jobs/new", "The form for a new job"),
        screen("POST", "/console/{company}/jobs/new", "Create a job as a draft (303 to the list, or to publishing)", 303),
        screen("GET", "/console/{company}/jobs/{job_id}", "A job's form"),
        screen("POST", "/console/{company}/jobs/{job_id}", "Save a job's changes (303 to the list, or to publishing)", 303),
        screen("GET", "/console/{company}/jobs/{job_id}/publish", "Publish or re-open: who will get a job tip, first"),
        screen("POST", "/console/{company}/jobs/{job_id}/publish", "Publish or re-open the job (303 to the list)", 303),
        screen("POST", "/console/{company}/jobs/{job_id}/close", "Close the job (303 to the list)", 303),
    ]


def operations() -> list[Operation]:
    return _operations()


@lru_cache(maxsize=1)
def document() -> dict:
    from pydantic.json_schema import models_json_schema

    ops = _operations()
    models = []
    for op in ops:
        for model in (op.body if isinstance(op.body, tuple) else (op.body,)):
            if model is not None and model != "form" and model not in models:
                models.append(model)
    refs, definitions = models_json_schema([(m, "validation") for m in models], ref_template="#/components/schemas/{model}")
    schemas = {**definitions.get("$defs", {}), "Error": ERROR, "LinkedInError": LINKEDIN_ERROR}
    paths: dict[str, dict] = {}
    for op in ops:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op, refs)
    return {
        "openapi": "3.1.0",
        "info": {"title": "candidate-connect", "version": "1",
                 "description": "A talent-community backend: connect, job tips, applications. Errors are "
                                "{\"error\": {\"code\", \"message\", \"field\"}} with a 4xx status."},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "admin": {"type": "http", "scheme": "bearer", "description": "A company's admin API key"},
                "candidate": {"type": "http", "scheme": "bearer", "description": "A candidate's access token"},
                "console": {"type": "apiKey", "in": "cookie", "name": "cc_console",
                            "description": "A team member's console session (HttpOnly cookie set by signing in)"},
            },
        },
    }


def _operation(op: Operation, refs: dict) -> dict:
    parameters = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": 200}}
        for name in _path_params(op.path)
    ] + [{"name": name, "in": "query", "required": False, "schema": schema} for name, schema in op.query.items()]
    produces = op.produces if isinstance(op.produces, tuple) else (op.produces,)
    error_content = {JSON: {"schema": {"$ref": f"#/components/schemas/{op.error_schema}"}}}
    if produces != (JSON,) or "/dashboard" in op.path:  # pages answer a mistake with a page
        error_content[HTML] = {"schema": {"type": "string"}}
    success: dict[str, Any] = {"description": op.summary}
    if op.status not in (204, 302, 303):
        success["content"] = {kind: {"schema": {"type": "object"} if kind == JSON else {"type": "string"}} for kind in produces}
    result: dict[str, Any] = {
        "summary": op.summary,
        "operationId": f"{op.method.lower()}_{op.path.strip('/').replace('/', '_').replace('{', '').replace('}', '').replace('.', '_').replace('-', '_') or 'root'}",
        "parameters": parameters,
        "responses": {str(op.status): success, "4XX": {"description": "A client mistake", "content": error_content},
                      **({"303": {"description": "Not signed in (or the session ended): to the sign-in screen"}}
                         if op.redirects and op.status != 303 else {}),
                      **({"502": {"description": "The partner did not answer", "content": error_content}} if op.upstream else {})},
    }
    if op.auth:
        result["security"] = [{op.auth: []}]
    if op.body == "form":
        result["requestBody"] = {"required": not op.body_optional, "content": {FORM: {"schema": {
            "type": "object", "properties": {"token": {"type": "string"}, "List-Unsubscribe": {"type": "string", "enum": ["One-Click"]}}}}}}
    elif op.body is not None:
        models = op.body if isinstance(op.body, tuple) else (op.body,)
        schema_refs = [refs[(m, "validation")] for m in models]
        schema = schema_refs[0] if len(schema_refs) == 1 else {"anyOf": schema_refs}
        result["requestBody"] = {"required": not op.body_optional, "content": {JSON: {"schema": schema}}}
    return result


def _path_params(path: str) -> list[str]:
    import re

    return re.findall(r"\{([a-z_]+)\}", path)
