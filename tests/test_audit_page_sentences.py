"""Issue 13, item 8: the audit page says what happened in a sentence, links to the
record only for a reader who may open it (the record's page 404s for the others),
and keeps the code for filters."""

from __future__ import annotations

from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from podium.accounts.roles import Role
from podium.audit import services as audit_services
from podium.audit.models import AuditEntry
from podium.audit.services import record
from podium.testing.events import make_request
from podium.testing.factories import grant
from podium.testing.personas import client_for

URL = reverse("audit:entry-list")


def test_an_entry_reads_as_a_sentence_and_keeps_its_code(personas):
    response = client_for(personas.admin).get(URL)
    html = response.content.decode()
    assert "Ada Admin signed in" in html
    # The code stays, small, as a link that filters the log by it.
    assert "?action=accounts.session.signed_in" in html
    assert "<code>accounts.session.signed_in</code>" in html
    filtered = client_for(personas.admin).get(URL, {"action": "accounts.session.signed_in"})
    assert {row.entry.action for row in filtered.context["rows"]} == {"accounts.session.signed_in"}


def test_a_person_is_linked_for_a_reader_who_may_open_their_page(personas):
    response = client_for(personas.admin).get(URL)
    created = next(
        row
        for row in response.context["rows"]
        if row.entry.action == "accounts.user.created"
        and row.entry.target_id == str(personas.organiser.pk)
    )
    assert created.url == reverse("accounts:user-detail", args=[personas.organiser.pk])
    assert f'href="{created.url}"' in response.content.decode()


def test_a_private_draft_is_named_by_reference_never_linked_and_404s(personas, faculty):
    draft = make_request(organiser=personas.organiser, unit=faculty, title="Secret draft title")
    page = reverse("events:request-detail", args=[draft.pk])
    for reader in (personas.admin, personas.auditor):
        response = client_for(reader).get(URL)
        html = response.content.decode()
        [row] = [r for r in response.context["rows"] if r.entry.action == "events.request.created"]
        assert row.sentence == f"Oli Organiser started event request {draft.reference}"
        assert row.url == ""
        assert page not in html
        assert "Secret draft title" not in html
        assert client_for(reader).get(page).status_code == 404


def test_a_request_is_linked_for_a_reader_who_may_open_it(personas, faculty):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    grant(personas.auditor, Role.EVENTS_OFFICER, faculty)
    page = reverse("events:request-detail", args=[request.pk])
    response = client_for(personas.auditor).get(URL, {"action": "events.request.submitted"})
    [row] = response.context["rows"]
    assert row.sentence == f"Oli Organiser submitted event request {request.reference}"
    assert row.url == page
    assert f'href="{page}"' in response.content.decode()
    assert client_for(personas.auditor).get(page).status_code == 200
    # The administrator sees the same sentence.
    admin_view = client_for(personas.admin).get(URL, {"action": "events.request.submitted"})
    [admin_row] = admin_view.context["rows"]
    # Linked exactly when the reader may open it (who may is events.access's call).
    admin_opens = client_for(personas.admin).get(page).status_code
    assert admin_opens in (200, 404)
    assert (admin_row.url == page) == (admin_opens == 200)


def test_an_old_entry_with_an_unknown_code_still_reads(personas):
    with transaction.atomic(), override_settings(PODIUM_AUDIT_CHECK_CODES=False):
        record(action="events.request.retired_code", actor=personas.admin)
    response = client_for(personas.auditor).get(URL)
    assert "Ada Admin: events.request.retired_code" in response.content.decode()


def test_free_text_in_an_older_entry_is_not_shown(personas, faculty):
    """Entries written before the rule keep their words in the log (append-only,
    chained); the page shows only the keys the code declares now."""
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    with transaction.atomic(), override_settings(PODIUM_AUDIT_CHECK_CODES=False):
        record(
            action="events.request.cancelled",
            actor=personas.organiser,
            target=request,
            unit=faculty,
            data={"status": {"old": "approved", "new": "cancelled"}, "reason": "Old words"},
        )
    response = client_for(personas.admin).get(URL, {"action": "events.request.cancelled"})
    html = response.content.decode()
    [row] = response.context["rows"]
    assert row.data == {"status": {"old": "approved", "new": "cancelled"}} and row.withheld
    assert "Old words" not in html
    assert "Some details of this older entry are not shown" in html


def test_older_words_under_a_key_still_declared_are_not_shown(personas, faculty, monkeypatch):
    """`changes` and `condition` are still declared, but older entries put words in
    them: the page cuts them back to what the code carries now."""
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    with transaction.atomic(), override_settings(PODIUM_AUDIT_CHECK_CODES=False):
        record(
            action="events.request.changed",
            actor=personas.organiser,
            target=request,
            unit=faculty,
            data={
                "changes": {
                    "title": {"old": "Old title words", "new": "New title words"},
                    "expected_audience": {"old": 10, "new": 20},
                }
            },
        )
        record(
            action="events.condition.confirmed",
            actor=personas.organiser,
            target=request,
            unit=faculty,
            data={"condition": "Old condition words", "note": "Old note words"},
        )

    older = AuditEntry.objects.filter(target_id=str(request.pk)).order_by("-sequence")[:2]
    assert all(e.target_label == request.reference for e in older)  # audit_label now
    # An entry labelled as before issue 13: "EV-…: title".
    monkeypatch.setattr(
        audit_services,
        "label_of",
        lambda target: (
            "events.eventrequest",
            str(request.pk),
            f"{request.reference}: Private title words",
        ),
    )
    with transaction.atomic():
        record(
            action="events.request.fast_tracked",
            actor=personas.organiser,
            target=request,
            unit=faculty,
            data={"due_on": {"old": "2026-01-01", "new": "2025-12-20"}},
        )
    response = client_for(personas.auditor).get(
        URL, {"target": f"events.eventrequest:{request.pk}"}
    )
    html = response.content.decode()
    by_action = {row.entry.action: row for row in response.context["rows"]}
    changed = by_action["events.request.changed"]
    assert changed.data == {
        "changes": {"title": {"changed": True}, "expected_audience": {"old": 10, "new": 20}}
    }
    assert changed.withheld
    assert by_action["events.condition.confirmed"].data == {}
    fast = by_action["events.request.fast_tracked"]
    assert fast.entry.target_label.endswith("Private title words")  # as stored
    assert fast.label == request.reference
    for words in (
        "Old title words",
        "New title words",
        "Old condition words",
        "Old note words",
        "Private title words",
    ):
        assert words not in html
