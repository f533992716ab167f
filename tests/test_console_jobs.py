"""The console's jobs (issue 17.1): a recruiter creates a job in a form (no JSON, no version
numbers), sees who will get a job tip, publishes, closes and re-opens it (tips go out once,
ever); LinkedIn Apply Connect is a per-job checkbox defaulting to the company's choice; the
description's Markdown never lets HTML or a script through; a hiring member gets none of it."""
from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import pytest

from tests.test_console_team import FORM, HTML, join
from tests.test_linkedin_apply_connect import company as linkedin_company, sent


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def get(stack, cookie: str, path: str):
    return stack.request("GET", f"/console/acme/{path}", headers={**HTML, "Cookie": cookie})


def post(stack, cookie: str, path: str, fields: list[tuple[str, str]], csrf_from: str = "jobs"):
    token = csrf_of(get(stack, cookie, csrf_from).body)
    return stack.request("POST", f"/console/acme/{path}", raw=urlencode([("csrf", token), *fields]).encode(),
                         headers={**FORM, "Cookie": cookie})


def job_form(**overrides) -> list[tuple[str, str]]:
    """What a recruiter fills in: a Product / Front End Developer job in Stockholm."""
    fields = {"title": "Front End Developer", "department": "product", "role": "front-end-developer", "work_mode": "onsite",
              "locations": ["stockholm"], "description": "Build **the career site**.\n\n- React\n- Accessibility",
              "apply": "here", "apply_url": "", "question_rows": "2", "action": "save", **overrides}
    out = []
    for name, value in fields.items():
        for one in value if isinstance(value, list) else [value]:
            out.append((name, one))
    return out


def job_id_from(response) -> str:
    location = response.headers["location"]
    found = re.search(r"about=([^&]+)", location) or re.search(r"^([^/?]+)/publish", location)
    assert found, location
    return found.group(1)


def drawn_version(page: str) -> str:
    """The job's version a form was drawn at (its hidden field), as the browser sends it back."""
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def jobs_json(stack, key) -> list[dict]:
    return stack.request("GET", "/admin/jobs", token=key).body["jobs"]


@pytest.fixture
def recruiter(stack):
    key = stack.company("acme")
    return key, join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")


def test_a_recruiter_creates_a_job_sees_its_audience_and_publishes_it_tips_go_out_once(stack, recruiter):
    key, cookie = recruiter
    # Given two community members who asked for Product jobs, and one who asked for Sales
    stack.connect_and_confirm(email="ada@example.com", departments=["product"])
    stack.connect_and_confirm(email="alan@example.com", departments=["product"])
    stack.connect_and_confirm(email="sam@example.com", departments=["sales"])

    # When Grace fills in the job form and presses "Save and publish…"
    created = post(stack, cookie, "jobs/new", job_form(action="publish"), csrf_from="jobs/new")
    # Then the job is saved as a draft (version 1, the product's own id) and she is shown the audience
    assert created.status == 303, created.body
    job_id = job_id_from(created)
    assert created.headers["location"] == f"{job_id}/publish"
    [job] = jobs_json(stack, key)
    assert job["id"] == job_id and job["status"] == "draft" and job["version"] == 1 and job["source"] == "console"
    assert job["applies_here"] and job["apply_url"].endswith(f"/companies/acme/jobs/{job_id}/apply")
    stack.drain()
    assert stack.job_tips_to("ada@example.com") == []
    confirm = get(stack, cookie, f"jobs/{job_id}/publish")
    assert confirm.status == 200
    assert "2 community members will get a job tip" in confirm.body
    assert "<strong>the career site</strong>" in confirm.body and "<li>React</li>" in confirm.body

    # When she confirms
    published = post(stack, cookie, f"jobs/{job_id}/publish", [], csrf_from=f"jobs/{job_id}/publish")
    assert published.status == 303 and published.headers["location"].startswith("../../jobs?done=published")
    stack.drain()
    # Then the two matching members got one tip each, the other none, and the list says so
    assert len(stack.job_tips_to("ada@example.com")) == 1 and len(stack.job_tips_to("alan@example.com")) == 1
    assert stack.job_tips_to("sam@example.com") == []
    listing = get(stack, cookie, "jobs?done=published&about=" + job_id).body
    assert "Front End Developer is published." in listing
    assert "Sent to 2 community members" in listing and "Published" in listing

    # When she closes it and re-opens it
    closed = post(stack, cookie, f"jobs/{job_id}/close", [])
    assert closed.status == 303
    stack.drain()
    assert jobs_json(stack, key)[0]["status"] == "closed" and jobs_json(stack, key)[0]["closed_at"]
    reopen = get(stack, cookie, f"jobs/{job_id}/publish")
    # Then re-opening says no tips go out again, and none do
    assert "No new job tips" in reopen.body and "re-opening it sends none again" in reopen.body
    assert post(stack, cookie, f"jobs/{job_id}/publish", [], csrf_from=f"jobs/{job_id}/publish").status == 303
    stack.drain()
    [job] = jobs_json(stack, key)
    assert job["status"] == "published" and job["closed_at"] is None and job["tipped"] == 2
    assert len(stack.job_tips_to("ada@example.com")) == 1 and len(stack.job_tips_to("alan@example.com")) == 1
    # And the product counted the versions itself: created, published, closed, re-opened
    assert job["version"] == 4


def test_the_form_shows_every_problem_beside_its_field_and_keeps_what_was_typed(stack, recruiter):
    key, cookie = recruiter
    # When Grace sends a form with no title, a role of another department, an on-site job
    # without a location, an elsewhere-page that is not https and a choice question with one option
    response = post(stack, cookie, "jobs/new", job_form(
        title="", department="sales", role="front-end-developer", locations=[], apply="elsewhere",
        apply_url="javascript:alert(1)", description="Keep *this* text", question_rows="2",
        **{"q-0-text": "Which framework?", "q-0-type": "single_choice", "q-0-options": "React"}), csrf_from="jobs/new")
    # Then the form comes back (400) with each problem beside its field, what she typed kept
    assert response.status == 400
    page = response.body
    for field, message in [("title", "Enter the job&#39;s title"), ("role", "Choose a role of the department you chose"),
                           ("locations", "Choose at least one location"), ("apply_url", "Enter an address that starts with https://"),
                           ("q-0", "A choice question needs at least two")]:
        assert re.search(rf'id="{field}-error">{re.escape(message)}', page), field
        assert f'href="#{field}"' in page
    assert "Keep *this* text" in page and 'value="Which framework?"' in page and 'value="javascript:alert(1)"' in page
    # And nothing was written
    assert jobs_json(stack, key) == []


def test_a_recruiter_edits_a_job_and_its_own_questions_without_ever_seeing_a_version(stack, recruiter):
    key, cookie = recruiter
    created = post(stack, cookie, "jobs/new", job_form(**{"q-0-text": "Portfolio link", "q-0-type": "text", "q-0-required": "on"}),
                   csrf_from="jobs/new")
    job_id = job_id_from(created)
    form = get(stack, cookie, f"jobs/{job_id}")
    # (the version the form was drawn at travels in a hidden field: nothing shows it or asks for it)
    assert form.status == 200 and 'value="Portfolio link"' in form.body
    assert "version" not in re.sub(r'<input type="hidden" name="version" value="\d+">', "", form.body).lower()
    question_id = re.search(r'name="q-0-id" value="([^"]+)"', form.body).group(1)
    # When she renames the job, sends candidates to an https page elsewhere and drops the question
    edited = post(stack, cookie, f"jobs/{job_id}", job_form(title="Senior Front End Developer", apply="elsewhere",
                                                            apply_url="https://careers.acme.example/fe", question_rows="3",
                                                            version=drawn_version(form.body),
                                                            **{"q-0-id": question_id, "q-0-text": ""}), csrf_from=f"jobs/{job_id}")
    assert edited.status == 303 and edited.headers["location"] == f"../jobs?done=saved&about={job_id}"
    [job] = jobs_json(stack, key)
    assert job["title"] == "Senior Front End Developer" and job["version"] == 2 and job["questions"] == []
    assert job["apply_url"] == "https://careers.acme.example/fe" and not job["applies_here"]
    assert "Your changes to Senior Front End Developer are saved." in get(stack, cookie, f"jobs?done=saved&about={job_id}").body


def test_a_hiring_member_can_neither_see_nor_change_jobs(stack):
    key = stack.company("acme")
    stack.publish()
    cookie = join(stack, key, "linus@example.com", "hiring", "Linus")
    # The console has no Jobs item for them, and every jobs screen refuses them
    home = get(stack, cookie, "home").body
    assert 'href="./jobs"' not in home and ">Jobs<" not in home
    for path in ("jobs", "jobs/new", "jobs/job-1", "jobs/job-1/publish"):
        assert get(stack, cookie, path).status == 403, path
    csrf = csrf_of(home)
    for path in ("jobs/new", "jobs/job-1", "jobs/job-1/close", "jobs/job-1/publish"):
        response = stack.request("POST", f"/console/acme/{path}", raw=urlencode([("csrf", csrf), *job_form()]).encode(),
                                 headers={**FORM, "Cookie": cookie})
        assert response.status == 403, path
    assert jobs_json(stack, key)[0]["status"] == "published" and len(jobs_json(stack, key)) == 1


def test_no_session_is_sent_to_sign_in_and_a_form_without_its_csrf_token_is_refused(stack, recruiter):
    key, cookie = recruiter
    assert stack.request("GET", "/console/acme/jobs", headers=HTML).status == 303
    refused = stack.request("POST", "/console/acme/jobs/new", raw=urlencode(job_form()).encode(), headers={**FORM, "Cookie": cookie})
    assert refused.status == 403 and jobs_json(stack, key) == []


@pytest.mark.parametrize("default", [True, False])
def test_the_linkedin_checkbox_starts_as_the_company_default_and_each_job_may_differ(stack, linkedin, default):
    # Given a company whose LinkedIn integration has Apply Connect on (or off) by default
    key = linkedin_company(stack, linkedin, default_apply_connect=default)
    cookie = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    # Then a new job's form has the checkbox ticked exactly when the default is on
    form = get(stack, cookie, "jobs/new").body
    box = re.search(r'<input type="checkbox" id="apply-connect"[^>]*>', form).group(0)
    assert ("checked" in box) is default
    assert "Use LinkedIn Apply Connect for this job posting" in form and "Basic (free)" in form

    # When one job keeps what the form offered and another changes it
    kept = [("apply_connect", "on")] if default else []
    changed = [] if default else [("apply_connect", "on")]
    first = job_id_from(post(stack, cookie, "jobs/new", job_form(title="Kept", action="publish") + kept, csrf_from="jobs/new"))
    post(stack, cookie, f"jobs/{first}/publish", [], csrf_from=f"jobs/{first}/publish")
    second = job_id_from(post(stack, cookie, "jobs/new", job_form(title="Changed", action="publish") + changed,
                              csrf_from="jobs/new"))
    post(stack, cookie, f"jobs/{second}/publish", [], csrf_from=f"jobs/{second}/publish")
    stack.drain()
    # Then LinkedIn got onsite apply for exactly the jobs whose box was ticked
    onsite = {e["title"]: "onsiteApplyConfiguration" in e for e in sent(linkedin, "CREATE")}
    assert onsite == {"Kept": default, "Changed": not default}
    # And each job's form shows its own choice again, and the list shows LinkedIn's state and link
    again = get(stack, cookie, f"jobs/{second}").body
    assert ("checked" in re.search(r'<input type="checkbox" id="apply-connect"[^>]*>', again).group(0)) is (not default)
    listing = get(stack, cookie, "jobs").body
    assert "On LinkedIn" in listing and 'href="https://www.linkedin.com/jobs/view/' in listing


def test_without_linkedin_the_form_has_no_linkedin_part(stack, recruiter):
    _, cookie = recruiter
    assert "Apply Connect" not in get(stack, cookie, "jobs/new").body


DANGEROUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    '[click](https://ok.example/" onmouseover="alert(1))',
    "<a href=\"https://ok.example\">raw html</a>",
    "**<iframe src=https://evil.example>**",
]


def tags_of(rendered: str) -> list[tuple[str, list]]:
    """Every element a browser would build from the HTML, with its attributes."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Parser().feed(rendered)
    return found


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_description_never_lets_html_or_a_script_link_through(text):
    from chalicelib.jobs.markdown import excerpt, plain_text, to_html

    rendered = str(to_html(f"# Title\n\nBefore {text} after\n\n- {text}\n\n**{text}**"))
    # Only the elements the subset writes itself; a link only to an http(s) page, with no other attribute
    for tag, attrs in tags_of(rendered):
        assert tag in {"h3", "p", "ul", "ol", "li", "a", "strong", "em"}, rendered
        if tag == "a":
            assert [name for name, _ in attrs] == ["href", "rel"], rendered
            assert re.match(r"^https?://", dict(attrs)["href"]), rendered
        else:
            assert attrs == [], rendered
    # What was typed is still there, as text
    assert "Before" in rendered and "after" in rendered
    # The email forms are plain text, whatever was typed, and the excerpt keeps to its length
    assert "<strong>" not in plain_text(f"**{text}**") and len(excerpt(text * 20, 120)) <= 120


def test_the_markdown_subset_renders_what_recruiters_write():
    from chalicelib.jobs.markdown import excerpt, plain_text, to_html

    text = "# About\nWe build *fast* and **well**.\n\n1. Apply\n2. Talk to us\n\nSee [our blog](https://acme.example/blog?a=1&b=2)."
    assert str(to_html(text)) == (
        "<h3>About</h3>\n<p>We build <em>fast</em> and <strong>well</strong>.</p>\n<ol><li>Apply</li><li>Talk to us</li></ol>\n"
        '<p>See <a href="https://acme.example/blog?a=1&amp;b=2" rel="nofollow noopener">our blog</a>.</p>')
    assert plain_text(text).endswith("See our blog (https://acme.example/blog?a=1&b=2).")
    assert excerpt(text, 40) == "About. We build fast and well. Apply…"


def test_the_apply_page_shows_the_description_as_safe_markdown(stack):
    key = stack.company("acme")
    stack.publish(description="We **build**.\n\n<script>alert(1)</script> [x](javascript:alert(1))")
    page = stack.request("GET", "/companies/acme/jobs/job-1/apply", headers=HTML).body
    assert "<strong>build</strong>" in page and "&lt;script&gt;alert(1)&lt;/script&gt; x" in page
    assert "javascript:" not in page


def test_the_json_twin_creates_a_job_without_naming_or_versioning_it_and_refuses_a_hiring_key_never(stack):
    # The console's create is POST /admin/jobs without external_id and version
    key = stack.company("acme")
    created = stack.request("POST", "/admin/jobs", {"title": "Designer", "department": "product", "role": "product-designer",
                                                   "work_mode": "remote", "status": "draft"}, token=key)
    assert created.status == 201, created.body
    job = created.body["job"]
    assert job["id"].startswith("designer-") and job["version"] == 1 and job["applies_here"]
    # And the audience of a draft, then a PATCH that publishes it, as the console does
    assert stack.request("GET", f"/admin/jobs/{job['id']}/audience", token=key).body["already_announced"] is False
    patched = stack.request("PATCH", f"/admin/jobs/{job['id']}", {"status": "published"}, token=key)
    assert patched.status == 200 and patched.body["job"]["version"] == 2
    # An elsewhere page must be https
    refused = stack.request("PATCH", f"/admin/jobs/{job['id']}", {"apply_url": "http://careers.acme.example"}, token=key)
    assert refused.status == 400 and refused.body["error"]["field"] == "apply_url"


def test_the_jobs_screens_speak_swedish(stack, recruiter):
    _, cookie = recruiter
    # Given Grace chose Swedish with the switch
    chosen = get(stack, cookie, "jobs?lang=sv")
    assert chosen.status == 200 and ">Jobb</h1>" in chosen.body
    cookie = f"{cookie}; cc_lang=sv"
    # Then the form and its problems are in Swedish too
    assert "Använd LinkedIn Apply Connect" not in get(stack, cookie, "jobs/new").body  # (no LinkedIn here)
    refused = post(stack, cookie, "jobs/new", job_form(title="", locations=[]), csrf_from="jobs/new")
    assert refused.status == 400
    assert "Skriv jobbets titel" in refused.body and "Välj minst en plats för ett jobb på plats eller hybrid" in refused.body
    # And the audience is counted in Swedish, in the singular for one person
    stack.connect_and_confirm(email="ada@example.com", departments=["product"])
    job_id = job_id_from(post(stack, cookie, "jobs/new", job_form(action="publish"), csrf_from="jobs/new"))
    assert "1 medlem i communityt får ett jobbtips" in get(stack, cookie, f"jobs/{job_id}/publish").body


def test_a_jobs_own_question_is_asked_on_its_apply_page_checked_and_sent_to_linkedin(stack, linkedin):
    # Given a job with its own required question, made in the console of a company with LinkedIn
    key = linkedin_company(stack, linkedin)
    cookie = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    job_id = job_id_from(post(stack, cookie, "jobs/new", job_form(
        action="publish", apply_connect="on", **{"q-0-text": "Which framework do you like best?", "q-0-type": "single_choice",
                                                "q-0-options": "React\nVue", "q-0-required": "on"}), csrf_from="jobs/new"))
    post(stack, cookie, f"jobs/{job_id}/publish", [], csrf_from=f"jobs/{job_id}/publish")
    stack.drain()
    question_id = jobs_json(stack, key)[0]["questions"][0]["id"]
    # Then its apply page asks it
    page = stack.request("GET", f"/companies/acme/jobs/{job_id}/apply", headers=HTML).body
    assert "Which framework do you like best?" in page
    # And applying without answering it is refused naming it; with an answer it is accepted
    body = {"email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace", "answers": []}
    refused = stack.request("POST", f"/companies/acme/jobs/{job_id}/applications", body)
    assert refused.status == 400 and any(question_id in e["message"] for e in refused.body["error"]["errors"])
    portfolio = [{"question_id": "portfolio", "value": "https://ada.example"}]
    accepted = stack.request("POST", f"/companies/acme/jobs/{job_id}/applications",
                             {**body, "answers": [*portfolio, {"question_id": question_id, "value": "Vue"}]})
    assert accepted.status == 201, accepted.body
    # And LinkedIn's Apply Connect form asks it too
    [element] = sent(linkedin, "CREATE")
    asked = element["onsiteApplyConfiguration"]["questions"]["additionalQuestions"]["customQuestionSets"][0]["questions"]
    assert question_id in [q["partnerQuestionIdentifier"] for q in asked]


def test_two_recruiters_edit_the_same_job_and_the_later_save_is_refused_naming_who_and_keeping_its_values(stack, recruiter):
    # Given a job Grace created, and Alan, another recruiter, both with its form open
    key, grace = recruiter
    alan = join(stack, key, "alan@example.com", "recruiter", "Alan Turing")
    job_id = job_id_from(post(stack, grace, "jobs/new", job_form(), csrf_from="jobs/new"))
    grace_form = get(stack, grace, f"jobs/{job_id}").body
    alan_form = get(stack, alan, f"jobs/{job_id}").body
    # When Grace saves a new title first
    first = post(stack, grace, f"jobs/{job_id}", job_form(title="Front End Engineer", version=drawn_version(grace_form)),
                 csrf_from=f"jobs/{job_id}")
    assert first.status == 303
    # And Alan then saves the form he opened before, with his own description
    later = post(stack, alan, f"jobs/{job_id}", job_form(description="Alan's description", version=drawn_version(alan_form)),
                 csrf_from=f"jobs/{job_id}")
    # Then his save is refused: the form again, naming Grace and when, with what Grace saved
    assert later.status == 409
    text = html.unescape(later.body)
    assert "Someone else saved this job meanwhile" in text and "Grace Hopper saved a change to this job at" in text
    assert "<dd>Front End Engineer</dd>" in text
    # And what Alan typed is kept in the form, which now carries the current version
    assert "Alan's description</textarea>" in text and 'value="Front End Developer"' in text
    assert drawn_version(later.body) == "2"
    [job] = jobs_json(stack, key)
    assert job["title"] == "Front End Engineer" and job["description"] != "Alan's description" and job["version"] == 2
    assert job["updated_by"]["name"] == "Grace Hopper"
    # When he saves again, knowingly, his values win
    again = post(stack, alan, f"jobs/{job_id}", job_form(description="Alan's description", version=drawn_version(later.body)),
                 csrf_from=f"jobs/{job_id}")
    assert again.status == 303
    [job] = jobs_json(stack, key)
    assert job["description"] == "Alan's description" and job["version"] == 3 and job["updated_by"]["name"] == "Alan Turing"


def test_the_json_twin_refuses_a_stale_if_match_with_who_changed_the_job_and_when(stack):
    # Given a job created through the API; its ETag is its version
    key = stack.company("acme")
    stack.publish(external_id="job-1", version=None, status="draft")
    read = stack.request("GET", "/admin/jobs/job-1", token=key)
    assert read.status == 200 and read.headers["etag"] == '"1"'
    # When a recruiter's console save moves it on
    cookie = join(stack, key, "grace@example.com", "recruiter", "Grace Hopper")
    form = get(stack, cookie, "jobs/job-1").body
    assert post(stack, cookie, "jobs/job-1",
                job_form(title="Front End Engineer", version=drawn_version(form)), csrf_from="jobs/job-1").status == 303
    before = stack.records()
    # And the machine patches with the ETag it read
    stale = stack.request("PATCH", "/admin/jobs/job-1", {"title": "Machine title"}, token=key, headers={"If-Match": '"1"'})
    # Then it is refused (412) with who changed it, when, and the job now; nothing is written
    assert stale.status == 412 and stale.headers["etag"] == '"2"'
    error = stale.body["error"]
    assert error["code"] == "stale" and error["field"] == "version" and error["changed_by"]["name"] == "Grace Hopper"
    assert error["changed_at"] and error["current"]["title"] == "Front End Engineer" and error["version"] == 2
    assert stack.records() == before
    # And with the current ETag it goes through; a nonsense If-Match is a 400 naming the version
    fresh = stack.request("PATCH", "/admin/jobs/job-1", {"title": "Machine title"}, token=key, headers={"If-Match": '"2"'})
    assert fresh.status == 200 and fresh.body["job"]["version"] == 3 and fresh.headers["etag"] == '"3"'
    assert stack.request("PATCH", "/admin/jobs/job-1", {"title": "x"}, token=key, headers={"If-Match": "soon"}).body["error"]["field"] == "version"
