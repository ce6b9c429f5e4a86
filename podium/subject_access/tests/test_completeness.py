"""Export completeness (issue 21 §2): every model that holds personal data has an
export mapping, and one person put in every such model appears in every one of them
in their export. A new model holding personal data without a mapping fails here."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from podium.accounts.models import RoleSecurityPolicy, User
from podium.api.models import ApiToken
from podium.concerns.models import Case, CaseView, SubjectIdentity
from podium.core.privacy import Classification
from podium.core.subject_export import EXPORT_MAPPINGS, PERSON_FINDERS, SearchTerms, mapping_for
from podium.events.models import CalendarFeed, Deputy, EventRequest, Incident, ReviewNote
from podium.exchange.models import Message, Peer
from podium.privacy.models import RetentionRun, RuleSetting
from podium.reporting.models import ReturnSignOff, TransparencyReport
from podium.sharing.models import AgreementReview, SharingAgreement
from podium.speakers.models import Speaker
from podium.subject_access import exporting, services
from podium.subject_access.models import Candidate, Exemption, Withholding
from podium.testing import factories
from podium.testing.subject_access import logged_request
from podium.training.models import (
    BriefingReminderSent,
    Course,
    ReminderSent,
    StaffMember,
    TrainingImport,
)

pytestmark = pytest.mark.django_db


def personal_data_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("podium.")
        and model.personal_data.classification != Classification.NONE
    ]


def test_every_model_holding_personal_data_has_an_export_mapping():
    missing = [m._meta.label for m in personal_data_models() if mapping_for(m._meta.label) is None]
    assert missing == [], "Add an ExportMapping (podium/core/subject_export.py) for: " + ", ".join(
        missing
    )


def test_every_mapping_names_real_fields_and_paths():
    for mapping in EXPORT_MAPPINGS:
        model = apps.get_model(mapping.model)
        names = {f.name for f in model._meta.get_fields()}
        assert set(mapping.context) <= names, mapping.model
        assert set(mapping.third_party) <= set(model.personal_data.fields), mapping.model
        assert set(mapping.owned_by) <= set(mapping.about), mapping.model
        assert set(mapping.consider) <= set(Exemption.values), mapping.model
        assert bool(mapping.consider) == bool(mapping.consider_why), mapping.model
        for kind, paths in mapping.about.items():
            apps.get_model(kind)
            for path in paths:
                # The lookup compiles: a wrong path raises FieldError here.
                str(model.objects.filter(**{f"{path}__in": [0]}).query)


def _attach(model: type[models.Model], path: str, person: models.Model) -> models.Model:
    """A row of `model` that reaches `person` through `path`: one already there, or
    another row pointed at them (through the path's first step)."""
    if path == "pk":
        assert isinstance(person, model)
        return person
    found = model.objects.filter(**{path: person}).order_by("pk").first()
    if found is not None:
        return found
    first, _, rest = path.partition("__")
    row = model.objects.order_by("pk").first()
    assert row is not None, f"No {model._meta.label} to point at the person: add one below."
    target = person
    if rest:
        related = model._meta.get_field(first).related_model
        target = _attach(related, rest, person)  # type: ignore[arg-type]
    step = model._meta.get_field(first)
    if step.many_to_many or step.one_to_many:
        # A many-to-many or reverse step (a partner's agreements): add the row to it.
        getattr(row, first).add(target)
    else:
        model.objects.filter(pk=row.pk).update(**{first: target})
    return row


def _fill_the_gaps(other: User, staff: StaffMember) -> None:
    """Rows of the personal-data models the demo does not make."""
    request = EventRequest.objects.order_by("pk").first()
    assert request is not None
    now = timezone.now()
    RoleSecurityPolicy.objects.create(role="administrator", changed_by=other)
    ApiToken.objects.create(
        user=other,
        name="t",
        prefix="p",
        secret_hash="h",
        scope="read",
        expires_at=now + timedelta(days=1),
    )
    CalendarFeed.objects.create(user=other, key_hash="k")
    Deputy.objects.create(
        reviewer=other,
        deputy=User.objects.exclude(pk=other.pk).order_by("pk")[0],
        starts_on=date.today(),
        ends_on=date.today(),
    )
    Incident.objects.create(
        request=request, occurred_at=now, severity="low", description="d", recorded_by=other
    )
    ReviewNote.objects.create(request=request, author=other, text="t")
    course = Course.objects.order_by("pk")[0]
    ReminderSent.objects.create(
        recipient=staff, subject=staff, course=course, kind="due_soon", due_on=date.today()
    )
    TrainingImport.objects.create(
        kind="completions", file="imports/x.csv", original_name="x.csv", uploaded_by=other
    )
    RuleSetting.objects.create(record_type="notify.message", months=6, changed_by=other)
    RetentionRun.objects.create(dry_run=True, started_by=other)
    case = Case.objects.order_by("pk")[0]
    CaseView.objects.create(case=case, viewer=other, part="case")
    # A message from the demo's Podium peer (podium/exchange).
    Message.objects.create(
        direction="incoming",
        kind="request",
        state="accepted",
        peer=Peer.objects.order_by("pk")[0],
        body={},
    )
    agreement = SharingAgreement.objects.order_by("pk")[0]
    AgreementReview.objects.create(
        agreement=agreement, reviewed_by=other, reviewed_on=date.today(), outcome="continue"
    )
    ReturnSignOff.objects.create(  # a year the demo does not sign off
        year=2010,
        jurisdiction="england",
        figures={},
        signed_by=other,
        signer_name="Other",
        signed_on=date(2011, 11, 27),
        minute_reference="GB 1",
    )
    TransparencyReport.objects.create(year=2010, figures={}, published_by=other)
    BriefingReminderSent.objects.create(student=other, valid_until=date.today())


def test_one_person_in_every_personal_data_model_appears_in_every_one(settings, tmp_path):
    settings.PODIUM_PRIVATE_DIR = tmp_path
    call_command("demo", password="completeness-test-password", stdout=io.StringIO())
    dpo = User.objects.get(email="dpo@example.ac.uk")
    other = factories.make_user(full_name="Other Person")
    subject_user = factories.make_user(full_name="Subject Person")
    subject_speaker = Speaker.objects.order_by("pk").first()
    subject_staff = StaffMember.objects.order_by("pk").first()
    # The subject of a Prevent concern: held only as text on the case.
    subject_identity = SubjectIdentity.objects.order_by("pk").first()
    assert subject_speaker is not None and subject_staff is not None
    assert subject_identity is not None
    _fill_the_gaps(other, subject_staff)
    # The person's own audited actions, a request they handled, a search result
    # they decided and something they withheld.
    handled = logged_request(dpo=subject_user, requester_name="A Third Party")
    Candidate.objects.create(
        request=handled,
        kind="accounts.User",
        record_id=other.pk,
        label="x",
        matched_on="e-mail address",
        score=1.0,
        decided_by=subject_user,
        confirmed=False,
    )
    Withholding.objects.create(
        request=handled,
        record_type="accounts.User",
        record_id=other.pk,
        exemption=Exemption.CRIME,
        reason="r",
        created_by=subject_user,
    )
    people: dict[str, Any] = {
        "accounts.User": subject_user,
        "speakers.Speaker": subject_speaker,
        "training.StaffMember": subject_staff,
        "concerns.SubjectIdentity": subject_identity,
    }
    # Every kind of person record is found by some app's finder, by name.
    for kind, person in people.items():
        name = str(getattr(person, "full_name", None) or getattr(person, "name", ""))
        hits = {
            (hit.kind, hit.pk)
            for finder in PERSON_FINDERS
            for hit in finder.find(SearchTerms(name=name), services.name_score)
        }
        assert (kind, person.pk) in hits, f"No finder finds {kind} {person.pk} by name"
    expected: dict[str, int] = {}
    # Rows reached through an `owned_by` kind: their third-party fields are theirs.
    owned: dict[str, int] = {}
    for mapping in EXPORT_MAPPINGS:
        model = apps.get_model(mapping.model)
        kind, paths = next(iter(mapping.about.items()))
        expected[mapping.model] = _attach(model, paths[0], people[kind]).pk
        for kind in mapping.owned_by:
            owned[mapping.model] = _attach(model, mapping.about[kind][0], people[kind]).pk

    sar = logged_request(dpo=dpo, requester_name="Subject Person", days_ago=1)
    for kind, person in people.items():
        Candidate.objects.create(
            request=sar,
            kind=kind,
            record_id=person.pk,
            label=str(person),
            matched_on="name",
            score=1.0,
            confirmed=True,
        )
    export = exporting.build(sar)
    exported = {s.label: {row.record_id for row in s.rows} for s in export.sections}
    missing = sorted(
        label for label, pk in expected.items() if pk not in exported.get(label, set())
    )
    assert missing == [], f"Not in the export: {', '.join(missing)}"
    assert set(owned) == {"concerns.Case", "concerns.SubjectIdentity", "concerns.CaseNote"}
    for section in export.sections:
        if section.label in owned:
            [row] = [row for row in section.rows if row.record_id == owned[section.label]]
            owner = mapping_for(section.label)
            assert owner is not None
            redacted = [n for n in owner.third_party if row.values[n] == exporting.THIRD_PARTY]
            assert redacted == [], f"{section.label}: the requester's own data redacted"
            assert section.consider, section.label
    assert len(expected) == len(personal_data_models())
    # The zip holds one JSON file per record type.
    bundle = exporting.bundle(sar, export)
    names = set(zipfile.ZipFile(io.BytesIO(bundle)).namelist())
    assert {f"{label}.json" for label in expected} <= names
    assert timedelta(0) <= sar.due_on - sar.received_on
