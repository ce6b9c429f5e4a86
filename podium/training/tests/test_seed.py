import random

from podium.accounts.demo import create_demo
from podium.training.models import Completion, RequirementStatus, StaffMember
from podium.training.seed import seed_training


def test_seeding_staff_with_ten_years_of_completions(db):
    create_demo(password="seed-pass-123")
    added, completions = seed_training(
        staff=300,
        rng=random.Random(7),  # noqa: S311 - synthetic data
        progress=lambda message: None,
    )
    assert added == 300
    assert StaffMember.objects.filter(staff_number__startswith="S").count() == 300
    assert Completion.objects.filter(staff__staff_number__startswith="S").count() == completions
    assert completions > 3 * 300
    assert StaffMember.objects.filter(left_on__isnull=False).exists()
    assert RequirementStatus.objects.filter(last_completed_on__isnull=True).exists()
    # Seeding again adds more, with new numbers.
    more = random.Random(8)  # noqa: S311 - synthetic data
    assert seed_training(staff=10, rng=more, progress=lambda message: None)[0] == 10
