from __future__ import annotations

from django.template import Context, Template
from django.urls import reverse

from podium.accounts import services
from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.audit.services import record
from podium.testing import factories
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries

URL = reverse("audit:entry-list")


def actions(response) -> list[str]:
    return [entry.action for entry in response.context["page"].items]


def test_the_log_is_newest_first(personas):
    response = client_for(personas.auditor).get(URL)
    sequences = [e.sequence for e in response.context["page"].items]
    assert sequences == sorted(sequences, reverse=True)
    assert sequences[0] == AuditEntry.objects.order_by("-sequence").first().sequence


def test_a_unit_administrator_reads_only_their_units_entries(personas, faculty, other_faculty):
    response = client_for(personas.faculty_admin).get(URL)
    units = {entry.unit_id for entry in response.context["page"].items}
    assert units == {faculty.pk}
    # people and sign-ins belong to no unit: institution-wide readers only
    assert "accounts.user.created" not in actions(response)
    assert "accounts.user.created" in actions(client_for(personas.auditor).get(URL))


def test_filter_by_action_prefix_and_actor(personas, faculty):
    factories.grant(personas.outsider, Role.ORGANISER, faculty)
    services.revoke_role(
        acting_user=personas.admin,
        assignment=personas.outsider.role_assignments.get(role=Role.ORGANISER),
    )
    response = client_for(personas.auditor).get(
        URL, {"action": "accounts.role", "actor": "ADMIN@example.ac.uk"}
    )
    assert actions(response) == ["accounts.role.revoked"]


def test_filter_by_unit_includes_units_below(personas, faculty, other_faculty):
    factories.make_unit(parent=faculty, name="Music", kind=UnitKind.DEPARTMENT)
    response = client_for(personas.auditor).get(URL, {"unit": faculty.pk})
    assert {e.unit.name for e in response.context["page"].items} == {"Faculty of Arts", "Music"}


def test_filter_by_record(personas, faculty):
    response = client_for(personas.auditor).get(URL, {"target": f"accounts.orgunit:{faculty.pk}"})
    assert actions(response) == ["accounts.unit.created"]


def test_bad_filters_are_explained(personas):
    response = client_for(personas.auditor).get(
        URL, {"target": "nonsense", "since": "2026-13-45", "until": ""}
    )
    form = response.context["form"]
    assert form.errors == {
        "target": ["Enter a record like accounts.orgunit:12."],
        "since": ["Enter a real date for From."],
    }
    assert response.context["page"] is None


def test_to_before_from_is_explained(personas):
    response = client_for(personas.auditor).get(URL, {"since": "2026-11-28", "until": "2026-11-01"})
    assert response.context["form"].errors == {"until": ["To must be the same as or after From."]}


def test_pages_walk_the_whole_log(personas):
    for n in range(60):
        factories.make_user(email=f"p{n}@example.ac.uk")
    client = client_for(personas.auditor)
    first = client.get(URL).context["page"]
    second = client.get(URL, {"after": first.next_cursor}).context["page"]
    seen = [e.sequence for e in first.items + second.items]
    assert len(first.items) == 50
    assert seen == list(range(AuditEntry.objects.count(), 0, -1))  # every entry, once, newest first
    back = client.get(URL, {"before": second.previous_cursor}).context["page"]
    assert [e.sequence for e in back.items] == seen[:50]


def test_the_list_costs_the_same_queries_at_1_and_50_entries(personas, faculty):
    client = client_for(personas.auditor)
    assert_constant_queries(
        get_page=lambda: client.get(URL, {"action": "accounts.unit.created", "unit": faculty.pk}),
        add_rows=lambda n: [
            factories.make_unit(
                parent=faculty,
                name=f"Dept {faculty.pk}-{AuditEntry.objects.count()}",
                kind=UnitKind.DEPARTMENT,
            )
            for _ in range(n)
        ],
    )


def test_a_units_page_shows_its_history_to_audit_readers(personas, faculty):
    factories.grant(personas.outsider, Role.ORGANISER, faculty)
    page = client_for(personas.admin).get(reverse("accounts:unit-detail", args=[faculty.pk]))
    assert [e.action for e in page.context["history"]][:2] == [
        "accounts.role.granted",
        "accounts.role.granted",
    ]
    assert f"?target=accounts.orgunit:{faculty.pk}" in page.content.decode()


def test_a_persons_page_shows_their_role_history(personas, faculty):
    factories.grant(personas.outsider, Role.ORGANISER, faculty)
    page = client_for(personas.auditor).get(
        reverse("accounts:user-detail", args=[personas.outsider.pk])
    )
    assert [e.action for e in page.context["history"]] == [
        "accounts.role.granted",
        "accounts.user.created",
    ]


def test_no_history_panel_without_the_audit_capability(personas, faculty):
    personas.outsider  # noqa: B018
    factories.grant(
        personas.organiser, Role.ADMINISTRATOR, faculty
    )  # admin over faculty: sees the panel
    assert (
        client_for(personas.faculty_admin)
        .get(reverse("accounts:unit-detail", args=[faculty.pk]))
        .context["history"]
        is not None
    )


def test_the_page_says_where_the_log_was_pruned_and_that_it_verifies_from_the_anchor(
    personas,
):
    from django.utils import timezone

    from podium.audit import pruning

    assert b'id="audit-pruned"' not in client_for(personas.auditor).get(URL).content
    pruning.prune(before=timezone.now(), run="test.run:1")  # all but the newest entry
    anchor = pruning.newest_anchor()

    for reader in (personas.auditor, personas.admin):
        page = client_for(reader).get(URL).content.decode()
        assert f"Entries before no. {anchor.sequence + 1} were pruned on" in page
        assert "the chain verifies from the signed anchor" in page


# Each cell as the template wrote it from the entry before the rows carried their
# text (issue 20): the rows must say the same.
OLD_CELLS = Template(
    '{{ entry.created_at|date:"j M Y, H:i:s" }}|{{ entry.actor_label|default:"Podium" }}|'
    "{{ entry.action|urlencode }}|{% if row.data %}{{ row.data|pprint }}{% endif %}|"
    "{% if entry.target_type %}{{ entry.target_type }}:{{ entry.target_id }}{% endif %}|"
    '{{ entry.unit.name|default:"" }}'
)
NEW_CELLS = Template(
    "{{ row.when }}|{{ row.who }}|{{ row.action_query }}|{{ row.data_text }}|{{ row.target }}|"
    "{{ row.unit }}"
)


def test_each_row_says_what_the_template_said(personas, faculty):
    factories.grant(personas.outsider, Role.ORGANISER, faculty)
    record(action="accounts.user.created", actor=None, target=personas.outsider, data={})
    response = client_for(personas.auditor).get(URL)
    rows = response.context["rows"]
    assert rows and any(row.unit for row in rows) and any(row.data_text for row in rows)
    assert any(row.who == "Podium" for row in rows)
    for row in rows:
        context = Context({"entry": row.entry, "row": row})
        assert NEW_CELLS.render(context) == OLD_CELLS.render(context)
