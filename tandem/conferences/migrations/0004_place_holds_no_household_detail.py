"""`Conference.place` held the number the advisor calls (phone) or the household's address
(home visit), and every invitee read it. It now holds only the room or the video link; each
reader's number or address is derived at read time (tandem.conferences.places), so the stored
copies are cleared."""

from django.db import migrations


def clear_household_details(apps, schema_editor):
    Conference = apps.get_model("conferences", "Conference")
    Conference.objects.filter(mode__in=["phone", "home"]).exclude(place="").update(place="")


class Migration(migrations.Migration):
    dependencies = [
        ("conferences", "0003_preferences_and_rebooking"),
    ]

    operations = [
        migrations.RunPython(clear_household_details, migrations.RunPython.noop),
    ]
