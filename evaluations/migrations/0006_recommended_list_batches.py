"""The recommended list comes in batches: many per campaign, numbered (第 N 批), one open at a time; an existing list
becomes its campaign's batch 1. Evaluations can be withdrawn from the rating with a reason."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0005_evaluation_subjects'),
        ('orgs', '0007_audit_action_owned_by_apps'),
        ('scoring', '0001_indicator_templates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='recommendedlist',
            options={'ordering': ['campaign', 'number'], 'verbose_name': 'recommended list', 'verbose_name_plural': 'recommended lists'},
        ),
        migrations.RemoveConstraint(
            model_name='evaluation',
            name='evaluation_approved_has_stars',
        ),
        migrations.AddField(
            model_name='evaluation',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at'),
        ),
        migrations.AddField(
            model_name='evaluation',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='withdrawn by'),
        ),
        migrations.AddField(
            model_name='evaluation',
            name='withdrawn_reason',
            field=models.TextField(blank=True, verbose_name='why it is withdrawn'),
        ),
        migrations.AddField(
            model_name='recommendedlist',
            name='number',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='batch'),
        ),
        migrations.AlterField(
            model_name='evaluation',
            name='status',
            field=models.CharField(choices=[('in_progress', 'In progress'), ('approved', 'Approved'), ('withdrawn', 'Withdrawn from the rating')], default='in_progress', max_length=16, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='recommendedlist',
            name='campaign',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommended_lists', to='evaluations.campaign', verbose_name='campaign'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'approved'), _negated=True), models.Q(('approved_stars__isnull', False), ('approved_stars__lte', 5)), _connector='OR'), name='evaluation_approved_has_stars'),
        ),
        migrations.AddConstraint(
            model_name='evaluation',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'withdrawn'), _negated=True), models.Q(('withdrawn_reason', ''), _negated=True), _connector='OR'), name='evaluation_withdrawn_has_reason'),
        ),
        migrations.AddConstraint(
            model_name='recommendedlist',
            constraint=models.UniqueConstraint(fields=('campaign', 'number'), name='recommended_list_unique_batch_number'),
        ),
        migrations.AddConstraint(
            model_name='recommendedlist',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'approved'), _negated=True), fields=('campaign',), name='recommended_list_one_open_batch'),
        ),
    ]
