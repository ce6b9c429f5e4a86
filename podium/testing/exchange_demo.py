"""The exchange's demo without the whole demo: the personas, the partner the sharing
demo adds, then the exchange's demo step (tests and the browser journey)."""

from __future__ import annotations

from podium.accounts.demo import create_demo
from podium.accounts.models import User
from podium.exchange import demo
from podium.sharing import services as sharing
from podium.sharing.selectors import active_partners


def exchange_demo(password: str) -> list[str]:
    create_demo(password=password)
    admin = User.objects.get(email="admin@example.ac.uk")
    if not active_partners().filter(name=demo.PARTNER).exists():
        sharing.save_partner(
            acting_user=admin,
            partner=None,
            name=demo.PARTNER,
            kind="university",
            contact_name="Dr Anne Blake",
            contact_route="prevent@northshire.ac.uk",
            is_active=True,
        )
    return demo.demo_step(password)
