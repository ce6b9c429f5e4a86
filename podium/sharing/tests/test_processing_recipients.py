"""The sharing partners are the record of processing's recipients (issue 21 §3:
"recipients (from the sharing partners)"): every partner in the register, with the
agreements in force that cover it and the data they name."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from podium.core.registry import PROCESSING_RECIPIENTS
from podium.sharing.models import Partner, PartnerKind, SharingAgreement
from podium.testing import factories

pytestmark = pytest.mark.django_db


def test_every_partner_in_the_register_is_a_recipient_with_its_agreements():
    today = timezone.localdate()
    owner = factories.make_user(email="owner@example.ac.uk")
    police = Partner.objects.create(
        name="Exampleshire CT Policing",
        kind=PartnerKind.CT_POLICING,
        contact_name="Duty desk",
        contact_route="ct@example.police.uk",
    )
    Partner.objects.create(
        name="Northshire University",
        kind=PartnerKind.UNIVERSITY,
        contact_name="Prevent lead",
        contact_route="prevent@northshire.example.ac.uk",
    )
    Partner.objects.create(
        name="Old Partner",
        kind=PartnerKind.OTHER,
        contact_name="Nobody",
        contact_route="old@example.org",
        is_active=False,
    )
    for title, starts, ends in [
        ("Speaker checks 2026", today - timedelta(days=30), None),
        ("Ended agreement", today - timedelta(days=900), today - timedelta(days=1)),
    ]:
        agreement = SharingAgreement.objects.create(
            title=title,
            purpose="Due diligence on external speakers",
            data_categories="speakers' names, affiliations and due-diligence findings",
            lawful_bases="Public task",
            starts_on=starts,
            review_on=today + timedelta(days=300),
            ends_on=ends,
            owner=owner,
        )
        agreement.partners.add(police)

    lines = [line for entry in PROCESSING_RECIPIENTS for line in entry.describe()]

    assert lines == [
        "Exampleshire CT Policing (Counter-terrorism policing): under “Speaker checks "
        "2026”: speakers' names, affiliations and due-diligence findings",
        "Northshire University (Other university or college): what each disclosure "
        "records (no data sharing agreement in force)",
    ]
