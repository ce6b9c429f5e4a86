from podium.accounts.demo import create_demo
from podium.accounts.models import User
from podium.events.demo import create_event_demo
from podium.training.demo import create_training_demo
from podium.training.models import RequirementStatus
from podium.training.selectors import status_case, training_lapsed_for


def test_the_demo_has_every_status_and_trained_reviewers(db):
    create_demo(password="demo-pass-123")
    staff = create_training_demo()
    assert staff > 30
    from django.utils import timezone

    statuses = set(
        RequirementStatus.objects.annotate(s=status_case(timezone.localdate())).values_list(
            "s", flat=True
        )
    )
    assert {"compliant", "due_soon", "overdue", "never"} <= statuses
    for email in ["events.officer", "prevent.lead", "panel", "appeals", "su.events"]:
        assert training_lapsed_for(User.objects.get(email=f"{email}@example.ac.uk")) == []
    # The events demo still decides (its reviewers are trained); a second run changes nothing.
    assert create_event_demo() > 0
    assert create_training_demo() == staff
