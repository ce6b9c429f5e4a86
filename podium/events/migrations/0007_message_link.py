# The inbox moves to podium.notify (issue 12): a message links to the page it is
# about by path and label instead of a foreign key to the request.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0006_acknowledgement_from_speakers'),
    ]

    operations = [
        migrations.AddField(
            model_name='message',
            name='link',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='message',
            name='link_label',
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
