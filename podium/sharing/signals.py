"""A stored file goes with its row: when a disclosure or an agreement is deleted
(by the retention sweep, `podium.privacy.retention`, or otherwise), its private file
is deleted once the deletion is committed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.dispatch import receiver

from podium.sharing.models import Disclosure, SharingAgreement


def _delete_after_commit(file: FieldFile) -> None:
    name, storage = file.name, file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@receiver(post_delete, sender=Disclosure)
def disclosure_deleted(sender: Any, instance: Disclosure, **kwargs: Any) -> None:
    _delete_after_commit(instance.attachment)


@receiver(post_delete, sender=SharingAgreement)
def agreement_deleted(sender: Any, instance: SharingAgreement, **kwargs: Any) -> None:
    _delete_after_commit(instance.document)
