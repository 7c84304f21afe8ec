"""Test results become test events (issue 19): the test and its scale, the vendor's event id,
the standard error and the growth-measure flag; a retest on the same day is a second event.

Existing results keep no event id (an import takes them over by student, assessment, subject
and date). Their test is their subject — except NWEA rows whose subject is "Language Arts":
the 2020+ export named both Reading and Language Usage so, and the old import kept no Course,
so which test they were is unknown; they stay in the detail table but leave the growth chart
until the file is imported again (which names the test)."""

from django.db import migrations, models
from django.db.models import F, Q


def tests_from_subjects(apps, schema_editor):
    AssessmentResult = apps.get_model("evidence", "AssessmentResult")
    AssessmentResult.objects.update(test=F("subject"))
    AssessmentResult.objects.filter(source="nwea").update(scale="rit")
    AssessmentResult.objects.filter(source="nwea", subject__iexact="Language Arts").update(
        growth_measure=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="assessmentresult", name="result_natural_key"),
        migrations.AddField(
            model_name="assessmentresult",
            name="test",
            field=models.CharField(default="", max_length=100, verbose_name="test"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessmentresult",
            name="scale",
            field=models.CharField(blank=True, max_length=60, verbose_name="scale"),
        ),
        migrations.AddField(
            model_name="assessmentresult",
            name="event_id",
            field=models.CharField(blank=True, max_length=100, verbose_name="test event id"),
        ),
        migrations.AddField(
            model_name="assessmentresult",
            name="standard_error",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=6,
                null=True,
                verbose_name="standard error",
            ),
        ),
        migrations.AddField(
            model_name="assessmentresult",
            name="growth_measure",
            field=models.BooleanField(default=True, verbose_name="growth measure"),
        ),
        migrations.RunPython(tests_from_subjects, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="assessmentresult",
            options={"ordering": ["assessment", "test", "taken_on", "pk"]},
        ),
        migrations.AddConstraint(
            model_name="assessmentresult",
            constraint=models.UniqueConstraint(
                condition=~Q(event_id=""),
                fields=("student", "assessment", "event_id"),
                name="result_event_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessmentresult",
            constraint=models.UniqueConstraint(
                condition=Q(event_id=""),
                fields=("student", "assessment", "subject", "taken_on"),
                name="result_without_event_once",
            ),
        ),
    ]
