"""Set-up for the satisfaction vote tests: an evaluation of the district's community with an open survey."""

from datetime import timedelta

from django.utils import timezone

from evaluations.models import Evaluation, Survey
from evaluations.services.votes.codes import vote_codes_issue
from scoring.models import IndicatorTemplate
from scoring.services import templates_load
from tests.factories import EvaluationFactory, SurveyFactory
from tests.support.scoring import TEMPLATES_DIR


def stored_template(file_name: str = "yucheng_4plus1_2018.yaml") -> IndicatorTemplate:
    """The first template of a shipped file, stored."""
    return templates_load(source_yaml=(TEMPLATES_DIR / file_name).read_text(encoding="utf-8"), by=None)[0]


def community_evaluation(district, template: IndicatorTemplate | None = None) -> Evaluation:
    """The community's evaluation in a campaign opened over the district's communities."""
    return EvaluationFactory(organization=district.community, campaign__template=template or stored_template())


def open_survey(district, evaluation: Evaluation | None = None, *, rater_group: str = "", days: int = 14) -> Survey:
    return SurveyFactory(
        evaluation=evaluation or community_evaluation(district),
        rater_group=rater_group,
        days=days,
        by=district.users["street_staff"],
    )


def cast_ballots(evaluation: Evaluation, counts: dict[str, int]) -> Survey:
    """An open survey of the evaluation, for three days, with the given number of ballots per option."""
    return SurveyFactory(evaluation=evaluation, days=3, ballots=counts)


def issue_codes(district, survey: Survey, count: int = 1, *, days: int) -> list[str]:
    """One-time codes of the survey issued by the street's staff, valid for the given days."""
    return vote_codes_issue(
        survey=survey, count=count, expires_at=timezone.now() + timedelta(days=days), by=district.users["street_staff"]
    )
