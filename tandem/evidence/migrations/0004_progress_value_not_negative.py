# The check comes in a migration of its own: on PostgreSQL, 0003's removal of negative points
# leaves trigger events that an ALTER TABLE in the same transaction would refuse.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evidence', '0003_iep_point_corrections'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='progresspoint',
            constraint=models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='progress_value_not_negative'),
        ),
    ]
