"""School.slug, the public PLP page's address (/s/<slug>/), derived from the name for the
schools that exist now; a school made later answers at /s/<id>/ until its coordinator names
the address."""

from django.db import migrations, models
from django.utils.text import slugify


def derive(name: str, taken: set[str]) -> str:
    base = slugify(name)[:70].strip("-") or "school"
    if base.isdigit():  # /s/<digits>/ is read as an id
        base = f"school-{base}"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def fill(apps, schema_editor):
    School = apps.get_model("schools", "School")
    taken: set[str] = set()
    for school in School.objects.order_by("pk"):
        school.slug = derive(school.name, taken)
        school.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_sourced_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="school",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Lowercase letters, digits and hyphens, e.g. harbor-high.",
                max_length=80,
                null=True,
                unique=True,
                verbose_name="web address",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
