"""The seed's Examples A, B and C, end to end: connect over HTTP, confirm from the email,
publish through the API or the queue, let the stream and queues run, read what SES sent."""
from __future__ import annotations


def test_example_a_department_role_and_location_all_must_match(stack):
    # Given candidate A connected with Product / Front End Developer and chose Stockholm
    stack.company("acme")
    stack.connect_and_confirm(email="a@example.com", departments=["product"], roles=["front-end-developer"], location="stockholm")

    # When the company publishes jobs that differ in one respect each, and one that fits
    stack.publish(external_id="fe-london", locations=["london"])
    stack.publish(external_id="be-stockholm", role="back-end-developer", title="Back End Developer")
    stack.publish(external_id="fe-stockholm", title="Front End Developer, Stockholm")
    stack.drain()

    # Then A gets exactly the one job in Product, as Front End Developer, in Stockholm
    tips = stack.job_tips_to("a@example.com")
    assert [t["subject"] for t in tips] == ["New job at Acme: Front End Developer, Stockholm"]


def test_example_b_no_location_means_any_location(stack):
    # Given candidate B connected with Customer Support / Technical Support Agent, no location
    stack.company("acme")
    stack.connect_and_confirm(
        email="b@example.com", departments=["customer-support"], roles=["technical-support-agent"], location=None
    )

    # When support jobs are published in Berlin and London, and a support lead job anywhere
    common = {"department": "customer-support", "role": "technical-support-agent"}
    stack.publish(external_id="tsa-berlin", title="Technical Support Agent, Berlin", locations=["berlin"], **common)
    stack.publish(external_id="tsa-london", title="Technical Support Agent, London", locations=["london"], **common)
    stack.publish(external_id="lead", title="Support Team Lead", department="customer-support", role="support-team-lead")
    stack.drain()

    # Then B gets both agent jobs whatever their location, and not the other role
    subjects = sorted(t["subject"] for t in stack.job_tips_to("b@example.com"))
    assert subjects == [
        "New job at Acme: Technical Support Agent, Berlin",
        "New job at Acme: Technical Support Agent, London",
    ]


def test_example_c_roles_narrow_only_their_own_department(stack):
    # Given candidate C connected with Sales and Customer Success, picked only a Sales role, London
    stack.company("acme")
    stack.connect_and_confirm(
        email="c@example.com",
        departments=["sales", "customer-success"],
        roles=["account-executive"],
        location="london",
    )

    # When jobs are published in both departments, in London and elsewhere
    stack.publish(external_id="ae", title="Account Executive", department="sales", role="account-executive", locations=["london"])
    stack.publish(external_id="sdr", title="SDR", department="sales", role="sales-development-rep", locations=["london"])
    stack.publish(external_id="csm", title="CSM", department="customer-success", role="customer-success-manager", locations=["london"])
    stack.publish(external_id="onb", title="Onboarding", department="customer-success", role="onboarding-specialist", locations=["london"])
    stack.publish(external_id="csm-berlin", title="CSM Berlin", department="customer-success", role="customer-success-manager", locations=["berlin"])
    stack.drain()

    # Then every Customer Success role in London matches, but in Sales only the chosen role
    subjects = sorted(t["subject"].removeprefix("New job at Acme: ") for t in stack.job_tips_to("c@example.com"))
    assert subjects == ["Account Executive", "CSM", "Onboarding"]
