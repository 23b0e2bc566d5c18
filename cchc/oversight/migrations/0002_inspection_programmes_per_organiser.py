"""Inspection programmes per organising unit (issue 21): organiser, team members, frozen population."""

from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


def organiser_is_province(apps, schema_editor):
    InspectionPlan = apps.get_model("oversight", "InspectionPlan")
    InspectionPlan.objects.filter(organiser__isnull=True).update(organiser=models.F("province"))


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0001_initial"),
        ("orgs", "0001_org_units_groups_successions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="inspectionplan",
            name="organiser",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organised_inspection_plans",
                to="orgs.orgunit",
                verbose_name="đơn vị tổ chức kiểm tra",
            ),
        ),
        migrations.RunPython(organiser_is_province, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="inspectionplan",
            name="organiser",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="organised_inspection_plans",
                to="orgs.orgunit",
                verbose_name="đơn vị tổ chức kiểm tra",
            ),
        ),
        migrations.AddField(
            model_name="inspectionplan",
            name="population_count",
            field=models.PositiveIntegerField(default=0, verbose_name="số đơn vị thuộc diện kiểm tra"),
        ),
        migrations.AddField(
            model_name="inspectionplan",
            name="members",
            field=models.ManyToManyField(
                blank=True, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="thành viên đoàn kiểm tra"
            ),
        ),
        migrations.RemoveConstraint(model_name="inspectionplan", name="inspectionplan_unique_province_year"),
        migrations.AddConstraint(
            model_name="inspectionplan",
            constraint=models.UniqueConstraint(
                fields=("organiser", "year"), name="inspectionplan_unique_organiser_year"
            ),
        ),
    ]
