# The inbox Message model moves to podium.notify with every row: the table is
# renamed to notify_message and the model leaves this app's state only;
# notify.0001_initial adds it to notify's state without touching the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0008_message_link_fill'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='message',
            name='request',
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='message', table='notify_message'),
            ],
            state_operations=[
                migrations.DeleteModel(name='message'),
            ],
        ),
    ]
