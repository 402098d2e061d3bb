"""The `flask` commands administrators use: each explains itself, and reference data is data."""

from __future__ import annotations

import click

OUR_GROUPS = ("reference", "users", "index", "intake")


def test_every_command_says_what_it_does(app):
    for group_name in OUR_GROUPS:
        group = app.cli.get_command(None, group_name)
        assert isinstance(group, click.Group), group_name
        assert (group.help or "").strip(), group_name
        for name, command in group.commands.items():
            assert (command.help or "").strip(), f"flask {group_name} {name} has no help text"


def test_an_added_group_is_listed_and_found_by_its_alias(app):
    runner = app.test_cli_runner()
    added = runner.invoke(
        args=["reference", "add-group", "BNA", "Baloch Nationalist Army", "--alias", "B.N.A."]
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(args=["reference", "list", "groups"]).output
    assert "BNA\tBaloch Nationalist Army\tB.N.A." in listed


def test_a_district_without_a_province_is_refused_with_a_reason(app):
    result = app.test_cli_runner().invoke(args=["reference", "add-district", "Surab"])
    assert result.exit_code != 0
    assert "--province" in result.output


def test_a_new_abuse_type_is_offered_in_the_list(app, client):
    result = app.test_cli_runner().invoke(
        args=["reference", "add-type", "abuse", "sexual_violence", "Sexual violence"]
    )
    assert result.exit_code == 0, result.output
    assert "Sexual violence" in client.get("/abuses/").get_data(as_text=True)
