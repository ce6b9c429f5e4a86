# The inbox Message model, moved here from events with its rows: the table
# (notify_message) was renamed by events.0009, so this only adds the model to
# notify's state. The dependency on events is for that move alone.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('events', '0009_move_message_to_notify'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Message',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('subject', models.CharField(max_length=200)),
                        ('body', models.TextField()),
                        ('link', models.CharField(blank=True, max_length=200)),
                        ('link_label', models.CharField(blank=True, max_length=200)),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('read_at', models.DateTimeField(blank=True, null=True)),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='messages', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['-sent_at', '-id'],
                        'indexes': [models.Index(fields=['recipient', '-sent_at', '-id'], name='message_inbox_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
