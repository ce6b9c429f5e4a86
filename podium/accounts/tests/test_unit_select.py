"""The unit select reads a `UnitChoiceField`'s units as rows, not model instances
(the audit log's filter lists every unit: 2,020 at national scale), and writes the
same markup as from the field's own choices (issue 20, item 3)."""

from collections.abc import Iterable
from typing import Any, cast

import pytest

from podium.accounts.forms import UnitChoiceField, UnitSelect
from podium.accounts.models import OrgUnit, UnitKind
from podium.testing import factories
from podium.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def test_the_rows_make_the_same_select_as_the_fields_choices(institution):
    faculty = factories.make_unit(parent=institution, name="Arts & <Humanities>")
    department = factories.make_unit(
        parent=faculty, name='History "and" Art', kind=UnitKind.DEPARTMENT
    )
    field = UnitChoiceField(queryset=OrgUnit.objects.order_by("path"), empty_label="Any unit")
    widget = cast(UnitSelect, field.widget)  # an instance by now (django-stubs says a class)
    fast = widget.render("unit", department.pk, attrs={"id": "unit"})
    choices = list(cast(Iterable[tuple[Any, Any]], field.choices))  # through the model instances
    as_given = UnitSelect(choices=choices).render("unit", department.pk, attrs={"id": "unit"})
    assert fast == as_given
    assert '<option value="">Any unit</option>' in fast
    assert f'<option value="{faculty.pk}">\u2003Arts &amp; &lt;Humanities&gt;</option>' in fast
    assert (
        f'<option value="{department.pk}" selected>\u2003\u2003History &quot;and&quot; Art</option>'
    ) in fast


def test_one_query_for_every_unit(institution):
    for n in range(30):
        factories.make_unit(parent=institution, name=f"Unit {n}")
    field = UnitChoiceField(queryset=OrgUnit.objects.order_by("path"), required=False)
    widget = cast(UnitSelect, field.widget)  # an instance by now (django-stubs says a class)
    assert count_queries(lambda: widget.render("unit", None)) == 1
