"""The designer's admin pages render for a superuser (read-only definitions, editable shares)."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from designer.models import StateMachine
from designer.services import publish_version


def test_admin_pages_render(client: Client, machine: StateMachine) -> None:
    publish_version(machine=machine)
    client.force_login(User.objects.create_superuser("root", "", "pw"))
    revision = machine.current_revision_id
    for url in ("/admin/designer/statemachine/", f"/admin/designer/statemachine/{machine.id}/change/",
                "/admin/designer/definitionrevision/", f"/admin/designer/definitionrevision/{revision}/change/",
                "/admin/accounts/apitoken/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/designer/statemachine/add/").status_code == 403
