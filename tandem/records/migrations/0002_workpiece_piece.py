# A conference's piece of work becomes the choice of a portfolio piece (issue 17): first the
# link to the piece, nullable while 0003 fills it; the old "link or file" check goes here (not in
# 0004) so that undoing 0004 and 0003 re-adds it only once the old fields are filled again.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portfolios', '0001_initial'),
        ('records', '0001_initial'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='workpiece',
            name='work_piece_link_or_file',
        ),
        migrations.AddField(
            model_name='workpiece',
            name='piece',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='conference_choices', to='portfolios.piece'),
        ),
    ]
