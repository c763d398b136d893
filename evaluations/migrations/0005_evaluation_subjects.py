"""Campaigns rate a kind of subject: organizations, secretaries or members.

Campaigns on a template that rates secretaries (Jinyuan quarterly scoring, seed 001) become secretary campaigns:
each evaluation names the secretary in office at its organization when the campaign opened (or the latest
tenure that started by then, else the organization's latest tenure). A campaign in which some organization has
no secretary at all stays an organization campaign, its rows untouched. Scores and results stay on their
evaluations, so nothing is lost either way.
"""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def _tenure_on(tenures, on):
    """The tenure in office on the day, else the latest begun by then, else the latest (tenures by start)."""
    in_office = [t for t in tenures if t.started_on <= on and (t.ended_on is None or t.ended_on >= on)]
    begun = [t for t in tenures if t.started_on <= on]
    return (in_office or begun or tenures)[-1]


def secretary_campaigns_rate_secretaries(apps, schema_editor):
    Campaign = apps.get_model("evaluations", "Campaign")
    Evaluation = apps.get_model("evaluations", "Evaluation")
    Secretary = apps.get_model("orgs", "Secretary")
    for campaign in Campaign.objects.select_related("template").order_by("pk"):
        if (campaign.template.definition or {}).get("subject", "organization") != "secretary":
            continue
        on = (campaign.opened_at or campaign.created_at).date()
        evaluations = list(Evaluation.objects.filter(campaign=campaign).only("pk", "organization_id"))
        tenures = defaultdict(list)
        for tenure in Secretary.objects.filter(
            organization_id__in={evaluation.organization_id for evaluation in evaluations}
        ).order_by("started_on", "pk"):
            tenures[tenure.organization_id].append(tenure)
        if any(evaluation.organization_id not in tenures for evaluation in evaluations):
            continue
        for evaluation in evaluations:
            evaluation.subject_kind = "secretary"
            evaluation.secretary_id = _tenure_on(tenures[evaluation.organization_id], on).pk
        Evaluation.objects.bulk_update(evaluations, ["subject_kind", "secretary"], batch_size=1000)
        campaign.subject_kind = "secretary"
        campaign.save(update_fields=["subject_kind"])


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0004_review_stages'),
        ('orgs', '0006_audit_campaign_setup'),
        ('scoring', '0001_indicator_templates'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='evaluation',
            name='evaluation_unique_organization',
        ),
        migrations.AddField(
            model_name='campaign',
            name='subject_kind',
            field=models.CharField(choices=[('organization', 'Organizations'), ('secretary', 'Secretaries'), ('member', 'Party members')], default='organization', max_length=16, verbose_name='subject'),
        ),
        migrations.AddField(
            model_name='evaluation',
            name='member',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='orgs.member', verbose_name='member'),
        ),
        migrations.AddField(
            model_name='evaluation',
            name='secretary',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='evaluations', to='orgs.secretary', verbose_name='secretary'),
        ),
        migrations.AddField(
            model_name='evaluation',
            name='subject_kind',
            field=models.CharField(choices=[('organization', 'Organizations'), ('secretary', 'Secretaries'), ('member', 'Party members')], default='organization', max_length=16, verbose_name='subject'),
        ),
        migrations.RunPython(secretary_campaigns_rate_secretaries, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('member__isnull', True), ('secretary__isnull', True), ('subject_kind', 'organization')), models.Q(('member__isnull', True), ('secretary__isnull', False), ('subject_kind', 'secretary')), models.Q(('member__isnull', False), ('secretary__isnull', True), ('subject_kind', 'member')), _connector='OR'), name='evaluation_one_subject_of_its_kind'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.UniqueConstraint(condition=models.Q(('subject_kind', 'organization')), fields=('campaign', 'organization'), name='evaluation_unique_organization'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.UniqueConstraint(condition=models.Q(('secretary__isnull', False)), fields=('campaign', 'secretary'), name='evaluation_unique_secretary'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.UniqueConstraint(condition=models.Q(('member__isnull', False)), fields=('campaign', 'member'), name='evaluation_unique_member'),
        ),
    ]
