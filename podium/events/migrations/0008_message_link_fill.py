# Every message about a request gets the link the inbox showed for it: the
# request's page, labelled "Open <reference>". Its own migration (own transaction
# on PostgreSQL) so that no row update is pending when 0009 alters the table.

from django.db import migrations
from django.urls import Resolver404, resolve, reverse

BATCH = 1000


def fill_links(apps, schema_editor):
    Message = apps.get_model('events', 'Message')
    batch = []
    rows = Message.objects.filter(request__isnull=False).select_related('request')
    for message in rows.only('pk', 'request__reference').iterator(chunk_size=BATCH):
        message.link = reverse('events:request-detail', args=[message.request_id])
        message.link_label = f'Open {message.request.reference}'
        batch.append(message)
        if len(batch) == BATCH:
            Message.objects.bulk_update(batch, ['link', 'link_label'])
            batch = []
    Message.objects.bulk_update(batch, ['link', 'link_label'])


def restore_requests(apps, schema_editor):
    Message = apps.get_model('events', 'Message')
    batch = []
    for message in Message.objects.exclude(link='').only('pk', 'link').iterator(chunk_size=BATCH):
        try:
            match = resolve(message.link)
        except Resolver404:
            continue
        if match.view_name == 'events:request-detail':
            message.request_id = int(match.kwargs['pk'])
            batch.append(message)
        if len(batch) == BATCH:
            Message.objects.bulk_update(batch, ['request'])
            batch = []
    Message.objects.bulk_update(batch, ['request'])


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0007_message_link'),
    ]

    operations = [
        migrations.RunPython(fill_links, restore_requests),
    ]
