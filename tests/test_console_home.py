"""The console's home (issue 16.2): what needs attention, for the person looking."""
from __future__ import annotations

import re
from datetime import timedelta

from tests.test_console_matrix import HTML, _session


def home(stack, token: str) -> str:
    response = stack.request("GET", "/console/acme/home", headers={**HTML, "Cookie": f"cc_console={token}"})
    assert response.status == 200, response.body
    return response.body


def apply(stack, job: str, email: str, first: str) -> str:
    response = stack.request("POST", f"/companies/acme/jobs/{job}/applications",
                             {"email": email, "first_name": first, "last_name": "Tester"})
    assert response.status == 201, response.body
    return response.body["application_id"]


def test_home_lists_who_waits_longest_with_days_and_the_jobs_with_their_applications(stack, monkeypatch):
    from chalicelib.applications import attention
    from chalicelib.db import now as real_now

    # Given two published jobs; Ada applied to job-1, Grace to job-2; Ada's was then moved on
    key = stack.company("acme")
    stack.publish("acme")
    stack.publish("acme", external_id="job-2", title="Second job")
    stack.drain()
    ada = apply(stack, "job-1", "ada@example.com", "Ada")
    apply(stack, "job-2", "grace@example.com", "Grace")
    stack.drain()
    recruiter = _session("acme", "rita@acme.example", "recruiter")
    hiring = _session("acme", "hugo@acme.example", "hiring", ("job-1",))
    # When three days pass
    monkeypatch.setattr(attention, "now", lambda: real_now() + timedelta(days=3, hours=1))
    page = home(stack, recruiter)
    # Then the recruiter sees both waiting, each for 3 days, and both jobs with their counts
    waiting = re.search(r'id="waiting-h".*?</section>', page, re.S).group(0)
    assert "Ada Tester" in waiting and "Grace Tester" in waiting and waiting.count("3 days waiting") == 2
    jobs = re.search(r'id="jobs-h".*?</section>', page, re.S).group(0)
    assert "Second job" in jobs and "Front End Developer" in jobs
    # And the hiring member of job-1 sees only job-1's
    theirs = home(stack, hiring)
    assert "Ada Tester" in theirs and "Grace Tester" not in theirs and "Second job" not in theirs
    # And once Ada's application is moved on, she is no longer waiting
    assert stack.request("POST", f"/admin/applications/{ada}/status", {"status": "in_review"}, token=key).status == 200
    assert "Ada Tester" not in re.search(r'id="waiting-h".*?</section>', home(stack, recruiter), re.S).group(0)
