"""Set-up for the satisfaction vote tests: an evaluation of the district's community with an open survey."""

from datetime import timedelta

from django.utils import timezone

from evaluations.models import Campaign, CampaignStatus, Evaluation, Survey
from evaluations.services.votes.surveys import survey_open
from scoring.models import IndicatorTemplate
from scoring.services import templates_load
from tests.support.scoring import TEMPLATES_DIR


def stored_template(file_name: str = "yucheng_4plus1_2018.yaml") -> IndicatorTemplate:
    """The first template of a shipped file, stored."""
    return templates_load(source_yaml=(TEMPLATES_DIR / file_name).read_text(encoding="utf-8"), by=None)[0]


def community_evaluation(district, template: IndicatorTemplate | None = None) -> Evaluation:
    template = template or stored_template()
    campaign = Campaign.objects.create(
        name="2026年度社区党组织评星定级",
        template=template,
        scope=district.district,
        year=2026,
        status=CampaignStatus.OPEN,
        opened_at=timezone.now(),
    )
    return Evaluation.objects.create(campaign=campaign, organization=district.community, template=template)


def open_survey(district, evaluation: Evaluation | None = None, *, rater_group: str = "", days: int = 14) -> Survey:
    evaluation = evaluation or community_evaluation(district)
    now = timezone.now()
    return survey_open(
        evaluation=evaluation,
        opens_at=now - timedelta(minutes=1),
        closes_at=now + timedelta(days=days),
        rater_group=rater_group,
        by=district.users["street_staff"],
    )
