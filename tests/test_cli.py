from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from chalicelib.cli import main
from tests.support import cookie_pairs
from tests.test_console_team import HTML, press_continue


def test_create_company_prints_a_key_that_opens_the_admin_api_once(stack, capsys):
    code = main(["create-company", "globex", "--name", "Globex Corp", "--admin-email", "hedy@globex.example"])
    key = capsys.readouterr().out.strip().splitlines()[-1]

    assert code == 0 and key.startswith("cck.globex.")
    response = stack.request("GET", "/admin/settings", token=key)
    assert response.status == 200 and response.body["name"] == "Globex Corp"
    # The key itself is nowhere in the database, only its hash.
    assert key.split(".")[-1] not in str(stack.table_items())


def test_create_company_prints_the_first_admins_invitation_link_which_signs_them_in(stack, capsys):
    # When the operator creates a company with its first admin's address and name
    code = main(["create-company", "globex", "--name", "Globex", "--admin-email", "hedy@globex.example", "--admin-name", "Hedy Lamarr"])
    out = capsys.readouterr().out
    # Then it prints an invitation link to the console (no email is sent: the operator hands it over)
    assert code == 0
    link = re.search(r"https?://\S+/console/globex/invitation\?token=\S+", out).group(0)
    stack.drain()
    assert stack.emails_to("hedy@globex.example") == []
    # And opening it in a browser and pressing its button signs the admin in to the console
    token = parse_qs(urlparse(link).query)["token"][0]
    accepted = press_continue(stack, "globex", "invitation", token)
    assert accepted.status == 303
    team = stack.request("GET", "/console/globex/team", headers={**HTML, "Cookie": cookie_pairs(accepted.headers, "cc_console")})
    assert team.status == 200 and "Hedy Lamarr" in team.body and "Admin" in team.body


def test_create_company_refuses_a_taken_or_bad_slug_or_admin_address(stack, capsys):
    main(["create-company", "globex", "--name", "Globex", "--admin-email", "hedy@globex.example"])

    assert main(["create-company", "globex", "--name", "Again", "--admin-email", "hedy@globex.example"]) == 2
    assert main(["create-company", "Not A Slug", "--name", "Bad", "--admin-email", "hedy@globex.example"]) == 2
    assert "already exists" in capsys.readouterr().err
    # A mistyped address creates nothing
    assert main(["create-company", "initech", "--name", "Initech", "--admin-email", "not an address"]) == 2
    assert "--admin-email" in capsys.readouterr().err
    assert main(["create-company", "initech", "--name", "Initech", "--admin-email", "bill@initech.example"]) == 0
