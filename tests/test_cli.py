from __future__ import annotations

from chalicelib.cli import main


def test_create_company_prints_a_key_that_opens_the_admin_api_once(stack, capsys):
    code = main(["create-company", "globex", "--name", "Globex Corp"])
    key = capsys.readouterr().out.strip().splitlines()[-1]

    assert code == 0 and key.startswith("cck.globex.")
    response = stack.request("GET", "/admin/settings", token=key)
    assert response.status == 200 and response.body["name"] == "Globex Corp"
    # The key itself is nowhere in the database, only its hash.
    assert key.split(".")[-1] not in str(stack.table_items())


def test_create_company_refuses_a_taken_or_bad_slug(stack, capsys):
    main(["create-company", "globex", "--name", "Globex"])

    assert main(["create-company", "globex", "--name", "Again"]) == 2
    assert main(["create-company", "Not A Slug", "--name", "Bad"]) == 2
    assert "already exists" in capsys.readouterr().err
