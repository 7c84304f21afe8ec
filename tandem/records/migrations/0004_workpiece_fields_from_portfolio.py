# The piece's title, reflection, link and file now live in the portfolio (0003 copied them);
# a conference's piece of work is only the choice, once per preparation.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('portfolios', '0001_initial'),
        ('records', '0003_term_pieces_into_portfolios'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='workpiece',
            name='file',
        ),
        migrations.RemoveField(
            model_name='workpiece',
            name='file_name',
        ),
        migrations.RemoveField(
            model_name='workpiece',
            name='link',
        ),
        migrations.RemoveField(
            model_name='workpiece',
            name='title',
        ),
        migrations.RemoveField(
            model_name='workpiece',
            name='why',
        ),
        migrations.AlterField(
            model_name='workpiece',
            name='piece',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='conference_choices', to='portfolios.piece'),
        ),
        migrations.AddConstraint(
            model_name='workpiece',
            constraint=models.UniqueConstraint(fields=('preparation', 'piece'), name='work_piece_once'),
        ),
    ]
