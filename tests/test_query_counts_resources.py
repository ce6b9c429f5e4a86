"""The resources library's lists cost the same with 1 row as with 50 (QUALITY.md,
performance): the library, the public list and the administrators' list."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from podium.resources.models import Place
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries
from podium.testing.resources import make_contact, make_document, make_link

counter = itertools.count()


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PODIUM_PRIVATE_DIR = tmp_path / "private"


def _add(admin):
    def add(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            kind = i % 3
            if kind == 0:
                make_document(admin, title=f"Document {i}", is_public=True)
            elif kind == 1:
                make_link(admin, title=f"Link {i}", places=[Place.TRAINING], is_public=True)
            else:
                make_contact(admin, title=f"Contact {i}", for_everyone=False, roles=["governor"])

    return add


@pytest.mark.parametrize("name", ["resources:library", "resources:manage"])
def test_signed_in_lists(personas, name):
    client = client_for(personas.admin)
    client.get(reverse(name))
    assert_constant_queries(
        get_page=lambda: client.get(reverse(name)), add_rows=_add(personas.admin)
    )


def test_the_public_list(personas):
    client = Client()
    assert_constant_queries(
        get_page=lambda: client.get(reverse("resources:public-list")),
        add_rows=_add(personas.admin),
    )
